import type { StoredEvent } from '@storyledger/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NOW } from './fixtures/given.js'
import { aLog } from './fixtures/log-builder.js'
import { randomDay, randomInstant, randomLog } from './fixtures/random-log.js'
import {
  createReplayIndex,
  isAffectedBy,
  restoreSnapshot,
  serializeSnapshot,
  stateFromSnapshot,
} from './replay-index.js'
import { effectiveEventsOf, stateAsOf } from './state-as-of.js'

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined })

function optionsOf(validAt: string | undefined, knownAt: string | undefined) {
  return {
    now: NOW,
    ...(validAt === undefined ? {} : { validAt }),
    ...(knownAt === undefined ? {} : { knownAt }),
  }
}

function story(count: number) {
  const log = aLog('2020-08-01T00:00:00.000Z')
  log.add('StoryOpened', { title: 'A long story', subject: 'Many statements' })
  for (let i = 0; i < count; i++) {
    const day = `2020-${String(8 + Math.floor(i / 28)).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`
    log.add(
      'StatementMade',
      { speakerId: `s${i % 5}`, quote: `q${i}`, channel: 'statement' },
      { occurredOn: day },
    )
  }
  return log
}

describe('createReplayIndex', () => {
  it('answers like a full replay, for random logs, dates, knowledge and snapshot intervals', () => {
    fc.assert(
      fc.property(
        randomLog,
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(maybe(randomDay), maybe(randomInstant)), { minLength: 1, maxLength: 6 }),
        (events, snapshotEvery, queries) => {
          const index = createReplayIndex(events, { snapshotEvery })
          for (const [validAt, knownAt] of queries) {
            const options = optionsOf(validAt, knownAt)
            expect(index.stateAsOf(options)).toEqual(stateAsOf(events, options))
          }
        },
      ),
      { numRuns: 500 },
    )
  })

  it('keeps a snapshot every N developments and one of the whole story, with stamps that never decrease', () => {
    const { events } = story(25)
    const index = createReplayIndex(events, { snapshotEvery: 10 })
    expect(index.size).toBe(26)
    expect(index.snapshots.map((s) => s.count)).toEqual([10, 20, 26])
    expect(index.snapshots.map((s) => s.state.statements.length)).toEqual([9, 19, 25])
    expect(index.stateAsOf({ now: NOW })).toBe(index.snapshots[2]!.state)
    expect(index.snapshots[0]!.stamp <= index.snapshots[1]!.stamp).toBe(true)
  })

  it('does not let one query change a snapshot or another query’s state', () => {
    const log = story(6)
    log.add('BidMade', { bidderId: 'oracle' }, { occurredOn: '2020-08-02' })
    log.add('BidRejected', { bidderId: 'oracle', rejectedById: 'bytedance' }, { occurredOn: '2020-08-05' })
    const index = createReplayIndex(log.events, { snapshotEvery: 2 })
    const copies = index.snapshots.map((s) => JSON.stringify(s))
    const early = index.stateAsOf({ validAt: '2020-08-03', now: NOW })
    const earlyCopy = JSON.stringify(early)
    index.stateAsOf({ validAt: '2020-08-06', now: NOW })
    expect(index.snapshots.map((s) => JSON.stringify(s))).toEqual(copies)
    expect(JSON.stringify(early)).toBe(earlyCopy)
    expect(early.bids[0]?.status).toBe('open')
  })

  it('folds a development whose correction moved it after a snapshot, for a knownAt before later events', () => {
    const log = aLog('2020-07-01T00:00:00.000Z')
    const withdrawal = log.add('BidWithdrawn', { bidderId: 'microsoft' }, { occurredOn: '2020-07-01' })
    log.add(
      'DevelopmentCorrected',
      { correctsEventId: withdrawal.eventId, corrected: { occurredOn: '2020-10-01' }, reason: 'later' },
      { recordedAt: '2020-07-01T00:00:00.000Z' },
    )
    log.add(
      'StatementMade',
      { speakerId: 'microsoft', quote: 'yes', channel: 'statement' },
      { occurredOn: '2020-07-01', recordedAt: '2020-07-01T00:00:00.000Z' },
    )
    log.add('DealAnnounced', { partyIds: ['microsoft'], description: 'a deal' }, { occurredOn: '2020-07-01' })
    const options = { knownAt: '2020-07-01T00:00:00.000Z', now: NOW }
    const state = createReplayIndex(log.events, { snapshotEvery: 1 }).stateAsOf(options)
    expect(state).toEqual(stateAsOf(log.events, options))
    expect(state.parties.microsoft?.standing).toBe('withdrawn')
  })

  it('refuses a snapshot interval that is not a positive integer', () => {
    expect(() => createReplayIndex([], { snapshotEvery: 0 })).toThrow(RangeError)
  })
})

describe('snapshots as JSON', () => {
  it('come back from JSON equal, and answer as-of queries from there', () => {
    const { events } = story(30)
    const snapshot = createReplayIndex(events, { snapshotEvery: 10 }).snapshots[1]!
    const restored = restoreSnapshot(serializeSnapshot(snapshot))
    if (!restored.ok) throw new Error(restored.detail)
    expect(restored.snapshot).toEqual(snapshot)
    const options = { validAt: '2020-09-20', now: NOW }
    expect(stateFromSnapshot(restored.snapshot, events, options)).toEqual(stateAsOf(events, options))
  })

  it('are refused, not thrown, when the text is not a snapshot', () => {
    expect(restoreSnapshot('{')).toMatchObject({ ok: false, reason: 'NOT_A_SNAPSHOT' })
    const restored = restoreSnapshot(JSON.stringify({ format: 2 }))
    expect(restored).toMatchObject({ ok: false, reason: 'NOT_A_SNAPSHOT' })
    expect(!restored.ok && restored.detail).toMatch(/format/)
  })

  it('fall back to a full replay when the snapshot is after validAt or newer than knownAt', () => {
    const { events } = story(30)
    const snapshot = createReplayIndex(events, { snapshotEvery: 10 }).snapshots[1]!
    for (const options of [
      { validAt: '2020-08-03', now: NOW },
      { knownAt: '2020-08-01T00:00:05.000Z', now: NOW },
    ]) {
      expect(stateFromSnapshot(snapshot, events, options)).toEqual(stateAsOf(events, options))
    }
  })
})

describe('isAffectedBy', () => {
  const log = story(10)
  const events = log.events
  const snapshot = createReplayIndex(events, { snapshotEvery: 5 }).snapshots[0]!
  const lookup = (id: string) => effectiveEventsOf(events).find((e) => e.eventId === id)

  it('says a development placed at or before the snapshot bears on it, and a later one does not', () => {
    const more = aLog('2030-01-01T00:00:00.000Z')
    const backDated = more.add('BidMade', { bidderId: 'x' }, { occurredOn: '2020-08-02' })
    const later = more.add('BidMade', { bidderId: 'x' }, { occurredOn: '2020-12-01' })
    expect(snapshot.placedOn).toBe('2020-08-04')
    expect(isAffectedBy(snapshot, { ...backDated, position: 100 }, lookup)).toBe(true)
    expect(isAffectedBy(snapshot, { ...later, position: 101 }, lookup)).toBe(false)
  })

  it('says a correction bears on it when its development was there or moves there; so does a retraction', () => {
    const early = events[2]!
    const late = events[9]!
    const at = (type: 'DevelopmentCorrected' | 'DevelopmentRetracted', data: unknown): StoredEvent =>
      ({ ...late, position: 200, type, data }) as StoredEvent
    const correct = (target: StoredEvent, occurredOn?: string) =>
      at('DevelopmentCorrected', {
        correctsEventId: target.eventId,
        corrected: occurredOn === undefined ? { data: { quote: 'x' } } : { occurredOn },
        reason: 'r',
      })
    expect(isAffectedBy(snapshot, correct(early), lookup)).toBe(true)
    expect(isAffectedBy(snapshot, correct(late), lookup)).toBe(false)
    expect(isAffectedBy(snapshot, correct(late, '2020-08-01'), lookup)).toBe(true)
    expect(isAffectedBy(snapshot, correct(early, '2020-12-01'), lookup)).toBe(true)
    expect(
      isAffectedBy(
        snapshot,
        at('DevelopmentRetracted', { retractsEventId: late.eventId, reason: 'r' }),
        lookup,
      ),
    ).toBe(false)
    expect(
      isAffectedBy(snapshot, at('DevelopmentRetracted', { retractsEventId: 'nope', reason: 'r' }), lookup),
    ).toBe(true)
  })

  it('keeps every snapshot that no later event bears on good for the whole log (property)', () => {
    fc.assert(
      fc.property(
        randomLog,
        fc.nat(),
        fc.integer({ min: 1, max: 5 }),
        randomDay,
        (events, cut, every, validAt) => {
          const split = events.length === 0 ? 0 : cut % events.length
          const index = createReplayIndex(events.slice(0, split), { snapshotEvery: every })
          for (const snapshot of index.snapshots) {
            const affected = events.slice(split).some((event) => {
              const known = new Map(
                effectiveEventsOf(events.slice(0, event.position - 1)).map((e) => [e.eventId, e]),
              )
              return isAffectedBy(snapshot, event, (id) => known.get(id))
            })
            if (affected) continue
            const day = [validAt, snapshot.placedOn].sort()[1]!
            const options = { now: NOW, ...(/^\d{4}-\d{2}-\d{2}$/.test(day) ? { validAt: day } : {}) }
            expect(stateFromSnapshot(snapshot, events, options)).toEqual(stateAsOf(events, options))
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})
