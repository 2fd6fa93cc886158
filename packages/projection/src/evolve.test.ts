import type { EventType } from '@storyledger/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evolve, fold } from './evolve.js'
import { aLog } from './fixtures/log-builder.js'
import { randomLog } from './fixtures/random-log.js'
import { initialState } from './state.js'
import { effectiveEventsOf, inStoryOrder } from './state-as-of.js'

const wsj = { outlet: 'The Wall Street Journal', attribution: 'a source familiar with the matter' }

function opened() {
  const log = aLog()
  log.add('StoryOpened', {
    title: 'TikTok US',
    subject: 'The sale of TikTok’s US business',
    assetId: 'tiktok-us',
  })
  log.add('EntityIntroduced', { entityId: 'oracle', name: 'Oracle', kind: 'company' })
  log.add('EntityIntroduced', { entityId: 'microsoft', name: 'Microsoft', kind: 'company' })
  log.add('EntityIntroduced', { entityId: 'walmart', name: 'Walmart', kind: 'company' })
  log.add('EntityIntroduced', { entityId: 'bytedance', name: 'ByteDance', kind: 'company' })
  return log
}

/** One test per event type, keyed by type: a new type in the catalogue breaks the build until it has one. */
const effects: Record<EventType, { readonly title: string; readonly test: () => void }> = {
  StoryOpened: {
    title: 'opens the story with its title, subject, summary and asset',
    test() {
      const log = aLog()
      const event = log.add('StoryOpened', {
        title: 'TikTok US',
        subject: 'The sale of TikTok’s US business',
        summary: 'Who buys it',
        assetId: 'tiktok-us',
      })
      const state = fold(log.events)
      expect(state.story).toMatchObject({ title: 'TikTok US', summary: 'Who buys it', assetId: 'tiktok-us' })
      expect(state.story?.support.map((s) => s.eventId)).toEqual([event.eventId])
    },
  },
  EntityIntroduced: {
    title: 'adds an entity, and a second introduction of the id keeps the first name',
    test() {
      const log = aLog()
      log.add('EntityIntroduced', {
        entityId: 'larry-ellison',
        name: 'Larry Ellison',
        kind: 'person',
        aliases: ['Ellison'],
        description: 'Oracle’s co-founder',
      })
      log.add('EntityIntroduced', { entityId: 'larry-ellison', name: 'Lawrence Ellison', kind: 'person' })
      const entity = fold(log.events).entities['larry-ellison']
      expect(entity).toMatchObject({
        name: 'Larry Ellison',
        aliases: ['Ellison'],
        description: 'Oracle’s co-founder',
      })
      expect(entity?.support).toHaveLength(2)
    },
  },
  InterestExpressed: {
    title: 'makes the party interested and starts the interest phase',
    test() {
      const log = opened()
      log.add('InterestExpressed', { partyId: 'microsoft', targetId: 'tiktok-us' }, { sources: [wsj] })
      const state = fold(log.events)
      expect(state.parties.microsoft).toMatchObject({ standing: 'interested' })
      expect(state.parties.microsoft?.support[0]?.sources).toEqual([wsj])
      expect(state.phase).toBe('interest')
    },
  },
  BidMade: {
    title: 'records the bid and makes the bidder and its partners bidding',
    test() {
      const log = opened()
      log.add('InterestExpressed', { partyId: 'microsoft' })
      const bid = log.add('BidMade', {
        bidderId: 'microsoft',
        partnerIds: ['walmart'],
        targetId: 'tiktok-us',
        amount: { amount: 30_000_000_000, currency: 'USD', approximate: true },
      })
      const state = fold(log.events)
      expect(state.bids).toEqual([
        expect.objectContaining({
          bidId: bid.eventId,
          bidderId: 'microsoft',
          partnerIds: ['walmart'],
          status: 'open',
        }),
      ])
      expect(state.parties.microsoft?.history.map((h) => h.standing)).toEqual(['interested', 'bidding'])
      expect(state.parties.walmart?.standing).toBe('bidding')
      expect(state.phase).toBe('bidding')
    },
  },
  BidRejected: {
    title: 'rejects the bidder’s open bid and makes the bidder rejected',
    test() {
      const log = opened()
      log.add('BidMade', { bidderId: 'microsoft' })
      log.add('BidRejected', {
        bidderId: 'microsoft',
        rejectedById: 'bytedance',
        reason: 'not selling to it',
      })
      const state = fold(log.events)
      expect(state.bids[0]).toMatchObject({
        status: 'rejected',
        rejectedById: 'bytedance',
        reason: 'not selling to it',
      })
      expect(state.parties.microsoft?.standing).toBe('rejected')
      expect(state.parties.bytedance).toBeUndefined()
    },
  },
  BidWithdrawn: {
    title: 'withdraws the bidder’s open bid',
    test() {
      const log = opened()
      log.add('BidMade', { bidderId: 'walmart' })
      log.add('BidWithdrawn', { bidderId: 'walmart' })
      const state = fold(log.events)
      expect(state.bids[0]?.status).toBe('withdrawn')
      expect(state.parties.walmart?.standing).toBe('withdrawn')
    },
  },
  PartnerSelected: {
    title: 'sets the partner with its role and scope',
    test() {
      const log = opened()
      log.add('BidMade', { bidderId: 'oracle' })
      log.add('PartnerSelected', {
        partnerId: 'oracle',
        selectedById: 'bytedance',
        role: 'trusted technical partner',
        scope: 'US user data',
      })
      const state = fold(log.events)
      expect(state.partner).toMatchObject({
        partnerId: 'oracle',
        selectedById: 'bytedance',
        scope: 'US user data',
      })
      expect(state.parties.oracle?.standing).toBe('partner')
      expect(state.phase).toBe('partner_selected')
    },
  },
  DealAnnounced: {
    title: 'records the deal; suitors become buyers and the others parties',
    test() {
      const log = opened()
      log.add('PartnerSelected', {
        partnerId: 'oracle',
        selectedById: 'bytedance',
        role: 'technology partner',
      })
      log.add('DealAnnounced', {
        partyIds: ['oracle', 'bytedance'],
        description: 'TikTok Global',
        stakes: [{ holderId: 'walmart', percent: 7.5 }],
        value: { amount: 60_000_000_000, currency: 'USD' },
      })
      const state = fold(log.events)
      expect(state.deals[0]).toMatchObject({ status: 'announced', partyIds: ['oracle', 'bytedance'] })
      expect(state.deals[0]?.stakes).toEqual([{ holderId: 'walmart', percent: 7.5 }])
      expect(state.parties.oracle?.standing).toBe('buyer')
      expect(state.parties.bytedance?.standing).toBe('party')
      expect(state.parties.walmart?.standing).toBe('party')
      expect(state.phase).toBe('announced')
    },
  },
  DealSigned: {
    title: 'signs the open deal that shares a party with it',
    test() {
      const log = opened()
      const announced = log.add('DealAnnounced', {
        partyIds: ['oracle', 'bytedance'],
        description: 'TikTok Global',
      })
      log.add('DealSigned', { partyIds: ['oracle', 'walmart'] }, { occurredOn: '2020-09-20' })
      const state = fold(log.events)
      expect(state.deals).toHaveLength(1)
      expect(state.deals[0]).toMatchObject({
        dealId: announced.eventId,
        status: 'signed',
        signedOn: '2020-09-20',
        partyIds: ['oracle', 'bytedance', 'walmart'],
      })
      expect(state.phase).toBe('signed')
    },
  },
  DealClosed: {
    title: 'closes a deal, starting one when none is open, with its value',
    test() {
      const log = opened()
      log.add('DealClosed', { partyIds: ['oracle'], value: { amount: 14_000_000_000, currency: 'USD' } })
      const state = fold(log.events)
      expect(state.deals[0]).toMatchObject({ status: 'closed', value: { amount: 14_000_000_000 } })
      expect(state.phase).toBe('closed')
    },
  },
  DealBlocked: {
    title: 'blocks the open deal and its parties',
    test() {
      const log = opened()
      log.add('DealAnnounced', { partyIds: ['microsoft', 'bytedance'], description: 'A sale' })
      log.add('DealBlocked', { blockedById: 'oracle', reason: 'national security' })
      const state = fold(log.events)
      expect(state.deals[0]).toMatchObject({
        status: 'blocked',
        blockedById: 'oracle',
        blockedReason: 'national security',
      })
      expect(state.parties.microsoft?.standing).toBe('blocked')
      expect(state.parties.bytedance?.standing).toBe('blocked')
      expect(state.phase).toBe('blocked')
    },
  },
  GovernmentActionTaken: {
    title: 'records the government action',
    test() {
      const log = opened()
      log.add('GovernmentActionTaken', {
        actorId: 'us-president',
        action: 'executive_order',
        title: 'Order on the sale of TikTok',
        targetIds: ['bytedance'],
        reference: 'Executive Order 13942',
      })
      expect(fold(log.events).governmentActions[0]).toMatchObject({
        action: 'executive_order',
        reference: 'Executive Order 13942',
        targetIds: ['bytedance'],
      })
    },
  },
  DeadlineSet: {
    title: 'sets a deadline with its due date computed from the day it was set and its duration',
    test() {
      const log = opened()
      log.add(
        'DeadlineSet',
        {
          deadlineId: 'sale-order',
          setById: 'us-president',
          description: 'sell within 90 days',
          durationDays: 90,
        },
        { occurredOn: '2020-08-14' },
      )
      const deadline = fold(log.events).deadlines['sale-order']
      expect(deadline).toMatchObject({ startsOn: '2020-08-14', dueOn: '2020-11-12', approximate: false })
    },
  },
  DeadlineExtended: {
    title: 'moves the due date by days or to a new date, keeping the history',
    test() {
      const log = opened()
      log.add(
        'DeadlineSet',
        { deadlineId: 'sale-order', setById: 'us-president', description: 'sell', durationDays: 90 },
        { occurredOn: '2020-08-14' },
      )
      log.add('DeadlineExtended', { deadlineId: 'sale-order', extendedById: 'cfius', byDays: 15 })
      log.add('DeadlineExtended', { deadlineId: 'sale-order', extendedById: 'cfius', newDueOn: '2020-12-04' })
      const deadline = fold(log.events).deadlines['sale-order']
      expect(deadline?.history.map((h) => h.dueOn)).toEqual(['2020-11-12', '2020-11-27', '2020-12-04'])
      expect(deadline).toMatchObject({ dueOn: '2020-12-04', originalDueOn: '2020-11-12' })
    },
  },
  StatementMade: {
    title: 'records the statement with its speaker and channel',
    test() {
      const log = opened()
      log.add('StatementMade', {
        speakerId: 'microsoft',
        quote: 'ByteDance let us know today they would not be selling TikTok’s US operations to Microsoft',
        channel: 'blog_post',
        aboutIds: ['bytedance'],
      })
      expect(fold(log.events).statements[0]).toMatchObject({
        speakerId: 'microsoft',
        channel: 'blog_post',
        paraphrased: false,
        aboutIds: ['bytedance'],
      })
    },
  },
  ConditionReported: {
    title: 'records the condition',
    test() {
      const log = opened()
      log.add('ConditionReported', { subjectId: 'bytedance', condition: 'will not transfer the algorithm' })
      expect(fold(log.events).conditions[0]).toMatchObject({
        subjectId: 'bytedance',
        condition: 'will not transfer the algorithm',
        aboutIds: [],
      })
    },
  },
  AnalysisPublished: {
    title: 'records the analysis',
    test() {
      const log = opened()
      log.add('AnalysisPublished', {
        analystId: 'patrick-moorhead',
        summary: 'Oracle has no consumer business',
      })
      expect(fold(log.events).analyses[0]).toMatchObject({ analystId: 'patrick-moorhead' })
    },
  },
  RelationshipNoted: {
    title: 'records the relationship',
    test() {
      const log = opened()
      log.add('RelationshipNoted', {
        fromId: 'larry-ellison',
        toId: 'donald-trump',
        relationship: 'is a supporter of',
      })
      expect(fold(log.events).relationships[0]).toMatchObject({
        fromId: 'larry-ellison',
        relationship: 'is a supporter of',
      })
    },
  },
  DevelopmentCorrected: {
    title: 'leaves the state as it is (stateAsOf applies corrections before folding)',
    test() {
      const log = opened()
      const bid = log.add('BidMade', { bidderId: 'microsoft' })
      const before = fold(log.events)
      log.add('DevelopmentCorrected', {
        correctsEventId: bid.eventId,
        corrected: { data: { bidderId: 'oracle' } },
        reason: 'misattributed',
      })
      expect(fold(log.events)).toEqual(before)
    },
  },
  DevelopmentRetracted: {
    title: 'leaves the state as it is (stateAsOf leaves retracted developments out)',
    test() {
      const log = opened()
      const bid = log.add('BidMade', { bidderId: 'microsoft' })
      const before = fold(log.events)
      log.add('DevelopmentRetracted', { retractsEventId: bid.eventId, reason: 'not true' })
      expect(fold(log.events)).toEqual(before)
    },
  },
  QuizGenerated: {
    title: 'leaves the state as it is (a classroom event says nothing about the story)',
    test() {
      const log = opened()
      log.add('BidMade', { bidderId: 'microsoft' })
      const before = fold(log.events)
      log.add('QuizGenerated', {
        quizId: 'q-12345678',
        storyId: 'story/x',
        blueprint: {},
        logPosition: 7,
        quiz: {},
        teacherId: '01900000-0000-4000-8000-0000000000bb',
      })
      expect(fold(log.events)).toEqual(before)
    },
  },
  QuizPublished: {
    title: 'leaves the state as it is (a classroom event says nothing about the story)',
    test() {
      const log = opened()
      log.add('BidMade', { bidderId: 'microsoft' })
      const before = fold(log.events)
      log.add('QuizPublished', {
        quizId: 'q-12345678',
        joinCodeHash: 'abababababababababababababababababababababababababababababababab',
        showAnswers: false,
        teacherId: '01900000-0000-4000-8000-0000000000bb',
      })
      expect(fold(log.events)).toEqual(before)
    },
  },
  AttemptStarted: {
    title: 'leaves the state as it is (a classroom event says nothing about the story)',
    test() {
      const log = opened()
      log.add('BidMade', { bidderId: 'microsoft' })
      const before = fold(log.events)
      log.add('AttemptStarted', {
        quizId: 'q-12345678',
        attemptId: '01900000-0000-4000-8000-0000000000aa',
        displayName: 'Ana',
        attemptSeed: '00000000000000000000000000000000',
      })
      expect(fold(log.events)).toEqual(before)
    },
  },
  AttemptSubmitted: {
    title: 'leaves the state as it is (a classroom event says nothing about the story)',
    test() {
      const log = opened()
      log.add('BidMade', { bidderId: 'microsoft' })
      const before = fold(log.events)
      log.add('AttemptSubmitted', {
        quizId: 'q-12345678',
        attemptId: '01900000-0000-4000-8000-0000000000aa',
        answers: { q1: 'abcdefgh' },
      })
      expect(fold(log.events)).toEqual(before)
    },
  },
  AttemptGraded: {
    title: 'leaves the state as it is (a classroom event says nothing about the story)',
    test() {
      const log = opened()
      log.add('BidMade', { bidderId: 'microsoft' })
      const before = fold(log.events)
      log.add('AttemptGraded', {
        quizId: 'q-12345678',
        attemptId: '01900000-0000-4000-8000-0000000000aa',
        marks: [],
        total: 0,
        maxTotal: 1,
        percentage: 0,
      })
      expect(fold(log.events)).toEqual(before)
    },
  },
  AttemptRegraded: {
    title: 'leaves the state as it is (a classroom event says nothing about the story)',
    test() {
      const log = opened()
      log.add('BidMade', { bidderId: 'microsoft' })
      const before = fold(log.events)
      log.add('AttemptRegraded', {
        quizId: 'q-12345678',
        attemptId: '01900000-0000-4000-8000-0000000000aa',
        marks: [],
        total: 1,
        maxTotal: 1,
        percentage: 100,
        reason: 'rekeyed',
      })
      expect(fold(log.events)).toEqual(before)
    },
  },
}

describe('evolve: the effect of each event type', () => {
  for (const [type, { title, test }] of Object.entries(effects)) it(`${type} ${title}`, test)
})

describe('evolve', () => {
  it('does not change the state it is given', () => {
    const log = opened()
    log.add('BidMade', { bidderId: 'microsoft' })
    const before = fold(log.events)
    const frozen = JSON.parse(JSON.stringify(before))
    const rejection = log.add('BidRejected', { bidderId: 'microsoft', rejectedById: 'bytedance' })
    const after = evolve(before, rejection)
    expect(before).toEqual(frozen)
    expect(after.parties.microsoft?.standing).toBe('rejected')
    expect(before.parties.microsoft?.standing).toBe('bidding')
  })

  it('never changes a state it folds from, nor the events it reads: both may be frozen (property)', () => {
    fc.assert(
      fc.property(randomLog, fc.nat(), (log, cut) => {
        const events = deepFreeze(inStoryOrder(effectiveEventsOf(log)))
        const split = events.length === 0 ? 0 : cut % events.length
        const start = deepFreeze(fold(events.slice(0, split)))
        let state = fold(events.slice(split, split + 3), start)
        for (const event of events.slice(split + 3)) state = evolve(deepFreeze(state), event)
        expect(state).toEqual(fold(events))
      }),
      { numRuns: 300 },
    )
  })

  it('copies only the collections an event changes, and shares the others with the state it folds from', () => {
    const log = opened()
    log.add('BidMade', { bidderId: 'microsoft' })
    log.add('DeadlineSet', {
      deadlineId: 'ban',
      setById: 'us-president',
      description: 'x',
      dueOn: '2020-09-20',
    })
    const before = fold(log.events)
    const statement = log.add('StatementMade', {
      speakerId: 'oracle',
      quote: 'No comment',
      channel: 'statement',
    })
    const after = evolve(before, statement)
    expect(after.statements).toHaveLength(1)
    expect(before.statements).toHaveLength(0)
    expect(after.bids).toBe(before.bids)
    expect(after.parties).toBe(before.parties)
    expect(after.deadlines).toBe(before.deadlines)
    expect(after.entities).toBe(before.entities)
  })

  it('folding from a state leaves that state unchanged too', () => {
    const log = opened()
    log.add('BidMade', { bidderId: 'microsoft' })
    const before = fold(log.events)
    const copy = JSON.parse(JSON.stringify(before))
    const more = aLog('2025-01-01T00:00:00.000Z')
    more.add('BidWithdrawn', { bidderId: 'microsoft' })
    more.add('DeadlineSet', {
      deadlineId: 'd',
      setById: 'us-president',
      description: 'x',
      dueOn: '2020-12-01',
    })
    fold(more.events, before)
    expect(before).toEqual(copy)
  })

  it('renewed interest follows a rejection but does not undo a bid', () => {
    const log = opened()
    log.add('BidMade', { bidderId: 'microsoft' })
    log.add('InterestExpressed', { partyId: 'microsoft' })
    expect(fold(log.events).parties.microsoft?.standing).toBe('bidding')
    log.add('BidRejected', { bidderId: 'microsoft', rejectedById: 'bytedance' })
    log.add('InterestExpressed', { partyId: 'microsoft' })
    expect(fold(log.events).parties.microsoft?.history.map((h) => h.standing)).toEqual([
      'bidding',
      'rejected',
      'interested',
    ])
  })

  it('makes the first party named the buyer of a deal that no suitor is part of, and keeps it one', () => {
    const log = aLog()
    log.add('DealAnnounced', {
      partyIds: ['microsoft', 'activision'],
      description: 'Microsoft buys Activision',
    })
    log.add('DealBlocked', { blockedById: 'cma', reason: 'cloud gaming' })
    log.add('DealClosed', { partyIds: ['activision', 'microsoft', 'ubisoft'] })
    const state = fold(log.events)
    expect(state.parties.microsoft?.history.map((h) => h.standing)).toEqual(['buyer', 'blocked', 'buyer'])
    expect(state.parties.activision?.history.map((h) => h.standing)).toEqual(['party', 'blocked', 'party'])
    expect(state.parties.ubisoft?.standing).toBe('party')
  })

  it('moves the phase forward only, until a block starts a new round', () => {
    const log = opened()
    log.add('PartnerSelected', { partnerId: 'oracle', selectedById: 'bytedance', role: 'partner' })
    log.add('InterestExpressed', { partyId: 'walmart' })
    expect(fold(log.events).phase).toBe('partner_selected')
    log.add('DealBlocked', { blockedById: 'us-president', reason: 'no' })
    log.add('BidMade', { bidderId: 'walmart' })
    expect(fold(log.events).phaseHistory.map((p) => p.phase)).toEqual([
      'partner_selected',
      'blocked',
      'bidding',
    ])
  })

  it('dates a deadline from a month by its last known day and says it is approximate', () => {
    const log = opened()
    log.add(
      'DeadlineSet',
      { deadlineId: 'review', setById: 'cfius', description: 'review', durationDays: 10 },
      { occurredOn: '2020-08', sources: [{ outlet: 'Reuters', publishedOn: '2020-08-05' }] },
    )
    expect(fold(log.events).deadlines.review).toMatchObject({
      startsOn: '2020-08-05',
      dueOn: '2020-08-15',
      approximate: true,
    })
  })

  it('does not compute a due date from a deadline set on an unknown day, even when a source is dated', () => {
    const log = opened()
    log.add(
      'DeadlineSet',
      { deadlineId: 'sale', setById: 'us-president', description: 'sale', durationDays: 90 },
      { occurredOn: 'unknown', sources: [{ outlet: 'An article', publishedOn: '2020-09' }] },
    )
    expect(fold(log.events).deadlines.sale).toMatchObject({ startsOn: null, dueOn: null, approximate: false })
    log.add('DeadlineExtended', { deadlineId: 'sale', extendedById: 'us-president', newDueOn: '2020-12-04' })
    expect(fold(log.events).deadlines.sale?.dueOn).toBe('2020-12-04')
  })

  it('prefers a given due date over a duration, and ignores an extension of an unknown deadline', () => {
    const log = opened()
    log.add('DeadlineSet', {
      deadlineId: 'ban',
      setById: 'us-president',
      description: 'ban',
      durationDays: 45,
      dueOn: '2020-09-20',
    })
    log.add('DeadlineExtended', { deadlineId: 'other', extendedById: 'us-president', byDays: 7 })
    const state = fold(log.events)
    expect(state.deadlines.ban?.dueOn).toBe('2020-09-20')
    expect(Object.keys(state.deadlines)).toEqual(['ban'])
  })

  it('keeps the state plain JSON', () => {
    const log = opened()
    log.add('BidMade', { bidderId: 'microsoft', amount: { amount: 1, currency: 'USD' } })
    log.add('DealAnnounced', { partyIds: ['microsoft'], description: 'x' })
    const state = fold(log.events)
    expect(JSON.parse(JSON.stringify(state))).toEqual(state)
    expect(initialState()).toEqual(JSON.parse(JSON.stringify(initialState())))
  })

  it('handles an entity id that is also a name on Object.prototype', () => {
    const log = aLog()
    const id: string = 'constructor'
    log.add('InterestExpressed', { partyId: id })
    expect(fold(log.events).parties[id]?.standing).toBe('interested')
    expect(fold([]).parties[id]).toBeUndefined()
  })
})

/** Freezes a value and everything in it: a later write to any part throws (modules run in strict mode). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const item of Object.values(value)) deepFreeze(item)
  }
  return value
}
