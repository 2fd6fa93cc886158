import type {
  CalendarDay,
  EntityId,
  EntityKind,
  EventData,
  Money,
  OccurredOn,
  Source,
} from '@storyledger/core'

/**
 * Why the state holds a fact: one event of the log, when it happened (after any correction) and was
 * recorded, and the sources it cites. `correctedBy` lists the corrections applied to it, in log order.
 */
export interface Support {
  readonly eventId: string
  readonly occurredOn: OccurredOn
  readonly recordedAt: string
  readonly sources: readonly Source[]
  readonly correctedBy?: readonly string[]
}

/** What the story is about (from `StoryOpened`). */
export interface StoryInfo {
  readonly title: string
  readonly subject: string
  readonly summary?: string
  /** The thing being fought over, when it is an entity of the story. */
  readonly assetId?: EntityId
  readonly support: readonly Support[]
}

export interface EntityState {
  readonly entityId: EntityId
  readonly name: string
  readonly kind: EntityKind
  readonly aliases: readonly string[]
  readonly description?: string
  readonly support: readonly Support[]
}

/**
 * Where a party stands in the deal, set by the latest development that names it:
 *
 * - `interested`: it expressed interest (`InterestExpressed`);
 * - `bidding`: it made a bid, or is named as a partner in someone's bid (`BidMade`);
 * - `rejected`: its bid was rejected (`BidRejected`);
 * - `withdrawn`: it withdrew its bid (`BidWithdrawn`);
 * - `partner`: it was selected as partner (`PartnerSelected`);
 * - `buyer`: named in a deal announced, signed or closed, having ever been a suitor (any standing above, or
 *   `buyer`); when no party named in the deal ever was, the first one named (deals are named acquirer first);
 * - `party`: named in a deal otherwise, typically the seller, the asset or another holder;
 * - `blocked`: named in a deal that a government or court blocked (`DealBlocked`).
 */
export type Standing =
  | 'interested'
  | 'bidding'
  | 'rejected'
  | 'withdrawn'
  | 'partner'
  | 'buyer'
  | 'party'
  | 'blocked'

export interface StandingChange {
  readonly standing: Standing
  /** The development's date after corrections, at the precision the sources give. */
  readonly occurredOn: OccurredOn
  readonly eventId: string
}

export interface PartyState {
  readonly partyId: EntityId
  readonly standing: Standing
  /** Every standing the party has had, in story order; the last one is `standing`. */
  readonly history: readonly StandingChange[]
  readonly support: readonly Support[]
}

export type BidStatus = 'open' | 'rejected' | 'withdrawn'

export interface BidState {
  /** The id of the `BidMade` event. */
  readonly bidId: string
  readonly bidderId: EntityId
  readonly targetId?: EntityId
  readonly amount?: Money
  readonly terms?: string
  readonly partnerIds: readonly EntityId[]
  readonly occurredOn: OccurredOn
  /** A rejection or withdrawal applies to the bidder's latest open bid. */
  readonly status: BidStatus
  readonly rejectedById?: EntityId
  readonly reason?: string
  readonly support: readonly Support[]
}

export interface PartnerState {
  readonly partnerId: EntityId
  readonly selectedById: EntityId
  /** In the sources' words, e.g. "trusted technical partner". */
  readonly role: string
  readonly scope?: string
  readonly occurredOn: OccurredOn
  readonly support: readonly Support[]
}

/**
 * The phase of the deal. Suitor developments only move it forward (`interest` → `bidding` →
 * `partner_selected`); deal developments (`announced`, `signed`, `closed`, `blocked`) always set it; after
 * `blocked`, any development may start a new round.
 */
export type DealPhase =
  | 'not_started'
  | 'interest'
  | 'bidding'
  | 'partner_selected'
  | 'announced'
  | 'signed'
  | 'closed'
  | 'blocked'

export interface PhaseChange {
  readonly phase: DealPhase
  readonly occurredOn: OccurredOn
  readonly eventId: string
}

export type GovernmentActionKind = EventData<'GovernmentActionTaken'>['action']

export interface GovernmentActionState {
  readonly actionId: string
  readonly actorId: EntityId
  readonly action: GovernmentActionKind
  readonly title: string
  readonly summary?: string
  readonly targetIds: readonly EntityId[]
  readonly reference?: string
  readonly occurredOn: OccurredOn
  readonly support: readonly Support[]
}

export interface DueDateChange {
  /** `null` when the due date cannot be computed (a duration from an undated start). */
  readonly dueOn: CalendarDay | null
  readonly eventId: string
  /** `set` for the `DeadlineSet`, `extended` for each `DeadlineExtended`. */
  readonly change: 'set' | 'extended'
  readonly extendedById?: EntityId
  readonly byDays?: number
  readonly reason?: string
}

export interface DeadlineState {
  readonly deadlineId: EntityId
  readonly setById: EntityId
  readonly description: string
  readonly durationDays?: number
  /** The day the duration runs from: `startsOn` if given, else the day the deadline was set. */
  readonly startsOn: CalendarDay | null
  /**
   * The due date: `dueOn` if given, else `startsOn + durationDays`; each extension moves it (`newDueOn`, or
   * `byDays` added to the current due date). `null` when it cannot be computed.
   */
  readonly dueOn: CalendarDay | null
  /** The due date as first set, before any extension. */
  readonly originalDueOn: CalendarDay | null
  /**
   * True when the start was taken from a month- or year-precision date (its last known day). A deadline set on an
   * unknown day has no start and, without `dueOn`, no due date.
   */
  readonly approximate: boolean
  readonly basisEventId?: string
  /** The due date after the setting and after each extension, in story order. */
  readonly history: readonly DueDateChange[]
  readonly support: readonly Support[]
}

export type StatementChannel = EventData<'StatementMade'>['channel']

export interface StatementState {
  readonly statementId: string
  readonly speakerId: EntityId
  readonly quote: string
  readonly channel: StatementChannel
  readonly paraphrased: boolean
  readonly aboutIds: readonly EntityId[]
  readonly occurredOn: OccurredOn
  readonly support: readonly Support[]
}

export interface ConditionState {
  readonly conditionId: string
  readonly subjectId: EntityId
  readonly condition: string
  readonly aboutIds: readonly EntityId[]
  readonly occurredOn: OccurredOn
  readonly support: readonly Support[]
}

export interface AnalysisState {
  readonly analysisId: string
  readonly analystId: EntityId
  readonly summary: string
  readonly quote?: string
  readonly aboutIds: readonly EntityId[]
  readonly occurredOn: OccurredOn
  readonly support: readonly Support[]
}

export interface RelationshipState {
  readonly relationshipId: string
  readonly fromId: EntityId
  readonly toId: EntityId
  /** Read as "from <relationship> to", e.g. "is a political ally of". */
  readonly relationship: string
  readonly description?: string
  readonly occurredOn: OccurredOn
  readonly support: readonly Support[]
}

export interface Stake {
  readonly holderId: EntityId
  readonly percent: number
  readonly approximate?: boolean
}

export type DealStatus = 'announced' | 'signed' | 'closed' | 'blocked'

/**
 * A deal between parties. A signing, closing or blocking applies to the latest deal that is neither closed
 * nor blocked and shares a party with it (or, for a blocking that names no party, the latest such deal);
 * when there is none, it starts a deal of its own.
 */
export interface DealRecord {
  /** The id of the event that first recorded the deal. */
  readonly dealId: string
  readonly partyIds: readonly EntityId[]
  readonly description?: string
  readonly value?: Money
  readonly stakes: readonly Stake[]
  readonly status: DealStatus
  readonly announcedOn?: OccurredOn
  readonly signedOn?: OccurredOn
  readonly closedOn?: OccurredOn
  readonly blockedOn?: OccurredOn
  readonly blockedById?: EntityId
  readonly blockedReason?: string
  readonly support: readonly Support[]
}

/**
 * The state of the deal at one point of the story. Plain JSON (objects keyed by id, arrays in story order;
 * no Maps, no Dates, no `undefined` values), so it can be stored, sent and compared as it is. The objects
 * keyed by id have no prototype, so `state.parties[id]` is `undefined` for any id the state lacks (even
 * `constructor`).
 * States are values: treat them as read-only (they may share parts with snapshots and other states).
 */
export interface DealState {
  readonly story: StoryInfo | null
  readonly entities: Readonly<Record<EntityId, EntityState>>
  readonly parties: Readonly<Record<EntityId, PartyState>>
  readonly bids: readonly BidState[]
  /** The current partner; a later `PartnerSelected` replaces it. */
  readonly partner: PartnerState | null
  readonly phase: DealPhase
  readonly phaseHistory: readonly PhaseChange[]
  readonly governmentActions: readonly GovernmentActionState[]
  readonly deadlines: Readonly<Record<EntityId, DeadlineState>>
  readonly statements: readonly StatementState[]
  readonly conditions: readonly ConditionState[]
  readonly analyses: readonly AnalysisState[]
  readonly relationships: readonly RelationshipState[]
  readonly deals: readonly DealRecord[]
  /** How many events were folded into the state (bookkeeping events included). */
  readonly developments: number
}

/** A due date, or `null` when it cannot be computed. */
export type CalendarDayOrNull = CalendarDay | null

/** The state before anything happened. */
export function initialState(): DealState {
  return {
    story: null,
    entities: emptyRecord(),
    parties: emptyRecord(),
    bids: [],
    partner: null,
    phase: 'not_started',
    phaseHistory: [],
    governmentActions: [],
    deadlines: emptyRecord(),
    statements: [],
    conditions: [],
    analyses: [],
    relationships: [],
    deals: [],
    developments: 0,
  }
}

/** An object keyed by id without a prototype, optionally with the entries of `from`. */
export function emptyRecord<T>(from?: Readonly<Record<string, T>>): Record<string, T> {
  const record = Object.create(null) as Record<string, T>
  return from === undefined ? record : Object.assign(record, from)
}

/** The name of an entity of the state, or its id when the state does not know it. */
export function nameOf(state: DealState, entityId: EntityId): string {
  return Object.hasOwn(state.entities, entityId) ? state.entities[entityId]!.name : entityId
}
