import { describe, expect, it } from 'vitest'
import { applyCorrection, type CorrectableEvent, type CorrectionOutcome } from './apply-correction.js'
import type { EventData, StoryEvent } from './event-catalogue.js'

type Corrected = EventData<'DevelopmentCorrected'>['corrected']

const bid: CorrectableEvent = {
  event: {
    type: 'BidMade',
    data: {
      bidderId: 'microsoft',
      targetId: 'tiktok-us',
      partnerIds: ['walmart'],
      amount: { amount: 30_000_000_000, currency: 'USD', approximate: true },
      terms: 'all cash',
    },
  },
  occurredOn: '2020-08',
}

function eventOf(outcome: CorrectionOutcome): { event: StoryEvent; occurredOn: string } {
  if (!outcome.ok) throw new Error(`expected the correction to apply, got ${JSON.stringify(outcome.issues)}`)
  return outcome
}

function issuesOf(outcome: CorrectionOutcome) {
  if (outcome.ok) throw new Error(`expected issues, got ${JSON.stringify(outcome.event)}`)
  return outcome.issues
}

describe('applyCorrection', () => {
  it('replaces a field and leaves the others alone', () => {
    const corrected = eventOf(applyCorrection(bid, { data: { terms: 'cash and stock' } }))
    expect(corrected.event).toEqual({ type: 'BidMade', data: { ...bid.event.data, terms: 'cash and stock' } })
    expect(corrected.occurredOn).toBe('2020-08')
  })

  it('replaces a nested field as a whole', () => {
    const corrected = eventOf(
      applyCorrection(bid, { data: { amount: { amount: 20_000_000_000, currency: 'USD' } } }),
    )
    expect(corrected.event.data).toEqual({
      ...bid.event.data,
      amount: { amount: 20_000_000_000, currency: 'USD' },
    })
  })

  it('adds an optional field the event did not have', () => {
    const target: CorrectableEvent = {
      event: { type: 'BidRejected', data: { bidderId: 'microsoft', rejectedById: 'bytedance' } },
      occurredOn: '2020-09-13',
    }
    const corrected = eventOf(applyCorrection(target, { data: { reason: 'not selling to Microsoft' } }))
    expect(corrected.event.data).toEqual({
      bidderId: 'microsoft',
      rejectedById: 'bytedance',
      reason: 'not selling to Microsoft',
    })
  })

  it('removes an optional field given as null', () => {
    const corrected = eventOf(applyCorrection(bid, { data: { amount: null, partnerIds: null } }))
    expect(corrected.event.data).toEqual({ bidderId: 'microsoft', targetId: 'tiktok-us', terms: 'all cash' })
    expect(corrected.event.data).not.toHaveProperty('amount')
    expect(corrected.event.data).not.toHaveProperty('partnerIds')
  })

  it('replaces occurredOn, and only occurredOn when no data is given', () => {
    const corrected = eventOf(applyCorrection(bid, { occurredOn: '2020-08-27' }))
    expect(corrected.occurredOn).toBe('2020-08-27')
    expect(corrected.event).toEqual(bid.event)
  })

  it('replaces occurredOn and data together', () => {
    const corrected = eventOf(applyCorrection(bid, { data: { terms: 'revised' }, occurredOn: 'unknown' }))
    expect(corrected.occurredOn).toBe('unknown')
    expect(corrected.event.data).toMatchObject({ terms: 'revised' })
  })

  it('does not change the event it corrects', () => {
    const before = structuredClone(bid)
    applyCorrection(bid, { data: { terms: 'revised', amount: null }, occurredOn: '2020-09' })
    expect(bid).toEqual(before)
  })

  it('reports an invalid value with a path starting at corrected', () => {
    const issues = issuesOf(applyCorrection(bid, { data: { bidderId: 'Microsoft Corporation' } }))
    expect(issues.map((issue) => issue.path)).toEqual([['corrected', 'data', 'bidderId']])
  })

  it('reports the removal of a required field', () => {
    const issues = issuesOf(applyCorrection(bid, { data: { bidderId: null } }))
    expect(issues.map((issue) => issue.path)).toEqual([['corrected', 'data', 'bidderId']])
  })

  it('reports a field the type does not have', () => {
    const issues = issuesOf(applyCorrection(bid, { data: { amountUsd: 5 } }))
    expect(issues).toHaveLength(1)
    expect(issues[0]!.path).toEqual(['corrected', 'data'])
    expect(issues[0]!.code).toBe('unrecognized_keys')
    expect(issues[0]!.message).toContain('amountUsd')
  })

  it('checks the rules that span fields, such as a deadline needing a duration or a due day', () => {
    const deadline: CorrectableEvent = {
      event: {
        type: 'DeadlineSet',
        data: {
          deadlineId: 'divestment-order',
          setById: 'donald-trump',
          description: 'Sell TikTok',
          durationDays: 90,
        },
      },
      occurredOn: '2020-08-14',
    }
    expect(
      eventOf(applyCorrection(deadline, { data: { durationDays: null, dueOn: '2020-11-12' } })).event.data,
    ).toEqual({
      deadlineId: 'divestment-order',
      setById: 'donald-trump',
      description: 'Sell TikTok',
      dueOn: '2020-11-12',
    })
    const issues = issuesOf(applyCorrection(deadline, { data: { durationDays: null } }))
    expect(issues.map((issue) => issue.path)).toEqual([['corrected', 'data', 'durationDays']])
  })

  describe('given a "__proto__" key in the corrected data, as JSON.parse makes it', () => {
    const corrected = JSON.parse('{"data":{"__proto__":{"isAdmin":true},"terms":"revised"}}') as Corrected

    it('has the key as an own field of the correction (the premise of the tests below)', () => {
      expect(Object.hasOwn(corrected.data ?? {}, '__proto__')).toBe(true)
    })

    it('does not pollute Object.prototype', () => {
      applyCorrection(bid, corrected)
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
      expect(Object.hasOwn(Object.prototype, 'isAdmin')).toBe(false)
    })

    it('does not accept the correction with the inherited field', () => {
      const outcome = applyCorrection(bid, corrected)
      if (outcome.ok) {
        expect(Object.getPrototypeOf(outcome.event.data)).toBe(Object.prototype)
        expect(Object.hasOwn(outcome.event.data, '__proto__')).toBe(false)
        expect((outcome.event.data as Record<string, unknown>).isAdmin).toBeUndefined()
      } else {
        expect(outcome.issues.length).toBeGreaterThan(0)
        for (const issue of outcome.issues) expect(issue.path[0]).toBe('corrected')
      }
    })

    it('refuses it as an unknown field of the corrected event', () => {
      const outcome = applyCorrection(bid, JSON.parse('{"data":{"__proto__":{}}}') as Corrected)
      expect(outcome.ok).toBe(false)
      if (!outcome.ok)
        expect(outcome.issues[0]).toMatchObject({ path: ['corrected', 'data'], code: 'unrecognized_keys' })
    })
  })
})
