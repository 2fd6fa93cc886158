import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { canonicalJson } from '../canonical-json.js'
import { leafHashOf, payloadHashOf } from '../leaf-hash.js'
import { anEvent, openTestStore, type TestStore, testBackends } from '../testing/index.js'

// Quotes, backslashes, tabs, newlines, non-ASCII, an astral character and keys out of order: every kind of
// text the insert's parameters must carry without a change of one byte.
const awkward = 'He said "no\\yes"\tthen\nleft — café 🎉 \u001f end'

describe.each(testBackends())('the batch writer on %s', (backend) => {
  let t: TestStore

  beforeEach(async () => {
    t = await openTestStore(backend)
  })
  afterEach(async () => {
    await t.close()
  })

  it('stores data and metadata as the exact canonical text that was hashed', async () => {
    const events = [
      anEvent({
        type: 'StatementMade',
        data: { quote: awkward, speakerId: 'microsoft', channel: 'blog_post', aboutIds: ['tiktok'] },
        metadata: {
          sources: [{ title: awkward, outlet: 'The Wall Street Journal' }],
          recordedBy: 'test',
          reason: awkward,
        },
      }),
      anEvent(),
    ]
    await t.store.append('story/awkward', events)
    const rows = (
      await sql<{ data: string; metadata: string; payload_salt: Uint8Array; payload_hash: Uint8Array }>`
        select data::text as data, metadata::text as metadata, payload_salt, payload_hash
        from events order by position`.execute(t.database.db)
    ).rows
    expect(rows.map((r) => [r.data, r.metadata])).toEqual(
      events.map((e) => [canonicalJson(e.data), canonicalJson(e.metadata)]),
    )
    rows.forEach((row, i) => {
      expect(row.payload_salt).toHaveLength(16)
      expect(row.payload_hash).toEqual(
        Buffer.from(payloadHashOf(row.payload_salt, events[i]!.data, events[i]!.metadata)),
      )
    })
  })

  it('gives each row its own salt, payload hash and leaf hash when many rows go in one statement', async () => {
    const count = 2_500
    await t.store.append(
      'story/many',
      Array.from({ length: count }, (_, i) => anEvent({ data: { partyId: `party-${i}`, description: 'x' } })),
    )
    const events = await t.store.readAll({ limit: 10_000 })
    const rows = (
      await sql<{ payload_salt: Uint8Array; payload_hash: Uint8Array; leaf_hash: Uint8Array }>`
        select payload_salt, payload_hash, leaf_hash from events order by position`.execute(t.database.db)
    ).rows
    expect(rows).toHaveLength(count)
    expect(new Set(rows.map((r) => Buffer.from(r.payload_salt).toString('hex'))).size).toBe(count)
    rows.forEach((row, i) => {
      const event = events[i]!
      expect(row.payload_hash).toEqual(
        Buffer.from(payloadHashOf(row.payload_salt, event.data, event.metadata)),
      )
      const leaf = leafHashOf({
        eventId: event.eventId,
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        position: event.position,
        type: event.type,
        schemaVersion: event.schemaVersion,
        occurredOn: event.occurredOn,
        reportedOn: event.reportedOn ?? null,
        recordedAt: event.recordedAt,
        payloadHash: row.payload_hash,
      })
      expect(row.leaf_hash).toEqual(Buffer.from(leaf))
    })
    expect(await t.store.verify()).toMatchObject({ ok: true, treeSize: count })
  })
})
