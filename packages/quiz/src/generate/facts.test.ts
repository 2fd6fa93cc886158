import type { StoredEvent } from '@storyledger/core'
import { dayRangeOf } from '@storyledger/core'
import { describe, expect, it } from 'vitest'
import { buildLog, type EventSpec } from '../fixtures/log-builder.js'
import { tiktokLog } from '../fixtures/tiktok-log.js'
import { factsOf, lastDayOf } from './facts.js'

const LATER = '2030-01-01T00:00:00.000Z'

const entities: EventSpec[] = [
  {
    event: { type: 'EntityIntroduced', data: { entityId: 'acme', name: 'Acme', kind: 'company' } },
    occurredOn: 'unknown',
  },
  {
    event: { type: 'EntityIntroduced', data: { entityId: 'bolt', name: 'Bolt', kind: 'company' } },
    occurredOn: 'unknown',
  },
]
const source = (publishedOn: string) => [{ outlet: 'Daily', publishedOn }]

describe('lastDayOf', () => {
  it('agrees with the calendar for months, leap years and years', () => {
    for (const date of [
      '2020-02',
      '2021-02',
      '1900-02',
      '2000-02',
      '2020-04',
      '2020-12',
      '2020',
      '2020-09-13',
    ]) {
      expect(lastDayOf(date)).toBe(dayRangeOf(date).last)
    }
  })
})

describe('factsOf', () => {
  it('counts a development once its date has surely passed, or it was reported', () => {
    const log = buildLog('story/x', [
      ...entities,
      {
        event: { type: 'InterestExpressed', data: { partyId: 'acme' } },
        occurredOn: '2020-09',
        sources: source('2020-09-30'),
      },
      {
        event: { type: 'BidWithdrawn', data: { bidderId: 'bolt' } },
        occurredOn: '2020-09',
        reportedOn: '2020-09-05',
        sources: source('2020-09-05'),
      },
      {
        event: { type: 'BidMade', data: { bidderId: 'bolt' } },
        occurredOn: 'unknown',
        sources: [{ outlet: 'Daily' }],
      },
    ])
    const ids = (asOf: string) => factsOf(log, asOf, LATER).developments.map((d) => d.event.type)
    expect(ids('2020-09-13')).toEqual(['BidWithdrawn'])
    expect(ids('2020-09-30')).toEqual(['BidWithdrawn', 'InterestExpressed'])
  })

  it('leaves out what the log had not recorded by knownAt, and entities no counted development names', () => {
    const log = tiktokLog()
    const rejection = log.find((e) => e.type === 'BidRejected')!
    const before = new Date(Date.parse(rejection.recordedAt) - 1).toISOString()
    const facts = factsOf(log, '2020-12-31', before)
    expect(facts.developments.some((d) => d.event.type === 'BidRejected')).toBe(false)
    expect(facts.developments.some((d) => d.event.type === 'PartnerSelected')).toBe(false)
    expect(facts.entities.has('oracle')).toBe(false)
    expect(facts.entities.has('satya-nadella')).toBe(false)
    expect(factsOf(log, '2020-12-31', LATER).entities.has('oracle')).toBe(true)
  })

  it('drops sources published after the quiz date', () => {
    const log = buildLog('story/x', [
      ...entities,
      {
        event: { type: 'InterestExpressed', data: { partyId: 'acme' } },
        occurredOn: '2020-09-01',
        sources: [...source('2020-09-02'), { outlet: 'Weekly', publishedOn: '2020-10-01' }],
      },
    ])
    expect(factsOf(log, '2020-09-10', LATER).developments[0]!.sources.map((s) => s.outlet)).toEqual(['Daily'])
  })

  it('applies corrections and retractions recorded by knownAt', () => {
    const log: StoredEvent[] = buildLog('story/x', [
      ...entities,
      {
        event: { type: 'InterestExpressed', data: { partyId: 'acme' } },
        occurredOn: '2020-09-01',
        sources: source('2020-09-01'),
      },
      {
        event: { type: 'BidMade', data: { bidderId: 'bolt' } },
        occurredOn: '2020-09-02',
        sources: source('2020-09-02'),
      },
    ])
    const [interest, bid] = [log[2]!, log[3]!]
    const fixes = buildLog(
      'story/x',
      [
        {
          event: {
            type: 'DevelopmentCorrected',
            data: {
              correctsEventId: interest.eventId,
              corrected: { data: { partyId: 'bolt' } },
              reason: 'wrong party',
            },
          },
          occurredOn: 'unknown',
        },
        {
          event: {
            type: 'DevelopmentRetracted',
            data: { retractsEventId: bid.eventId, reason: 'never happened' },
          },
          occurredOn: 'unknown',
        },
      ],
      { firstPosition: 5, recordedFrom: '2025-01-01T00:00:00.000Z' },
    )
    const all = [...log, ...fixes]
    const before = factsOf(all, '2020-12-31', '2024-06-01T00:00:00.000Z')
    expect(before.developments.map((d) => d.event.type)).toEqual(['InterestExpressed', 'BidMade'])
    const after = factsOf(all, '2020-12-31', LATER)
    expect(after.developments.map((d) => d.event)).toEqual([
      { type: 'InterestExpressed', data: { partyId: 'bolt' } },
    ])
    expect(after.entities.has('acme')).toBe(false)
  })
})
