import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CalendarDay, dayRangeOf, OccurredOn, precisionOf, StoryDate } from './story-date.js'

function issuesOf(result: { success: boolean; error?: { issues: readonly { message: string }[] } }) {
  expect(result.success).toBe(false)
  return result.error?.issues ?? []
}

describe('StoryDate', () => {
  it.each(['2020-09-13', '2020-09', '2020', '2020-02-29', '2000-02-29', '2020-12-31', '2021-01-01', '1999'])(
    'accepts %s',
    (date) => {
      const parsed = StoryDate.safeParse(date)
      expect(parsed.success).toBe(true)
      expect(parsed.data).toBe(date)
    },
  )

  it.each([
    ['2020-02-30', 'February never has 30 days'],
    ['2021-02-29', '2021 is not a leap year'],
    ['1900-02-29', '1900 is not a leap year (a century not divisible by 400)'],
    ['2020-04-31', 'April has 30 days'],
    ['2020-09-00', 'there is no day 0'],
    ['2020-00', 'there is no month 0'],
    ['2020-13', 'there is no month 13'],
    ['2020-13-01', 'there is no month 13, even with a day'],
  ])('rejects %s (%s) as not on the calendar, with one issue', (date) => {
    const issues = issuesOf(StoryDate.safeParse(date))
    expect(issues).toHaveLength(1)
    expect(issues[0]!.message).toBe('not a date on the calendar')
  })

  it.each([
    '20-09-13',
    '2020-9-1',
    '2020-9',
    '',
    '2020-09-13T00:00:00Z',
    ' 2020',
    '2020-',
    '2020/09/13',
    '２０２０',
    'unknown',
  ])('rejects the malformed string %j with exactly one issue, about the format', (date) => {
    const issues = issuesOf(StoryDate.safeParse(date))
    expect(issues).toHaveLength(1)
    expect(issues[0]!.message).toBe('expected YYYY-MM-DD, YYYY-MM or YYYY')
  })

  it('rejects values that are not strings', () => {
    for (const value of [20200913, null, undefined, new Date('2020-09-13')]) {
      expect(StoryDate.safeParse(value).success).toBe(false)
    }
  })

  it('accepts a day exactly when the JavaScript calendar has it (years 1000 to 9999)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
          const onCalendar = new Date(`${date}T00:00:00Z`).getUTCDate() === day
          expect(StoryDate.safeParse(date).success).toBe(onCalendar)
        },
      ),
    )
  })
})

describe('CalendarDay', () => {
  it('accepts only whole days', () => {
    expect(CalendarDay.safeParse('2020-11-12').success).toBe(true)
    expect(CalendarDay.safeParse('2020-11').success).toBe(false)
    expect(CalendarDay.safeParse('2020').success).toBe(false)
    expect(CalendarDay.safeParse('2020-11-31').success).toBe(false)
  })

  it('reports one issue for a malformed day', () => {
    expect(issuesOf(CalendarDay.safeParse('2020-11-1'))).toHaveLength(1)
  })
})

describe('OccurredOn', () => {
  it('accepts a story date or unknown', () => {
    for (const value of ['unknown', '2020-09-13', '2020-09', '2020']) {
      expect(OccurredOn.safeParse(value).success).toBe(true)
    }
  })

  it('rejects other words and impossible dates', () => {
    for (const value of ['Unknown', 'n/a', '', '2020-02-30', 'unknown ']) {
      expect(OccurredOn.safeParse(value).success).toBe(false)
    }
  })
})

describe('precisionOf', () => {
  it.each([
    ['2020-09-13', 'day'],
    ['2020-09', 'month'],
    ['2020', 'year'],
    ['unknown', 'unknown'],
  ] as const)('gives %s the precision %s', (date, precision) => {
    expect(precisionOf(date)).toBe(precision)
  })
})

describe('dayRangeOf', () => {
  it('gives a day as itself', () => {
    expect(dayRangeOf('2020-09-13')).toEqual({ first: '2020-09-13', last: '2020-09-13' })
  })

  it.each([
    ['2020-09', '2020-09-01', '2020-09-30'],
    ['2020-08', '2020-08-01', '2020-08-31'],
    ['2020-02', '2020-02-01', '2020-02-29'],
    ['2021-02', '2021-02-01', '2021-02-28'],
    ['2000-02', '2000-02-01', '2000-02-29'],
    ['1900-02', '1900-02-01', '1900-02-28'],
    ['2020-12', '2020-12-01', '2020-12-31'],
  ])('gives the month %s as %s to %s', (month, first, last) => {
    expect(dayRangeOf(month)).toEqual({ first, last })
  })

  it('gives a year as 1 January to 31 December', () => {
    expect(dayRangeOf('2020')).toEqual({ first: '2020-01-01', last: '2020-12-31' })
    expect(dayRangeOf('1066')).toEqual({ first: '1066-01-01', last: '1066-12-31' })
  })

  it('gives days that are themselves valid calendar days, first not after last', () => {
    const storyDate = fc
      .tuple(
        fc.integer({ min: 1000, max: 9999 }),
        fc.option(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.option(fc.integer({ min: 1, max: 28 })))),
      )
      .map(([year, rest]) => {
        if (rest === null) return String(year)
        const [month, day] = rest
        const yearMonth = `${year}-${String(month).padStart(2, '0')}`
        return day === null ? yearMonth : `${yearMonth}-${String(day).padStart(2, '0')}`
      })
    fc.assert(
      fc.property(storyDate, (date) => {
        const { first, last } = dayRangeOf(date)
        expect(CalendarDay.safeParse(first).success).toBe(true)
        expect(CalendarDay.safeParse(last).success).toBe(true)
        expect(first <= last).toBe(true)
        expect(first.startsWith(date)).toBe(true)
        expect(last.startsWith(date)).toBe(true)
        // The day after `last` is no longer within `date`.
        const next = new Date(`${last}T00:00:00Z`)
        next.setUTCDate(next.getUTCDate() + 1)
        expect(next.toISOString().slice(0, 10).startsWith(date)).toBe(false)
      }),
    )
  })
})
