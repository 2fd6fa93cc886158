import type { StoredEvent } from '@storyledger/core'
import { openTestStore } from '@storyledger/core/testing'
import { type DealState, stateAsOf } from '@storyledger/projection'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadBundledStory } from './bundled-stories.js'
import { importStory } from './import-story.js'

// The bundled saga, replayed at the dates a teacher would pick; every expectation is what the cited sources
// say was true on that day.
// Long after the import, whose events are recorded by the real clock: everything recorded is known.
const NOW = '2100-01-01T00:00:00Z'
let events: StoredEvent[]

beforeAll(async () => {
  const t = await openTestStore('pglite')
  try {
    const story = await loadBundledStory('tiktok-us-saga-2020-2026')
    const { streamId } = await importStory(t.store, story)
    events = await t.store.readStream(streamId)
  } finally {
    await t.close()
  }
})

const asOf = (validAt?: string): DealState =>
  stateAsOf(events, { ...(validAt === undefined ? {} : { validAt }), now: NOW })
const standings = (state: DealState) =>
  Object.fromEntries(Object.values(state.parties).map((p) => [p.partyId, p.standing]))
const dueDates = (state: DealState) =>
  Object.fromEntries(Object.values(state.deadlines).map((d) => [d.deadlineId, d.dueOn]))

describe('the TikTok saga, replayed', () => {
  it("on 1 August 2020: only Trump's threat of a ban; no suitor, no deadline", () => {
    const state = asOf('2020-08-01')
    expect(state.parties).toEqual({})
    expect(state.deadlines).toEqual({})
    expect(state.statements.map((s) => s.speakerId)).toEqual(['donald-trump'])
  })

  it('on 15 August 2020: Microsoft in talks, the 45-day and 90-day orders running', () => {
    const state = asOf('2020-08-15')
    expect(standings(state)).toEqual({ microsoft: 'interested' })
    expect(dueDates(state)).toEqual({
      'september-15-shutdown': '2020-09-15',
      'eo-13942-ban': '2020-09-20',
      'divestment-order': '2020-11-12',
    })
    expect(state.governmentActions.map((a) => a.action)).toEqual(['executive_order', 'executive_order'])
  })

  it('on 13 September 2020: Microsoft turned down by ByteDance, Oracle the trusted technical partner', () => {
    const state = asOf('2020-09-13')
    expect(standings(state)).toMatchObject({
      microsoft: 'rejected',
      oracle: 'partner',
      walmart: 'interested',
      triller: 'bidding',
    })
    expect(state.partner).toMatchObject({ partnerId: 'oracle', selectedById: 'bytedance' })
    expect(state.partner?.role).toMatch(/trusted tech/)
    expect(state.phase).toBe('partner_selected')
    expect(state.conditions.map((c) => c.condition).join(' ')).toMatch(/algorithm/)
  })

  it('on 20 September 2020: Oracle and Walmart the buyers of TikTok Global, the app-store ban pushed back a week', () => {
    const state = asOf('2020-09-20')
    expect(standings(state)).toMatchObject({ oracle: 'buyer', walmart: 'buyer', microsoft: 'rejected' })
    expect(state.phase).toBe('announced')
    expect(state.deadlines['app-store-ban']).toMatchObject({ dueOn: '2020-09-27' })
  })

  it('in December 2020: the divestment deadline extended twice by CFIUS, to 4 December', () => {
    const deadline = asOf('2020-12-05').deadlines['divestment-order']
    expect(deadline?.originalDueOn).toBe('2020-11-12')
    expect(deadline?.history.map((h) => h.dueOn)).toEqual(['2020-11-12', '2020-11-27', '2020-12-04'])
  })

  it('at the latest date: the joint venture closed, Oracle its trusted security partner', () => {
    const state = asOf()
    expect(state.phase).toBe('closed')
    expect(state.partner).toMatchObject({ partnerId: 'oracle', selectedById: 'tiktok-usds-jv' })
    expect(state.deadlines['divest-or-ban-law']?.dueOn).toBe('2025-01-19')
    expect(state.deadlines['non-enforcement']?.dueOn).toBe('2026-01-23')
    expect(state.deals.some((d) => d.status === 'closed' && d.partyIds.includes('oracle'))).toBe(true)
  })

  it('as known before anything was recorded: an empty story', () => {
    const state = stateAsOf(events, { validAt: '2020-09-13', knownAt: '2000-01-01', now: NOW })
    expect(state.parties).toEqual({})
    expect(state.story).toBeNull()
  })
})
