import {
  applyCorrection,
  CalendarDay,
  describeIssues,
  InvalidArgumentError,
  issuesFrom,
  type StoredEvent,
} from '@storyledger/core'
import { z } from 'zod'
import { type FoldableEvent, fold } from './evolve.js'
import { placementKeyOf } from './placement.js'
import type { DealState } from './state.js'

const Instant = z.iso.datetime({ offset: true })

/** The options of an as-of query (zod schema; invalid options throw an `InvalidArgumentError`). */
export const AsOfOptions = z.strictObject({
  /** The story as it stood at the end of this day (`YYYY-MM-DD`). Omitted: every development, undated ones too. */
  validAt: CalendarDay.optional(),
  /** As the log had recorded it at this instant, or at the end of this day (UTC). Omitted: `now`. */
  knownAt: z.union([CalendarDay, Instant]).optional(),
  /** The present instant (ISO 8601), passed in because the projection has no clock. */
  now: Instant,
})
export type AsOfOptions = z.input<typeof AsOfOptions>

/** A parsed as-of query: `cut` is the last placement key in the state, `knownAt` an ISO instant in UTC. */
export interface AsOfQuery {
  readonly cut: string
  readonly knownAt: string
}

const EVERYTHING = '\uffff'

export function parseAsOf(options: AsOfOptions): AsOfQuery {
  const parsed = AsOfOptions.safeParse(options)
  if (!parsed.success) {
    const issues = issuesFrom(parsed.error)
    throw new InvalidArgumentError(`Invalid as-of options: ${describeIssues(issues)}`, issues)
  }
  const { validAt, knownAt, now } = parsed.data
  return { cut: validAt ?? EVERYTHING, knownAt: instantOf(knownAt ?? now) }
}

function instantOf(value: string): string {
  if (value.length === 10) return `${value}T23:59:59.999Z`
  return new Date(value).toISOString()
}

/**
 * The developments of the log as known at `knownAt` (an ISO instant; omitted: all of the log), in position
 * order: events recorded later are left out, each development carries the corrections recorded by then
 * (`correctedBy`, its data and date replaced), retracted developments are left out, and the corrections and
 * retractions themselves are not returned. A correction or retraction of an event the log does not hold (or of
 * a retracted one), or a correction that no longer fits its event, is ignored.
 */
export function effectiveEventsOf(
  events: readonly StoredEvent[],
  knownAt: string | undefined = undefined,
): FoldableEvent[] {
  const ordered = inPositionOrder(events)
  const developments: (FoldableEvent | null)[] = []
  const indexById = new Map<string, number>()
  for (const event of ordered) {
    if (knownAt !== undefined && event.recordedAt > knownAt) continue
    if (event.type === 'DevelopmentCorrected') {
      const index = indexById.get(event.data.correctsEventId)
      const target = index === undefined ? null : developments[index]!
      if (target === null) continue
      developments[index!] = correctedVersion(target, event)
    } else if (event.type === 'DevelopmentRetracted') {
      const index = indexById.get(event.data.retractsEventId)
      if (index !== undefined) developments[index] = null
    } else {
      indexById.set(event.eventId, developments.length)
      developments.push(event)
    }
  }
  return developments.filter((event) => event !== null)
}

/** The version of a development after one more correction (the same version if the correction does not fit). */
export function correctedVersion(
  target: FoldableEvent,
  correction: StoredEvent & { type: 'DevelopmentCorrected' },
): FoldableEvent {
  const outcome = applyCorrection(
    { event: { type: target.type, data: target.data } as FoldableEvent, occurredOn: target.occurredOn },
    correction.data.corrected,
  )
  if (!outcome.ok) return target
  return {
    ...target,
    type: outcome.event.type,
    data: outcome.event.data,
    occurredOn: outcome.occurredOn,
    correctedBy: [...(target.correctedBy ?? []), correction.eventId],
  } as FoldableEvent
}

function inPositionOrder(events: readonly StoredEvent[]): readonly StoredEvent[] {
  for (let i = 1; i < events.length; i++) {
    if (events[i - 1]!.position > events[i]!.position)
      return events.slice().sort((a, b) => a.position - b.position)
  }
  return events
}

/** Developments placed in story order: by placement day (see `Placement`), then by position. */
export function inStoryOrder(events: readonly FoldableEvent[], cut: string = EVERYTHING): FoldableEvent[] {
  const keyed: { key: string; event: FoldableEvent }[] = []
  for (const event of events) {
    const key = placementKeyOf(event)
    if (key <= cut) keyed.push({ key, event })
  }
  // Array.prototype.sort is stable, and `events` is in position order: ties stay in position order.
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return keyed.map((k) => k.event)
}

/**
 * The state of the deal **as it stood on `validAt`** (only developments known to have happened by the end of
 * that day, see `Placement`) **according to what the log had recorded by `knownAt`** (only events recorded by
 * then, with only the corrections and retractions recorded by then applied). A full replay: for many
 * queries on a long story, use `createReplayIndex`.
 *
 * @example stateAsOf(events, { validAt: '2020-09-13', knownAt: '2020-09-14', now: '2026-11-25T09:00:00Z' })
 */
export function stateAsOf(events: readonly StoredEvent[], options: AsOfOptions): DealState {
  const query = parseAsOf(options)
  return fold(inStoryOrder(effectiveEventsOf(events, query.knownAt), query.cut))
}
