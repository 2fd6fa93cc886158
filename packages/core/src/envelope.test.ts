import { describe, expect, it } from 'vitest'
import { type NewEventInput, Source, type ValidatedNewEvent, validateNewEvents } from './envelope.js'
import { EventValidationError, type ValidationIssue } from './errors.js'
import { type EventData, type EventType, eventCatalogue, eventTypes } from './event-catalogue.js'
import type { OccurredOn } from './story-date.js'

/** A lowercase UUIDv7 whose last digits are `n`. */
function uuid7(n: number): string {
  return `01745f3a-8c00-7abc-8def-${n.toString(16).padStart(12, '0')}`
}

const wsj: Source = {
  outlet: 'The Wall Street Journal',
  title: 'TikTok Picks Oracle as Partner in U.S.',
  url: 'https://www.wsj.com/articles/tiktok-picks-oracle-as-partner-in-u-s-11600040395',
  publishedOn: '2020-09-13',
  attribution: 'a source familiar with the matter',
}
const reuters: Source = {
  outlet: 'Reuters',
  url: 'https://www.reuters.com/article/us-usa-tiktok-oracle-idUSKBN2640CZ',
  publishedOn: '2020-09-14',
}

interface Example<T extends EventType> {
  readonly data: EventData<T>
  readonly occurredOn: OccurredOn
  readonly sources: readonly Source[]
}

/** One realistic event of every type, from the 2020 contest over TikTok's US business. */
const examples: { readonly [T in EventType]: Example<T> } = {
  StoryOpened: {
    data: {
      title: 'The sale of TikTok in the United States',
      subject: "Who buys TikTok's US operations from ByteDance",
      summary: 'An executive order forces ByteDance to sell; Microsoft, Oracle and Walmart circle.',
      assetId: 'tiktok-us',
    },
    occurredOn: '2020-08',
    sources: [],
  },
  EntityIntroduced: {
    data: {
      entityId: 'oracle',
      name: 'Oracle Corporation',
      kind: 'company',
      aliases: ['Oracle'],
      description: 'Database and cloud company chaired by Larry Ellison',
    },
    occurredOn: 'unknown',
    sources: [],
  },
  InterestExpressed: {
    data: {
      partyId: 'microsoft',
      targetId: 'tiktok-us',
      description: 'Microsoft confirms it is in talks to buy the US operations of TikTok',
    },
    occurredOn: '2020-08-02',
    sources: [reuters],
  },
  BidMade: {
    data: {
      bidderId: 'microsoft',
      targetId: 'tiktok-us',
      partnerIds: ['walmart'],
      amount: { amount: 30_000_000_000, currency: 'USD', approximate: true },
      terms: 'Microsoft would run TikTok in the US, with Walmart as a minority partner',
    },
    occurredOn: '2020-08',
    sources: [reuters],
  },
  BidRejected: {
    data: {
      bidderId: 'microsoft',
      rejectedById: 'bytedance',
      reason: "ByteDance let us know today they would not be selling TikTok's US operations to Microsoft",
    },
    occurredOn: '2020-09-13',
    sources: [wsj],
  },
  BidWithdrawn: {
    data: { bidderId: 'twitter', reason: 'Twitter dropped out of the talks for lack of financing' },
    occurredOn: '2020-08',
    sources: [reuters],
  },
  PartnerSelected: {
    data: {
      partnerId: 'oracle',
      selectedById: 'bytedance',
      role: 'trusted technical partner',
      scope: 'hosting US user data and reviewing the source code',
    },
    occurredOn: '2020-09-13',
    sources: [wsj, reuters],
  },
  DealAnnounced: {
    data: {
      partyIds: ['bytedance', 'oracle', 'walmart'],
      description: 'A new company, TikTok Global, will run TikTok in the United States',
      stakes: [
        { holderId: 'oracle', percent: 12.5 },
        { holderId: 'walmart', percent: 7.5 },
      ],
    },
    occurredOn: '2020-09-19',
    sources: [reuters],
  },
  DealSigned: {
    data: {
      partyIds: ['bytedance', 'oracle', 'walmart'],
      description: 'The parties sign a term sheet for TikTok Global',
    },
    occurredOn: '2020-09',
    sources: [reuters],
  },
  DealClosed: {
    data: {
      partyIds: ['bytedance', 'oracle'],
      description: 'The TikTok US joint venture is established',
      value: { amount: 14_000_000_000, currency: 'USD', approximate: true },
    },
    occurredOn: '2026-01-22',
    sources: [reuters],
  },
  DealBlocked: {
    data: {
      blockedById: 'china-mofcom',
      partyIds: ['bytedance'],
      reason:
        "China's export rules now cover recommendation algorithms, so a sale needs a licence from Beijing",
    },
    occurredOn: '2020-08-28',
    sources: [reuters],
  },
  GovernmentActionTaken: {
    data: {
      actorId: 'donald-trump',
      action: 'executive_order',
      title: 'Order Regarding the Acquisition of Musical.ly by ByteDance Ltd.',
      summary: 'ByteDance must divest the assets and data of TikTok in the United States within 90 days',
      targetIds: ['bytedance', 'tiktok-us'],
      reference: '85 FR 51297',
    },
    occurredOn: '2020-08-14',
    sources: [reuters],
  },
  DeadlineSet: {
    data: {
      deadlineId: 'divestment-order',
      setById: 'donald-trump',
      description: 'ByteDance must divest TikTok in the United States',
      durationDays: 90,
      startsOn: '2020-08-14',
      dueOn: '2020-11-12',
      basisEventId: uuid7(0xabc),
    },
    occurredOn: '2020-08-14',
    sources: [reuters],
  },
  DeadlineExtended: {
    data: {
      deadlineId: 'divestment-order',
      extendedById: 'cfius',
      byDays: 15,
      newDueOn: '2020-11-27',
      reason: 'CFIUS grants ByteDance more time to reach a deal',
    },
    occurredOn: '2020-11-13',
    sources: [reuters],
  },
  StatementMade: {
    data: {
      speakerId: 'donald-trump',
      quote: 'I have given the deal my blessing',
      channel: 'interview',
      paraphrased: false,
      aboutIds: ['oracle', 'walmart'],
    },
    occurredOn: '2020-09-19',
    sources: [reuters],
  },
  ConditionReported: {
    data: { subjectId: 'bytedance', condition: 'will not transfer the source code', aboutIds: ['oracle'] },
    occurredOn: '2020-09-14',
    sources: [wsj],
  },
  AnalysisPublished: {
    data: {
      analystId: 'patrick-moorhead',
      summary: 'Oracle gets a marquee cloud customer, but the deal is about hosting, not owning TikTok',
      quote: 'This is a big win for Oracle Cloud',
      aboutIds: ['oracle', 'tiktok-us'],
    },
    occurredOn: '2020-09-14',
    sources: [{ outlet: 'Forbes', attribution: 'Patrick Moorhead, Moor Insights & Strategy' }],
  },
  RelationshipNoted: {
    data: {
      fromId: 'larry-ellison',
      toId: 'donald-trump',
      relationship: 'is a political supporter of',
      description: 'Ellison hosted a fundraiser for Trump in February 2020',
    },
    occurredOn: '2020-02',
    sources: [reuters],
  },
  DevelopmentCorrected: {
    data: {
      correctsEventId: uuid7(0x123),
      corrected: {
        data: { stakes: [{ holderId: 'oracle', percent: 12.5 }] },
        occurredOn: '2020-09-19',
      },
      reason: "Walmart's stake was reported before it was confirmed",
    },
    occurredOn: '2020-09-20',
    sources: [],
  },
  DevelopmentRetracted: {
    data: { retractsEventId: uuid7(0x456), reason: 'The report of a Walmart-led bid was not confirmed' },
    occurredOn: '2020-09-21',
    sources: [],
  },
  QuizGenerated: {
    data: {
      quizId: 'q-12345678',
      storyId: 'story/x',
      blueprint: {},
      logPosition: 7,
      quiz: {},
      teacherId: '01900000-0000-4000-8000-0000000000bb',
    },
    occurredOn: '2026-11-25',
    sources: [],
  },
  QuizPublished: {
    data: {
      quizId: 'q-12345678',
      joinCodeHash: 'abababababababababababababababababababababababababababababababab',
      showAnswers: false,
      teacherId: '01900000-0000-4000-8000-0000000000bb',
    },
    occurredOn: '2026-11-25',
    sources: [],
  },
  AttemptStarted: {
    data: {
      quizId: 'q-12345678',
      attemptId: '01900000-0000-4000-8000-0000000000aa',
      displayName: 'Ana',
      attemptSeed: '00000000000000000000000000000000',
    },
    occurredOn: '2026-11-25',
    sources: [],
  },
  AttemptSubmitted: {
    data: {
      quizId: 'q-12345678',
      attemptId: '01900000-0000-4000-8000-0000000000aa',
      answers: { q1: 'abcdefgh' },
    },
    occurredOn: '2026-11-25',
    sources: [],
  },
  AttemptGraded: {
    data: {
      quizId: 'q-12345678',
      attemptId: '01900000-0000-4000-8000-0000000000aa',
      marks: [],
      total: 0,
      maxTotal: 1,
      percentage: 0,
    },
    occurredOn: '2026-11-25',
    sources: [],
  },
  AttemptRegraded: {
    data: {
      quizId: 'q-12345678',
      attemptId: '01900000-0000-4000-8000-0000000000aa',
      marks: [],
      total: 1,
      maxTotal: 1,
      percentage: 100,
      reason: 'rekeyed',
    },
    occurredOn: '2026-11-25',
    sources: [],
  },
}

function inputOf(type: EventType, overrides: Readonly<Record<string, unknown>> = {}): NewEventInput {
  const example = examples[type]
  return {
    type,
    data: structuredClone(example.data),
    occurredOn: example.occurredOn,
    metadata: { recordedBy: 'importer-2020', sources: structuredClone([...example.sources]) },
    ...overrides,
  } as NewEventInput
}

/** The issues `validateNewEvents` throws, failing the test when it does not throw an EventValidationError. */
function issuesOf(events: unknown): readonly ValidationIssue[] {
  let result: ValidatedNewEvent[]
  try {
    result = validateNewEvents(events)
  } catch (error) {
    expect(error).toBeInstanceOf(EventValidationError)
    const validationError = error as EventValidationError
    expect(validationError.code).toBe('EVENT_INVALID')
    expect(validationError.details).toEqual({ issues: validationError.issues })
    expect(validationError.issues.length).toBeGreaterThan(0)
    return validationError.issues
  }
  throw new Error(`expected a validation error, but ${result.length} event(s) validated`)
}

/** Paths with every segment as a string, since envelope issues write array indexes as strings. */
const pathsOf = (issues: readonly ValidationIssue[]) => issues.map((issue) => issue.path.map(String))

describe('the examples', () => {
  it('cover every type of the catalogue', () => {
    expect(Object.keys(examples).sort()).toEqual(Object.keys(eventCatalogue).sort())
    expect(Object.keys(examples).sort()).toEqual([...eventTypes].sort())
  })
})

describe('validateNewEvents', () => {
  describe('accepts', () => {
    it.each(eventTypes)('a realistic %s', (type) => {
      const eventId = uuid7(1)
      const [validated, ...rest] = validateNewEvents([inputOf(type, { eventId })])
      expect(rest).toHaveLength(0)
      expect(validated).toBeDefined()
      expect(validated!.type).toBe(type)
      expect(validated!.eventId).toBe(eventId)
      expect(validated!.schemaVersion).toBe(eventCatalogue[type].schemaVersion)
      expect(validated!.occurredOn).toBe(examples[type].occurredOn)
      expect(validated!.current).toEqual({ type, data: examples[type].data })
      expect(validated!.data).toEqual(examples[type].data)
      expect(validated!.metadata.sources).toEqual(examples[type].sources)
    })

    it('every example in one append, in order', () => {
      const events = eventTypes.map((type, i) => inputOf(type, { eventId: uuid7(100 + i) }))
      const validated = validateNewEvents(events)
      expect(validated.map((event) => event.type)).toEqual(eventTypes)
      expect(validated.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId))
    })

    it('an event without an eventId, leaving it for the store to mint', () => {
      const [validated] = validateNewEvents([inputOf('PartnerSelected')])
      expect(validated!.eventId).toBeUndefined()
      expect(validated!.reportedOn).toBeUndefined()
    })

    it('a reportedOn date and the optional metadata fields', () => {
      const [validated] = validateNewEvents([
        inputOf('PartnerSelected', {
          reportedOn: '2020-09-14',
          metadata: {
            recordedBy: 'a teacher',
            reason: 'lesson on the TikTok sale',
            correlationId: 'lesson-7',
            causationId: 'import-42',
            sources: [wsj],
          },
        }),
      ])
      expect(validated!.reportedOn).toBe('2020-09-14')
      expect(validated!.metadata.correlationId).toBe('lesson-7')
    })

    it('a source citing "a source familiar with the matter" at The Wall Street Journal', () => {
      const source = { outlet: 'The Wall Street Journal', attribution: 'a source familiar with the matter' }
      expect(Source.safeParse(source).success).toBe(true)
      const [validated] = validateNewEvents([
        inputOf('ConditionReported', { metadata: { recordedBy: 'x', sources: [source] } }),
      ])
      expect(validated!.metadata.sources).toEqual([source])
    })

    it('sources with http and https urls', () => {
      expect(Source.safeParse({ outlet: 'Reuters', url: 'https://www.reuters.com/x' }).success).toBe(true)
      expect(Source.safeParse({ outlet: 'Reuters', url: 'http://www.reuters.com/x' }).success).toBe(true)
    })

    it('non-development types without sources', () => {
      for (const type of eventTypes.filter((t) => !eventCatalogue[t].sourced)) {
        expect(() =>
          validateNewEvents([inputOf(type, { metadata: { recordedBy: 'x', sources: [] } })]),
        ).not.toThrow()
      }
    })

    it('an explicit schemaVersion equal to the current one', () => {
      const [validated] = validateNewEvents([inputOf('BidMade', { schemaVersion: 2 })])
      expect(validated!.schemaVersion).toBe(2)
    })

    it('a BidMade written at schema version 1, keeping the data as written and upcasting the current form', () => {
      const data = { bidderId: 'oracle', targetId: 'tiktok-us', amountUsd: 20_000_000_000 }
      const [validated] = validateNewEvents([inputOf('BidMade', { schemaVersion: 1, data })])
      expect(validated!.schemaVersion).toBe(1)
      expect(validated!.data).toEqual(data)
      expect(validated!.current).toEqual({
        type: 'BidMade',
        data: {
          bidderId: 'oracle',
          targetId: 'tiktok-us',
          amount: { amount: 20_000_000_000, currency: 'USD' },
        },
      })
    })

    it('a DeadlineSet with only durationDays or only dueOn', () => {
      const { durationDays: _d, ...withDue } = examples.DeadlineSet.data
      const { dueOn: _due, ...withDuration } = examples.DeadlineSet.data
      expect(() => validateNewEvents([inputOf('DeadlineSet', { data: withDue })])).not.toThrow()
      expect(() => validateNewEvents([inputOf('DeadlineSet', { data: withDuration })])).not.toThrow()
    })
  })

  describe('rejects', () => {
    it('an unknown type, naming it', () => {
      const issues = issuesOf([inputOf('BidMade'), inputOf('BidMade', { type: 'BidAccepted' })])
      expect(issues).toHaveLength(1)
      expect(issues[0]!.path).toEqual([1, 'type'])
      expect(issues[0]!.message).toContain('"BidAccepted"')
    })

    it('a missing required field', () => {
      const { rejectedById: _, ...data } = examples.BidRejected.data
      const issues = issuesOf([inputOf('BidRejected', { data })])
      expect(issues.map((issue) => issue.path)).toEqual([[0, 'data', 'rejectedById']])
    })

    it('an unknown field in the data, since the schemas are strict', () => {
      const data = { ...examples.PartnerSelected.data, price: 'undisclosed' }
      const issues = issuesOf([inputOf('PartnerSelected', { data })])
      expect(issues).toHaveLength(1)
      expect(issues[0]!.path).toEqual([0, 'data'])
      expect(issues[0]!.code).toBe('unrecognized_keys')
      expect(issues[0]!.message).toContain('price')
    })

    it('an unknown field in the envelope, the metadata or a source', () => {
      expect(pathsOf(issuesOf([inputOf('BidRejected', { streamId: 'story/tiktok-us' })]))).toEqual([['0']])
      expect(
        pathsOf(
          issuesOf([inputOf('BidRejected', { metadata: { recordedBy: 'x', sources: [wsj], author: 'me' } })]),
        ),
      ).toEqual([['0', 'metadata']])
      expect(
        pathsOf(
          issuesOf([
            inputOf('BidRejected', { metadata: { recordedBy: 'x', sources: [{ ...wsj, page: 'A1' }] } }),
          ]),
        ),
      ).toEqual([['0', 'metadata', 'sources', '0']])
    })

    it('a development of the story that cites no source', () => {
      const issues = issuesOf([inputOf('PartnerSelected', { metadata: { recordedBy: 'x', sources: [] } })])
      expect(issues).toEqual([
        {
          path: [0, 'metadata', 'sources'],
          code: 'too_small',
          message: 'PartnerSelected is a development of the story and must cite at least one source',
        },
      ])
    })

    it('every sourced type without sources', () => {
      const sourced = eventTypes.filter((type) => eventCatalogue[type].sourced)
      expect(sourced.length).toBeGreaterThan(10)
      const issues = issuesOf(
        sourced.map((type) => inputOf(type, { metadata: { recordedBy: 'x', sources: [] } })),
      )
      expect(issues.map((issue) => issue.path)).toEqual(sourced.map((_, i) => [i, 'metadata', 'sources']))
    })

    it.each([
      ['blank', '   \n\t '],
      ['empty', ''],
      ['NUL-containing', 'Oracle\u0000Corporation'],
      ['lone-surrogate', 'Oracle \ud800'],
    ])('a %s Text', (_what, text) => {
      const issues = issuesOf([
        inputOf('BidRejected', { data: { ...examples.BidRejected.data, reason: text } }),
      ])
      expect(issues.length).toBeGreaterThan(0)
      for (const issue of issues) expect(issue.path).toEqual([0, 'data', 'reason'])
    })

    it('a Text longer than 20000 characters', () => {
      const issues = issuesOf([
        inputOf('BidRejected', { data: { ...examples.BidRejected.data, reason: 'x'.repeat(20_001) } }),
      ])
      expect(issues.map((issue) => issue.path)).toEqual([[0, 'data', 'reason']])
    })

    it('a blank recordedBy in the metadata', () => {
      const issues = issuesOf([inputOf('StoryOpened', { metadata: { recordedBy: ' ', sources: [] } })])
      expect(pathsOf(issues)).toEqual([['0', 'metadata', 'recordedBy']])
    })

    it.each([
      ['uppercase', '01745F3A-8C00-7ABC-8DEF-000000000001'],
      ['version 4', '01745f3a-8c00-4abc-8def-000000000001'],
      ['wrong variant', '01745f3a-8c00-7abc-cdef-000000000001'],
      ['not a uuid', 'oracle-picked'],
    ])('an eventId that is not a lowercase UUIDv7 (%s)', (_what, eventId) => {
      const issues = issuesOf([inputOf('PartnerSelected', { eventId })])
      expect(pathsOf(issues)).toEqual([['0', 'eventId']])
    })

    it('the same eventId twice in one append, at the second one', () => {
      const eventId = uuid7(7)
      const issues = issuesOf([
        inputOf('BidRejected', { eventId }),
        inputOf('PartnerSelected', { eventId: uuid7(8) }),
        inputOf('PartnerSelected', { eventId }),
      ])
      expect(issues).toHaveLength(1)
      expect(issues[0]!.path).toEqual([2, 'eventId'])
      expect(issues[0]!.message).toContain('twice')
    })

    it.each([3, 0, -1, 1.5])('BidMade at schemaVersion %d (current is 2)', (schemaVersion) => {
      const issues = issuesOf([inputOf('BidMade', { schemaVersion })])
      expect(pathsOf(issues)).toEqual([['0', 'schemaVersion']])
    })

    it('a schemaVersion above the current one for a type with one version', () => {
      const issues = issuesOf([inputOf('PartnerSelected', { schemaVersion: 2 })])
      expect(issues).toHaveLength(1)
      expect(issues[0]!.path).toEqual([0, 'schemaVersion'])
      expect(issues[0]!.message).toContain('1 to 1')
    })

    it('a DeadlineSet with neither durationDays nor dueOn', () => {
      const { durationDays: _d, dueOn: _due, ...data } = examples.DeadlineSet.data
      const issues = issuesOf([inputOf('DeadlineSet', { data })])
      expect(issues).toHaveLength(1)
      expect(issues[0]!.path).toEqual([0, 'data', 'durationDays'])
      expect(issues[0]!.message).toBe('a deadline needs durationDays, dueOn or both')
    })

    it('a DeadlineExtended with neither byDays nor newDueOn', () => {
      const { byDays: _b, newDueOn: _n, ...data } = examples.DeadlineExtended.data
      expect(issuesOf([inputOf('DeadlineExtended', { data })]).map((issue) => issue.path)).toEqual([
        [0, 'data', 'byDays'],
      ])
    })

    it('a correction that corrects nothing', () => {
      const data = { ...examples.DevelopmentCorrected.data, corrected: {} }
      expect(issuesOf([inputOf('DevelopmentCorrected', { data })]).map((issue) => issue.path)).toEqual([
        [0, 'data', 'corrected'],
      ])
    })

    it.each([
      ['javascript:', 'javascript:alert(1)'],
      ['ftp:', 'ftp://ftp.example.com/tiktok.txt'],
      ['data:', 'data:text/html,<script>alert(1)</script>'],
      ['no protocol', 'www.wsj.com/articles/x'],
    ])('a source url with %s', (_what, url) => {
      expect(Source.safeParse({ outlet: 'The Wall Street Journal', url }).success).toBe(false)
      const issues = issuesOf([
        inputOf('PartnerSelected', { metadata: { recordedBy: 'x', sources: [{ ...wsj, url }] } }),
      ])
      expect(pathsOf(issues)).toEqual([['0', 'metadata', 'sources', '0', 'url']])
    })

    it('an impossible occurredOn or reportedOn', () => {
      expect(pathsOf(issuesOf([inputOf('PartnerSelected', { occurredOn: '2020-02-30' })]))).toEqual([
        ['0', 'occurredOn'],
      ])
      expect(pathsOf(issuesOf([inputOf('PartnerSelected', { reportedOn: 'unknown' })]))).toEqual([
        ['0', 'reportedOn'],
      ])
    })

    it('entity ids that are not lowercase slugs', () => {
      const data = { ...examples.PartnerSelected.data, partnerId: 'Oracle' }
      expect(issuesOf([inputOf('PartnerSelected', { data })]).map((issue) => issue.path)).toEqual([
        [0, 'data', 'partnerId'],
      ])
      const announced = { ...examples.DealAnnounced.data, partyIds: ['bytedance', 'Oracle Corp'] }
      expect(issuesOf([inputOf('DealAnnounced', { data: announced })]).map((issue) => issue.path)).toEqual([
        [0, 'data', 'partyIds', 1],
      ])
    })

    it('an empty array', () => {
      const issues = issuesOf([])
      expect(issues).toEqual([
        { path: [], code: 'invalid_type', message: 'expected a non-empty array of events' },
      ])
    })

    it.each([
      ['a single event', { type: 'StoryOpened' }],
      ['null', null],
      ['a string', 'StoryOpened'],
      ['undefined', undefined],
    ])('%s instead of an array', (_what, events) => {
      const issues = issuesOf(events)
      expect(issues).toHaveLength(1)
      expect(issues[0]!.path).toEqual([])
    })

    it('an event that is not an object', () => {
      expect(pathsOf(issuesOf([inputOf('StoryOpened'), null]))).toEqual([['1']])
    })

    it('the whole append, reporting the issues of every bad event with its index', () => {
      const issues = issuesOf([
        inputOf('StoryOpened'),
        inputOf('BidRejected', { data: { bidderId: 'microsoft' } }),
        inputOf('PartnerSelected'),
        inputOf('BidMade', { type: 'BidAccepted' }),
        inputOf('ConditionReported', { metadata: { recordedBy: 'x', sources: [] } }),
      ])
      expect(issues.map((issue) => issue.path)).toEqual([
        [1, 'data', 'rejectedById'],
        [3, 'type'],
        [4, 'metadata', 'sources'],
      ])
    })

    it('with a message that counts the issues and says nothing was written', () => {
      try {
        validateNewEvents([
          inputOf('StoryOpened', { type: 'Nope' }),
          inputOf('StoryOpened', { occurredOn: 'soon' }),
        ])
        expect.unreachable()
      } catch (error) {
        expect((error as Error).message).toBe(
          '2 validation issue(s) in an append of 2 event(s); nothing was written',
        )
      }
    })
  })
})
