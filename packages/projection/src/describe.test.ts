import type { EventType, StoryEvent } from '@storyledger/core'
import { describe, expect, it } from 'vitest'
import { describeEvent, formatMoney } from './describe.js'

const names: Record<string, string> = { microsoft: 'Microsoft', bytedance: 'ByteDance', walmart: 'Walmart' }
const name = (id: string) => names[id] ?? id
const id = '01900000-0000-7000-8000-000000000001'

/** One event of every type and how it reads: a new type breaks the build until it has a line here. */
const samples: Record<EventType, [StoryEvent, string]> = {
  StoryOpened: [
    { type: 'StoryOpened', data: { title: 'TikTok US', subject: 's' } },
    'Story opened: TikTok US',
  ],
  EntityIntroduced: [
    { type: 'EntityIntroduced', data: { entityId: 'x', name: 'A source', kind: 'unnamed_source' } },
    'A source (unnamed source) enters the story',
  ],
  InterestExpressed: [
    { type: 'InterestExpressed', data: { partyId: 'walmart', targetId: 'tiktok-us' } },
    'Walmart expressed interest in tiktok-us',
  ],
  BidMade: [
    {
      type: 'BidMade',
      data: { bidderId: 'microsoft', partnerIds: ['walmart'], amount: { amount: 3e10, currency: 'USD' } },
    },
    'Microsoft made a bid with Walmart of $30 billion',
  ],
  BidRejected: [
    { type: 'BidRejected', data: { bidderId: 'microsoft', rejectedById: 'bytedance' } },
    'ByteDance rejected Microsoft’s bid',
  ],
  BidWithdrawn: [{ type: 'BidWithdrawn', data: { bidderId: 'walmart' } }, 'Walmart withdrew its bid'],
  PartnerSelected: [
    {
      type: 'PartnerSelected',
      data: { partnerId: 'oracle', selectedById: 'bytedance', role: 'technical partner' },
    },
    'ByteDance selected oracle as technical partner',
  ],
  DealAnnounced: [
    {
      type: 'DealAnnounced',
      data: { partyIds: ['oracle', 'walmart', 'bytedance'], description: 'TikTok Global' },
    },
    'Deal announced between oracle, Walmart and ByteDance: TikTok Global',
  ],
  DealSigned: [{ type: 'DealSigned', data: { partyIds: ['oracle'] } }, 'oracle signed the deal'],
  DealClosed: [
    { type: 'DealClosed', data: { partyIds: ['oracle', 'walmart'] } },
    'The deal between oracle and Walmart closed',
  ],
  DealBlocked: [
    { type: 'DealBlocked', data: { blockedById: 'cma', reason: 'cloud gaming' } },
    'cma blocked the deal: cloud gaming',
  ],
  GovernmentActionTaken: [
    {
      type: 'GovernmentActionTaken',
      data: { actorId: 'us-president', action: 'executive_order', title: 'EO 13942', targetIds: [] },
    },
    'us-president: EO 13942',
  ],
  DeadlineSet: [
    {
      type: 'DeadlineSet',
      data: { deadlineId: 'd', setById: 'us-president', description: 'divest', durationDays: 90 },
    },
    'us-president set a deadline within 90 days: divest',
  ],
  DeadlineExtended: [
    {
      type: 'DeadlineExtended',
      data: { deadlineId: 'd', extendedById: 'us-president', newDueOn: '2020-12-04' },
    },
    'us-president extended the deadline d to 2020-12-04',
  ],
  StatementMade: [
    {
      type: 'StatementMade',
      data: { speakerId: 'walmart', quote: 'We are in', channel: 'statement', paraphrased: true },
    },
    'Walmart said, in substance, “We are in”',
  ],
  ConditionReported: [
    { type: 'ConditionReported', data: { subjectId: 'bytedance', condition: 'keeps the algorithm' } },
    'ByteDance: keeps the algorithm',
  ],
  AnalysisPublished: [
    { type: 'AnalysisPublished', data: { analystId: 'moorhead', summary: 'Oracle needs consumers' } },
    'moorhead: Oracle needs consumers',
  ],
  RelationshipNoted: [
    { type: 'RelationshipNoted', data: { fromId: 'ellison', toId: 'trump', relationship: 'supports' } },
    'ellison supports trump',
  ],
  DevelopmentCorrected: [
    {
      type: 'DevelopmentCorrected',
      data: { correctsEventId: id, corrected: { occurredOn: '2020' }, reason: 'x' },
    },
    `Correction of event ${id}: x`,
  ],
  DevelopmentRetracted: [
    { type: 'DevelopmentRetracted', data: { retractsEventId: id, reason: 'y' } },
    `Retraction of event ${id}: y`,
  ],
  QuizGenerated: [
    {
      type: 'QuizGenerated',
      data: {
        quizId: 'q-12345678',
        storyId: 'story/x',
        blueprint: {},
        logPosition: 7,
        quiz: {},
        teacherId: '01900000-0000-4000-8000-0000000000bb',
      },
    },
    'Quiz q-12345678 generated from story/x at log position 7',
  ],
  QuizPublished: [
    {
      type: 'QuizPublished',
      data: {
        quizId: 'q-12345678',
        joinCodeHash: 'abababababababababababababababababababababababababababababababab',
        showAnswers: true,
        teacherId: '01900000-0000-4000-8000-0000000000bb',
      },
    },
    'Quiz q-12345678 published (answers shown after submitting)',
  ],
  AttemptStarted: [
    {
      type: 'AttemptStarted',
      data: {
        quizId: 'q-12345678',
        attemptId: '01900000-0000-4000-8000-0000000000aa',
        displayName: 'Ana',
        attemptSeed: '00000000000000000000000000000000',
      },
    },
    'Ana started quiz q-12345678 (attempt 01900000-0000-4000-8000-0000000000aa)',
  ],
  AttemptSubmitted: [
    {
      type: 'AttemptSubmitted',
      data: { quizId: 'q-12345678', attemptId: '01900000-0000-4000-8000-0000000000aa', answers: {} },
    },
    'Attempt 01900000-0000-4000-8000-0000000000aa at quiz q-12345678 submitted',
  ],
  AttemptGraded: [
    {
      type: 'AttemptGraded',
      data: {
        quizId: 'q-12345678',
        attemptId: '01900000-0000-4000-8000-0000000000aa',
        marks: [],
        total: 1,
        maxTotal: 2,
        percentage: 50,
      },
    },
    'Attempt 01900000-0000-4000-8000-0000000000aa graded: 1 of 2',
  ],
  AttemptRegraded: [
    {
      type: 'AttemptRegraded',
      data: {
        quizId: 'q-12345678',
        attemptId: '01900000-0000-4000-8000-0000000000aa',
        marks: [],
        total: 2,
        maxTotal: 2,
        percentage: 100,
        reason: 'rekeyed',
      },
    },
    'Attempt 01900000-0000-4000-8000-0000000000aa regraded: 2 of 2 (rekeyed)',
  ],
}

describe('describeEvent', () => {
  for (const [type, [event, text]] of Object.entries(samples)) {
    it(`describes ${type} in one neutral sentence`, () => expect(describeEvent(event, name)).toBe(text))
  }

  it('shortens a long quote', () => {
    const quote = 'word '.repeat(100).trim()
    const text = describeEvent(
      { type: 'StatementMade', data: { speakerId: 'a', quote, channel: 'speech' } },
      name,
    )
    expect(text.length).toBeLessThan(180)
    expect(text).toMatch(/…”$/)
  })
})

describe('formatMoney', () => {
  it('writes amounts the way a reader says them', () => {
    expect(formatMoney({ amount: 30_000_000_000, currency: 'USD' })).toBe('$30 billion')
    expect(formatMoney({ amount: 1_250_000_000, currency: 'EUR', approximate: true })).toBe(
      'about €1.25 billion',
    )
    expect(formatMoney({ amount: 68_700_000_000, currency: 'USD' })).toBe('$68.7 billion')
    expect(formatMoney({ amount: 950, currency: 'CHF' })).toBe('CHF 950')
  })
})
