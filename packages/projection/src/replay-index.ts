import type { StoredEvent } from '@storyledger/core'
import { z } from 'zod'
import { type FoldableEvent, fold } from './evolve.js'
import { foldPrepared, prepareEvents } from './fold-prepared.js'
import { placementKeyOf } from './placement.js'
import { type DealState, emptyRecord, initialState } from './state.js'
import {
  type AsOfOptions,
  correctedVersion,
  effectiveEventsOf,
  inStoryOrder,
  parseAsOf,
  stateAsOf,
} from './state-as-of.js'

/**
 * The state after the first `count` developments in story order, up to and including the development at
 * (`placedOn`, `position`). `placedOn` is a placement key: `''` for bookkeeping events that are always in, a
 * day `YYYY-MM-DD`, or `'~'` for undated developments. `stamp` is the latest `recordedAt` of every event that
 * bears on that part of the story (developments, and the corrections and retractions of them): the snapshot
 * holds for any `knownAt` at or after it. Plain JSON, so it can be persisted (see `serializeSnapshot`);
 * `format` changes whenever the fold's output does, and `restoreSnapshot` refuses other formats.
 */
export interface Snapshot {
  readonly format: 1
  readonly placedOn: string
  readonly position: number
  readonly count: number
  readonly stamp: string
  readonly state: DealState
}

export interface ReplayIndexOptions {
  /** Developments between two snapshots (default 1,000). Smaller: faster queries, more memory. */
  readonly snapshotEvery?: number
}

/** As-of queries over one log, answered from the nearest snapshot plus a short fold. */
export interface ReplayIndex {
  /** The same state as `stateAsOf(events, options)`, without a full replay. */
  stateAsOf(options: AsOfOptions): DealState
  /** The snapshots, in story order: every `snapshotEvery` developments and after the last one (the empty
   * state before the first is implied). */
  readonly snapshots: readonly Snapshot[]
  /** How many developments are in the "now" story order. */
  readonly size: number
}

interface Version {
  readonly from: string
  readonly event: FoldableEvent | null
  readonly key: string
}

interface Development {
  readonly position: number
  readonly versions: Version[]
  /** The earliest and the latest placement any version of it has had. */
  touch: string
  reach: string
  stamp: string
}

const START = { placedOn: '', position: 0, count: 0, stamp: '' }

/**
 * Sorts the log once into story order and keeps a snapshot every `snapshotEvery` developments, and one of the
 * whole story. A query folds
 * from the latest snapshot that is before its `validAt` and that its `knownAt` already knew in full: with the
 * whole log known (the usual case) that is at most `snapshotEvery` developments; with an earlier `knownAt`,
 * it also reads the developments that were recorded, corrected or retracted after that snapshot's stamp.
 * A development is placed by every version it has had: a back-dated event, a correction that moves a date and
 * a retraction all bear on the snapshots from the earliest of those placements on.
 */
export function createReplayIndex(
  events: readonly StoredEvent[],
  options: ReplayIndexOptions = {},
): ReplayIndex {
  const snapshotEvery = options.snapshotEvery ?? 1_000
  if (!Number.isInteger(snapshotEvery) || snapshotEvery < 1) {
    throw new RangeError(`snapshotEvery must be a positive integer, got ${snapshotEvery}`)
  }
  const ordered = events.slice().sort((a, b) => a.position - b.position)
  const developments: Development[] = []
  const byId = new Map<string, Development>()
  let lastRecordedAt = ''
  for (const event of ordered) {
    if (event.recordedAt > lastRecordedAt) lastRecordedAt = event.recordedAt
    if (event.type === 'DevelopmentCorrected' || event.type === 'DevelopmentRetracted') {
      const targetId =
        event.type === 'DevelopmentCorrected' ? event.data.correctsEventId : event.data.retractsEventId
      const development = byId.get(targetId)
      const last = development?.versions[development.versions.length - 1]
      if (development === undefined || last === undefined || last.event === null) continue
      let version: Version
      if (event.type === 'DevelopmentRetracted')
        version = { from: event.recordedAt, event: null, key: last.key }
      else {
        const corrected = correctedVersion(last.event, event)
        if (corrected === last.event) continue
        version = { from: event.recordedAt, event: corrected, key: placementKeyOf(corrected) }
      }
      development.versions.push(version)
      if (version.key < development.touch) development.touch = version.key
      if (version.key > development.reach) development.reach = version.key
      development.stamp = event.recordedAt
      continue
    }
    const key = placementKeyOf(event)
    const development: Development = {
      position: event.position,
      versions: [{ from: event.recordedAt, event, key }],
      touch: key,
      reach: key,
      stamp: event.recordedAt,
    }
    developments.push(development)
    byId.set(event.eventId, development)
  }

  const entries: { key: string; position: number; event: FoldableEvent }[] = []
  for (const development of developments) {
    const last = development.versions[development.versions.length - 1]!
    if (last.event !== null)
      entries.push({ key: last.key, position: development.position, event: last.event })
  }
  entries.sort(byKeyThenPosition)
  const entryKeys = entries.map((e) => e.key)
  // Each development is folded at the build and again by every query after its snapshot: its support once.
  const prepared = prepareEvents(entries.map((e) => e.event))

  const byTouch = developments.slice().sort((a, b) => compare(a.touch, a.position, b.touch, b.position))
  // reachBefore[i]: the latest placement any version of developments 0..i (in log order) has had.
  const reachBefore: { key: string; position: number }[] = []
  let reach = { key: '', position: 0 }
  let recordedInOrder = true
  for (let i = 0; i < developments.length; i++) {
    const d = developments[i]!
    if (compare(d.reach, d.position, reach.key, reach.position) > 0)
      reach = { key: d.reach, position: d.position }
    reachBefore.push(reach)
    if (i > 0 && d.versions[0]!.from < developments[i - 1]!.versions[0]!.from) recordedInOrder = false
  }

  const snapshots: Snapshot[] = []
  let state = initialState()
  let swept = 0
  let stamp = ''
  // Every N developments, and after the last one: the whole story as now known is the commonest query.
  for (let count = Math.min(snapshotEvery, entries.length); count > 0; ) {
    state = foldPrepared(
      prepared,
      state,
      snapshots.length === 0 ? 0 : snapshots[snapshots.length - 1]!.count,
      count,
    )
    const { key, position } = entries[count - 1]!
    while (
      swept < byTouch.length &&
      compare(byTouch[swept]!.touch, byTouch[swept]!.position, key, position) <= 0
    ) {
      if (byTouch[swept]!.stamp > stamp) stamp = byTouch[swept]!.stamp
      swept += 1
    }
    snapshots.push({ format: 1, placedOn: key, position, count, stamp, state })
    count = count === entries.length ? 0 : Math.min(count + snapshotEvery, entries.length)
  }

  function query(options: AsOfOptions): DealState {
    const { cut, knownAt } = parseAsOf(options)
    const byKey = countWhile(snapshots, (s) => s.placedOn <= cut)
    const byStamp = countWhile(snapshots, (s) => s.stamp <= knownAt)
    const base: Omit<Snapshot, 'state' | 'format'> & { state: DealState | null } =
      Math.min(byKey, byStamp) === 0 ? { ...START, state: null } : snapshots[Math.min(byKey, byStamp) - 1]!
    const from = base.state ?? initialState()
    if (knownAt >= lastRecordedAt) {
      const end = countWhile(entryKeys, (key) => key <= cut)
      if (end === base.count) return from
      return foldPrepared(prepared, from, base.count, end)
    }
    // Part of the log was recorded after knownAt: add the developments placed after the snapshot as they were
    // known then. The snapshot holds the others as they were known then, since its stamp is not after knownAt.
    // They were recorded by knownAt (a prefix of positions, as recordedAt never decreases), after the last
    // position up to which no version of any development was ever placed after the snapshot.
    const first = countWhile(
      reachBefore,
      (reach) => compare(reach.key, reach.position, base.placedOn, base.position) <= 0,
    )
    const end = recordedInOrder
      ? countWhile(developments, (d) => d.versions[0]!.from <= knownAt)
      : developments.length
    const known: FoldableEvent[] = []
    for (let i = first; i < end; i++) {
      const development = developments[i]!
      const version = versionAt(development, knownAt)
      if (version?.event == null || version.key > cut) continue
      if (compare(version.key, development.position, base.placedOn, base.position) > 0)
        known.push(version.event)
    }
    return fold(inStoryOrder(known, cut), from)
  }

  return { stateAsOf: query, snapshots, size: entries.length }
}

/**
 * The state as of `options`, folded from a snapshot (for example one read back from storage) and the log.
 * The snapshot must come from this log and no event recorded after it may bear on it (`isAffectedBy`); when
 * it is after `validAt`, or newer than `knownAt`, this falls back to a full replay.
 */
export function stateFromSnapshot(
  snapshot: Snapshot,
  events: readonly StoredEvent[],
  options: AsOfOptions,
): DealState {
  const { cut, knownAt } = parseAsOf(options)
  if (snapshot.placedOn > cut || snapshot.stamp > knownAt) return stateAsOf(events, options)
  const later = effectiveEventsOf(events, knownAt).filter(
    (event) => compare(placementKeyOf(event), event.position, snapshot.placedOn, snapshot.position) > 0,
  )
  return fold(inStoryOrder(later, cut), snapshot.state)
}

/**
 * Whether a newly recorded event bears on a snapshot, which must then be dropped and rebuilt: a development
 * placed at or before it; a correction or retraction of a development placed at or before it, or a correction
 * that moves one there. `lookup` finds the event a correction or retraction points at, as the log knew it
 * just before (`effectiveEventsOf` gives that); if it finds nothing, the answer is `true`, to be safe.
 */
export function isAffectedBy(
  snapshot: Pick<Snapshot, 'placedOn' | 'position'>,
  event: StoredEvent,
  lookup: (eventId: string) => StoredEvent | undefined,
): boolean {
  const atOrBefore = (e: StoredEvent) =>
    compare(placementKeyOf(e), e.position, snapshot.placedOn, snapshot.position) <= 0
  if (event.type === 'DevelopmentRetracted') {
    const target = lookup(event.data.retractsEventId)
    return target === undefined || atOrBefore(target)
  }
  if (event.type === 'DevelopmentCorrected') {
    const target = lookup(event.data.correctsEventId)
    if (target === undefined) return true
    const occurredOn = event.data.corrected.occurredOn ?? target.occurredOn
    return atOrBefore(target) || atOrBefore({ ...target, occurredOn })
  }
  return atOrBefore(event)
}

const SnapshotShape = z.object({
  format: z.literal(1),
  placedOn: z.string(),
  position: z.number().int().min(0),
  count: z.number().int().min(0),
  stamp: z.string(),
  state: z.object({
    story: z.object({ title: z.string(), subject: z.string(), support: z.array(z.unknown()) }).nullable(),
    entities: z.record(z.string(), z.object({ entityId: z.string(), name: z.string() })),
    parties: z.record(z.string(), z.object({ partyId: z.string(), standing: z.string() })),
    bids: z.array(z.object({ bidId: z.string() })),
    partner: z.object({ partnerId: z.string() }).nullable(),
    phase: z.string(),
    phaseHistory: z.array(z.object({ phase: z.string() })),
    governmentActions: z.array(z.object({ actionId: z.string() })),
    deadlines: z.record(z.string(), z.object({ deadlineId: z.string() })),
    statements: z.array(z.object({ statementId: z.string() })),
    conditions: z.array(z.object({ conditionId: z.string() })),
    analyses: z.array(z.object({ analysisId: z.string() })),
    relationships: z.array(z.object({ relationshipId: z.string() })),
    deals: z.array(z.object({ dealId: z.string() })),
    developments: z.number().int().min(0),
  }),
})

/** A snapshot as JSON text, to be stored. */
export function serializeSnapshot(snapshot: Snapshot): string {
  return JSON.stringify(snapshot)
}

/** The result of reading back a stored snapshot: the snapshot, or why it cannot be used (rebuild it). */
export type RestoredSnapshot =
  | { ok: true; snapshot: Snapshot }
  | { ok: false; reason: 'NOT_A_SNAPSHOT'; detail: string }

/**
 * Reads back a snapshot written by `serializeSnapshot`: checks its envelope and the shape of each collection
 * of its state (a snapshot is written by the app itself; a stale format is reported, not thrown).
 */
export function restoreSnapshot(text: string): RestoredSnapshot {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { ok: false, reason: 'NOT_A_SNAPSHOT', detail: `not JSON: ${String(error)}` }
  }
  const parsed = SnapshotShape.safeParse(value)
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
    return { ok: false, reason: 'NOT_A_SNAPSHOT', detail }
  }
  // The checked shape is the stored DealState; the elements' fields are the fold's own output.
  const snapshot = value as Snapshot
  const state = snapshot.state
  return {
    ok: true,
    snapshot: {
      ...snapshot,
      state: {
        ...state,
        entities: emptyRecord(state.entities),
        parties: emptyRecord(state.parties),
        deadlines: emptyRecord(state.deadlines),
      },
    },
  }
}

function versionAt(development: Development, knownAt: string): Version | undefined {
  let found: Version | undefined
  for (const version of development.versions) {
    if (version.from > knownAt) break
    found = version
  }
  return found
}

function compare(keyA: string, positionA: number, keyB: string, positionB: number): number {
  if (keyA !== keyB) return keyA < keyB ? -1 : 1
  return positionA - positionB
}

function byKeyThenPosition(
  a: { key: string; position: number },
  b: { key: string; position: number },
): number {
  return compare(a.key, a.position, b.key, b.position)
}

/** How many leading items satisfy `test`, which must hold for a prefix of `items` (a binary search). */
function countWhile<T>(items: readonly T[], test: (item: T) => boolean): number {
  let low = 0
  let high = items.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (test(items[middle]!)) low = middle + 1
    else high = middle
  }
  return low
}
