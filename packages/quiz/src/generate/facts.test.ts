import type { OccurredOn, StoredEvent, StoryEvent } from '@storyledger/core'
import { applyCorrection, dayRangeOf } from '@storyledger/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildLog, type EventSpec, fixtureEventId } from '../fixtures/log-builder.js'
import { tiktokLog } from '../fixtures/tiktok-log.js'
import { factsOf, inRange, lastDayOf } from './facts.js'

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

describe('corrections and retractions, against a plain fold of the log', () => {
  /** What the log says of each development once its fixes are applied in position order: a map by event id. */
  const plainFold = (log: readonly StoredEvent[], knownAt: string) => {
    const current = new Map<string, { event: StoryEvent; occurredOn: OccurredOn }>()
    for (const stored of [...log]
      .filter((e) => e.recordedAt <= knownAt)
      .sort((a, b) => a.position - b.position)) {
      const event = stored as StoryEvent
      if (event.type === 'DevelopmentCorrected') {
        const target = current.get(event.data.correctsEventId)
        const outcome = target === undefined ? undefined : applyCorrection(target, event.data.corrected)
        if (outcome?.ok) current.set(event.data.correctsEventId, outcome)
      } else if (event.type === 'DevelopmentRetracted') current.delete(event.data.retractsEventId)
      else if (event.type !== 'EntityIntroduced')
        current.set(stored.eventId, { event, occurredOn: stored.occurredOn })
    }
    return [...current].map(([eventId, { event, occurredOn }]) => ({
      eventId,
      occurredOn,
      event: { type: event.type, data: event.data },
    }))
  }

  it('gives what the fold gives, whatever the fixes name (each other, later events, the retracted), and in any array order', () => {
    const developments: EventSpec[] = [0, 1, 2, 3, 4, 5].map((i) => ({
      event:
        i % 2 === 0
          ? { type: 'InterestExpressed', data: { partyId: i % 4 === 0 ? 'acme' : 'bolt' } }
          : { type: 'BidMade', data: { bidderId: i % 3 === 0 ? 'acme' : 'bolt' } },
      occurredOn: `2020-09-0${i + 1}`,
    }))
    const fix = fc.record({
      retract: fc.boolean(),
      target: fc.nat(13),
      party: fc.constantFrom('acme', 'bolt', 'nobody'),
      day: fc.option(fc.constantFrom('2020-10-01', '2020-10', 'unknown' as const), { nil: undefined }),
    })
    fc.assert(
      fc.property(fc.array(fix, { maxLength: 6 }), fc.nat(), fc.nat(9), (fixes, seed, known) => {
        const head = buildLog('story/x', [...entities, ...developments])
        // Targets by position: the entities, the developments, the fixes themselves, and one past the end.
        const targetId = (i: number) => fixtureEventId(1, i + 1)
        const tail = buildLog(
          'story/x',
          fixes.map((f): EventSpec => {
            // Positions 3, 5, 7 hold interests, 4, 6, 8 bids; a fix of anything else changes nothing.
            const field = (f.target + 1) % 2 === 1 ? 'partyId' : 'bidderId'
            return {
              event: f.retract
                ? {
                    type: 'DevelopmentRetracted',
                    data: { retractsEventId: targetId(f.target), reason: 'wrong' },
                  }
                : {
                    type: 'DevelopmentCorrected',
                    data: {
                      correctsEventId: targetId(f.target),
                      corrected: {
                        data: { [field]: f.party },
                        ...(f.day === undefined ? {} : { occurredOn: f.day }),
                      },
                      reason: 'a mistake',
                    },
                  },
              occurredOn: 'unknown',
            }
          }),
          { firstPosition: head.length + 1, recordedFrom: '2025-01-01T00:00:00.000Z' },
        )
        const log = [...head, ...tail]
        // Any order of the array: the long way sorts by position.
        const shuffled = log
          .map((event, i) => ({ event, key: (i * 7919 + seed) % 104729 }))
          .sort((a, b) => a.key - b.key)
          .map(({ event }) => event)
        const knownAt = new Date(Date.parse('2025-01-01T00:00:00.000Z') + (known - 1) * 60_000).toISOString()
        const facts = factsOf(shuffled, '2999-12-31', knownAt)
        const expected = plainFold(log, knownAt).filter((d) => d.occurredOn !== 'unknown')
        const byId = (a: { eventId: string }, b: { eventId: string }) => (a.eventId < b.eventId ? -1 : 1)
        const got = facts.developments.map((d) => ({
          eventId: d.eventId,
          occurredOn: d.occurredOn,
          event: { type: d.event.type, data: d.event.data },
        }))
        expect(got.sort(byId)).toEqual(expected.sort(byId))
      }),
      { numRuns: 300 },
    )
  })
})

describe('sameFor: the scopes that read the same events', () => {
  // The story at positions 2, 4, 6…, another stream's events between them; the story's events are recorded
  // a minute apart, developments from its fifteenth event (position 30) on.
  const story = tiktokLog()
  const STORY = story[0]!.streamId
  const log: StoredEvent[] = story.flatMap((event, i) => [
    { ...event, streamId: 'story/other', eventId: `${event.eventId}-other`, position: 2 * i + 1 },
    { ...event, position: 2 * i + 2 },
  ])
  const end = 2 * story.length
  const recordedAt = (i: number) => story[i]!.recordedAt
  const shifted = (instant: string, ms: number) => new Date(Date.parse(instant) + ms).toISOString()
  const idsAt = (logPosition: number, knownAt: string) =>
    factsOf(log, '2020-12-31', knownAt, { storyId: STORY, logPosition }).developments.map((d) => d.eventId)

  it('runs from the scope asked for to the story’s next position, with no end of instants when all were recorded', () => {
    const facts = factsOf(log, '2020-12-31', recordedAt(6), { storyId: STORY, logPosition: 11 })
    // Positions 2 to 10 are read: the story's first five events, all recorded by then.
    expect(facts.eventsRead).toBe(5)
    expect(facts.sameFor).toEqual({
      logPositions: { from: 11, until: 12 },
      knownAt: { from: recordedAt(6), until: null },
    })
  })

  it('ends the instants at the earliest event left unrecorded, and the positions nowhere once all are read', () => {
    const { sameFor } = factsOf(log, '2020-12-31', recordedAt(20), { storyId: STORY, logPosition: end })
    expect(sameFor).toEqual({
      logPositions: { from: end, until: Number.POSITIVE_INFINITY },
      knownAt: { from: recordedAt(20), until: recordedAt(21) },
    })
    expect(inRange(sameFor, end, recordedAt(20))).toBe(true)
    expect(inRange(sameFor, end + 900, shifted(recordedAt(21), -1))).toBe(true)
    expect(inRange(sameFor, end + 900, recordedAt(21))).toBe(false)
    expect(inRange(sameFor, end - 1, recordedAt(20))).toBe(false)
    expect(inRange(sameFor, end, shifted(recordedAt(20), -1))).toBe(false)
    expect(inRange(sameFor, end, shifted(recordedAt(20), 1))).toBe(true)
  })

  it('gives the same facts for every scope in the range, and other facts just outside it', () => {
    // Positions up to 42 read the story's first 21 events, recorded by recordedAt(20); the 21st and 22nd
    // are developments.
    const { sameFor } = factsOf(log, '2020-12-31', recordedAt(20), { storyId: STORY, logPosition: 42 })
    expect(sameFor).toEqual({
      logPositions: { from: 42, until: 44 },
      knownAt: { from: recordedAt(20), until: null },
    })
    const same = idsAt(42, recordedAt(20))
    expect(idsAt(43, LATER)).toEqual(same)
    expect(idsAt(44, LATER)).not.toEqual(same)
    expect(idsAt(41, LATER)).not.toEqual(same)
    expect(idsAt(42, shifted(recordedAt(20), -1))).not.toEqual(same)
  })

  it('is worked out the long way too, for a log with a retraction', () => {
    const retraction = {
      ...story[20]!,
      eventId: 'retraction',
      position: end + 1,
      recordedAt: shifted(recordedAt(story.length - 1), 60_000),
      type: 'DevelopmentRetracted',
      data: { retractsEventId: story[20]!.eventId, reason: 'a mistake' },
    } as StoredEvent
    const facts = factsOf([...log, retraction], '2020-12-31', LATER, { storyId: STORY, logPosition: end + 5 })
    expect(facts.developments.some((d) => d.eventId === story[20]!.eventId)).toBe(false)
    expect(facts.sameFor).toEqual({
      logPositions: { from: end + 5, until: Number.POSITIVE_INFINITY },
      knownAt: { from: LATER, until: null },
    })
  })
})
