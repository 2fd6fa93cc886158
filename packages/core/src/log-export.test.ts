import { describe, expect, it } from 'vitest'
import { leafHashOf, payloadHashOf } from './leaf-hash.js'
import {
  exportEventLine,
  exportHeaderLine,
  exportHeadLine,
  LOG_EXPORT_FORMAT,
  verifyExport,
} from './log-export.js'
import {
  createLogVerifier,
  describeVerification,
  equalBytes,
  type LeafRecord,
  type TreeHead,
  type VerificationResult,
} from './log-verifier.js'
import { EMPTY_TREE_ROOT, merkleRootOf } from './merkle-tree.js'
import { toHex } from './sha256.js'

type Unsealed = Omit<LeafRecord, 'payloadHash' | 'leafHash'>

/** Computes a record's payload hash and leaf hash, as the log does when it writes it. */
function seal(record: Unsealed): LeafRecord {
  const payloadHash = payloadHashOf(record.payloadSalt, record.data, record.metadata)
  return { ...record, payloadHash, leafHash: leafHashOf({ ...record, payloadHash }) }
}

const reuters = {
  outlet: 'Reuters',
  url: 'https://www.reuters.com/article/us-usa-tiktok-oracle-idUSKBN2640CZ',
}

/** Five events of the TikTok story, as the log would have stored them. */
function tiktokLog(): LeafRecord[] {
  const events: Pick<
    Unsealed,
    'streamId' | 'type' | 'schemaVersion' | 'occurredOn' | 'reportedOn' | 'data' | 'metadata'
  >[] = [
    {
      streamId: 'story/tiktok-us',
      type: 'StoryOpened',
      schemaVersion: 1,
      occurredOn: '2020-08',
      reportedOn: null,
      data: { title: 'The sale of TikTok in the US', subject: "Who buys TikTok's US business" },
      metadata: { recordedBy: 'importer', sources: [] },
    },
    {
      streamId: 'story/tiktok-us',
      type: 'PartnerSelected',
      schemaVersion: 1,
      occurredOn: '2020-09-13',
      reportedOn: '2020-09-14',
      data: { partnerId: 'oracle', selectedById: 'bytedance', role: 'trusted technical partner' },
      metadata: {
        recordedBy: 'importer',
        sources: [{ outlet: 'The Wall Street Journal', attribution: 'a source familiar with the matter' }],
      },
    },
    {
      streamId: 'quiz/2020-09-a',
      type: 'StoryOpened',
      schemaVersion: 1,
      occurredOn: '2020-09',
      reportedOn: null,
      data: { title: 'Quiz', subject: 'Who picked Oracle?' },
      metadata: { recordedBy: 'a teacher', sources: [] },
    },
    {
      streamId: 'story/tiktok-us',
      type: 'ConditionReported',
      schemaVersion: 1,
      occurredOn: '2020-09-14',
      reportedOn: '2020-09-14',
      data: { subjectId: 'bytedance', condition: 'will not transfer the source code' },
      metadata: { recordedBy: 'importer', sources: [reuters] },
    },
    {
      streamId: 'story/tiktok-us',
      type: 'BidMade',
      schemaVersion: 1,
      occurredOn: '2020-08',
      reportedOn: null,
      data: { bidderId: 'microsoft', targetId: 'tiktok-us', amountUsd: 30_000_000_000 },
      metadata: { recordedBy: 'importer', sources: [reuters] },
    },
  ]
  const versions = new Map<string, number>()
  return events.map((event, i) => {
    const streamVersion = (versions.get(event.streamId) ?? 0) + 1
    versions.set(event.streamId, streamVersion)
    return seal({
      ...event,
      position: i + 1,
      eventId: `01745f3a-8c00-7abc-8def-${String(i + 1).padStart(12, '0')}`,
      streamVersion,
      recordedAt: `2024-05-01T10:00:0${i}.000Z`,
      payloadSalt: Uint8Array.from({ length: 16 }, (_, j) => (i * 16 + j) & 0xff),
    })
  })
}

function headOf(records: readonly LeafRecord[]): TreeHead {
  return { treeSize: records.length, root: toHex(merkleRootOf(records.map((record) => record.leafHash))) }
}

function linesOf(records: readonly LeafRecord[], head: TreeHead = headOf(records)): string[] {
  return [exportHeaderLine(), ...records.map(exportEventLine), exportHeadLine(head)]
}

function failureOf(result: VerificationResult) {
  if (result.ok) throw new Error(`expected a failure, got ${describeVerification(result)}`)
  return result
}

describe('the export lines', () => {
  it('are single-line JSON with a kind', () => {
    const lines = linesOf(tiktokLog())
    expect(lines).toHaveLength(7)
    for (const line of lines) expect(line).not.toContain('\n')
    expect(lines.map((line) => (JSON.parse(line) as { kind: string }).kind)).toEqual([
      'header',
      'event',
      'event',
      'event',
      'event',
      'event',
      'head',
    ])
    expect(JSON.parse(lines[0]!)).toEqual({ kind: 'header', format: LOG_EXPORT_FORMAT, formatVersion: 1 })
  })

  it('write the salt and hashes as lowercase hex', () => {
    const [record] = tiktokLog()
    const line = JSON.parse(exportEventLine(record!)) as Record<string, unknown>
    expect(line.payloadSalt).toBe(toHex(record!.payloadSalt))
    expect(line.payloadHash).toBe(toHex(record!.payloadHash))
    expect(line.leafHash).toBe(toHex(record!.leafHash))
    expect(line.leafHash).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('verifyExport', () => {
  it('accepts an untouched export and gives its size and root', async () => {
    const records = tiktokLog()
    const result = await verifyExport(linesOf(records))
    expect(result).toEqual({ ok: true, treeSize: 5, root: headOf(records).root })
  })

  it('accepts the export of an empty log', async () => {
    const result = await verifyExport(linesOf([]))
    expect(result).toEqual({ ok: true, treeSize: 0, root: toHex(EMPTY_TREE_ROOT) })
  })

  it('accepts blank lines between the lines and at the end', async () => {
    const lines = linesOf(tiktokLog())
    const result = await verifyExport([lines[0]!, '', ...lines.slice(1, 4), '   ', ...lines.slice(4), ''])
    expect(result.ok).toBe(true)
  })

  it('reads an async iterable of lines too', async () => {
    const lines = linesOf(tiktokLog())
    async function* stream() {
      for (const line of lines) {
        await Promise.resolve()
        yield line
      }
    }
    expect(await verifyExport(stream())).toEqual({ ok: true, treeSize: 5, root: headOf(tiktokLog()).root })
  })

  it('finds a tampered async iterable too', async () => {
    const lines = linesOf(tiktokLog())
    lines[3] = lines[3]!.replace('Who picked Oracle?', 'Who picked Walmart?')
    async function* stream() {
      yield* lines
    }
    expect(failureOf(await verifyExport(stream())).position).toBe(3)
  })

  it('accepts a trusted root that matches, in any case', async () => {
    const records = tiktokLog()
    const { root } = headOf(records)
    expect((await verifyExport(linesOf(records), { trustedRoot: root })).ok).toBe(true)
    expect((await verifyExport(linesOf(records), { trustedRoot: root.toUpperCase() })).ok).toBe(true)
  })

  it('finds a changed byte of data at its position', async () => {
    const lines = linesOf(tiktokLog())
    const tampered = lines[2]!.replace('trusted technical partner', 'trusted technical partnes')
    expect(tampered).not.toBe(lines[2])
    lines[2] = tampered
    const failure = failureOf(await verifyExport(lines))
    expect(failure).toMatchObject({ ok: false, position: 2 })
    expect(failure.reason).toContain('payload hash')
    expect(failure.lastPosition).toBeUndefined()
  })

  it('finds a changed source in the metadata at its position', async () => {
    const lines = linesOf(tiktokLog())
    lines[4] = lines[4]!.replace('"outlet":"Reuters"', '"outlet":"Bloomberg"')
    expect(failureOf(await verifyExport(lines))).toMatchObject({ position: 4 })
  })

  it('finds a changed envelope field at its position, for every position', async () => {
    for (let position = 1; position <= 5; position++) {
      const lines = linesOf(tiktokLog())
      const line = JSON.parse(lines[position]!) as Record<string, unknown>
      lines[position] = JSON.stringify({ ...line, occurredOn: '2019' })
      const failure = failureOf(await verifyExport(lines))
      expect(failure.position).toBe(position)
      expect(failure.reason).toContain('leaf hash')
    }
  })

  it('finds a changed salt at its position', async () => {
    const lines = linesOf(tiktokLog())
    const line = JSON.parse(lines[5]!) as Record<string, unknown>
    lines[5] = JSON.stringify({ ...line, payloadSalt: '00'.repeat(16) })
    expect(failureOf(await verifyExport(lines)).position).toBe(5)
  })

  it('finds swapped lines at the first position out of order', async () => {
    const lines = linesOf(tiktokLog())
    ;[lines[2], lines[3]] = [lines[3]!, lines[2]!]
    const failure = failureOf(await verifyExport(lines))
    expect(failure.position).toBe(2)
    expect(failure.reason).toBe('position 2 is missing (the next record is at 3)')
  })

  it('finds a repeated line', async () => {
    const lines = linesOf(tiktokLog())
    lines.splice(3, 0, lines[2]!)
    const failure = failureOf(await verifyExport(lines))
    expect(failure.position).toBe(3)
    expect(failure.reason).toBe('position 2 appears again or out of order')
  })

  it('finds a missing event line through the head', async () => {
    const records = tiktokLog()
    const lines = linesOf(records)
    lines.splice(5, 1)
    const failure = failureOf(await verifyExport(lines))
    expect(failure.position).toBe(5)
    expect(failure.reason).toBe('the log head records 5 events but 4 were found')
  })

  it('finds an export cut short: no head line', async () => {
    const lines = linesOf(tiktokLog()).slice(0, -1)
    const failure = failureOf(await verifyExport(lines))
    expect(failure.position).toBe(6)
    expect(failure.reason).toContain('no head line')
  })

  it('finds a head line whose root is not the recomputed one', async () => {
    const records = tiktokLog()
    const lines = linesOf(records, { treeSize: 5, root: 'ab'.repeat(32) })
    const failure = failureOf(await verifyExport(lines))
    expect(failure).toMatchObject({ position: 1, lastPosition: 5 })
    expect(failure.reason).toContain(headOf(records).root)
  })

  it('names a garbage line that is not JSON', async () => {
    const lines = linesOf(tiktokLog())
    lines.splice(3, 0, '{"kind":"event", oops')
    const failure = failureOf(await verifyExport(lines))
    expect(failure.reason).toBe('line 4 is not JSON')
    expect(failure.position).toBe(3)
  })

  it('names a JSON line that is not a valid export line, with the field at fault', async () => {
    const lines = linesOf(tiktokLog())
    const line = JSON.parse(lines[1]!) as Record<string, unknown>
    lines[1] = JSON.stringify({ ...line, leafHash: 'not hex' })
    const failure = failureOf(await verifyExport(lines))
    expect(failure.position).toBe(1)
    expect(failure.reason).toMatch(/^line 2 is not a valid export line \(leafHash: /)
  })

  it('names a line of an unknown kind', async () => {
    const lines = linesOf(tiktokLog())
    lines.splice(2, 0, JSON.stringify({ kind: 'comment', text: 'hello' }))
    expect(failureOf(await verifyExport(lines)).reason).toMatch(/^line 3 is not a valid export line/)
  })

  it('requires the header line first', async () => {
    const lines = linesOf(tiktokLog()).slice(1)
    const failure = failureOf(await verifyExport(lines))
    expect(failure.position).toBe(1)
    expect(failure.reason).toBe('the export does not start with its header line')
  })

  it('refuses a second header', async () => {
    const lines = linesOf(tiktokLog())
    lines.splice(3, 0, exportHeaderLine())
    expect(failureOf(await verifyExport(lines)).reason).toBe('line 4: unexpected header')
  })

  it('refuses a header of another format version', async () => {
    const lines = linesOf(tiktokLog())
    lines[0] = JSON.stringify({ kind: 'header', format: LOG_EXPORT_FORMAT, formatVersion: 2 })
    expect(failureOf(await verifyExport(lines)).reason).toMatch(/^line 1 is not a valid export line/)
  })

  it('refuses anything after the head line', async () => {
    const records = tiktokLog()
    const lines = [...linesOf(records.slice(0, 4)), exportEventLine(records[4]!)]
    const failure = failureOf(await verifyExport(lines))
    expect(failure.reason).toBe('line 7 follows the head line, which must be last')
    expect(failure.position).toBe(5)
  })

  it('refuses a consistent export that does not end on the trusted root', async () => {
    const records = tiktokLog()
    const trustedRoot = headOf(records).root
    // Rewritten with its hashes recomputed and a new head: consistent in itself, but not the log that was published.
    const rewritten = records.map((record) =>
      record.position === 3
        ? seal({ ...record, data: { title: 'Quiz', subject: 'Who picked Walmart?' } })
        : record,
    )
    expect((await verifyExport(linesOf(rewritten))).ok).toBe(true)
    const failure = failureOf(await verifyExport(linesOf(rewritten), { trustedRoot }))
    expect(failure).toMatchObject({ position: 1, lastPosition: 5 })
    expect(failure.reason).toContain(`not on the trusted root ${trustedRoot}`)
  })
})

describe('createLogVerifier', () => {
  it('accepts the records of an untouched log, checkpoints included', () => {
    const records = tiktokLog()
    const checkpoints = [1, 3, 5].map((size) => headOf(records.slice(0, size)))
    const verifier = createLogVerifier(checkpoints)
    for (const record of records) expect(verifier.add(record)).toBeUndefined()
    expect(verifier.finish(headOf(records))).toEqual({ ok: true, ...headOf(records) })
  })

  it('takes the checkpoints in any order', () => {
    const records = tiktokLog()
    const checkpoints = [4, 1, 2].map((size) => headOf(records.slice(0, size)))
    const verifier = createLogVerifier(checkpoints)
    for (const record of records) expect(verifier.add(record)).toBeUndefined()
    expect(verifier.finish(headOf(records)).ok).toBe(true)
  })

  it('pins an event rewritten with consistent hashes down to the range between two checkpoints', () => {
    const records = tiktokLog()
    const checkpoints = [headOf(records.slice(0, 1)), headOf(records.slice(0, 4))]
    const rewritten = records.map((record) =>
      record.position === 3
        ? seal({ ...record, data: { title: 'Quiz', subject: 'Who picked Walmart?' } })
        : record,
    )
    const verifier = createLogVerifier(checkpoints)
    expect(verifier.add(rewritten[0]!)).toBeUndefined()
    expect(verifier.add(rewritten[1]!)).toBeUndefined()
    expect(verifier.add(rewritten[2]!)).toBeUndefined()
    const failure = verifier.add(rewritten[3]!)
    expect(failure).toMatchObject({ ok: false, position: 2, lastPosition: 4 })
    expect(failure!.reason).toContain('between positions 2 and 4')
    expect(describeVerification(failure!)).toBe(`tampered at positions 2–4: ${failure!.reason}`)
    // The failure sticks.
    expect(verifier.add(rewritten[4]!)).toBe(failure)
    expect(verifier.finish(headOf(rewritten))).toBe(failure)
  })

  it('without checkpoints, pins a consistent rewrite down only through the recorded head', () => {
    const records = tiktokLog()
    const rewritten = records.map((record) =>
      record.position === 4
        ? seal({ ...record, data: { subjectId: 'bytedance', condition: 'will share the code' } })
        : record,
    )
    const verifier = createLogVerifier()
    for (const record of rewritten) expect(verifier.add(record)).toBeUndefined()
    const result = verifier.finish(headOf(records))
    expect(result).toMatchObject({ ok: false, position: 1, lastPosition: 5 })
  })

  it('narrows a rewrite after the last checkpoint down to the positions after it', () => {
    const records = tiktokLog()
    const rewritten = records.map((record) =>
      record.position === 5 ? seal({ ...record, data: { bidderId: 'microsoft', amountUsd: 1 } }) : record,
    )
    const verifier = createLogVerifier([headOf(records.slice(0, 3))])
    for (const record of rewritten) expect(verifier.add(record)).toBeUndefined()
    expect(verifier.finish(headOf(records))).toMatchObject({ ok: false, position: 4, lastPosition: 5 })
  })

  it('finds a stream version that skips', () => {
    const records = tiktokLog()
    const skipped = records.map((record) =>
      record.position === 4 ? seal({ ...record, streamVersion: 4 }) : record,
    )
    const verifier = createLogVerifier()
    const failures = skipped.map((record) => verifier.add(record))
    expect(failures.slice(0, 3)).toEqual([undefined, undefined, undefined])
    expect(failures[3]).toMatchObject({
      position: 4,
      reason: 'stream story/tiktok-us goes from version 2 to 4',
    })
  })

  it('finds recorded time that goes back', () => {
    const records = tiktokLog()
    const back = records.map((record) =>
      record.position === 2 ? seal({ ...record, recordedAt: '2024-04-30T23:59:59.999Z' }) : record,
    )
    const verifier = createLogVerifier()
    expect(verifier.add(back[0]!)).toBeUndefined()
    expect(verifier.add(back[1]!)).toMatchObject({
      position: 2,
      reason: expect.stringContaining('recorded time goes back'),
    })
  })

  it('accepts records recorded at the same instant', () => {
    const records = tiktokLog().map((record) => seal({ ...record, recordedAt: '2024-05-01T10:00:00.000Z' }))
    const verifier = createLogVerifier()
    for (const record of records) expect(verifier.add(record)).toBeUndefined()
    expect(verifier.finish(headOf(records)).ok).toBe(true)
  })

  it('finds a payload that has no canonical form', () => {
    const [first] = tiktokLog()
    const verifier = createLogVerifier()
    const failure = verifier.add({ ...first!, data: { amount: Number.NaN } })
    expect(failure).toMatchObject({ position: 1, reason: 'the payload cannot be put in canonical form' })
  })

  it('reports a log that starts at the wrong position', () => {
    const [, second] = tiktokLog()
    const verifier = createLogVerifier()
    expect(verifier.add(second!)).toMatchObject({
      position: 1,
      reason: 'position 1 is missing (the next record is at 2)',
    })
  })
})

describe('describeVerification', () => {
  it('describes a verified log with its size and root', () => {
    const records = tiktokLog()
    const { root } = headOf(records)
    expect(describeVerification({ ok: true, treeSize: 5, root })).toBe(`ok: 5 events, root ${root}`)
  })

  it('describes a failure at one position', () => {
    expect(describeVerification({ ok: false, position: 7, reason: 'the payload changed' })).toBe(
      'tampered at position 7: the payload changed',
    )
  })

  it('describes a failure over a range of positions', () => {
    expect(describeVerification({ ok: false, position: 2, lastPosition: 4, reason: 'rewritten' })).toBe(
      'tampered at positions 2–4: rewritten',
    )
  })

  it('describes the result of verifying a tampered export', async () => {
    const lines = linesOf(tiktokLog())
    lines[2] = lines[2]!.replace('"oracle"', '"walmart"')
    expect(describeVerification(await verifyExport(lines))).toBe(
      'tampered at position 2: data or metadata (sources included) no longer match the payload hash',
    )
  })
})

describe('equalBytes', () => {
  it('compares length and every byte', () => {
    expect(equalBytes(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true)
    expect(equalBytes(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false)
    expect(equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false)
    expect(equalBytes(new Uint8Array(), new Uint8Array())).toBe(true)
  })
})
