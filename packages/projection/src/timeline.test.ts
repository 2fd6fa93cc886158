import { describe, expect, it } from 'vitest'
import { NOW } from './fixtures/given.js'
import { summer2020 } from './fixtures/summer-2020.js'
import { timeline } from './timeline.js'

describe('timeline', () => {
  it('lists the developments in story order with dates, actors and sources', () => {
    const { events } = summer2020()
    const entries = timeline(events, { validAt: '2020-09-13', now: NOW })
    expect(entries.map((e) => [e.occurredOn, e.type])).toEqual([
      ['2020-08-02', 'InterestExpressed'],
      ['2020-08-06', 'GovernmentActionTaken'],
      ['2020-08-14', 'DeadlineSet'],
      ['2020-08-28', 'BidMade'],
      ['2020-09-13', 'BidRejected'],
      ['2020-09-13', 'PartnerSelected'],
    ])
    const selection = entries[5]!
    expect(selection).toMatchObject({
      description: 'bytedance selected Oracle as trusted technical partner',
      actors: [
        { entityId: 'bytedance', name: 'bytedance' },
        { entityId: 'oracle', name: 'Oracle' },
      ],
      precision: 'day',
      placement: { kind: 'day', day: '2020-09-13' },
      correctedBy: [],
    })
    expect(selection.sources[0]?.outlet).toBe('The Wall Street Journal')
  })

  it('filters by type, keeps the latest entries, and follows knownAt', () => {
    const { events } = summer2020()
    expect(timeline(events, { types: ['BidMade', 'BidRejected'], now: NOW }).map((e) => e.type)).toEqual([
      'BidMade',
      'BidRejected',
    ])
    expect(timeline(events, { limit: 2, now: NOW }).map((e) => e.type)).toEqual([
      'BidRejected',
      'PartnerSelected',
    ])
    expect(timeline(events, { knownAt: '2020-09-14T00:00:00Z', now: NOW }).at(-1)?.type).toBe('BidRejected')
    expect(timeline(events, { types: ['StoryOpened'], now: NOW })[0]?.placement).toEqual({ kind: 'always' })
  })

  it('shows corrected developments as corrected, and leaves retracted ones out', () => {
    const log = summer2020()
    const bid = log.events.find((e) => e.type === 'BidMade')!
    const interest = log.events.find((e) => e.type === 'InterestExpressed')!
    const correction = log.add('DevelopmentCorrected', {
      correctsEventId: bid.eventId,
      corrected: { occurredOn: '2020-08' },
      reason: 'only the month is known',
    })
    log.add('DevelopmentRetracted', { retractsEventId: interest.eventId, reason: 'never said' })
    const entries = timeline(log.events, { now: NOW })
    expect(entries.map((e) => e.type)).not.toContain('InterestExpressed')
    expect(entries.find((e) => e.eventId === bid.eventId)).toMatchObject({
      occurredOn: '2020-08',
      precision: 'month',
      placement: { kind: 'day', day: '2020-08-31' },
      correctedBy: [correction.eventId],
    })
  })

  it('refuses an unknown type', () => {
    expect(() => timeline([], { types: ['BidMad' as never], now: NOW })).toThrow()
  })
})
