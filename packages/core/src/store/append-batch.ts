import { type RawBuilder, sql, type Transaction } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { z } from 'zod'
import { applyCorrection } from '../apply-correction.js'
import { canonicalJson } from '../canonical-json.js'
import type { ValidatedNewEvent } from '../envelope.js'
import {
  CorruptRecordError,
  EventIdReusedError,
  EventValidationError,
  type ExpectedVersion,
  issuesFrom,
  StreamVersionConflictError,
  UnknownEventReferenceError,
} from '../errors.js'
import type { StoryEvent } from '../event-catalogue.js'
import { type LeafFields, leafHashOf, payloadHashOfCanonical } from '../leaf-hash.js'
import { createMerkleAccumulator } from '../merkle-tree.js'
import { randomBytes } from '../sha256.js'
import { OccurredOn } from '../story-date.js'
import { parseEventPayload, type UpcasterRegistry } from '../upcasters.js'
import type { Settled } from './group-commit.js'
import { eventColumns, Int8, parseEventRow } from './rows.js'
import type { Database } from './schema.js'

/** A validated event with its payload already in canonical form and hashed: work done before the lock. */
export interface PreparedEvent extends ValidatedNewEvent {
  readonly canonicalData: string
  readonly canonicalMetadata: string
  readonly payloadSalt: Uint8Array
  readonly payloadHash: Uint8Array
}

/** One call to `append`, validated and prepared, waiting for its batch. */
export interface PendingAppend {
  readonly streamId: string
  readonly expectedVersion: ExpectedVersion
  readonly events: readonly PreparedEvent[]
}

/**
 * Puts payloads in canonical form and hashes them with fresh salts. None of it depends on the position, so it
 * runs before the append queues for the log head's lock, and a batch holds the lock only for what must be
 * serial: positions, leaf hashes, the tree, and the writes.
 */
export function prepareEvents(events: readonly ValidatedNewEvent[]): PreparedEvent[] {
  const salts = randomBytes(SALT_BYTES * events.length)
  return events.map((event, index) => {
    const [canonicalData, canonicalMetadata] = canonicalFormsOf(event, index)
    const payloadSalt = salts.subarray(index * SALT_BYTES, (index + 1) * SALT_BYTES)
    const payloadHash = payloadHashOfCanonical(payloadSalt, canonicalData, canonicalMetadata)
    return { ...event, canonicalData, canonicalMetadata, payloadSalt, payloadHash }
  })
}

export interface AppendResult {
  readonly streamId: string
  /** The stream's version after the append: the `expectedVersion` of a writer's next append. */
  readonly streamVersion: number
  readonly firstPosition: number
  readonly lastPosition: number
  readonly eventIds: readonly string[]
  readonly recordedAt: string
  /** True when every event was already stored by an identical earlier append, and nothing was written. */
  readonly alreadyStored: boolean
}

export interface BatchOptions {
  readonly clock: (() => Date) | undefined
  readonly upcasters: UpcasterRegistry | undefined
}

const HASH_BYTES = 32
const SALT_BYTES = 16
// Small enough that hashing one chunk overlaps the database writing the previous one, large enough that the
// round trips stay few.
const ROWS_PER_INSERT = 500
const NOT_YET_HASHED = new Uint8Array(0)

const HeadRow = z.object({
  tree_size: Int8,
  peaks: z.instanceof(Uint8Array),
  last_recorded_at: z.date().nullable(),
  now: z.date(),
})

/** What the batch knows of an event by id: stored before, or accepted earlier in this batch. */
interface KnownEvent extends Omit<LeafFields, 'eventId' | 'payloadHash'> {
  readonly canonicalData: string
  readonly canonicalMetadata: string
  /** The event in the current shape of the catalogue (parsed only when a correction needs it). */
  readonly read: () => StoryEvent
}

/** A row about to be inserted: its leaf fields (recorded time is the batch's), payload and hashes. */
export interface NewRow extends Omit<LeafFields, 'recordedAt'> {
  readonly canonicalData: string
  readonly canonicalMetadata: string
  readonly payloadSalt: Uint8Array
  readonly leafHash: Uint8Array
}

/** A row as the batch builds it: every field known once the append is decided, the leaf hash filled in later. */
interface DraftRow extends Omit<NewRow, 'leafHash'>, LeafFields {
  leafHash: Uint8Array
}

/**
 * Writes a batch of appends in the caller's transaction. The log head is locked first, so appends are
 * serialised: positions are handed out in commit order and a reader never sees a later position without the
 * earlier ones. Each append is decided on its own (a conflict refuses that append, not the batch); all the
 * accepted ones are written with one insert, and the head, its Merkle right edge and a tree head are
 * updated in the same transaction.
 */
export async function writeAppendBatch(
  trx: Transaction<Database>,
  batch: readonly PendingAppend[],
  options: BatchOptions,
): Promise<Settled<AppendResult>[]> {
  const head = HeadRow.parse(
    (
      await sql`select tree_size, peaks, last_recorded_at, clock_timestamp() as now
        from log_head where id = 1 for update`.execute(trx)
    ).rows[0],
  )
  const tree = createMerkleAccumulator({ size: head.tree_size, peaks: splitPeaks(head.peaks) })
  const lastRecordedMs = head.last_recorded_at?.getTime() ?? Number.NEGATIVE_INFINITY
  const recordedAt = new Date(
    Math.max((options.clock?.() ?? head.now).getTime(), lastRecordedMs),
  ).toISOString()

  const streamIds = [...new Set(batch.map((a) => a.streamId))]
  const versions = new Map<string, number>()
  for (const row of await trx
    .selectFrom('streams')
    .select(['stream_id', 'version'])
    .where(sql<boolean>`stream_id = any(${streamIds}::text[])`)
    .execute()) {
    versions.set(row.stream_id, row.version)
  }

  const known = new Map<string, KnownEvent>()
  const lookUp = [...new Set(batch.flatMap((a) => a.events.flatMap(idsToLookUp)))]
  if (lookUp.length > 0) {
    const rows = await trx
      .selectFrom('events')
      .select(eventColumns)
      .where(sql<boolean>`event_id = any(${lookUp}::uuid[])`)
      .execute()
    for (const raw of rows) {
      const row = parseEventRow(raw)
      known.set(row.event_id, {
        streamId: row.stream_id,
        streamVersion: row.stream_version,
        position: row.position,
        type: row.type,
        schemaVersion: row.schema_version,
        occurredOn: row.occurred_on,
        reportedOn: row.reported_on,
        recordedAt: row.recorded_at.toISOString(),
        canonicalData: canonicalJson(row.data),
        canonicalMetadata: canonicalJson(row.metadata),
        read: () => {
          const parsed = parseEventPayload(row.type, row.schema_version, row.data, options.upcasters)
          if (!parsed.ok) throw new CorruptRecordError(`The event at position ${row.position}`, parsed.issues)
          return parsed.event
        },
      })
    }
  }

  // Only events that something in this batch re-sends or points at need to be known by id after they are
  // accepted; an import of events with store-minted ids keeps none.
  const referenced = new Set(lookUp)
  const rows: DraftRow[] = []
  let size = tree.size
  const touched = new Map<string, { version: number; firstPosition: number; lastPosition: number }>()
  const outcomes = batch.map((append): Settled<AppendResult> => {
    try {
      return { ok: true, value: decide(append) }
    } catch (error) {
      return { ok: false, error }
    }
  })

  function decide(append: PendingAppend): AppendResult {
    const replayed = append.events.filter((e) => e.eventId !== undefined && known.has(e.eventId))
    if (replayed.length > 0) return replay(append, known)

    const current = versions.get(append.streamId) ?? 0
    if (!versionMatches(append.expectedVersion, current)) {
      throw new StreamVersionConflictError(append.streamId, append.expectedVersion, current)
    }
    checkReferences(append, known)

    const accepted = append.events.map(
      (event, i): DraftRow => ({
        eventId: event.eventId ?? uuidv7(),
        streamId: append.streamId,
        streamVersion: current + i + 1,
        position: size + i + 1,
        type: event.type,
        schemaVersion: event.schemaVersion,
        occurredOn: event.occurredOn,
        reportedOn: event.reportedOn ?? null,
        recordedAt,
        payloadHash: event.payloadHash,
        canonicalData: event.canonicalData,
        canonicalMetadata: event.canonicalMetadata,
        payloadSalt: event.payloadSalt,
        leafHash: NOT_YET_HASHED,
      }),
    )
    size += accepted.length
    accepted.forEach((row, i) => {
      rows.push(row)
      if (!referenced.has(row.eventId)) return
      const current = append.events[i]!.current
      known.set(row.eventId, { ...row, read: () => current })
    })
    const first = accepted[0]!
    const last = accepted[accepted.length - 1]!
    versions.set(append.streamId, last.streamVersion)
    const previous = touched.get(append.streamId)
    touched.set(append.streamId, {
      version: last.streamVersion,
      firstPosition: previous?.firstPosition ?? first.position,
      lastPosition: last.position,
    })
    return {
      streamId: append.streamId,
      streamVersion: last.streamVersion,
      firstPosition: first.position,
      lastPosition: last.position,
      eventIds: accepted.map((r) => r.eventId),
      recordedAt,
      alreadyStored: false,
    }
  }

  if (rows.length > 0) {
    // Leaf hashes and the tree are computed a chunk at a time, and each chunk's insert is sent before the next
    // chunk is hashed: PostgreSQL writes one chunk while JavaScript hashes the next (the connection queues the
    // statements; each is awaited below, so a failure still rolls the whole batch back).
    const sent: Promise<unknown>[] = []
    let settled: PromiseSettledResult<unknown>[] = []
    try {
      for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        const chunk = rows.slice(start, start + ROWS_PER_INSERT)
        for (const row of chunk) {
          row.leafHash = leafHashOf(row)
          tree.append(row.leafHash)
        }
        if (start + ROWS_PER_INSERT < rows.length) {
          sent.push(insertEvents(chunk, recordedAt).execute(trx))
          continue
        }
        const root = tree.root()
        // The last rows, the stream index, the log head and the tree head in one round trip.
        sent.push(
          sql`with inserted as (${insertEvents(chunk, recordedAt)}),
          upserted as (${upsertStreams(touched, recordedAt)}),
          moved as (
            update log_head set tree_size = ${tree.size}, root = ${root}, peaks = ${joinPeaks(tree.peaks())},
              last_recorded_at = ${recordedAt}::timestamptz
            where id = 1
          )
          insert into tree_heads (tree_size, root, recorded_at)
          values (${tree.size}, ${root}, ${recordedAt}::timestamptz)`.execute(trx),
        )
      }
    } finally {
      // Every statement sent is awaited, even when hashing a later chunk threw, so that none goes unobserved.
      settled = await Promise.allSettled(sent)
    }
    const failed = settled.find((s) => s.status === 'rejected')
    if (failed) throw failed.reason
  }
  return outcomes
}

function canonicalFormsOf(event: ValidatedNewEvent, index: number): [string, string] {
  try {
    return [canonicalJson(event.data), canonicalJson(event.metadata)]
  } catch (error) {
    // Only free-form fields (a correction's values) can get here, e.g. with a lone surrogate in a string.
    throw new EventValidationError('An event has no canonical JSON form', [
      issue([index, 'data'], error instanceof Error ? error.message : String(error)),
    ])
  }
}

function idsToLookUp(event: ValidatedNewEvent): string[] {
  const ids = event.eventId === undefined ? [] : [event.eventId]
  const target = targetOf(event.current)
  return target === undefined ? ids : [...ids, target]
}

function targetOf(event: StoryEvent): string | undefined {
  if (event.type === 'DevelopmentCorrected') return event.data.correctsEventId
  if (event.type === 'DevelopmentRetracted') return event.data.retractsEventId
  return undefined
}

function versionMatches(expected: ExpectedVersion, current: number): boolean {
  switch (expected) {
    case 'any':
      return true
    case 'no_stream':
      return current === 0
    case 'exists':
      return current > 0
    default:
      return expected === current
  }
}

type ReferenceTarget = Pick<KnownEvent, 'streamId' | 'type' | 'position' | 'occurredOn' | 'read'>

/**
 * A correction or retraction must point at an earlier development of the same stream (already in the log, or
 * earlier in this append with a client-supplied id); a correction must fit it.
 */
function checkReferences(append: PendingAppend, known: ReadonlyMap<string, KnownEvent>): void {
  const earlierInAppend = new Map<string, ReferenceTarget>()
  const issues = append.events.flatMap((event, index) => {
    const targetId = targetOf(event.current)
    if (event.eventId !== undefined) {
      const current = event.current
      earlierInAppend.set(event.eventId, {
        streamId: append.streamId,
        type: event.type,
        position: 0,
        occurredOn: event.occurredOn,
        read: () => current,
      })
    }
    if (targetId === undefined) return []
    const target =
      known.get(targetId) ?? (targetId === event.eventId ? undefined : earlierInAppend.get(targetId))
    if (!target)
      throw new UnknownEventReferenceError(targetId, `${event.type} (event ${index} of the append)`)
    const field = event.current.type === 'DevelopmentCorrected' ? 'correctsEventId' : 'retractsEventId'
    if (target.streamId !== append.streamId) {
      return [
        issue([index, 'data', field], `event ${targetId} is in stream ${target.streamId}, not in this one`),
      ]
    }
    if (target.type === 'DevelopmentCorrected' || target.type === 'DevelopmentRetracted') {
      return [
        issue(
          [index, 'data', field],
          `event ${targetId} is a ${target.type}; point at the development itself`,
        ),
      ]
    }
    if (event.current.type !== 'DevelopmentCorrected') return []
    const original = target.read()
    const occurredOn = OccurredOn.safeParse(target.occurredOn)
    if (!occurredOn.success) {
      throw new CorruptRecordError(`The event at position ${target.position}`, issuesFrom(occurredOn.error))
    }
    const corrected = applyCorrection(
      { event: original, occurredOn: occurredOn.data },
      event.current.data.corrected,
    )
    return corrected.ok ? [] : corrected.issues.map((i) => ({ ...i, path: [index, 'data', ...i.path] }))
  })
  if (issues.length > 0) {
    throw new EventValidationError('A correction or retraction does not fit the event it points at', issues)
  }
}

function issue(path: (string | number)[], message: string) {
  return { path, code: 'custom', message }
}

/** An append whose ids are already stored: the same events again return the first result and write nothing. */
function replay(append: PendingAppend, known: ReadonlyMap<string, KnownEvent>): AppendResult {
  const stored = append.events.map((event) => {
    const match = event.eventId === undefined ? undefined : known.get(event.eventId)
    if (!match) {
      const storedId = append.events.find((e) => e.eventId !== undefined && known.has(e.eventId))!.eventId!
      throw new EventIdReusedError(storedId, 'by an append of different events')
    }
    const sameContent =
      match.streamId === append.streamId &&
      match.type === event.type &&
      match.schemaVersion === event.schemaVersion &&
      match.occurredOn === event.occurredOn &&
      match.reportedOn === (event.reportedOn ?? null) &&
      match.canonicalData === event.canonicalData &&
      match.canonicalMetadata === event.canonicalMetadata
    if (!sameContent) {
      throw new EventIdReusedError(
        event.eventId!,
        match.streamId === append.streamId ? 'with different content' : `in stream ${match.streamId}`,
      )
    }
    return match
  })
  const first = stored[0]!
  if (stored.some((s, i) => s.streamVersion !== first.streamVersion + i)) {
    throw new EventIdReusedError(append.events[0]!.eventId!, 'by an append of these events in another order')
  }
  const last = stored[stored.length - 1]!
  return {
    streamId: append.streamId,
    streamVersion: last.streamVersion,
    firstPosition: first.position,
    lastPosition: last.position,
    eventIds: append.events.map((e) => e.eventId!),
    recordedAt: last.recordedAt,
    alreadyStored: true,
  }
}

/**
 * The insert of a batch's rows (exported for the floors bench, which times it alone). `pg` would turn each
 * JavaScript array into an array literal element by element, escaping every quote of every JSON payload:
 * that cost about as much as PostgreSQL's own work. So the parameters are built here, in forms that need no
 * escaping: the payloads as one JSON array of the canonical texts (`json_array_elements` hands each element
 * back as the exact text it was given), the salts and hashes as one binary string each, sliced by row number,
 * and the short fields as array literals.
 */
export function insertEvents(rows: readonly NewRow[], recordedAt: string): RawBuilder<unknown> {
  return sql`insert into events (position, event_id, stream_id, stream_version, type, schema_version,
      occurred_on, reported_on, recorded_at, data, metadata, payload_salt, payload_hash, leaf_hash)
    select position, event_id, stream_id, stream_version, type, schema_version, occurred_on, reported_on,
      ${recordedAt}::timestamptz, data, metadata,
      ${slice(
        packed(rows, (r) => r.payloadSalt, SALT_BYTES),
        SALT_BYTES,
      )},
      ${slice(
        packed(rows, (r) => r.payloadHash, HASH_BYTES),
        HASH_BYTES,
      )},
      ${slice(
        packed(rows, (r) => r.leafHash, HASH_BYTES),
        HASH_BYTES,
      )}
    from rows from (
      unnest(${plainArray(rows.map((r) => r.position))}::int8[]),
      unnest(${plainArray(rows.map((r) => r.eventId))}::uuid[]),
      unnest(${textArray(rows.map((r) => r.streamId))}::text[]),
      unnest(${plainArray(rows.map((r) => r.streamVersion))}::int4[]),
      unnest(${textArray(rows.map((r) => r.type))}::text[]),
      unnest(${plainArray(rows.map((r) => r.schemaVersion))}::int4[]),
      unnest(${textArray(rows.map((r) => r.occurredOn))}::text[]),
      unnest(${textArray(rows.map((r) => r.reportedOn))}::text[]),
      json_array_elements(${`[${rows.map((r) => r.canonicalData).join(',')}]`}::json),
      json_array_elements(${`[${rows.map((r) => r.canonicalMetadata).join(',')}]`}::json)
    ) with ordinality as u(position, event_id, stream_id, stream_version, type, schema_version,
      occurred_on, reported_on, data, metadata, n)`
}

/** An array literal of values whose text needs no quoting: integers, and uuids (checked by the envelope). */
function plainArray(values: readonly (number | string)[]): string {
  return `{${values.join(',')}}`
}

/** An array literal of strings (or NULLs), each quoted, with backslashes and double quotes escaped. */
function textArray(values: readonly (string | null)[]): string {
  let literal = '{'
  for (let i = 0; i < values.length; i++) {
    const value = values[i]
    if (i > 0) literal += ','
    literal += value === null || value === undefined ? 'NULL' : `"${value.replace(/[\\"]/g, '\\$&')}"`
  }
  return `${literal}}`
}

/** Row n's bytes out of a packed parameter (n counts from 1). */
function slice(bytes: Uint8Array, size: number): RawBuilder<Uint8Array> {
  return sql`substring(${bytes}::bytea from (n::int - 1) * ${sql.lit(size)} + 1 for ${sql.lit(size)})`
}

/** Fixed-size byte strings end to end, sent as one binary parameter. */
function packed(rows: readonly NewRow[], bytesOf: (row: NewRow) => Uint8Array, size: number): Uint8Array {
  const all = new Uint8Array(rows.length * size)
  rows.forEach((row, i) => {
    const bytes = bytesOf(row)
    if (bytes.length !== size) throw new RangeError(`expected ${size} bytes, got ${bytes.length}`)
    all.set(bytes, i * size)
  })
  return all
}

function upsertStreams(
  touched: ReadonlyMap<string, { version: number; firstPosition: number; lastPosition: number }>,
  recordedAt: string,
): RawBuilder<unknown> {
  const entries = [...touched]
  return sql`insert into streams (stream_id, version, first_position, last_position, created_at, updated_at)
    select stream_id, version, first_position, last_position, ${recordedAt}::timestamptz, ${recordedAt}::timestamptz
    from unnest(
      ${entries.map(([id]) => id)}::text[], ${entries.map(([, s]) => s.version)}::int4[],
      ${entries.map(([, s]) => s.firstPosition)}::int8[], ${entries.map(([, s]) => s.lastPosition)}::int8[]
    ) as u(stream_id, version, first_position, last_position)
    on conflict (stream_id) do update
      set version = excluded.version, last_position = excluded.last_position, updated_at = excluded.updated_at`
}

function splitPeaks(bytes: Uint8Array): Uint8Array[] {
  if (bytes.length % HASH_BYTES !== 0) {
    throw new CorruptRecordError('The log head', [
      { path: ['peaks'], code: 'custom', message: `length ${bytes.length} is not a multiple of 32` },
    ])
  }
  const peaks: Uint8Array[] = []
  for (let offset = 0; offset < bytes.length; offset += HASH_BYTES)
    peaks.push(bytes.slice(offset, offset + HASH_BYTES))
  return peaks
}

function joinPeaks(peaks: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(peaks.length * HASH_BYTES)
  peaks.forEach((peak, i) => {
    bytes.set(peak, i * HASH_BYTES)
  })
  return bytes
}
