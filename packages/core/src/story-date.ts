import { z } from 'zod'

/**
 * A date in the story, at the precision the sources give: `2020-09-13` (day), `2020-09` (month) or `2020` (year).
 * The precision is the shape of the string, so it cannot disagree with the value.
 */
export const StoryDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY-MM-DD, YYYY-MM or YYYY')
  .refine(isRealDate, 'not a date on the calendar')
export type StoryDate = z.infer<typeof StoryDate>

/** When a development happened: a {@link StoryDate}, or `unknown` when no source dates it. */
export const OccurredOn = z.union([StoryDate, z.literal('unknown')])
export type OccurredOn = z.infer<typeof OccurredOn>

/** A calendar day, `YYYY-MM-DD`. */
export const CalendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(isRealDate, 'not a date on the calendar')
export type CalendarDay = z.infer<typeof CalendarDay>

export type DatePrecision = 'day' | 'month' | 'year' | 'unknown'

export function precisionOf(date: OccurredOn): DatePrecision {
  if (date === 'unknown') return 'unknown'
  if (date.length === 10) return 'day'
  if (date.length === 7) return 'month'
  return 'year'
}

/** The first and last calendar day a story date may stand for (`2020-09` → 1 to 30 September 2020). */
export function dayRangeOf(date: StoryDate): { first: CalendarDay; last: CalendarDay } {
  const [year, month, day] = date.split('-').map(Number) as [number, number | undefined, number | undefined]
  if (day !== undefined) return { first: date, last: date }
  if (month !== undefined) {
    return { first: formatDay(year, month, 1), last: formatDay(year, month, daysInMonth(year, month)) }
  }
  return { first: formatDay(year, 1, 1), last: formatDay(year, 12, 31) }
}

function isRealDate(value: string): boolean {
  // A malformed string is already reported by the regex; one issue is enough.
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) return true
  const [year, month = 1, day = 1] = value.split('-').map(Number) as [number, number?, number?]
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

function daysInMonth(year: number, month: number): number {
  // setUTCFullYear, not Date.UTC: the latter reads years 0–99 as 1900–1999.
  const date = new Date(0)
  date.setUTCFullYear(year, month, 0)
  return date.getUTCDate()
}

function formatDay(year: number, month: number, day: number): CalendarDay {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}
