import { type RawBuilder, sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NewEventInput, StoredEvent } from '../envelope.js'
import {
  EventIdReusedError,
  EventValidationError,
  InvalidArgumentError,
  StreamVersionConflictError,
  UnknownEventReferenceError,
} from '../errors.js'
import { leafHashOf, payloadHashOf } from '../leaf-hash.js'
import { verifyExport } from '../log-export.js'
import { merkleRootOf } from '../merkle-tree.js'
import { fromHex, toHex } from '../sha256.js'
import { anEvent, openTestStore, type TestStore, testBackends } from '../testing/index.js'
import type { EventStore } from './event-store.js'
import type { StoreDatabase } from './open-database.js'

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

async function readEverything(store: EventStore): Promise<StoredEvent[]> {
  const all: StoredEvent[] = []
  for (;;) {
    const page = await store.readAll({ fromPosition: all.length + 1, limit: 500 })
    if (page.length === 0) return all
    all.push(...page)
  }
}

/** Runs a statement as a superuser with triggers off: how an attacker with database access would tamper. */
async function tamper(database: StoreDatabase, statement: RawBuilder<unknown>): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx)
    await statement.execute(trx)
  })
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the promise to reject')
}

describe.each(testBackends())('the event store on %s', (backend) => {
  let t: TestStore
  let store: EventStore

  beforeEach(async () => {
    t = await openTestStore(backend)
    store = t.store
  })
  afterEach(async () => {
    await t.close()
  })

  describe('append and read', () => {
    it('stores events with stream versions, global positions, recorded time and leaf hashes', async () => {
      const result = await store.append('story/a', [
        anEvent({ occurredOn: '2020-08', reportedOn: '2020-08-03' }),
        anEvent({ data: { partyId: 'oracle' }, occurredOn: 'unknown' }),
      ])
      await store.append('story/b', [anEvent({ data: { partyId: 'walmart' } })])
      expect(result).toMatchObject({
        streamId: 'story/a',
        streamVersion: 2,
        firstPosition: 1,
        lastPosition: 2,
      })
      expect(result.alreadyStored).toBe(false)

      const a = await store.readStream('story/a')
      expect(a.map((e) => [e.streamVersion, e.position, e.occurredOn])).toEqual([
        [1, 1, '2020-08'],
        [2, 2, 'unknown'],
      ])
      expect(a[0]).toMatchObject({
        eventId: result.eventIds[0],
        type: 'InterestExpressed',
        reportedOn: '2020-08-03',
        data: { partyId: 'microsoft', description: 'wants to buy the US business' },
        metadata: { recordedBy: 'test', sources: [{ outlet: 'Test Gazette' }] },
        recordedAt: result.recordedAt,
      })
      expect(a[1]).not.toHaveProperty('reportedOn')
      expect(a[0]!.leafHash).toMatch(/^[0-9a-f]{64}$/)
      expect(a[0]!.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/)

      const all = await readEverything(store)
      expect(all.map((e) => [e.position, e.streamId])).toEqual([
        [1, 'story/a'],
        [2, 'story/a'],
        [3, 'story/b'],
      ])
      expect((await store.readAll({ fromPosition: 2, limit: 1 })).map((e) => e.position)).toEqual([2])
      expect((await store.readStream('story/a', { fromVersion: 2 })).map((e) => e.streamVersion)).toEqual([2])
      expect((await store.readStream('story/a', { toVersion: 1 })).map((e) => e.streamVersion)).toEqual([1])
      expect(await store.readStream('story/none')).toEqual([])
    })

    it('lists streams with their versions and positions', async () => {
      await store.append('story/a', [anEvent(), anEvent()])
      await store.append('quiz/1', [anEvent()])
      await store.append('story/a', [anEvent()])
      const streams = await store.listStreams()
      expect(streams.map((s) => [s.streamId, s.version, s.firstPosition, s.lastPosition])).toEqual([
        ['quiz/1', 1, 3, 3],
        ['story/a', 3, 1, 4],
      ])
      expect((await store.listStreams({ prefix: 'story/' })).map((s) => s.streamId)).toEqual(['story/a'])
    })

    it('reads a stream as it was known at a recorded time', async () => {
      let now = Date.parse('2024-01-01T00:00:00.000Z')
      const clocked = await t.openAnotherWriter({ clock: () => new Date(now) })
      await clocked.append('story/a', [anEvent()])
      now = Date.parse('2024-02-01T00:00:00.000Z')
      await clocked.append('story/a', [anEvent({ data: { partyId: 'oracle' } })])
      const early = await store.readStream('story/a', { knownAt: '2024-01-15T00:00:00Z' })
      expect(early.map((e) => e.data)).toEqual([
        { partyId: 'microsoft', description: 'wants to buy the US business' },
      ])
      expect(await store.readStream('story/a', { knownAt: new Date('2023-12-31') })).toEqual([])
      expect(await store.readStream('story/a', { knownAt: '2024-02-01T00:00:00Z' })).toHaveLength(2)
    })

    it('upcasts events stored at an older schema version when reading them', async () => {
      await store.append('story/a', [
        {
          ...anEvent(),
          type: 'BidMade',
          schemaVersion: 1,
          data: { bidderId: 'oracle', amountUsd: 20_000_000_000 },
        },
      ])
      const [bid] = await store.readStream('story/a')
      expect(bid).toMatchObject({
        type: 'BidMade',
        schemaVersion: 2,
        data: { bidderId: 'oracle', amount: { amount: 20_000_000_000, currency: 'USD' } },
      })
      expect(bid!.data).not.toHaveProperty('amountUsd')
      // Stored as written: the export (and the hashes) keep version 1.
      const lines: string[] = []
      for await (const line of store.exportLog()) lines.push(line)
      expect(JSON.parse(lines[1]!)).toMatchObject({ schemaVersion: 1, data: { amountUsd: 20_000_000_000 } })
    })

    it('refuses bad read options with a typed error', async () => {
      await expect(store.readAll({ limit: 0 })).rejects.toBeInstanceOf(InvalidArgumentError)
      await expect(store.readAll({ fromPosition: -1 })).rejects.toBeInstanceOf(InvalidArgumentError)
      await expect(store.readStream('has space')).rejects.toBeInstanceOf(InvalidArgumentError)
      await expect(store.readStream('story/a', { knownAt: 'yesterday' })).rejects.toBeInstanceOf(
        InvalidArgumentError,
      )
    })
  })

  describe('expected versions', () => {
    it("'no_stream' (and 0) accept only a stream that does not exist", async () => {
      await store.append('s', [anEvent()], { expectedVersion: 'no_stream' })
      const error = await rejectionOf(store.append('s', [anEvent()], { expectedVersion: 'no_stream' }))
      expect(error).toBeInstanceOf(StreamVersionConflictError)
      expect(error).toMatchObject({ code: 'STREAM_VERSION_CONFLICT', expected: 'no_stream', actual: 1 })
      await store.append('t', [anEvent()], { expectedVersion: 0 })
      await expect(store.append('t', [anEvent()], { expectedVersion: 0 })).rejects.toMatchObject({
        actual: 1,
      })
    })

    it("'exists' accepts only a stream that exists", async () => {
      const error = await rejectionOf(store.append('s', [anEvent()], { expectedVersion: 'exists' }))
      expect(error).toMatchObject({ code: 'STREAM_VERSION_CONFLICT', expected: 'exists', actual: 0 })
      await store.append('s', [anEvent()])
      await expect(store.append('s', [anEvent()], { expectedVersion: 'exists' })).resolves.toMatchObject({
        streamVersion: 2,
      })
    })

    it('a number accepts only a stream at exactly that version', async () => {
      await store.append('s', [anEvent(), anEvent()])
      await expect(store.append('s', [anEvent()], { expectedVersion: 1 })).rejects.toMatchObject({
        expected: 1,
        actual: 2,
      })
      await expect(store.append('s', [anEvent()], { expectedVersion: 3 })).rejects.toMatchObject({
        expected: 3,
        actual: 2,
      })
      await expect(store.append('s', [anEvent()], { expectedVersion: 2 })).resolves.toMatchObject({
        streamVersion: 3,
      })
    })

    it("'any' (the default) always appends", async () => {
      await store.append('s', [anEvent()], { expectedVersion: 'any' })
      await store.append('s', [anEvent()])
      expect((await store.readStream('s')).length).toBe(2)
    })

    it('refuses an expected version that is not one', async () => {
      await expect(store.append('s', [anEvent()], { expectedVersion: -1 })).rejects.toBeInstanceOf(
        InvalidArgumentError,
      )
      expect(await store.listStreams()).toEqual([])
    })
  })

  describe('concurrency', () => {
    it('lets exactly one of many concurrent writers win each version of a stream', async () => {
      const writers = [store, ...(await Promise.all(range(3).map(() => t.openAnotherWriter())))]
      const rounds = 8
      for (let version = 0; version < rounds; version++) {
        const attempts = await Promise.allSettled(
          writers.flatMap((writer, w) =>
            range(4).map((i) =>
              writer.append('race', [anEvent({ data: { partyId: `w${w}-${i}` } })], {
                expectedVersion: version,
              }),
            ),
          ),
        )
        const won = attempts.filter((a) => a.status === 'fulfilled')
        const lost = attempts.filter((a) => a.status === 'rejected')
        expect(won).toHaveLength(1)
        expect(lost).toHaveLength(writers.length * 4 - 1)
        for (const loss of lost) {
          expect(loss.reason).toBeInstanceOf(StreamVersionConflictError)
          expect(loss.reason).toMatchObject({ expected: version, actual: version + 1 })
        }
      }
      const events = await readEverything(store)
      expect(events.map((e) => e.position)).toEqual(range(rounds).map((i) => i + 1))
      expect(events.map((e) => e.streamVersion)).toEqual(range(rounds).map((i) => i + 1))
    })

    it('keeps positions and stream versions contiguous under concurrent writers', async () => {
      const writers = [store, ...(await Promise.all(range(3).map(() => t.openAnotherWriter())))]
      await Promise.all(
        writers.flatMap((writer, w) =>
          range(40).map((i) =>
            writer.append(
              `stream-${(w + i) % 8}`,
              range(1 + (i % 3)).map(() => anEvent({ data: { partyId: `p${w}` } })),
            ),
          ),
        ),
      )
      const events = await readEverything(store)
      expect(events.map((e) => e.position)).toEqual(range(events.length).map((i) => i + 1))
      for (const streamId of new Set(events.map((e) => e.streamId))) {
        const versions = events.filter((e) => e.streamId === streamId).map((e) => e.streamVersion)
        expect(versions).toEqual(range(versions.length).map((i) => i + 1))
      }
      expect(await store.head()).toMatchObject({ treeSize: events.length })
      expect(await store.verify()).toMatchObject({ ok: true, treeSize: events.length })
    })

    it('coalesces concurrent appends into few transactions (group commit)', async () => {
      await Promise.all(range(64).map((i) => store.append(`s${i % 8}`, [anEvent()])))
      const { count } = await t.database.db
        .selectFrom('tree_heads')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow()
      expect(Number(count)).toBeLessThan(8)
      expect((await store.head()).treeSize).toBe(64)
    })

    it('refuses one append of a group commit without failing the others', async () => {
      await store.append('taken', [anEvent()])
      const outcomes = await Promise.allSettled([
        store.append('a', [anEvent()]),
        store.append('taken', [anEvent()], { expectedVersion: 'no_stream' }),
        store.append('b', [anEvent()]),
      ])
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      expect((await readEverything(store)).map((e) => e.streamId)).toEqual(['taken', 'a', 'b'])
    })
  })

  describe('idempotency', () => {
    const id1 = '01900000-0000-7000-8000-000000000001'
    const id2 = '01900000-0000-7000-8000-000000000002'

    it('returns the first result for a re-append of the same events, and writes nothing', async () => {
      const events = [anEvent({ eventId: id1 }), anEvent({ eventId: id2, data: { partyId: 'oracle' } })]
      const first = await store.append('s', events, { expectedVersion: 'no_stream' })
      const headBefore = await store.head()
      // The retry's expected version no longer holds, which must not matter for a replay.
      const again = await store.append('s', events, { expectedVersion: 'no_stream' })
      expect(again).toEqual({ ...first, alreadyStored: true })
      expect(await store.head()).toEqual(headBefore)
      expect((await store.readStream('s')).map((e) => e.eventId)).toEqual([id1, id2])
    })

    it('treats the same event sent twice at once as one write', async () => {
      const [a, b] = await Promise.all([
        store.append('s', [anEvent({ eventId: id1 })]),
        store.append('s', [anEvent({ eventId: id1 })]),
      ])
      expect(a!.firstPosition).toBe(b!.firstPosition)
      expect([a!.alreadyStored, b!.alreadyStored].sort()).toEqual([false, true])
      expect((await store.head()).treeSize).toBe(1)
    })

    it('refuses a stored event id with different content, in another stream, or mixed with new events', async () => {
      await store.append('s', [anEvent({ eventId: id1 })])
      const changed = await rejectionOf(
        store.append('s', [anEvent({ eventId: id1, occurredOn: '2020-08-02' })]),
      )
      expect(changed).toBeInstanceOf(EventIdReusedError)
      expect(changed).toMatchObject({ code: 'EVENT_ID_REUSED', eventId: id1 })
      await expect(store.append('other', [anEvent({ eventId: id1 })])).rejects.toBeInstanceOf(
        EventIdReusedError,
      )
      await expect(
        store.append('s', [anEvent({ eventId: id1 }), anEvent({ eventId: id2 })]),
      ).rejects.toBeInstanceOf(EventIdReusedError)
      expect((await store.head()).treeSize).toBe(1)
    })
  })

  describe('atomicity and validation', () => {
    it('writes nothing when one event of an append is invalid', async () => {
      const events: NewEventInput[] = [
        anEvent(),
        anEvent(),
        anEvent({ type: 'BidRejected', data: { bidderId: 'microsoft' } }),
        anEvent(),
      ]
      const error = await rejectionOf(store.append('s', events))
      expect(error).toBeInstanceOf(EventValidationError)
      expect((error as EventValidationError).issues).toContainEqual(
        expect.objectContaining({ path: [2, 'data', 'rejectedById'] }),
      )
      expect(await store.readStream('s')).toEqual([])
      expect(await store.head()).toMatchObject({ treeSize: 0 })
    })

    it('names unknown event types and bad payloads in the error', async () => {
      const error = await rejectionOf(
        store.append('s', [
          anEvent({ type: 'TikTokBanned' }),
          anEvent({ data: { partyId: 'Not An Id' } }),
          anEvent({ metadata: { recordedBy: 'test', sources: [] } }),
        ]),
      )
      const issues = (error as EventValidationError).issues
      expect(issues).toContainEqual(
        expect.objectContaining({
          path: [0, 'type'],
          message: expect.stringContaining('unknown event type "TikTokBanned"'),
        }),
      )
      expect(issues).toContainEqual(expect.objectContaining({ path: [1, 'data', 'partyId'] }))
      expect(issues).toContainEqual(expect.objectContaining({ path: [2, 'metadata', 'sources'] }))
      expect(await store.head()).toMatchObject({ treeSize: 0 })
    })

    it('writes nothing when a correction half-way through points at an unknown event', async () => {
      const error = await rejectionOf(
        store.append('s', [
          anEvent(),
          {
            type: 'DevelopmentCorrected',
            occurredOn: 'unknown',
            data: {
              correctsEventId: '01900000-0000-7000-8000-0000000000ff',
              corrected: { occurredOn: '2020-08-02' },
              reason: 'wrong day',
            },
            metadata: { recordedBy: 'test', sources: [] },
          },
        ]),
      )
      expect(error).toBeInstanceOf(UnknownEventReferenceError)
      expect(await store.head()).toMatchObject({ treeSize: 0 })
    })

    it('accepts a correction that fits the corrected event and refuses one that does not', async () => {
      const [target] = (await store.append('s', [anEvent()])).eventIds
      const correction = (corrected: Record<string, unknown>): NewEventInput => ({
        type: 'DevelopmentCorrected',
        occurredOn: 'unknown',
        data: { correctsEventId: target, corrected, reason: 'the source was misread' },
        metadata: { recordedBy: 'test', sources: [] },
      })
      const bad = await rejectionOf(store.append('s', [correction({ data: { partyId: 42 } })]))
      expect(bad).toBeInstanceOf(EventValidationError)
      expect((bad as EventValidationError).issues[0]!.path).toEqual([
        0,
        'data',
        'corrected',
        'data',
        'partyId',
      ])
      await expect(
        store.append('elsewhere', [correction({ occurredOn: '2020-08-02' })]),
      ).rejects.toBeInstanceOf(EventValidationError)
      await expect(store.append('s', [correction({ data: { partyId: 'walmart' } })])).resolves.toMatchObject({
        streamVersion: 2,
      })
    })
    it('lets a correction or retraction point at an earlier event of the same append, never a later one', async () => {
      const first = '01900000-0000-7000-8000-000000000a01'
      const second = '01900000-0000-7000-8000-000000000a02'
      const pointAt = (eventId: string, corrected: Record<string, unknown>): NewEventInput => ({
        type: 'DevelopmentCorrected',
        occurredOn: 'unknown',
        data: { correctsEventId: eventId, corrected: { data: corrected }, reason: 'misread' },
        metadata: { recordedBy: 'test', sources: [] },
      })
      const later = await rejectionOf(
        store.append('s', [pointAt(second, { partyId: 'walmart' }), anEvent({ eventId: second })]),
      )
      expect(later).toBeInstanceOf(UnknownEventReferenceError)
      const misfit = await rejectionOf(
        store.append('s', [anEvent({ eventId: first }), pointAt(first, { partyId: 7 })]),
      )
      expect(misfit).toBeInstanceOf(EventValidationError)
      expect(await store.head()).toMatchObject({ treeSize: 0 })

      const result = await store.append('s', [
        anEvent({ eventId: first }),
        pointAt(first, { partyId: 'walmart' }),
        {
          type: 'DevelopmentRetracted',
          occurredOn: 'unknown',
          data: { retractsEventId: first, reason: 'the source withdrew it' },
          metadata: { recordedBy: 'test', sources: [] },
        },
      ])
      expect(result).toMatchObject({ streamVersion: 3, alreadyStored: false })
    })
  })

  describe('append-only', () => {
    it('is enforced by the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
      await store.append('s', [anEvent(), anEvent()])
      const { db } = t.database
      await expect(sql`update events set type = 'BidMade' where position = 1`.execute(db)).rejects.toThrow(
        /append-only/,
      )
      await expect(sql`delete from events where position = 2`.execute(db)).rejects.toThrow(/append-only/)
      await expect(sql`truncate events`.execute(db)).rejects.toThrow(/append-only/)
      await expect(sql`delete from tree_heads`.execute(db)).rejects.toThrow(/append-only/)
      await expect(sql`truncate tree_heads`.execute(db)).rejects.toThrow(/append-only/)
      expect((await readEverything(store)).map((e) => e.type)).toEqual([
        'InterestExpressed',
        'InterestExpressed',
      ])
      expect(await store.verify()).toMatchObject({ ok: true, treeSize: 2 })
    })

    it('offers no way to change or remove an event', () => {
      const methods = Object.keys(store)
      expect(methods.sort()).toEqual(
        ['append', 'close', 'exportLog', 'head', 'listStreams', 'readAll', 'readStream', 'verify'].sort(),
      )
    })
  })

  describe('recorded time', () => {
    it('never goes back along positions, even when the clock does', async () => {
      const times = ['2024-03-01T10:00:00.000Z', '2024-03-01T09:00:00.000Z', '2024-03-01T11:00:00.000Z']
      let tick = 0
      const clocked = await t.openAnotherWriter({ clock: () => new Date(times[tick++]!) })
      for (const _ of times) await clocked.append('s', [anEvent()])
      await store.append('s', [anEvent()])
      const recorded = (await readEverything(store)).map((e) => e.recordedAt)
      expect(recorded.slice(0, 3)).toEqual([times[0], times[0], times[2]])
      expect([...recorded].sort()).toEqual(recorded)
    })
  })

  describe('verification', () => {
    it('reports an intact log with its size and root', async () => {
      for (const i of range(5)) await store.append(`s${i % 2}`, [anEvent(), anEvent()])
      const events = await readEverything(store)
      const root = toHex(merkleRootOf(events.map((e) => fromHex(e.leafHash))))
      expect(await store.verify()).toEqual({ ok: true, treeSize: 10, root })
      expect(await store.head()).toMatchObject({ treeSize: 10, root })
    })

    it('reports an empty log as intact', async () => {
      expect(await store.verify()).toMatchObject({ ok: true, treeSize: 0 })
    })

    describe('names the first position that was tampered with', () => {
      beforeEach(async () => {
        for (const i of range(5)) {
          await store.append('s', [
            anEvent({ data: { partyId: `party-${i}` }, occurredOn: `2020-08-0${i + 1}` }),
          ])
        }
      })

      it('one byte of data', async () => {
        await tamper(
          t.database,
          sql`update events set data = jsonb_set(data::jsonb, '{partyId}', '"party-9"')::json where position = 3`,
        )
        expect(await store.verify()).toMatchObject({
          ok: false,
          position: 3,
          reason: expect.stringMatching(/payload hash/),
        })
      })

      it('one byte of a date', async () => {
        await tamper(t.database, sql`update events set occurred_on = '2020-08-04' where position = 3`)
        expect(await store.verify()).toMatchObject({
          ok: false,
          position: 3,
          reason: expect.stringMatching(/leaf hash/),
        })
      })

      it('one byte of a source', async () => {
        await tamper(
          t.database,
          sql`update events set metadata = jsonb_set(metadata::jsonb, '{sources,0,outlet}', '"Test Gazettf"')::json where position = 4`,
        )
        expect(await store.verify()).toMatchObject({ ok: false, position: 4 })
      })

      it('the recorded time', async () => {
        await tamper(
          t.database,
          sql`update events set recorded_at = recorded_at - interval '1 millisecond' where position = 2`,
        )
        expect(await store.verify()).toMatchObject({ ok: false, position: 2 })
      })

      it('a deleted event', async () => {
        await tamper(t.database, sql`delete from events where position = 2`)
        expect(await store.verify()).toMatchObject({
          ok: false,
          position: 2,
          reason: expect.stringMatching(/missing/),
        })
      })

      it('an event rewritten together with its hashes', async () => {
        const [row] = await readEverything(store).then((events) => events.filter((e) => e.position === 3))
        const salt = new Uint8Array(16)
        const data = { partyId: 'someone-else' }
        const payloadHash = payloadHashOf(salt, data, row!.metadata)
        const leafHash = leafHashOf({ ...row!, reportedOn: null, schemaVersion: 1, payloadHash })
        await tamper(
          t.database,
          sql`update events set data = ${JSON.stringify(data)}::json, payload_salt = ${salt},
            payload_hash = ${payloadHash}, leaf_hash = ${leafHash} where position = 3`,
        )
        expect(await store.verify()).toMatchObject({
          ok: false,
          position: 3,
          lastPosition: 3,
          reason: expect.stringMatching(/root recorded at tree size 3/),
        })
      })
    })
  })

  it.runIf(backend === 'postgres')('keeps logs in two schemas of one database apart', async () => {
    await store.append('s', [anEvent()])
    const other = await openTestStore(backend)
    try {
      expect(await other.store.head()).toMatchObject({ treeSize: 0 })
      await other.store.append('s', [anEvent(), anEvent()])
      expect((await store.head()).treeSize).toBe(1)
    } finally {
      await other.close()
    }
  })

  describe('export', () => {
    it('is verified offline, and a changed line is named by its position', async () => {
      await store.append('s', [anEvent(), anEvent({ data: { partyId: 'oracle' } })])
      await store.append('t', [anEvent({ type: 'BidWithdrawn', data: { bidderId: 'walmart' } })])
      const lines: string[] = []
      for await (const line of store.exportLog()) lines.push(line)
      expect(lines).toHaveLength(5)
      const head = await store.head()
      expect(await verifyExport(lines)).toEqual({ ok: true, treeSize: 3, root: head.root })
      expect(await verifyExport(lines, { trustedRoot: head.root })).toMatchObject({ ok: true })

      const tampered = [...lines]
      tampered[2] = tampered[2]!.replace('"oracle"', '"oraclf"')
      expect(await verifyExport(tampered)).toMatchObject({ ok: false, position: 2 })
      expect(await verifyExport(lines.slice(0, 3))).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/head/),
      })
      expect(await verifyExport(lines, { trustedRoot: '00'.repeat(32) })).toMatchObject({ ok: false })
    })
  })
})
