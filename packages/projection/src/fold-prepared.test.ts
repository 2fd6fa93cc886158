import type { StoredEvent } from '@storyledger/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evolve, type FoldableEvent, fold } from './evolve.js'
import { aLog } from './fixtures/log-builder.js'
import { randomLog } from './fixtures/random-log.js'
import { foldPrepared, prepareEvents } from './fold-prepared.js'
import { restoreSnapshot, serializeSnapshot } from './replay-index.js'
import { type DealState, initialState } from './state.js'
import { effectiveEventsOf, inStoryOrder } from './state-as-of.js'

/** The reference semantics: one `evolve` per event, from the empty state. */
function evolved(events: readonly FoldableEvent[], state: DealState = initialState()): DealState {
  return events.reduce(evolve, state)
}

/** A state as a store gives it back: read from JSON, so it shares no object with a prepared form. */
function readBack(state: DealState): DealState {
  const text = serializeSnapshot({ format: 1, placedOn: '', position: 0, count: 0, stamp: '', state })
  const restored = restoreSnapshot(text)
  if (!restored.ok) throw new Error(restored.detail)
  return restored.snapshot.state
}

const developmentsOf = (log: StoredEvent[]) => inStoryOrder(effectiveEventsOf(log))

describe('foldPrepared', () => {
  it('folds any range of prepared developments, from the state before it, as evolve does (property)', () => {
    fc.assert(
      fc.property(randomLog, fc.nat(), fc.nat(), (log, x, y) => {
        const events = developmentsOf(log)
        const prepared = prepareEvents(events)
        const [a, b] = [x % (events.length + 1), y % (events.length + 1)].sort((p, q) => p - q) as [
          number,
          number,
        ]
        // Frozen, so that a fold that wrote to the state it starts from, or to a prepared object the state
        // shares, would throw.
        const first = deepFreeze(foldPrepared(prepared, initialState(), 0, a))
        expect(first).toEqual(evolved(events.slice(0, a)))
        const second = deepFreeze(foldPrepared(prepared, first, a, b))
        expect(second).toEqual(evolved(events.slice(0, b)))
        expect(foldPrepared(prepared, second, b)).toEqual(evolved(events))
        expect(foldPrepared(prepared)).toEqual(evolved(events))
      }),
      { numRuns: 300 },
    )
  })

  it('folds from a state read back from JSON, which shares nothing with the prepared form (property)', () => {
    fc.assert(
      fc.property(randomLog, fc.nat(), (log, x) => {
        const events = developmentsOf(log)
        const prepared = prepareEvents(events)
        const split = x % (events.length + 1)
        const start = readBack(evolved(events.slice(0, split)))
        expect(foldPrepared(prepared, start, split)).toEqual(evolved(events))
      }),
      { numRuns: 200 },
    )
  })

  it('copies a bid it ends, so that the prepared bid, and every state before the ending, keep it open', () => {
    const log = aLog()
    log.add('BidMade', { bidderId: 'microsoft', amount: { amount: 20, currency: 'USD' } })
    log.add('BidRejected', { bidderId: 'microsoft', rejectedById: 'bytedance', reason: 'security' })
    const prepared = prepareEvents(log.events)
    const before = foldPrepared(prepared, initialState(), 0, 1)
    const after = foldPrepared(prepared)
    expect(after.bids[0]).toEqual({
      ...before.bids[0],
      status: 'rejected',
      rejectedById: 'bytedance',
      reason: 'security',
      support: [before.bids[0]!.support[0], after.parties.microsoft!.support[1]],
    })
    expect(before.bids[0]!.status).toBe('open')
    expect(foldPrepared(prepared, initialState(), 0, 1)).toEqual(before)
  })

  it('blocks the parties of deals of the starting state that no prepared development names', () => {
    const log = aLog()
    log.add('BidMade', { bidderId: 'oracle' })
    log.add('DealAnnounced', { partyIds: ['oracle', 'bytedance'], description: 'a deal' })
    log.add('DealAnnounced', { partyIds: ['walmart', 'bytedance'], description: 'another deal' })
    const start = fold(log.events)
    // Each blocks the latest open deal: the second, then the first; ByteDance is in both.
    const blockings = [
      log.add('DealBlocked', { blockedById: 'us-president', reason: 'security' }),
      log.add('DealBlocked', { blockedById: 'us-president', reason: 'security' }),
    ]
    const state = foldPrepared(prepareEvents(blockings), start)
    expect(state).toEqual(evolved(blockings, start))
    expect(state.parties.bytedance?.support).toHaveLength(4)
    expect(state.parties.oracle?.standing).toBe('blocked')
  })

  it('adds the facts of a range as they are, shared with the prepared form, and counts them', () => {
    const log = aLog()
    log.add('StatementMade', { speakerId: 'oracle', quote: 'Yes', channel: 'statement' })
    log.add('InterestExpressed', { partyId: 'walmart' })
    log.add('StatementMade', { speakerId: 'walmart', quote: 'No', channel: 'statement' })
    const prepared = prepareEvents(log.events)
    const start = foldPrepared(prepared, initialState(), 0, 1)
    const state = foldPrepared(prepared, start, 1)
    expect(state.statements.map((s) => s.quote)).toEqual(['Yes', 'No'])
    expect(state.statements[0]).toBe(start.statements[0])
    expect(start.statements).toHaveLength(1)
    expect(state.developments).toBe(3)
    const empty = foldPrepared(prepared, start, 1, 1)
    expect(empty.statements).toBe(start.statements)
    expect(empty.parties).toBe(start.parties)
  })
})

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const item of Object.values(value)) deepFreeze(item)
  }
  return value
}
