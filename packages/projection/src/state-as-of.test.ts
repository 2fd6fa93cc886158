import { dayRangeOf, InvalidArgumentError, type StoredEvent } from '@storyledger/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { given, NOW } from './fixtures/given.js'
import { aLog } from './fixtures/log-builder.js'
import { randomDay, randomInstant, randomLog } from './fixtures/random-log.js'
import { summer2020 } from './fixtures/summer-2020.js'
import type { Support } from './state.js'
import { effectiveEventsOf, stateAsOf } from './state-as-of.js'

describe('stateAsOf: valid time (validAt)', () => {
  it('holds only the developments that had happened by the end of validAt', () => {
    const { events } = summer2020()
    given(events).asOf('2020-08-01').expectNoParty('microsoft').expectPhase('not_started')
    given(events).asOf('2020-08-02').expectStanding('microsoft', 'interested').expectPhase('interest')
    given(events).asOf('2020-09-12').expectStanding('microsoft', 'bidding').expectNoParty('oracle')
    given(events)
      .asOf('2020-09-13')
      .expectStanding('microsoft', 'rejected')
      .expectStanding('oracle', 'partner')
  })

  it('keeps the story and the entities introduced without a date in every state', () => {
    const { state } = given(summer2020().events).asOf('2019-01-01')
    expect(state.story?.title).toBe('TikTok US')
    expect(Object.keys(state.entities)).toEqual(['microsoft', 'oracle'])
  })

  it('computes a due date of 90 days from the day an order was signed', () => {
    const { events } = summer2020()
    expect(given(events).asOf('2020-08-13').state.deadlines['sale-order']).toBeUndefined()
    given(events).asOf('2020-08-14').expectDue('sale-order', '2020-11-12')
  })

  it('places a month-precision development on the last day of the month', () => {
    const log = aLog()
    log.add('InterestExpressed', { partyId: 'walmart' }, { occurredOn: '2020-08' })
    given(log.events).asOf('2020-08-30').expectNoParty('walmart')
    given(log.events).asOf('2020-08-31').expectStanding('walmart', 'interested')
  })

  it('places a month-precision development earlier when a source published it earlier', () => {
    const log = aLog()
    log.add(
      'InterestExpressed',
      { partyId: 'walmart' },
      { occurredOn: '2020-08', sources: [{ outlet: 'CNBC', publishedOn: '2020-08-27' }, { outlet: 'Wire' }] },
    )
    given(log.events).asOf('2020-08-26').expectNoParty('walmart')
    given(log.events).asOf('2020-08-27').expectStanding('walmart', 'interested')
  })

  it('places a year-precision development by its report, at the report’s own precision', () => {
    const log = aLog()
    log.add('InterestExpressed', { partyId: 'twitter' }, { occurredOn: '2020', reportedOn: '2020-08' })
    given(log.events).asOf('2020-08-30').expectNoParty('twitter')
    given(log.events).asOf('2020-08-31').expectStanding('twitter', 'interested')
  })

  it('places an undated development on its earliest report, and one without any only in "now" states', () => {
    const log = aLog()
    log.add('InterestExpressed', { partyId: 'twitter' }, { occurredOn: 'unknown', reportedOn: '2020-08-08' })
    log.add('InterestExpressed', { partyId: 'softbank' }, { occurredOn: 'unknown' })
    given(log.events).asOf('2020-08-07').expectNoParty('twitter')
    given(log.events).asOf('2020-08-08').expectStanding('twitter', 'interested').expectNoParty('softbank')
    given(log.events).asOf('2099-12-31').expectNoParty('softbank')
    given(log.events).asOf().expectStanding('softbank', 'interested')
  })

  it('folds developments of one day in the order the log recorded them', () => {
    const log = aLog()
    log.add(
      'StatementMade',
      { speakerId: 'a', quote: 'first', channel: 'statement' },
      { occurredOn: '2020-09-13' },
    )
    log.add(
      'StatementMade',
      { speakerId: 'a', quote: 'earlier', channel: 'statement' },
      { occurredOn: '2020-09' },
    )
    log.add(
      'StatementMade',
      { speakerId: 'a', quote: 'second', channel: 'statement' },
      { occurredOn: '2020-09-13' },
    )
    log.add(
      'StatementMade',
      { speakerId: 'a', quote: 'before', channel: 'statement' },
      { occurredOn: '2020-09-12' },
    )
    given(log.events).asOf('2020-09-30').expectStatements(['before', 'first', 'second', 'earlier'])
  })
})

describe('stateAsOf: recorded time (knownAt)', () => {
  it('holds only what the log had recorded by knownAt', () => {
    const { events } = summer2020()
    // Oracle's selection on 13 September was recorded at 01:00 on the 14th.
    given(events)
      .asOf('2020-09-13', '2020-09-13')
      .expectStanding('microsoft', 'rejected')
      .expectNoParty('oracle')
    given(events).asOf('2020-09-13', '2020-09-14T00:59:59.999Z').expectNoParty('oracle')
    given(events).asOf('2020-09-13', '2020-09-14T01:00:00Z').expectStanding('oracle', 'partner')
    given(events).asOf(undefined, '2020-09-14T03:00:00+02:00').expectStanding('oracle', 'partner')
    given(events).asOf(undefined, '2020-09-14T02:59:59+02:00').expectNoParty('oracle')
  })

  it('lands a back-dated development where it belongs in the story, once it is recorded', () => {
    const log = summer2020()
    const late = log.add(
      'InterestExpressed',
      { partyId: 'oracle' },
      { occurredOn: '2020-08-17', recordedAt: '2020-10-01T00:00:00Z' },
    )
    const { events } = log
    given(events).asOf('2020-09-01', '2020-09-30').expectNoParty('oracle')
    const known = given(events).asOf('2020-09-01').expectStanding('oracle', 'interested')
    expect(known.state.parties.oracle?.support.map((s) => s.eventId)).toEqual([late.eventId])
    // In story order the interest comes before the selection, so Oracle ends up the partner.
    const after = given(events).asOf('2020-09-30').expectStanding('oracle', 'partner')
    expect(after.state.parties.oracle?.history.map((h) => [h.standing, h.occurredOn])).toEqual([
      ['interested', '2020-08-17'],
      ['partner', '2020-09-13'],
    ])
  })
})

describe('stateAsOf: corrections and retractions', () => {
  function corrected() {
    const log = summer2020()
    const bid = log.events.find((e) => e.type === 'BidMade')!
    const correction = log.add(
      'DevelopmentCorrected',
      {
        correctsEventId: bid.eventId,
        corrected: { data: { amount: { amount: 30_000_000_000, currency: 'USD' }, partnerIds: ['walmart'] } },
        reason: 'the bid was made with Walmart',
      },
      { recordedAt: '2020-09-15T00:00:00Z' },
    )
    return { events: log.events, bid, correction }
  }

  it('shows the corrected version from the moment the correction is recorded', () => {
    const { events, correction } = corrected()
    const after = given(events).asOf('2020-08-30').expectStanding('walmart', 'bidding')
    expect(after.state.bids[0]).toMatchObject({ partnerIds: ['walmart'], amount: { amount: 30_000_000_000 } })
    expect(after.state.bids[0]?.support[0]?.correctedBy).toEqual([correction.eventId])
  })

  it('shows the old version as known before the correction was recorded', () => {
    const { events } = corrected()
    const before = given(events).asOf('2020-08-30', '2020-09-14T23:59:59Z').expectNoParty('walmart')
    expect(before.state.bids[0]?.partnerIds).toEqual([])
    expect(before.state.bids[0]?.amount).toBeUndefined()
    expect(before.state.bids[0]?.support[0]?.correctedBy).toBeUndefined()
  })

  it('moves a development whose date is corrected, from the moment the correction is known', () => {
    const log = summer2020()
    const selection = log.events.find((e) => e.type === 'PartnerSelected')!
    log.add(
      'DevelopmentCorrected',
      {
        correctsEventId: selection.eventId,
        corrected: { occurredOn: '2020-09-19' },
        reason: 'announced later',
      },
      { recordedAt: '2020-09-20T00:00:00Z' },
    )
    given(log.events).asOf('2020-09-15', '2020-09-16').expectStanding('oracle', 'partner')
    given(log.events).asOf('2020-09-15').expectNoParty('oracle')
    const moved = given(log.events).asOf('2020-09-19').expectStanding('oracle', 'partner')
    expect(moved.state.partner?.occurredOn).toBe('2020-09-19')
  })

  it('removes a retracted development from the moment the retraction is recorded, not before', () => {
    const log = summer2020()
    const statement = log.add(
      'StatementMade',
      { speakerId: 'walmart', quote: 'We are out', channel: 'statement' },
      { occurredOn: '2020-08-20', recordedAt: '2020-09-20T12:00:00Z' },
    )
    log.add(
      'DevelopmentRetracted',
      { retractsEventId: statement.eventId, reason: 'the statement was fabricated' },
      { recordedAt: '2020-09-25T00:00:00Z' },
    )
    given(log.events).asOf('2020-09-30', '2020-09-20').expectStatements(['We are out'])
    given(log.events).asOf('2020-09-30', '2020-09-24').expectStatements(['We are out'])
    given(log.events).asOf('2020-09-30', '2020-09-25').expectStatements([])
    given(log.events).asOf('2020-09-30').expectStatements([])
  })

  it('ignores a correction that no longer fits its development, and corrections of a retracted one', () => {
    const log = summer2020()
    const bid = log.events.find((e) => e.type === 'BidMade')!
    log.add('DevelopmentCorrected', {
      correctsEventId: bid.eventId,
      corrected: { data: { bidderId: 'Not An Id' } },
      reason: 'bad',
    })
    log.add('DevelopmentRetracted', { retractsEventId: bid.eventId, reason: 'no bid' })
    log.add('DevelopmentCorrected', {
      correctsEventId: bid.eventId,
      corrected: { occurredOn: '2020-08' },
      reason: 'x',
    })
    const known = effectiveEventsOf(log.events)
    expect(known.some((e) => e.eventId === bid.eventId)).toBe(false)
    given(log.events).asOf('2020-09-01').expectStanding('microsoft', 'interested')
  })
})

describe('stateAsOf: options', () => {
  it('refuses a validAt that is not a calendar day, or a missing now, with every issue', () => {
    const { events } = summer2020()
    expect(() => stateAsOf(events, { validAt: '2020-02-30', now: NOW })).toThrow(InvalidArgumentError)
    expect(() => stateAsOf(events, { validAt: '2020-09', now: NOW })).toThrow(/validAt/)
    expect(() => stateAsOf(events, { knownAt: 'yesterday', now: NOW })).toThrow(/knownAt/)
    expect(() => stateAsOf(events, {} as never)).toThrow(/now/)
  })

  it('reads the log in position order whatever order it is given in', () => {
    const { events } = summer2020()
    const shuffled = [...events].reverse()
    expect(stateAsOf(shuffled, { validAt: '2020-09-13', now: NOW })).toEqual(
      stateAsOf(events, { validAt: '2020-09-13', now: NOW }),
    )
  })
})

describe('stateAsOf: properties', () => {
  it('never holds anything that happened after validAt, or that was recorded after knownAt', () => {
    fc.assert(
      fc.property(randomLog, randomDay, randomInstant, (events, validAt, knownAt) => {
        const state = stateAsOf(events, { validAt, knownAt, now: NOW })
        const byId = new Map(events.map((e) => [e.eventId, e]))
        for (const support of supportsOf(state)) {
          expect(support.recordedAt <= knownAt).toBe(true)
          const event = byId.get(support.eventId)!
          expect(couldHaveHappenedBy(support, event, validAt), JSON.stringify(support)).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('holds every development that was known to have happened by validAt and known at knownAt', () => {
    fc.assert(
      fc.property(randomLog, randomDay, (events, validAt) => {
        const state = stateAsOf(events, { validAt, now: NOW })
        const held = new Set([...supportsOf(state)].map((s) => s.eventId))
        for (const event of effectiveEventsOf(events)) {
          const placedBy = event.occurredOn.length === 10 && event.occurredOn <= validAt
          if (placedBy && event.type === 'StatementMade') expect(held.has(event.eventId)).toBe(true)
        }
      }),
      { numRuns: 200 },
    )
  })
})

function* supportsOf(value: unknown): Generator<Support> {
  if (Array.isArray(value)) {
    for (const item of value) yield* supportsOf(item)
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'support') yield* item as Support[]
      else yield* supportsOf(item)
    }
  }
}

/** Its (corrected) date starts by validAt; an undated one was reported or published by then. */
function couldHaveHappenedBy(support: Support, event: StoredEvent, validAt: string): boolean {
  if (event.type === 'StoryOpened' || event.type === 'EntityIntroduced') return true
  if (support.occurredOn !== 'unknown') return dayRangeOf(support.occurredOn).first <= validAt
  const proofs = [event.reportedOn, ...event.metadata.sources.map((s) => s.publishedOn)]
  return proofs.some((p) => p !== undefined && dayRangeOf(p).first <= validAt)
}
