import type { CalendarDay } from '@storyledger/core'

const DAY_MS = 86_400_000

/** Days since 1970-01-01 (UTC); calendar arithmetic only, no clock. */
export function dayNumber(day: CalendarDay): number {
  return Math.round(Date.parse(`${day}T00:00:00.000Z`) / DAY_MS)
}

export function dayFromNumber(n: number): CalendarDay {
  return new Date(n * DAY_MS).toISOString().slice(0, 10)
}

export function addDays(day: CalendarDay, days: number): CalendarDay {
  return dayFromNumber(dayNumber(day) + days)
}
