import type { NewEventInput, Source } from '@storyledger/core'

/**
 * The founding story: the facts of the article "TikTok: Oracle has surpassed the Microsoft pole" (published in
 * September 2020), in our own words, each with the article's own attribution. Where the article gives no date,
 * the event says so ('unknown'), and "this weekend" is kept at month precision rather than guessed.
 * Fixed event ids make seeding idempotent. Issue #3 replaces this with the story file format.
 */
export const FOUNDING_STORY_ID = 'story/tiktok-us-2020'

const article: Source = {
  outlet: 'Founding article',
  title: 'TikTok: Oracle has surpassed the Microsoft pole',
  publishedOn: '2020-09',
}
const viaArticle = (outlet: string, attribution?: string): Source[] => [
  { outlet, ...(attribution ? { attribution } : {}) },
  article,
]
const meta = (sources: Source[], reason?: string) => ({
  recordedBy: 'storyledger seed',
  sources,
  ...(reason ? { reason } : {}),
})
const id = (n: number) => `01748a00-0000-7000-8000-${n.toString(16).padStart(12, '0')}`
const thisWeekend = 'the article dates it "this weekend"; it was published in September 2020'

const entities: [string, string, Record<string, unknown>][] = [
  ['tiktok', 'TikTok', { kind: 'product', description: 'Short-video social network owned by ByteDance' }],
  [
    'bytedance',
    'ByteDance',
    { kind: 'company', aliases: ['Byte Dance'], description: "TikTok's parent company" },
  ],
  ['microsoft', 'Microsoft', { kind: 'company' }],
  ['oracle', 'Oracle', { kind: 'company', description: "Larry Ellison's company" }],
  ['twitter', 'Twitter', { kind: 'company' }],
  ['netflix', 'Netflix', { kind: 'company' }],
  ['walmart', 'Walmart', { kind: 'company' }],
  ['zoom', 'Zoom', { kind: 'company' }],
  ['larry-ellison', 'Larry Ellison', { kind: 'person', description: 'Founder of Oracle' }],
  ['donald-trump', 'Donald Trump', { kind: 'person', description: 'President of the United States' }],
  ['patrick-moorhead', 'Patrick Moorhead', { kind: 'analyst' }],
  ['moor-insights', 'Moor Insights & Strategy', { kind: 'company' }],
  ['wsj', 'The Wall Street Journal', { kind: 'publication' }],
  ['scmp', 'South China Morning Post', { kind: 'publication' }],
  ['source-familiar', 'A source familiar with the matter', { kind: 'unnamed_source' }],
]

export const foundingStory: NewEventInput[] = [
  {
    eventId: id(1),
    type: 'StoryOpened',
    occurredOn: 'unknown',
    data: {
      title: "The fight over TikTok's US business",
      subject: "Who takes over TikTok's American operations, and on what terms",
      assetId: 'tiktok',
    },
    metadata: meta([article]),
  },
  ...entities.map(
    ([entityId, name, rest], i): NewEventInput => ({
      eventId: id(2 + i),
      type: 'EntityIntroduced',
      occurredOn: 'unknown',
      data: { entityId, name, ...rest },
      metadata: meta([article]),
    }),
  ),
  ...['twitter', 'netflix', 'walmart'].map(
    (partyId, i): NewEventInput => ({
      eventId: id(0x20 + i),
      type: 'InterestExpressed',
      occurredOn: '2020',
      data: { partyId, targetId: 'tiktok', description: "keen to acquire TikTok's US branch" },
      metadata: meta([article], 'the article says "in the last few weeks"; no exact date is given'),
    }),
  ),
  {
    eventId: id(0x30),
    type: 'BidMade',
    occurredOn: 'unknown',
    data: { bidderId: 'microsoft', targetId: 'tiktok', terms: "An offer for TikTok's US activities" },
    metadata: meta([article]),
  },
  {
    eventId: id(0x31),
    type: 'BidRejected',
    occurredOn: '2020-09',
    reportedOn: '2020-09',
    data: {
      bidderId: 'microsoft',
      rejectedById: 'bytedance',
      reason: 'ByteDance did not select Microsoft as buyer',
    },
    metadata: meta(viaArticle('Microsoft', 'a statement by Microsoft'), thisWeekend),
  },
  {
    eventId: id(0x32),
    type: 'StatementMade',
    occurredOn: '2020-09',
    data: {
      speakerId: 'microsoft',
      quote:
        'We believe our proposal would have been good for TikTok users while safeguarding national security interests',
      channel: 'statement',
      aboutIds: ['tiktok', 'bytedance'],
    },
    metadata: meta(viaArticle('Microsoft', 'a statement by Microsoft'), thisWeekend),
  },
  {
    eventId: id(0x33),
    type: 'StatementMade',
    occurredOn: '2020-09',
    data: {
      speakerId: 'microsoft',
      quote:
        'Had it won, it would have made significant changes to security, privacy, online safety and misinformation',
      channel: 'statement',
      paraphrased: true,
      aboutIds: ['tiktok'],
    },
    metadata: meta(viaArticle('Microsoft', 'a statement by Microsoft'), thisWeekend),
  },
  {
    eventId: id(0x34),
    type: 'PartnerSelected',
    occurredOn: '2020-09',
    data: {
      partnerId: 'oracle',
      selectedById: 'bytedance',
      role: 'trusted technical partner',
      scope: "TikTok's US operations",
    },
    metadata: meta(viaArticle('The Wall Street Journal', 'a source familiar with the matter'), thisWeekend),
  },
  {
    eventId: id(0x35),
    type: 'ConditionReported',
    occurredOn: 'unknown',
    data: {
      subjectId: 'bytedance',
      condition:
        "ByteDance will not hand TikTok's source code (its algorithm) to a US buyer; TikTok's US tech team could develop a new algorithm",
      aboutIds: ['tiktok'],
    },
    metadata: meta(viaArticle('South China Morning Post', 'a source')),
  },
  {
    eventId: id(0x36),
    type: 'StatementMade',
    occurredOn: 'unknown',
    data: {
      speakerId: 'source-familiar',
      quote: 'The car can be sold but the engine cannot.',
      channel: 'interview',
      aboutIds: ['bytedance', 'tiktok'],
    },
    metadata: meta(viaArticle('South China Morning Post', 'a source')),
  },
  {
    eventId: id(0x37),
    type: 'RelationshipNoted',
    occurredOn: 'unknown',
    data: { fromId: 'zoom', toId: 'oracle', relationship: 'runs on the cloud infrastructure of' },
    metadata: meta([article]),
  },
  {
    eventId: id(0x38),
    type: 'AnalysisPublished',
    occurredOn: 'unknown',
    data: {
      analystId: 'patrick-moorhead',
      summary:
        'An Oracle–TikTok deal would make sense: TikTok needs a trusted US data partner, Oracle knows how to protect and manage data and needs scale in the cloud.',
      quote:
        'Why an Oracle TikTok deal would make sense: TikTok needs a trusted US data partner. Oracle knows how to protect and manage data.',
      aboutIds: ['oracle', 'tiktok', 'zoom'],
    },
    metadata: meta(viaArticle('Twitter', "Patrick Moorhead's tweet")),
  },
  {
    eventId: id(0x39),
    type: 'RelationshipNoted',
    occurredOn: 'unknown',
    data: {
      fromId: 'patrick-moorhead',
      toId: 'moor-insights',
      relationship: 'is president and senior analyst of',
    },
    metadata: meta([article]),
  },
  {
    eventId: id(0x3a),
    type: 'GovernmentActionTaken',
    occurredOn: 'unknown',
    data: {
      actorId: 'donald-trump',
      action: 'executive_order',
      title: 'Presidential order on the sale of TikTok',
      summary: "A presidential decree required the sale of TikTok's US operations",
      targetIds: ['bytedance', 'tiktok'],
    },
    metadata: meta([article], 'the article does not date the order'),
  },
  {
    eventId: id(0x3b),
    type: 'DeadlineSet',
    occurredOn: 'unknown',
    data: {
      deadlineId: 'sale-order',
      setById: 'donald-trump',
      description: 'Time the presidential order gave for the sale to take effect',
      durationDays: 90,
      basisEventId: id(0x3a),
    },
    metadata: meta([article], 'the article gives the 90 days but not the day they run from'),
  },
  {
    eventId: id(0x3c),
    type: 'RelationshipNoted',
    occurredOn: 'unknown',
    data: { fromId: 'larry-ellison', toId: 'oracle', relationship: 'is the founder of' },
    metadata: meta([article]),
  },
  {
    eventId: id(0x3d),
    type: 'RelationshipNoted',
    occurredOn: 'unknown',
    data: {
      fromId: 'larry-ellison',
      toId: 'donald-trump',
      relationship: 'is close to, and has endorsed,',
      description: 'One of the few Silicon Valley leaders to have endorsed Donald Trump',
    },
    metadata: meta([article]),
  },
]
