import { assertNever, type EntityId, type EventData, type StoredEvent } from '@storyledger/core'
import { addDays, isCalendarDay, placementKeyOf, UNDATED } from './placement.js'
import {
  type AnalysisState,
  type BidState,
  type ConditionState,
  type DeadlineState,
  type DealPhase,
  type DealRecord,
  type DealState,
  type DueDateChange,
  type EntityState,
  emptyRecord,
  type GovernmentActionState,
  initialState,
  type PartnerState,
  type PartyState,
  type PhaseChange,
  type RelationshipState,
  type Stake,
  type Standing,
  type StatementState,
  type StoryInfo,
  type Support,
} from './state.js'

/** A stored event as the fold sees it: after corrections, with the corrections that were applied to it. */
export type FoldableEvent = StoredEvent & { readonly correctedBy?: readonly string[] }

/** A state element the fold owns: its fields may change in place, and so may the lists named here. */
export type Writable<T, Growing extends keyof T = never> = {
  -readonly [K in keyof T]: K extends Growing ? (T[K] extends readonly (infer U)[] ? U[] : T[K]) : T[K]
}

export type OwnParty = Writable<PartyState, 'history' | 'support'>
export type OwnDeal = Writable<DealRecord, 'partyIds' | 'support'>
export type OwnDeadline = Writable<DeadlineState, 'history' | 'support'>

/**
 * A collection keyed by id, being folded: the record of the state the fold started from, and the entries the
 * fold has added or replaced. Every entry in `changed` is the fold's own (new, or copied on first change).
 */
interface KeyedDraft<T> {
  readonly base: Readonly<Record<string, T>>
  readonly changed: Map<string, T>
}

/**
 * A state being folded. Each list is the state's own until the fold first adds to it, when it is copied; keyed
 * collections keep their changes in a Map and become records again in `finishFold`. The elements are shared
 * with the state the fold started from until the fold first changes one, which it then copies: elements added
 * by this fold (at `firstNewBid`/`firstNewDeal` and after, or in a `changed` Map) and the copies (in `owned`)
 * are the fold's own. So the fold can mutate in place, which makes it fast, while every state handed out
 * stays unchanged.
 */
export interface WorkingState {
  readonly base: DealState
  story: StoryInfo | null
  readonly entities: KeyedDraft<EntityState>
  readonly parties: KeyedDraft<OwnParty>
  bids: BidState[]
  partner: PartnerState | null
  phase: DealPhase
  phaseHistory: PhaseChange[]
  governmentActions: GovernmentActionState[]
  readonly deadlines: KeyedDraft<OwnDeadline>
  statements: StatementState[]
  conditions: ConditionState[]
  analyses: AnalysisState[]
  relationships: RelationshipState[]
  deals: DealRecord[]
  developments: number
  readonly firstNewBid: number
  readonly firstNewDeal: number
  /** Bids and deals of the starting state that the fold copied in order to change them. */
  readonly owned: Set<object>
  /** Per bidder, the indexes of its open bids in `bids`, oldest first; built when first needed. */
  openBids: Map<EntityId, number[]> | null
  /** The indexes of the deals neither closed nor blocked, oldest first; built when first needed. */
  openDeals: number[] | null
}

/** Starts a fold from `state` without changing it, and without copying anything yet. */
export function startFold(state: DealState): WorkingState {
  return {
    base: state,
    story: state.story,
    entities: { base: state.entities, changed: new Map() },
    parties: { base: state.parties as Readonly<Record<string, OwnParty>>, changed: new Map() },
    bids: state.bids as BidState[],
    partner: state.partner,
    phase: state.phase,
    phaseHistory: state.phaseHistory as PhaseChange[],
    governmentActions: state.governmentActions as GovernmentActionState[],
    deadlines: { base: state.deadlines as Readonly<Record<string, OwnDeadline>>, changed: new Map() },
    statements: state.statements as StatementState[],
    conditions: state.conditions as ConditionState[],
    analyses: state.analyses as AnalysisState[],
    relationships: state.relationships as RelationshipState[],
    deals: state.deals as DealRecord[],
    developments: state.developments,
    firstNewBid: state.bids.length,
    firstNewDeal: state.deals.length,
    owned: new Set(),
    openBids: null,
    openDeals: null,
  }
}

/**
 * The state a fold has reached. The working state must not be folded into afterwards: start a new fold from
 * the result instead (the result shares the working state's lists).
 */
export function finishFold(working: WorkingState): DealState {
  return {
    story: working.story,
    entities: recordOf(working.entities),
    parties: recordOf(working.parties),
    bids: working.bids,
    partner: working.partner,
    phase: working.phase,
    phaseHistory: working.phaseHistory,
    governmentActions: working.governmentActions,
    deadlines: recordOf(working.deadlines),
    statements: working.statements,
    conditions: working.conditions,
    analyses: working.analyses,
    relationships: working.relationships,
    deals: working.deals,
    developments: working.developments,
  }
}

function recordOf<T>(draft: KeyedDraft<T>): Readonly<Record<string, T>> {
  if (draft.changed.size === 0) return draft.base
  const record = emptyRecord(draft.base)
  for (const [id, value] of draft.changed) record[id] = value
  return record
}

function entryOf<T>(draft: KeyedDraft<T>, id: string): T | undefined {
  const changed = draft.changed.get(id)
  if (changed !== undefined) return changed
  return Object.hasOwn(draft.base, id) ? draft.base[id] : undefined
}

/**
 * The state after one more event. Pure: `state` is not changed (the result shares unchanged parts with it).
 *
 * `DevelopmentCorrected` and `DevelopmentRetracted` leave the state as it is here: they act on another event,
 * so `stateAsOf` applies them before folding (it folds the corrected version of a development, and leaves a
 * retracted one out), according to when they were recorded. Folding many events, use {@link fold}: `evolve`
 * copies every list the event adds to.
 */
export function evolve(state: DealState, event: FoldableEvent): DealState {
  const working = startFold(state)
  foldInto(working, event, supportsOf(event))
  return finishFold(working)
}

/** The state after `events`, folded in the order given (story order: see `stateAsOf`), from `state`. */
export function fold(events: readonly FoldableEvent[], state: DealState = initialState()): DealState {
  const working = startFold(state)
  for (let i = 0; i < events.length; i++) foldInto(working, events[i]!, supportsOf(events[i]!))
  return finishFold(working)
}

export const EMPTY: readonly never[] = Object.freeze([])

/**
 * Folds one event into a working state, in place. `supports` is `supportsOf(event)`, perhaps built earlier,
 * and `support` its one element (passed on its own so that a prepared fold reads it from a dense list).
 */
export function foldInto(
  working: WorkingState,
  event: FoldableEvent,
  supports: Supports,
  support: Support = supports[0],
): void {
  switch (event.type) {
    // The commonest developments first: the switch compares the cases in order.
    case 'StatementMade':
      if (working.statements === working.base.statements) working.statements = working.statements.slice()
      working.statements.push(statementOf(event, supports))
      break
    case 'ConditionReported':
      if (working.conditions === working.base.conditions) working.conditions = working.conditions.slice()
      working.conditions.push(conditionOf(event, supports))
      break
    case 'AnalysisPublished':
      if (working.analyses === working.base.analyses) working.analyses = working.analyses.slice()
      working.analyses.push(analysisOf(event, supports))
      break
    case 'RelationshipNoted':
      if (working.relationships === working.base.relationships)
        working.relationships = working.relationships.slice()
      working.relationships.push(relationshipOf(event, supports))
      break
    case 'StoryOpened': {
      const d = event.data
      const story: Writable<StoryInfo> = {
        title: d.title,
        subject: d.subject,
        support: working.story === null ? supports : [...working.story.support, support],
      }
      if (d.summary !== undefined) story.summary = d.summary
      if (d.assetId !== undefined) story.assetId = d.assetId
      working.story = story
      break
    }
    case 'EntityIntroduced': {
      const d = event.data
      const id = d.entityId
      const existing = entryOf(working.entities, id)
      if (existing !== undefined) {
        // An id introduced twice keeps its first introduction: a change of name is a correction.
        working.entities.changed.set(id, {
          ...existing,
          support: [...existing.support, support],
        })
        break
      }
      const entity: Writable<EntityState> = {
        entityId: id,
        name: d.name,
        kind: d.kind,
        aliases: d.aliases ?? [],
        support: supports,
      }
      if (d.description !== undefined) entity.description = d.description
      working.entities.changed.set(id, entity)
      break
    }
    case 'InterestExpressed': {
      const current = entryOf(working.parties, event.data.partyId)?.standing
      // Renewed interest does not undo a bid or a selection; it does follow a rejection or a withdrawal.
      const keeps = current === 'bidding' || current === 'partner' || current === 'buyer'
      touchParty(working, event.data.partyId, keeps ? current : 'interested', support, event)
      advancePhase(working, 'interest', event)
      break
    }
    case 'BidMade': {
      const d = event.data
      const bid = bidOf(event, supports)
      const bids = ownBids(working)
      bids.push(bid)
      if (working.openBids !== null) openBidsOf(working.openBids, d.bidderId).push(bids.length - 1)
      touchParty(working, d.bidderId, 'bidding', support, event)
      const partnerIds = d.partnerIds ?? EMPTY
      for (let i = 0; i < partnerIds.length; i++)
        touchParty(working, partnerIds[i]!, 'bidding', support, event)
      advancePhase(working, 'bidding', event)
      break
    }
    case 'BidRejected': {
      const d = event.data
      const bid = ownLatestOpenBid(working, d.bidderId)
      if (bid !== undefined) {
        bid.status = 'rejected'
        bid.rejectedById = d.rejectedById
        if (d.reason !== undefined) bid.reason = d.reason
        bid.support = [...bid.support, support]
      }
      touchParty(working, d.bidderId, 'rejected', support, event)
      break
    }
    case 'BidWithdrawn': {
      const d = event.data
      const bid = ownLatestOpenBid(working, d.bidderId)
      if (bid !== undefined) {
        bid.status = 'withdrawn'
        if (d.reason !== undefined) bid.reason = d.reason
        bid.support = [...bid.support, support]
      }
      touchParty(working, d.bidderId, 'withdrawn', support, event)
      break
    }
    case 'PartnerSelected': {
      const d = event.data
      const partner: Writable<PartnerState> = {
        partnerId: d.partnerId,
        selectedById: d.selectedById,
        role: d.role,
        occurredOn: event.occurredOn,
        support: supports,
      }
      if (d.scope !== undefined) partner.scope = d.scope
      working.partner = partner
      touchParty(working, d.partnerId, 'partner', support, event)
      advancePhase(working, 'partner_selected', event)
      break
    }
    case 'DealAnnounced':
      addAnnouncedDeal(working, event, support)
      touchDealParties(working, namedInDeal(event.data), support, event)
      setPhase(working, 'announced', event)
      break
    case 'DealSigned':
    case 'DealClosed': {
      const status = recordDealStep(working, event, support)
      touchDealParties(working, event.data.partyIds, support, event)
      setPhase(working, status, event)
      break
    }
    case 'DealBlocked': {
      const deal = recordBlocking(working, event, support)
      for (const id of deal.partyIds) touchParty(working, id, 'blocked', support, event)
      setPhase(working, 'blocked', event)
      break
    }
    case 'GovernmentActionTaken':
      if (working.governmentActions === working.base.governmentActions)
        working.governmentActions = working.governmentActions.slice()
      working.governmentActions.push(governmentActionOf(event, supports))
      break
    case 'DeadlineSet': {
      const { deadline, change } = deadlineSetBy(event)
      setDeadline(working, deadline, change, support)
      break
    }
    case 'DeadlineExtended':
      extendDeadline(working, event, support)
      break
    case 'DevelopmentCorrected':
    case 'DevelopmentRetracted':
      // Applied by stateAsOf before folding (see evolve's documentation).
      return
    // The classroom's events live in quiz streams and say nothing about the story.
    case 'QuizGenerated':
    case 'QuizPublished':
    case 'AttemptStarted':
    case 'AttemptSubmitted':
    case 'AttemptGraded':
    case 'AttemptRegraded':
      return
    default:
      assertNever(event)
  }
  working.developments += 1
}

export type EventOf<T extends FoldableEvent['type']> = Extract<FoldableEvent, { type: T }>

// The facts that one event records and no later event changes: a prepared fold builds them once.

/** A bid as it is made: open, with only the optional fields the event gives. */
export function bidOf(event: EventOf<'BidMade'>, supports: Supports): BidState {
  const d = event.data
  const bid: Writable<BidState> = {
    bidId: event.eventId,
    bidderId: d.bidderId,
    partnerIds: d.partnerIds ?? EMPTY,
    occurredOn: event.occurredOn,
    status: 'open',
    support: supports,
  }
  if (d.targetId !== undefined) bid.targetId = d.targetId
  if (d.amount !== undefined) bid.amount = d.amount
  if (d.terms !== undefined) bid.terms = d.terms
  return bid
}

export function statementOf(event: EventOf<'StatementMade'>, supports: Supports): StatementState {
  const d = event.data
  return {
    statementId: event.eventId,
    speakerId: d.speakerId,
    quote: d.quote,
    channel: d.channel,
    paraphrased: d.paraphrased ?? false,
    aboutIds: d.aboutIds ?? EMPTY,
    occurredOn: event.occurredOn,
    support: supports,
  }
}

export function conditionOf(event: EventOf<'ConditionReported'>, supports: Supports): ConditionState {
  const d = event.data
  return {
    conditionId: event.eventId,
    subjectId: d.subjectId,
    condition: d.condition,
    aboutIds: d.aboutIds ?? EMPTY,
    occurredOn: event.occurredOn,
    support: supports,
  }
}

export function analysisOf(event: EventOf<'AnalysisPublished'>, supports: Supports): AnalysisState {
  const d = event.data
  const analysis: Writable<AnalysisState> = {
    analysisId: event.eventId,
    analystId: d.analystId,
    summary: d.summary,
    aboutIds: d.aboutIds ?? EMPTY,
    occurredOn: event.occurredOn,
    support: supports,
  }
  if (d.quote !== undefined) analysis.quote = d.quote
  return analysis
}

export function relationshipOf(event: EventOf<'RelationshipNoted'>, supports: Supports): RelationshipState {
  const d = event.data
  const relationship: Writable<RelationshipState> = {
    relationshipId: event.eventId,
    fromId: d.fromId,
    toId: d.toId,
    relationship: d.relationship,
    occurredOn: event.occurredOn,
    support: supports,
  }
  if (d.description !== undefined) relationship.description = d.description
  return relationship
}

export function governmentActionOf(
  event: EventOf<'GovernmentActionTaken'>,
  supports: Supports,
): GovernmentActionState {
  const d = event.data
  const action: Writable<GovernmentActionState> = {
    actionId: event.eventId,
    actorId: d.actorId,
    action: d.action,
    title: d.title,
    targetIds: d.targetIds,
    occurredOn: event.occurredOn,
    support: supports,
  }
  if (d.summary !== undefined) action.summary = d.summary
  if (d.reference !== undefined) action.reference = d.reference
  return action
}

/** The `support` list of a fact that only one event supports. Read-only: states and facts share it. */
export type Supports = readonly [Support]

/** The `support` list of a fact that only `event` supports (a fresh one at every call). */
export function supportsOf(event: FoldableEvent): Supports {
  return [
    event.correctedBy === undefined
      ? {
          eventId: event.eventId,
          occurredOn: event.occurredOn,
          recordedAt: event.recordedAt,
          sources: event.metadata.sources,
        }
      : {
          eventId: event.eventId,
          occurredOn: event.occurredOn,
          recordedAt: event.recordedAt,
          sources: event.metadata.sources,
          correctedBy: event.correctedBy,
        },
  ]
}

function touchParty(
  working: WorkingState,
  id: EntityId,
  standing: Standing,
  support: Support,
  event: FoldableEvent,
): void {
  const changed = working.parties.changed
  let party = changed.get(id)
  if (party === undefined) {
    const base = working.parties.base
    if (!Object.hasOwn(base, id)) {
      const change = { standing, occurredOn: event.occurredOn, eventId: event.eventId }
      changed.set(id, { partyId: id, standing, history: [change], support: [support] })
      return
    }
    const existing = base[id]!
    party = { ...existing, history: existing.history.slice(), support: existing.support.slice() }
    changed.set(id, party)
  }
  // One event may name a party twice (a bidder listed among its own partners): count it once.
  if (party.support[party.support.length - 1] === support) return
  if (party.standing !== standing) {
    party.standing = standing
    party.history.push({ standing, occurredOn: event.occurredOn, eventId: event.eventId })
  }
  party.support.push(support)
}

const suitorStandings: ReadonlySet<Standing> = new Set([
  'interested',
  'bidding',
  'rejected',
  'withdrawn',
  'partner',
  'buyer',
])

/**
 * The parties named in a deal: those that have ever been suitors become buyers, the others parties to it (the
 * seller, the asset, other holders). When none has been a suitor, the first named is the buyer, as a deal is
 * named acquirer first ("Microsoft to buy Activision Blizzard").
 */
function touchDealParties(
  working: WorkingState,
  ids: readonly EntityId[],
  support: Support,
  event: FoldableEvent,
): void {
  // Decided before any is touched, since touching makes each a buyer or a party to the deal.
  const wasSuitor: boolean[] = []
  let suitors = 0
  for (let i = 0; i < ids.length; i++) {
    const suitor = hasBeenSuitor(entryOf(working.parties, ids[i]!))
    wasSuitor.push(suitor)
    if (suitor) suitors += 1
  }
  for (let i = 0; i < ids.length; i++) {
    const buyer = suitors > 0 ? wasSuitor[i] : ids[i] === ids[0]
    touchParty(working, ids[i]!, buyer ? 'buyer' : 'party', support, event)
  }
}

export function hasBeenSuitor(party: PartyState | undefined): boolean {
  if (party === undefined) return false
  for (let i = 0; i < party.history.length; i++)
    if (suitorStandings.has(party.history[i]!.standing)) return true
  return false
}

/** The rank of a suitor phase, which only moves forward; -1 for the phases set by deal developments. */
export function suitorRank(phase: DealPhase): number {
  switch (phase) {
    case 'not_started':
    case 'blocked':
      return 0
    case 'interest':
      return 1
    case 'bidding':
      return 2
    case 'partner_selected':
      return 3
    default:
      return -1
  }
}

function advancePhase(working: WorkingState, phase: DealPhase, event: FoldableEvent): void {
  const current = suitorRank(working.phase)
  if (current >= 0 && (working.phase === 'blocked' || current < suitorRank(phase))) {
    setPhase(working, phase, event)
  }
}

function setPhase(working: WorkingState, phase: DealPhase, event: FoldableEvent): void {
  if (working.phase === phase) return
  working.phase = phase
  if (working.phaseHistory === working.base.phaseHistory) working.phaseHistory = working.phaseHistory.slice()
  working.phaseHistory.push({ phase, occurredOn: event.occurredOn, eventId: event.eventId })
}

export function ownBids(working: WorkingState): BidState[] {
  if (working.bids === working.base.bids) working.bids = working.bids.slice()
  return working.bids
}

export function ownDeals(working: WorkingState): DealRecord[] {
  if (working.deals === working.base.deals) working.deals = working.deals.slice()
  return working.deals
}

function ownLatestOpenBid(working: WorkingState, bidderId: EntityId): Writable<BidState> | undefined {
  const bids = working.bids
  if (working.openBids === null) {
    working.openBids = new Map()
    for (let i = 0; i < bids.length; i++) {
      if (bids[i]!.status === 'open') openBidsOf(working.openBids, bids[i]!.bidderId).push(i)
    }
  }
  // The bid is about to be rejected or withdrawn: it leaves the open ones.
  const i = working.openBids.get(bidderId)?.pop()
  if (i === undefined) return undefined
  const bid = bids[i]!
  if (i >= working.firstNewBid || working.owned.has(bid)) return bid as Writable<BidState>
  const copy: Writable<BidState> = { ...bid }
  working.owned.add(copy)
  ownBids(working)[i] = copy
  return copy
}

function openBidsOf(openBids: Map<EntityId, number[]>, bidderId: EntityId): number[] {
  let indexes = openBids.get(bidderId)
  if (indexes === undefined) {
    indexes = []
    openBids.set(bidderId, indexes)
  }
  return indexes
}

function ownOpenDeal(
  working: WorkingState,
  partyIds: readonly EntityId[],
  eventId: string,
  status: DealRecord['status'],
): OwnDeal {
  if (working.openDeals === null) {
    const deals = working.deals
    working.openDeals = []
    for (let i = 0; i < deals.length; i++) {
      if (deals[i]!.status !== 'closed' && deals[i]!.status !== 'blocked') working.openDeals.push(i)
    }
  }
  const open = working.openDeals
  const stillOpen = status !== 'closed' && status !== 'blocked'
  for (let k = open.length - 1; k >= 0; k--) {
    const i = open[k]!
    const deal = working.deals[i]!
    if (partyIds.length > 0 && !sharesAParty(partyIds, deal.partyIds)) continue
    if (!stillOpen) {
      // Without splice, which would allocate the array of what it removes.
      for (let j = k; j < open.length - 1; j++) open[j] = open[j + 1]!
      open.pop()
    }
    if (i >= working.firstNewDeal || working.owned.has(deal)) return deal as OwnDeal
    const copy: OwnDeal = { ...deal, partyIds: deal.partyIds.slice(), support: deal.support.slice() }
    working.owned.add(copy)
    ownDeals(working)[i] = copy
    return copy
  }
  const deal: OwnDeal = { dealId: eventId, partyIds: [], stakes: [], status, support: [] }
  const deals = ownDeals(working)
  deals.push(deal)
  if (stillOpen) open.push(deals.length - 1)
  return deal
}

function sharesAParty(a: readonly EntityId[], b: readonly EntityId[]): boolean {
  for (let i = 0; i < a.length; i++) if (b.includes(a[i]!)) return true
  return false
}

/** The parties a deal announcement names: its parties, then the holders of its stakes, each once. */
export function namedInDeal(d: EventData<'DealAnnounced'>): EntityId[] {
  return [...new Set([...d.partyIds, ...(d.stakes ?? EMPTY).map((s) => s.holderId)])]
}

/** Adds the deal an announcement starts (its parties are touched by the caller). */
function addAnnouncedDeal(working: WorkingState, event: EventOf<'DealAnnounced'>, support: Support): void {
  const d = event.data
  const deal: OwnDeal = {
    dealId: event.eventId,
    partyIds: d.partyIds.slice(),
    description: d.description,
    stakes: (d.stakes ?? EMPTY) as readonly Stake[],
    status: 'announced',
    announcedOn: event.occurredOn,
    support: [support],
  }
  if (d.value !== undefined) deal.value = d.value
  const deals = ownDeals(working)
  deals.push(deal)
  working.openDeals?.push(deals.length - 1)
}

/** Signs or closes the deal a signing or closing applies to, and says which it did. */
function recordDealStep(
  working: WorkingState,
  event: EventOf<'DealSigned' | 'DealClosed'>,
  support: Support,
): 'signed' | 'closed' {
  const d = event.data
  const status = event.type === 'DealSigned' ? 'signed' : 'closed'
  const deal = ownOpenDeal(working, d.partyIds, event.eventId, status)
  for (const id of d.partyIds) if (!deal.partyIds.includes(id)) deal.partyIds.push(id)
  deal.status = status
  if (event.type === 'DealSigned') deal.signedOn = event.occurredOn
  else {
    deal.closedOn = event.occurredOn
    if (event.data.value !== undefined) deal.value = event.data.value
  }
  if (deal.description === undefined && d.description !== undefined) deal.description = d.description
  deal.support.push(support)
  return status
}

/** Blocks the deal a blocking applies to, and returns it: every party of it is then blocked. */
function recordBlocking(working: WorkingState, event: EventOf<'DealBlocked'>, support: Support): DealRecord {
  const d = event.data
  const deal = ownOpenDeal(working, d.partyIds ?? EMPTY, event.eventId, 'blocked')
  for (const id of d.partyIds ?? EMPTY) if (!deal.partyIds.includes(id)) deal.partyIds.push(id)
  deal.status = 'blocked'
  deal.blockedOn = event.occurredOn
  deal.blockedById = d.blockedById
  deal.blockedReason = d.reason
  deal.support.push(support)
  return deal
}

/**
 * The deadline a `DeadlineSet` sets, without its `history` and `support` (which carry over from an earlier
 * setting of the same id), and the due date change it records: both depend on the event alone.
 */
export function deadlineSetBy(event: EventOf<'DeadlineSet'>): {
  deadline: DeadlineState
  change: DueDateChange
} {
  const d = event.data
  let startsOn = d.startsOn ?? null
  let approximate = false
  if (startsOn === null) {
    if (isCalendarDay(event.occurredOn)) startsOn = event.occurredOn
    else if (event.occurredOn !== 'unknown') {
      // Month or year: the deadline was set by the last day of it, so the due date is at the latest this.
      // An unknown date gives no such bound worth showing: the due date cannot be computed.
      const key = placementKeyOf(event)
      startsOn = key === UNDATED ? null : key
      approximate = d.dueOn === undefined
    }
  }
  const dueOn =
    d.dueOn ?? (startsOn !== null && d.durationDays !== undefined ? addDays(startsOn, d.durationDays) : null)
  const deadline: Writable<DeadlineState> = {
    deadlineId: d.deadlineId,
    setById: d.setById,
    description: d.description,
    startsOn,
    dueOn,
    originalDueOn: dueOn,
    approximate,
    history: EMPTY,
    support: EMPTY,
  }
  if (d.durationDays !== undefined) deadline.durationDays = d.durationDays
  if (d.basisEventId !== undefined) deadline.basisEventId = d.basisEventId
  return { deadline, change: { dueOn, eventId: event.eventId, change: 'set' } }
}

/** Sets `deadline` (from {@link deadlineSetBy}) in a working state, keeping the history of its id. */
function setDeadline(
  working: WorkingState,
  deadline: DeadlineState,
  change: DueDateChange,
  support: Support,
): void {
  const id = deadline.deadlineId
  // A deadline set again keeps its history and support; the fold's own lists can move to the new deadline.
  const owned = working.deadlines.changed.get(id)
  const previous = owned ?? entryOf(working.deadlines, id)
  const history = owned !== undefined ? owned.history : (previous?.history.slice() ?? [])
  const supportList = owned !== undefined ? owned.support : (previous?.support.slice() ?? [])
  history.push(change)
  supportList.push(support)
  working.deadlines.changed.set(id, { ...deadline, history, support: supportList })
}

function extendDeadline(working: WorkingState, event: EventOf<'DeadlineExtended'>, support: Support): void {
  const d: EventData<'DeadlineExtended'> = event.data
  let deadline = working.deadlines.changed.get(d.deadlineId)
  if (deadline === undefined) {
    // An extension of a deadline the state does not hold (not set yet, or retracted) has nothing to move.
    if (!Object.hasOwn(working.deadlines.base, d.deadlineId)) return
    const existing = working.deadlines.base[d.deadlineId]!
    deadline = { ...existing, history: existing.history.slice(), support: existing.support.slice() }
    working.deadlines.changed.set(d.deadlineId, deadline)
  }
  const dueOn =
    d.newDueOn ??
    (deadline.dueOn !== null && d.byDays !== undefined ? addDays(deadline.dueOn, d.byDays) : deadline.dueOn)
  deadline.dueOn = dueOn
  const change: Writable<DeadlineState['history'][number]> = {
    dueOn,
    eventId: event.eventId,
    change: 'extended',
    extendedById: d.extendedById,
  }
  if (d.byDays !== undefined) change.byDays = d.byDays
  if (d.reason !== undefined) change.reason = d.reason
  deadline.history.push(change)
  deadline.support.push(support)
}
