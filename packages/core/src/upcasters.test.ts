import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { BidMadeDataV1, eventTypes } from './event-catalogue.js'
import { type ParsedPayload, parseEventPayload, type UpcasterRegistry, upcasters } from './upcasters.js'

function eventOf(result: ParsedPayload) {
  if (!result.ok) throw new Error(`expected the payload to parse, got ${JSON.stringify(result.issues)}`)
  return result.event
}

function issuesOf(result: ParsedPayload) {
  if (result.ok) throw new Error(`expected issues, got ${JSON.stringify(result.event)}`)
  return result.issues
}

describe('parseEventPayload', () => {
  describe('BidMade from schema version 1', () => {
    it('turns amountUsd into an amount in USD', () => {
      const event = eventOf(
        parseEventPayload('BidMade', 1, {
          bidderId: 'microsoft',
          targetId: 'tiktok-us',
          amountUsd: 30_000_000_000,
          terms: 'all cash',
        }),
      )
      expect(event).toEqual({
        type: 'BidMade',
        data: {
          bidderId: 'microsoft',
          targetId: 'tiktok-us',
          amount: { amount: 30_000_000_000, currency: 'USD' },
          terms: 'all cash',
        },
      })
      expect(event.data).not.toHaveProperty('amountUsd')
    })

    it('keeps a bid without amountUsd as a bid without amount', () => {
      const event = eventOf(parseEventPayload('BidMade', 1, { bidderId: 'oracle' }))
      expect(event).toEqual({ type: 'BidMade', data: { bidderId: 'oracle' } })
      expect(Object.keys(event.data)).toEqual(['bidderId'])
    })

    it('upcasts any valid version 1 bid into a valid version 2 bid with the same fields', () => {
      const slug = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
      const v1 = fc.record(
        {
          bidderId: slug,
          targetId: slug,
          amountUsd: fc.double({ min: 1, max: 1e12, noNaN: true }),
          terms: fc.string({ minLength: 1 }).filter((s) => /\S/.test(s)),
        },
        { requiredKeys: ['bidderId'] },
      )
      fc.assert(
        fc.property(v1, (data) => {
          expect(BidMadeDataV1.safeParse(data).success).toBe(true)
          const { amountUsd, ...rest } = data
          const expected =
            amountUsd === undefined ? rest : { ...rest, amount: { amount: amountUsd, currency: 'USD' } }
          expect(eventOf(parseEventPayload('BidMade', 1, data)).data).toEqual(expected)
        }),
      )
    })

    it('reports bad version 1 data as issues under data', () => {
      const issues = issuesOf(parseEventPayload('BidMade', 1, { bidderId: 'Microsoft Corp', amountUsd: -5 }))
      expect(issues.map((issue) => issue.path).sort()).toEqual([
        ['data', 'amountUsd'],
        ['data', 'bidderId'],
      ])
    })

    it('reports a version 2 field in version 1 data as an unknown key under data', () => {
      const issues = issuesOf(
        parseEventPayload('BidMade', 1, { bidderId: 'oracle', amount: { amount: 1, currency: 'USD' } }),
      )
      expect(issues).toHaveLength(1)
      expect(issues[0]!.path).toEqual(['data'])
      expect(issues[0]!.code).toBe('unrecognized_keys')
    })

    it('reports data that is not an object at all under data', () => {
      const issues = issuesOf(parseEventPayload('BidMade', 1, 'a bid'))
      expect(issues.map((issue) => issue.path)).toEqual([['data']])
    })

    it('does not read amountUsd at version 2', () => {
      const issues = issuesOf(parseEventPayload('BidMade', 2, { bidderId: 'oracle', amountUsd: 5 }))
      expect(issues[0]!.path).toEqual(['data'])
      expect(issues[0]!.code).toBe('unrecognized_keys')
    })
  })

  describe('with a custom registry', () => {
    it('uses its upcaster instead of the shipped one', () => {
      const registry: UpcasterRegistry = {
        BidMade: { 1: (data) => ({ ...(data as object), terms: 'upcast' }) },
      }
      const event = eventOf(parseEventPayload('BidMade', 1, { bidderId: 'oracle' }, registry))
      expect(event).toEqual({ type: 'BidMade', data: { bidderId: 'oracle', terms: 'upcast' } })
      // The shipped upcaster would leave the terms alone.
      expect(eventOf(parseEventPayload('BidMade', 1, { bidderId: 'oracle' })).data).not.toHaveProperty(
        'terms',
      )
    })

    it('reports a missing upcaster as an issue on the schema version', () => {
      const issues = issuesOf(parseEventPayload('BidMade', 1, { bidderId: 'oracle' }, {}))
      expect(issues).toEqual([
        { path: ['schemaVersion'], code: 'custom', message: 'no upcaster for BidMade from schema version 1' },
      ])
    })

    it('reports a ZodError thrown by an upcaster as issues under data', () => {
      const registry: UpcasterRegistry = {
        BidMade: { 1: (data) => z.strictObject({ bidderId: z.literal('walmart') }).parse(data) },
      }
      const issues = issuesOf(parseEventPayload('BidMade', 1, { bidderId: 'oracle' }, registry))
      expect(issues.map((issue) => issue.path)).toEqual([['data', 'bidderId']])
    })

    it('lets any other error of an upcaster through', () => {
      const registry: UpcasterRegistry = {
        BidMade: {
          1: () => {
            throw new Error('the upcaster is broken')
          },
        },
      }
      expect(() => parseEventPayload('BidMade', 1, { bidderId: 'oracle' }, registry)).toThrow(
        'the upcaster is broken',
      )
    })

    it('checks what the upcaster returns against the current schema', () => {
      const registry: UpcasterRegistry = { BidMade: { 1: () => ({ bidderId: 'oracle', amount: 5 }) } }
      const issues = issuesOf(parseEventPayload('BidMade', 1, { bidderId: 'oracle' }, registry))
      expect(issues.map((issue) => issue.path)).toEqual([['data', 'amount']])
    })

    it('does not call any upcaster for data at the current version', () => {
      const registry: UpcasterRegistry = {
        BidMade: {
          1: () => {
            throw new Error('must not be called')
          },
          2: () => {
            throw new Error('must not be called')
          },
        },
      }
      const event = eventOf(parseEventPayload('BidMade', 2, { bidderId: 'oracle' }, registry))
      expect(event.data).toEqual({ bidderId: 'oracle' })
    })
  })

  describe('rejects', () => {
    it('an unknown type, naming it', () => {
      const issues = issuesOf(parseEventPayload('BidAccepted', 1, {}))
      expect(issues).toHaveLength(1)
      expect(issues[0]!.path).toEqual(['type'])
      expect(issues[0]!.message).toContain('"BidAccepted"')
    })

    it('a type inherited from Object.prototype', () => {
      for (const type of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
        expect(issuesOf(parseEventPayload(type, 1, {}))[0]!.path).toEqual(['type'])
      }
    })

    it.each([0, -1, 1.5, 3, Number.NaN, Number.POSITIVE_INFINITY])(
      'BidMade at schema version %d',
      (version) => {
        const issues = issuesOf(parseEventPayload('BidMade', version, { bidderId: 'oracle' }))
        expect(issues).toHaveLength(1)
        expect(issues[0]!.path).toEqual(['schemaVersion'])
      },
    )

    it('a version above 1 for every type that has only one', () => {
      for (const type of eventTypes.filter((t) => t !== 'BidMade')) {
        expect(issuesOf(parseEventPayload(type, 2, {}))[0]!.path).toEqual(['schemaVersion'])
      }
    })
  })
})

describe('upcasters', () => {
  it('ship an upcaster for BidMade version 1 and nothing else', () => {
    expect(Object.keys(upcasters)).toEqual(['BidMade'])
    expect(Object.keys(upcasters.BidMade ?? {})).toEqual(['1'])
  })
})
