import type { StoredEvent } from '@storyledger/core'
import { openTestStore } from '@storyledger/core/testing'
import { type DealState, diff, stateAsOf, timeline } from '@storyledger/projection'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadBundledStory } from './bundled-stories.js'
import { importStory } from './import-story.js'

// The same projection, with no code of its own for this story, on a deal of another kind: an acquisition
// announced, fought by regulators, blocked in one country, restructured and closed.
// Long after the import, whose events are recorded by the real clock: everything recorded is known.
const NOW = '2100-01-01T00:00:00Z'
let events: StoredEvent[]

beforeAll(async () => {
  const t = await openTestStore('pglite')
  try {
    const { streamId } = await importStory(t.store, await loadBundledStory('microsoft-activision-2022-2023'))
    events = await t.store.readStream(streamId)
  } finally {
    await t.close()
  }
})

const asOf = (validAt?: string): DealState =>
  stateAsOf(events, { ...(validAt === undefined ? {} : { validAt }), now: NOW })

describe('Microsoft and Activision Blizzard, replayed', () => {
  it('on the day it was announced: Microsoft the buyer, a signed deal, the outside date running', () => {
    const state = asOf('2022-01-18')
    expect(state.parties.microsoft?.standing).toBe('buyer')
    expect(state.deals.map((d) => d.status)).toEqual(['signed'])
    expect(state.deals[0]?.value).toMatchObject({ currency: 'USD' })
    expect(state.deadlines['outside-date']?.dueOn).not.toBeNull()
  })

  it('after the CMA blocked it in April 2023: the deal blocked, by the CMA', () => {
    const state = asOf('2023-05-01')
    expect(state.phase).toBe('blocked')
    expect(state.deals.find((d) => d.status === 'blocked')).toMatchObject({ blockedById: 'cma' })
    expect(state.governmentActions.map((a) => a.actorId)).toEqual(
      expect.arrayContaining(['cma', 'european-commission', 'ftc']),
    )
  })

  it('after the July 2023 amendment: the outside date moved to 18 October 2023', () => {
    const deadline = asOf('2023-07-31').deadlines['outside-date']
    expect(deadline?.dueOn).toBe('2023-10-18')
    expect(deadline?.history.map((h) => h.change)).toEqual(['set', 'extended'])
  })

  it('on 13 October 2023: closed', () => {
    const state = asOf('2023-10-13')
    expect(state.phase).toBe('closed')
    expect(state.deals.some((d) => d.status === 'closed' && d.partyIds.includes('microsoft'))).toBe(true)
    const changes = diff(asOf('2023-10-12'), state).map((c) => c.text)
    expect(changes).toContainEqual(expect.stringMatching(/^Phase: .* → closed$/))
  })

  it('lists its developments in story order, each with its sources', () => {
    const entries = timeline(events, { now: NOW })
    const dated = entries.filter((e) => e.occurredOn !== 'unknown').map((e) => e.occurredOn)
    expect(dated).toEqual([...dated].sort())
    expect(entries.every((e) => e.sources.length > 0)).toBe(true)
    expect(entries.find((e) => e.type === 'DealBlocked')?.actorIds).toContain('cma')
  })
})
