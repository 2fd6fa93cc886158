import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { aLog } from './fixtures/log-builder.js'
import { addDays, placementOf } from './placement.js'

describe('addDays', () => {
  it('counts calendar days across months, leap days and years', () => {
    expect(addDays('2020-08-14', 90)).toBe('2020-11-12')
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29')
    expect(addDays('2021-02-28', 1)).toBe('2021-03-01')
    expect(addDays('2020-12-31', 1)).toBe('2021-01-01')
    expect(addDays('0001-01-01', -1)).toBe('0000-12-31')
  })

  it('agrees with the calendar of Date for any day and offset (property)', () => {
    const day = fc.date({ min: new Date('0200-01-01'), max: new Date('9000-12-31'), noInvalidDate: true })
    fc.assert(
      fc.property(day, fc.integer({ min: -40_000, max: 40_000 }), (date, offset) => {
        const start = date.toISOString().slice(0, 10)
        const expected = new Date(Date.parse(`${start}T00:00:00Z`) + offset * 86_400_000)
          .toISOString()
          .slice(0, 10)
        expect(addDays(start, offset)).toBe(expected)
      }),
    )
  })
})

describe('placementOf', () => {
  it('places each kind of date as the package README says', () => {
    const log = aLog()
    const published = [{ outlet: 'Reuters', publishedOn: '2020-09' }]
    const cases = [
      [
        log.add('StoryOpened', { title: 't', subject: 's' }, { occurredOn: '2020-09-14' }),
        { kind: 'always' },
      ],
      [log.add('EntityIntroduced', { entityId: 'a', name: 'A', kind: 'company' }), { kind: 'always' }],
      [
        log.add(
          'EntityIntroduced',
          { entityId: 'b', name: 'B', kind: 'company' },
          { occurredOn: '2020-09-01' },
        ),
        { kind: 'day', day: '2020-09-01' },
      ],
      [
        log.add('BidWithdrawn', { bidderId: 'a' }, { occurredOn: '2020-09-13' }),
        { kind: 'day', day: '2020-09-13' },
      ],
      [
        log.add('BidWithdrawn', { bidderId: 'a' }, { occurredOn: '2020-02' }),
        { kind: 'day', day: '2020-02-29' },
      ],
      [
        log.add('BidWithdrawn', { bidderId: 'a' }, { occurredOn: '2020', sources: published }),
        { kind: 'day', day: '2020-09-30' },
      ],
      [
        log.add('BidWithdrawn', { bidderId: 'a' }, { occurredOn: '2020-10', reportedOn: '2020-09-30' }),
        { kind: 'day', day: '2020-10-01' },
      ],
      [
        log.add(
          'BidWithdrawn',
          { bidderId: 'a' },
          { occurredOn: 'unknown', reportedOn: '2021', sources: published },
        ),
        { kind: 'day', day: '2020-09-30' },
      ],
      [log.add('BidWithdrawn', { bidderId: 'a' }, { occurredOn: 'unknown' }), { kind: 'undated' }],
    ] as const
    for (const [event, placement] of cases) expect(placementOf(event), event.occurredOn).toEqual(placement)
  })
})
