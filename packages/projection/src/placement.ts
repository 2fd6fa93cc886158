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

/** `day` plus `days` calendar days (proleptic Gregorian calendar, years 0–9999). */
export function addDays(day: CalendarDay, days: number): CalendarDay {
  let byDays = sums.get(day)
  const known = byDays?.get(days)
  if (known !== undefined) return known
  const year = Number(day.slice(0, 4))
  const month = Number(day.slice(5, 7))
  const date = Number(day.slice(8, 10))
  const sum = dayOf(dayNumberOf(year, month, date) + days)
  // Folds add the same few durations (90 days, 30 days) to the same days over and over: remember them, up to
  // a bound, so that a long-running process does not keep every sum it ever made.
  if (byDays === undefined) {
    if (sums.size >= 10_000) sums.clear()
    byDays = new Map()
    sums.set(day, byDays)
  }
  if (byDays.size < 64) byDays.set(days, sum)
  return sum
}

const sums = new Map<string, Map<number, CalendarDay>>()

/** The number of a calendar day (days since 0000-03-01), for sums of days without parsing a day each time. */
export function dayNumberOfDay(day: CalendarDay): number {
  return dayNumberOf(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)))
}

/** The calendar day of a day number (see {@link dayNumberOfDay}). */
export function dayOfNumber(dayNumber: number): CalendarDay {
  const known = days.get(dayNumber)
  if (known !== undefined) return known
  const day = dayOf(dayNumber)
  // Remembered up to a bound, as addDays' sums are: folds meet the same few hundred days over and over.
  if (days.size >= 10_000) days.clear()
  days.set(dayNumber, day)
  return day
}

const days = new Map<number, CalendarDay>()

// Day numbers from civil dates and back without Date, which is slow in a fold (H. Hinnant's algorithms).
function dayNumberOf(year: number, month: number, date: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + date - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra
}

function dayOf(dayNumber: number): CalendarDay {
  const era = Math.floor(dayNumber / 146_097)
  const dayOfEra = dayNumber - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1_460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const shifted = Math.floor((5 * dayOfYear + 2) / 153)
  const date = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1
  const month = shifted < 10 ? shifted + 3 : shifted - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`
}

/** Whether a date is at day precision (a calendar day). */
export function isCalendarDay(date: OccurredOn): date is CalendarDay {
  return date.length === 10
}
