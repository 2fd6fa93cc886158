import {
  type CalendarDay,
  type DatePrecision,
  dayRangeOf,
  type OccurredOn,
  precisionOf,
  type StoredEvent,
} from '@storyledger/core'

/**
 * Where a development sits in the story:
 *
 * - `always`: a bookkeeping event that is in every state (`StoryOpened`, and `EntityIntroduced` with an
 *   unknown date);
 * - `day`: the first day the development is **known to have happened by**. A day-precision date is that day.
 *   A month or year is its last day, but no later than the earliest day that its `reportedOn` or one of its
 *   sources' `publishedOn` proves it had happened (the last day of their own precision), and no earlier than
 *   the first day of the month or year. An `unknown` date is the earliest such proof;
 * - `undated`: an unknown date with no proof at all. Such a development is only in states that do not ask
 *   for a `validAt` date.
 */
export type Placement =
  | { readonly kind: 'always' }
  | { readonly kind: 'day'; readonly day: CalendarDay }
  | { readonly kind: 'undated' }

type Placeable = Pick<StoredEvent, 'type' | 'occurredOn' | 'reportedOn' | 'metadata'>

/** The placement of an event (see {@link Placement}), from its date after any correction. */
export function placementOf(event: Placeable): Placement {
  const key = placementKeyOf(event)
  if (key === ALWAYS) return { kind: 'always' }
  if (key === UNDATED) return { kind: 'undated' }
  return { kind: 'day', day: key }
}

/** The precision of an event's date: `day`, `month`, `year` or `unknown`. */
export function precisionOfEvent(event: Pick<StoredEvent, 'occurredOn'>): DatePrecision {
  return precisionOf(event.occurredOn)
}

/** Placement as one string that sorts in story order: `''` (always) < `YYYY-MM-DD` < `'~'` (undated). */
export const ALWAYS = ''
export const UNDATED = '~'

export function placementKeyOf(event: Placeable): string {
  const occurredOn = event.occurredOn
  if (event.type === 'StoryOpened') return ALWAYS
  if (occurredOn === 'unknown') {
    if (event.type === 'EntityIntroduced') return ALWAYS
    return proofDayOf(event) ?? UNDATED
  }
  if (occurredOn.length === 10) return occurredOn
  const { first, last } = dayRangeOf(occurredOn)
  const proof = proofDayOf(event)
  if (proof === undefined || proof >= last) return last
  if (proof < first) return first
  return proof
}

function proofDayOf(event: Placeable): CalendarDay | undefined {
  let earliest: CalendarDay | undefined
  if (event.reportedOn !== undefined) earliest = dayRangeOf(event.reportedOn).last
  for (const source of event.metadata.sources) {
    if (source.publishedOn === undefined) continue
    const day = dayRangeOf(source.publishedOn).last
    if (earliest === undefined || day < earliest) earliest = day
  }
  return earliest
}

/** `day` plus `days` calendar days. */
export function addDays(day: CalendarDay, days: number): CalendarDay {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  const at = new Date(0)
  // setUTCFullYear, not Date.UTC: the latter reads years 0–99 as 1900–1999.
  at.setUTCFullYear(year, month - 1, date + days)
  const y = at.getUTCFullYear()
  return `${String(y).padStart(4, '0')}-${String(at.getUTCMonth() + 1).padStart(2, '0')}-${String(at.getUTCDate()).padStart(2, '0')}`
}

/** Whether a date is at day precision (a calendar day). */
export function isCalendarDay(date: OccurredOn): date is CalendarDay {
  return date.length === 10
}
