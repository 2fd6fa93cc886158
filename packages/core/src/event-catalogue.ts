import { z } from 'zod'
import {
  AttemptGradedData,
  AttemptRegradedData,
  AttemptStartedData,
  AttemptSubmittedData,
  QuizGeneratedData,
  QuizPublishedData,
} from './classroom-events.js'
import { CalendarDay, OccurredOn } from './story-date.js'

/** Free text written by a person: non-blank, bounded, and without NUL (PostgreSQL's jsonb cannot hold it). */
export const Text = z
  .string()
  .min(1)
  .max(20_000)
  .regex(/\S/, 'must not be blank')
  .refine((s) => !s.includes('\u0000'), 'must not contain a NUL character')
  .refine((s) => !/\p{Cs}/u.test(s), 'must be well-formed Unicode (no lone surrogates)')

/** A stable, human-readable id for an entity of the story, e.g. `oracle`, `larry-ellison`. */
export const EntityId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'expected lowercase letters, digits, ".", "_" or "-" (at most 100)')
export type EntityId = z.infer<typeof EntityId>

export const EventId = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    'expected a lowercase UUIDv7',
  )
export type EventId = z.infer<typeof EventId>

export const EntityKind = z.enum([
  'company',
  'person',
  'government',
  'regulator',
  'court',
  'publication',
  'analyst',
  'unnamed_source',
  'product',
  'organization',
])
export type EntityKind = z.infer<typeof EntityKind>

export const Money = z.strictObject({
  amount: z.number().positive().finite(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD'),
  approximate: z.boolean().optional(),
})
export type Money = z.infer<typeof Money>

const EntityIds = z.array(EntityId).max(100)

export const StoryOpenedData = z.strictObject({
  title: Text,
  subject: Text,
  summary: Text.optional(),
  /** The thing being fought over (TikTok's US business), when it is an entity of the story. */
  assetId: EntityId.optional(),
})

export const EntityIntroducedData = z.strictObject({
  entityId: EntityId,
  name: Text,
  kind: EntityKind,
  aliases: z.array(Text).max(50).optional(),
  description: Text.optional(),
})

export const InterestExpressedData = z.strictObject({
  partyId: EntityId,
  targetId: EntityId.optional(),
  description: Text.optional(),
})

export const BidMadeData = z.strictObject({
  bidderId: EntityId,
  targetId: EntityId.optional(),
  amount: Money.optional(),
  terms: Text.optional(),
  /** Others bidding together with the bidder (a consortium). */
  partnerIds: EntityIds.optional(),
})

/** BidMade as first written: a bare dollar figure. Kept so that stored v1 events still read. */
export const BidMadeDataV1 = z.strictObject({
  bidderId: EntityId,
  targetId: EntityId.optional(),
  amountUsd: z.number().positive().finite().optional(),
  terms: Text.optional(),
})

export const BidRejectedData = z.strictObject({
  bidderId: EntityId,
  rejectedById: EntityId,
  reason: Text.optional(),
})

export const BidWithdrawnData = z.strictObject({
  bidderId: EntityId,
  reason: Text.optional(),
})

export const PartnerSelectedData = z.strictObject({
  partnerId: EntityId,
  selectedById: EntityId,
  /** In the sources' words, e.g. "trusted technical partner". */
  role: Text,
  scope: Text.optional(),
})

export const Stake = z.strictObject({
  holderId: EntityId,
  percent: z.number().min(0).max(100),
  approximate: z.boolean().optional(),
})

export const DealAnnouncedData = z.strictObject({
  partyIds: EntityIds.min(1),
  description: Text,
  value: Money.optional(),
  stakes: z.array(Stake).max(50).optional(),
})

export const DealSignedData = z.strictObject({
  partyIds: EntityIds.min(1),
  description: Text.optional(),
})

export const DealClosedData = z.strictObject({
  partyIds: EntityIds.min(1),
  description: Text.optional(),
  value: Money.optional(),
})

export const DealBlockedData = z.strictObject({
  blockedById: EntityId,
  partyIds: EntityIds.optional(),
  reason: Text,
})

export const GovernmentActionKind = z.enum([
  'executive_order',
  'law',
  'ruling',
  'regulation',
  'investigation',
  'review',
  'agreement',
  'other',
])

export const GovernmentActionTakenData = z.strictObject({
  actorId: EntityId,
  action: GovernmentActionKind,
  title: Text,
  summary: Text.optional(),
  targetIds: EntityIds,
  /** An official reference such as "Executive Order 13942". */
  reference: Text.optional(),
})

export const DeadlineSetData = z
  .strictObject({
    /** A slug the extensions refer to, e.g. `divestment-order`. */
    deadlineId: EntityId,
    setById: EntityId,
    description: Text,
    durationDays: z.number().int().positive().max(36_500).optional(),
    /** The day the duration runs from; defaults to the day the deadline was set. */
    startsOn: CalendarDay.optional(),
    dueOn: CalendarDay.optional(),
    /** The event (an executive order, a law) that set the deadline. */
    basisEventId: EventId.optional(),
  })
  .refine((d) => d.durationDays !== undefined || d.dueOn !== undefined, {
    message: 'a deadline needs durationDays, dueOn or both',
    path: ['durationDays'],
  })

export const DeadlineExtendedData = z
  .strictObject({
    deadlineId: EntityId,
    extendedById: EntityId,
    byDays: z.number().int().positive().max(36_500).optional(),
    newDueOn: CalendarDay.optional(),
    reason: Text.optional(),
  })
  .refine((d) => d.byDays !== undefined || d.newDueOn !== undefined, {
    message: 'an extension needs byDays, newDueOn or both',
    path: ['byDays'],
  })

export const StatementChannel = z.enum([
  'statement',
  'press_release',
  'blog_post',
  'interview',
  'social_media',
  'speech',
  'filing',
  'court_filing',
  'other',
])

export const StatementMadeData = z.strictObject({
  speakerId: EntityId,
  quote: Text,
  channel: StatementChannel,
  /** True when the sources give the words indirectly rather than verbatim. */
  paraphrased: z.boolean().optional(),
  aboutIds: EntityIds.optional(),
})

export const ConditionReportedData = z.strictObject({
  /** The party the condition comes from or binds, e.g. ByteDance refusing to transfer the algorithm. */
  subjectId: EntityId,
  condition: Text,
  aboutIds: EntityIds.optional(),
})

export const AnalysisPublishedData = z.strictObject({
  analystId: EntityId,
  summary: Text,
  quote: Text.optional(),
  aboutIds: EntityIds.optional(),
})

export const RelationshipNotedData = z.strictObject({
  fromId: EntityId,
  toId: EntityId,
  /** In words, read as "from <relationship> to", e.g. "is a political ally of". */
  relationship: Text,
  description: Text.optional(),
})

export const DevelopmentCorrectedData = z.strictObject({
  correctsEventId: EventId,
  /** The fields that were wrong, with their right values: a part of the event's data, its date, or both. */
  corrected: z
    .strictObject({
      data: z.record(z.string(), z.unknown()).optional(),
      occurredOn: OccurredOn.optional(),
    })
    .refine((c) => c.data !== undefined || c.occurredOn !== undefined, 'a correction must correct something'),
  reason: Text,
})

export const DevelopmentRetractedData = z.strictObject({
  retractsEventId: EventId,
  reason: Text,
})

/**
 * The catalogue: every event type, the schema of its current data, and its current schema version.
 * `sourced` types are developments of the story and must cite at least one source.
 */
export const eventCatalogue = {
  StoryOpened: { data: StoryOpenedData, schemaVersion: 1, sourced: false },
  EntityIntroduced: { data: EntityIntroducedData, schemaVersion: 1, sourced: false },
  InterestExpressed: { data: InterestExpressedData, schemaVersion: 1, sourced: true },
  BidMade: { data: BidMadeData, schemaVersion: 2, sourced: true },
  BidRejected: { data: BidRejectedData, schemaVersion: 1, sourced: true },
  BidWithdrawn: { data: BidWithdrawnData, schemaVersion: 1, sourced: true },
  PartnerSelected: { data: PartnerSelectedData, schemaVersion: 1, sourced: true },
  DealAnnounced: { data: DealAnnouncedData, schemaVersion: 1, sourced: true },
  DealSigned: { data: DealSignedData, schemaVersion: 1, sourced: true },
  DealClosed: { data: DealClosedData, schemaVersion: 1, sourced: true },
  DealBlocked: { data: DealBlockedData, schemaVersion: 1, sourced: true },
  GovernmentActionTaken: { data: GovernmentActionTakenData, schemaVersion: 1, sourced: true },
  DeadlineSet: { data: DeadlineSetData, schemaVersion: 1, sourced: true },
  DeadlineExtended: { data: DeadlineExtendedData, schemaVersion: 1, sourced: true },
  StatementMade: { data: StatementMadeData, schemaVersion: 1, sourced: true },
  ConditionReported: { data: ConditionReportedData, schemaVersion: 1, sourced: true },
  AnalysisPublished: { data: AnalysisPublishedData, schemaVersion: 1, sourced: true },
  RelationshipNoted: { data: RelationshipNotedData, schemaVersion: 1, sourced: true },
  DevelopmentCorrected: { data: DevelopmentCorrectedData, schemaVersion: 1, sourced: false },
  DevelopmentRetracted: { data: DevelopmentRetractedData, schemaVersion: 1, sourced: false },
  QuizGenerated: { data: QuizGeneratedData, schemaVersion: 1, sourced: false },
  QuizPublished: { data: QuizPublishedData, schemaVersion: 1, sourced: false },
  AttemptStarted: { data: AttemptStartedData, schemaVersion: 1, sourced: false },
  AttemptSubmitted: { data: AttemptSubmittedData, schemaVersion: 1, sourced: false },
  AttemptGraded: { data: AttemptGradedData, schemaVersion: 1, sourced: false },
  AttemptRegraded: { data: AttemptRegradedData, schemaVersion: 1, sourced: false },
} as const

export type EventType = keyof typeof eventCatalogue
export const eventTypes = Object.keys(eventCatalogue) as EventType[]

type Catalogue = typeof eventCatalogue
/** One event of the catalogue as `{ type, data }`, discriminated on `type`. */
export type StoryEvent = { [T in EventType]: { type: T; data: z.infer<Catalogue[T]['data']> } }[EventType]
export type EventOfType<T extends EventType> = Extract<StoryEvent, { type: T }>
export type EventData<T extends EventType> = EventOfType<T>['data']

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalogue, type)
}

/** The classroom's event types (quizzes and attempts, in `quiz/…` streams): not developments of a story. */
export const classroomEventTypes = [
  'QuizGenerated',
  'QuizPublished',
  'AttemptStarted',
  'AttemptSubmitted',
  'AttemptGraded',
  'AttemptRegraded',
] as const satisfies readonly EventType[]
export type ClassroomEventType = (typeof classroomEventTypes)[number]

/** The event types a story's stream may hold: every type but the classroom's. */
export const storyEventTypes = eventTypes.filter(
  (type) => !(classroomEventTypes as readonly string[]).includes(type),
)

export function isClassroomEventType(type: string): type is ClassroomEventType {
  return (classroomEventTypes as readonly string[]).includes(type)
}
