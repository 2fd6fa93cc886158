import { actorsOf, type StoryEvent } from '@storyledger/core'
import { describe, expect, it } from 'vitest'
import { randomLog } from '../fixtures/random-log.js'
import { tiktokLog } from '../fixtures/tiktok-log.js'
import { twitterLog } from '../fixtures/twitter-log.js'
import {
  citation,
  couldDescribe,
  describeEvent,
  firstActorOf,
  moneyInWords,
  reportingOutlet,
} from './describe.js'

describe('describeEvent', () => {
  const names = (id: string) => id.toUpperCase()

  it('starts every description with the first actor, whose id firstActorOf gives', () => {
    for (const event of [...tiktokLog(), ...twitterLog(), ...randomLog(5).events] as StoryEvent[]) {
      expect(firstActorOf(event)).toBe(actorsOf(event)[0])
      const text = describeEvent(event, names)
      const first = firstActorOf(event)
      if (text !== null && first !== undefined && event.type !== 'EntityIntroduced') {
        expect(text.startsWith(names(first))).toBe(true)
      }
    }
  })

  it('writes developments as past-tense clauses', () => {
    expect(
      describeEvent(
        { type: 'BidRejected', data: { bidderId: 'microsoft', rejectedById: 'bytedance' } },
        names,
      ),
    ).toBe("BYTEDANCE rejected MICROSOFT's bid")
    expect(
      describeEvent(
        { type: 'BidMade', data: { bidderId: 'microsoft', targetId: 'tiktok', partnerIds: ['walmart'] } },
        names,
      ),
    ).toBe('MICROSOFT and WALMART made a bid for TIKTOK')
    expect(
      describeEvent(
        { type: 'StatementMade', data: { speakerId: 'ms', quote: 'We are out.', channel: 'blog_post' } },
        names,
      ),
    ).toBe('MS said: “We are out”')
  })
})

describe('citations', () => {
  it('cite one source with its date, several with theirs in brackets', () => {
    expect(citation([{ outlet: 'The Wall Street Journal', publishedOn: '2020-09-13' }])).toBe(
      'Reported by the Wall Street Journal, 13 September 2020.',
    )
    expect(
      citation([
        { outlet: 'Reuters', publishedOn: '2020-09-14' },
        {
          outlet: 'The Wall Street Journal',
          attribution: 'people familiar with the matter',
          publishedOn: '2020-09-13',
        },
      ]),
    ).toBe(
      'Reported by Reuters (14 September 2020) and the Wall Street Journal, citing people familiar with the matter (13 September 2020).',
    )
    expect(citation([{ outlet: 'DBTA', attribution: 'summarising the Wall Street Journal' }])).toBe(
      'Reported by DBTA, summarising the Wall Street Journal.',
    )
  })

  it('name the reporting outlet of a syndicated story, and money in words', () => {
    expect(reportingOutlet('Reuters via Nasdaq')).toBe('Reuters')
    expect(reportingOutlet('Hindustan Times (Bloomberg)')).toBe('Hindustan Times')
    expect(moneyInWords({ amount: 43_000_000_000, currency: 'USD' })).toBe('$43 billion')
    expect(moneyInWords({ amount: 1_500_000, currency: 'EUR' })).toBe('€1.5 million')
    expect(moneyInWords({ amount: 2_000, currency: 'CHF' })).toBe('2,000 CHF')
  })
})

describe('couldDescribe', () => {
  const names = (id: string) => id.toUpperCase()
  const events = [...tiktokLog(), ...twitterLog(), ...randomLog(5, 400).events] as StoryEvent[]

  it('never rules out an event from its own description', () => {
    for (const event of events) {
      const text = describeEvent(event, names)
      if (text !== null) expect(couldDescribe(event, text, names), text).toBe(true)
    }
  })

  it('rules out most events of the same type and first actor described otherwise', () => {
    let differ = 0
    let ruledOut = 0
    for (const event of events) {
      const text = describeEvent(event, names)
      if (text === null) continue
      for (const other of events) {
        if (other.type !== event.type || firstActorOf(other) !== firstActorOf(event)) continue
        if (describeEvent(other, names) === text) continue
        differ += 1
        if (!couldDescribe(other, text, names)) ruledOut += 1
      }
    }
    expect(ruledOut).toBeGreaterThan(differ / 2)
  })
})
