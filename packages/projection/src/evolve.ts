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

/** A state element the fold owns: its fields and its growing lists may change in place. */
type Writable<T> = {
  -readonly [K in keyof T]: K extends 'support' | 'history' | 'partyIds'
    ? T[K] extends readonly (infer U)[]
      ? U[]
      : T[K]
    : T[K]
}

interface Draft {
  story: StoryInfo | null
  entities: Record<string, EntityState>
  parties: Record<string, PartyState>
  bids: BidState[]
  partner: PartnerState | null
  phase: DealPhase
  phaseHistory: PhaseChange[]
  governmentActions: GovernmentActionState[]
  deadlines: Record<string, DeadlineState>
  statements: StatementState[]
  conditions: ConditionState[]
  analyses: AnalysisState[]
  relationships: RelationshipState[]
  deals: DealRecord[]
  developments: number
}

/**
 * A state being folded. Its collections are its own copies; the elements in them are shared with the state
 * it started from until the fold first changes one, which it then copies (and remembers in `owned`). So the
 * fold can mutate in place, which makes it fast, while every state handed out stays unchanged.
 */
export interface WorkingState {
  readonly draft: Draft
  readonly owned: Set<object>
  /** Per bidder, the indexes of its open bids in `draft.bids`, oldest first; built when first needed. */
  openBids: Map<EntityId, number[]> | null
  /** The indexes of the deals neither closed nor blocked, oldest first; built when first needed. */
  openDeals: number[] | null
}

/** Starts a fold from `state` without changing it: copies its collections, not their elements. */
export function startFold(state: DealState): WorkingState {
  return {
    owned: new Set(),
    openBids: null,
    openDeals: null,
    draft: {
      story: state.story,
      entities: emptyRecord(state.entities),
      parties: emptyRecord(state.parties),
      bids: state.bids.slice(),
      partner: state.partner,
      phase: state.phase,
      phaseHistory: state.phaseHistory.slice(),
      governmentActions: state.governmentActions.slice(),
      deadlines: emptyRecord(state.deadlines),
      statements: state.statements.slice(),
      conditions: state.conditions.slice(),
      analyses: state.analyses.slice(),
      relationships: state.relationships.slice(),
      deals: state.deals.slice(),
      developments: state.developments,
    },
  }
}

/**
 * The state after one more event. Pure: `state` is not changed (the result shares unchanged parts with it).
 *
 * `DevelopmentCorrected` and `DevelopmentRetracted` leave the state as it is here: they act on another event,
 * so `stateAsOf` applies them before folding (it folds the corrected version of a development, and leaves a
 * retracted one out), according to when they were recorded. Folding many events, use {@link fold}: `evolve`
 * copies the state's collections on every call.
 */
export function evolve(state: DealState, event: FoldableEvent): DealState {
  const working = startFold(state)
  foldInto(working, event)
  return working.draft
}

/** The state after `events`, folded in the order given (story order: see `stateAsOf`), from `state`. */
export function fold(events: readonly FoldableEvent[], state: DealState = initialState()): DealState {
  const working = startFold(state)
  for (const event of events) foldInto(working, event)
  return working.draft
}

const EMPTY: readonly never[] = Object.freeze([])

/** Folds one event into a working state, in place. */
export function foldInto(working: WorkingState, event: FoldableEvent): void {
  const draft = working.draft
  switch (event.type) {
    case 'StoryOpened': {
      const d = event.data
      const support = supportOf(event)
      const story: Writable<StoryInfo> = {
        title: d.title,
        subject: d.subject,
        support: draft.story === null ? [support] : [...draft.story.support, support],
      }
      if (d.summary !== undefined) story.summary = d.summary
      if (d.assetId !== undefined) story.assetId = d.assetId
      draft.story = story
      break
    }
    case 'EntityIntroduced': {
      const d = event.data
      const id = d.entityId
      if (Object.hasOwn(draft.entities, id)) {
        // An id introduced twice keeps its first introduction: a change of name is a correction.
        const entity = draft.entities[id]!
        draft.entities[id] = { ...entity, support: [...entity.support, supportOf(event)] }
        break
      }
      const entity: Writable<EntityState> = {
        entityId: id,
        name: d.name,
        kind: d.kind,
        aliases: d.aliases ?? [],
        support: [supportOf(event)],
      }
      if (d.description !== undefined) entity.description = d.description
      draft.entities[id] = entity
      break
    }
    case 'InterestExpressed': {
      const support = supportOf(event)
      const current = partyOf(draft, event.data.partyId)?.standing
      // Renewed interest does not undo a bid or a selection; it does follow a rejection or a withdrawal.
      const keeps = current === 'bidding' || current === 'partner' || current === 'buyer'
      touchParty(working, event.data.partyId, keeps ? current : 'interested', support)
      advancePhase(draft, 'interest', support)
      break
    }
    case 'BidMade': {
      const d = event.data
      const support = supportOf(event)
      const bid: Writable<BidState> = {
        bidId: event.eventId,
        bidderId: d.bidderId,
        partnerIds: d.partnerIds ?? [],
        occurredOn: event.occurredOn,
        status: 'open',
        support: [support],
      }
      if (d.targetId !== undefined) bid.targetId = d.targetId
      if (d.amount !== undefined) bid.amount = d.amount
      if (d.terms !== undefined) bid.terms = d.terms
      working.owned.add(bid)
      draft.bids.push(bid)
      if (working.openBids !== null) openBidsOf(working.openBids, d.bidderId).push(draft.bids.length - 1)
      touchParty(working, d.bidderId, 'bidding', support)
      for (const partnerId of d.partnerIds ?? EMPTY) touchParty(working, partnerId, 'bidding', support)
      advancePhase(draft, 'bidding', support)
      break
    }
    case 'BidRejected': {
      const d = event.data
      const support = supportOf(event)
      const bid = ownLatestOpenBid(working, d.bidderId)
      if (bid !== undefined) {
        bid.status = 'rejected'
        bid.rejectedById = d.rejectedById
        if (d.reason !== undefined) bid.reason = d.reason
        bid.support.push(support)
      }
      touchParty(working, d.bidderId, 'rejected', support)
      break
    }
    case 'BidWithdrawn': {
      const d = event.data
      const support = supportOf(event)
      const bid = ownLatestOpenBid(working, d.bidderId)
      if (bid !== undefined) {
        bid.status = 'withdrawn'
        if (d.reason !== undefined) bid.reason = d.reason
        bid.support.push(support)
      }
      touchParty(working, d.bidderId, 'withdrawn', support)
      break
    }
    case 'PartnerSelected': {
      const d = event.data
      const support = supportOf(event)
      const partner: Writable<PartnerState> = {
        partnerId: d.partnerId,
        selectedById: d.selectedById,
        role: d.role,
        occurredOn: event.occurredOn,
        support: [support],
      }
      if (d.scope !== undefined) partner.scope = d.scope
      draft.partner = partner
      touchParty(working, d.partnerId, 'partner', support)
      advancePhase(draft, 'partner_selected', support)
      break
    }
    case 'DealAnnounced': {
      const d = event.data
      const support = supportOf(event)
      const deal: Writable<DealRecord> = {
        dealId: event.eventId,
        partyIds: d.partyIds.slice(),
        description: d.description,
        stakes: (d.stakes ?? EMPTY) as readonly Stake[],
        status: 'announced',
        announcedOn: event.occurredOn,
        support: [support],
      }
      if (d.value !== undefined) deal.value = d.value
      working.owned.add(deal)
      draft.deals.push(deal)
      working.openDeals?.push(draft.deals.length - 1)
      const named = new Set([...d.partyIds, ...(d.stakes ?? EMPTY).map((s) => s.holderId)])
      touchDealParties(working, [...named], support)
      setPhase(draft, 'announced', support)
      break
    }
    case 'DealSigned':
    case 'DealClosed': {
      const d = event.data
      const support = supportOf(event)
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
      touchDealParties(working, d.partyIds, support)
      setPhase(draft, status, support)
      break
    }
    case 'DealBlocked': {
      const d = event.data
      const support = supportOf(event)
      const deal = ownOpenDeal(working, d.partyIds ?? EMPTY, event.eventId, 'blocked')
      for (const id of d.partyIds ?? EMPTY) if (!deal.partyIds.includes(id)) deal.partyIds.push(id)
      deal.status = 'blocked'
      deal.blockedOn = event.occurredOn
      deal.blockedById = d.blockedById
      deal.blockedReason = d.reason
      deal.support.push(support)
      for (const id of deal.partyIds) touchParty(working, id, 'blocked', support)
      setPhase(draft, 'blocked', support)
      break
    }
    case 'GovernmentActionTaken': {
      const d = event.data
      const action: Writable<GovernmentActionState> = {
        actionId: event.eventId,
        actorId: d.actorId,
        action: d.action,
        title: d.title,
        targetIds: d.targetIds,
        occurredOn: event.occurredOn,
        support: [supportOf(event)],
      }
      if (d.summary !== undefined) action.summary = d.summary
      if (d.reference !== undefined) action.reference = d.reference
      draft.governmentActions.push(action)
      break
    }
    case 'DeadlineSet':
      setDeadline(working, event as FoldableEvent & { type: 'DeadlineSet' })
      break
    case 'DeadlineExtended':
      extendDeadline(working, event as FoldableEvent & { type: 'DeadlineExtended' })
      break
    case 'StatementMade': {
      const d = event.data
      draft.statements.push({
        statementId: event.eventId,
        speakerId: d.speakerId,
        quote: d.quote,
        channel: d.channel,
        paraphrased: d.paraphrased ?? false,
        aboutIds: d.aboutIds ?? EMPTY,
        occurredOn: event.occurredOn,
        support: [supportOf(event)],
      })
      break
    }
    case 'ConditionReported': {
      const d = event.data
      draft.conditions.push({
        conditionId: event.eventId,
        subjectId: d.subjectId,
        condition: d.condition,
        aboutIds: d.aboutIds ?? EMPTY,
        occurredOn: event.occurredOn,
        support: [supportOf(event)],
      })
      break
    }
    case 'AnalysisPublished': {
      const d = event.data
      const analysis: Writable<AnalysisState> = {
        analysisId: event.eventId,
        analystId: d.analystId,
        summary: d.summary,
        aboutIds: d.aboutIds ?? EMPTY,
        occurredOn: event.occurredOn,
        support: [supportOf(event)],
      }
      if (d.quote !== undefined) analysis.quote = d.quote
      draft.analyses.push(analysis)
      break
    }
    case 'RelationshipNoted': {
      const d = event.data
      const relationship: Writable<RelationshipState> = {
        relationshipId: event.eventId,
        fromId: d.fromId,
        toId: d.toId,
        relationship: d.relationship,
        occurredOn: event.occurredOn,
        support: [supportOf(event)],
      }
      if (d.description !== undefined) relationship.description = d.description
      draft.relationships.push(relationship)
      break
    }
    case 'DevelopmentCorrected':
    case 'DevelopmentRetracted':
      // Applied by stateAsOf before folding (see evolve's documentation).
      return
    default:
      assertNever(event)
  }
  draft.developments += 1
}

function supportOf(event: FoldableEvent): Support {
  return event.correctedBy === undefined
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
      }
}

function partyOf(draft: Draft, id: EntityId): PartyState | undefined {
  return Object.hasOwn(draft.parties, id) ? draft.parties[id] : undefined
}

function touchParty(working: WorkingState, id: EntityId, standing: Standing, support: Support): void {
  const draft = working.draft
  const existing = partyOf(draft, id)
  if (existing === undefined) {
    const change = { standing, occurredOn: support.occurredOn, eventId: support.eventId }
    const party: PartyState = { partyId: id, standing, history: [change], support: [support] }
    working.owned.add(party)
    draft.parties[id] = party
    return
  }
  // One event may name a party twice (a bidder listed among its own partners): count it once.
  if (existing.support[existing.support.length - 1] === support) return
  let party = existing as Writable<PartyState>
  if (!working.owned.has(existing)) {
    party = { ...existing, history: existing.history.slice(), support: existing.support.slice() }
    working.owned.add(party)
    draft.parties[id] = party
  }
  if (party.standing !== standing) {
    party.standing = standing
    party.history.push({ standing, occurredOn: support.occurredOn, eventId: support.eventId })
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
function touchDealParties(working: WorkingState, ids: readonly EntityId[], support: Support): void {
  const suitors = ids.filter((id) =>
    partyOf(working.draft, id)?.history.some((h) => suitorStandings.has(h.standing)),
  )
  const buyers = suitors.length > 0 ? suitors : ids.slice(0, 1)
  for (const id of ids) touchParty(working, id, buyers.includes(id) ? 'buyer' : 'party', support)
}

const suitorRank: Partial<Record<DealPhase, number>> = {
  not_started: 0,
  interest: 1,
  bidding: 2,
  partner_selected: 3,
  blocked: 0,
}

function advancePhase(draft: Draft, phase: DealPhase, support: Support): void {
  const current = suitorRank[draft.phase]
  if (current !== undefined && (draft.phase === 'blocked' || current < suitorRank[phase]!)) {
    setPhase(draft, phase, support)
  }
}

function setPhase(draft: Draft, phase: DealPhase, support: Support): void {
  if (draft.phase === phase) return
  draft.phase = phase
  draft.phaseHistory.push({ phase, occurredOn: support.occurredOn, eventId: support.eventId })
}

function ownLatestOpenBid(working: WorkingState, bidderId: EntityId): Writable<BidState> | undefined {
  const bids = working.draft.bids
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
  if (working.owned.has(bid)) return bid as Writable<BidState>
  const copy = { ...bid, support: bid.support.slice() } as Writable<BidState>
  working.owned.add(copy)
  bids[i] = copy
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
): Writable<DealRecord> {
  const deals = working.draft.deals
  if (working.openDeals === null) {
    working.openDeals = []
    for (let i = 0; i < deals.length; i++) {
      if (deals[i]!.status !== 'closed' && deals[i]!.status !== 'blocked') working.openDeals.push(i)
    }
  }
  const open = working.openDeals
  const stillOpen = status !== 'closed' && status !== 'blocked'
  for (let k = open.length - 1; k >= 0; k--) {
    const i = open[k]!
    const deal = deals[i]!
    if (partyIds.length > 0 && !partyIds.some((id) => deal.partyIds.includes(id))) continue
    if (!stillOpen) open.splice(k, 1)
    if (working.owned.has(deal)) return deal as Writable<DealRecord>
    const copy = {
      ...deal,
      partyIds: deal.partyIds.slice(),
      support: deal.support.slice(),
    } as Writable<DealRecord>
    working.owned.add(copy)
    deals[i] = copy
    return copy
  }
  const deal: Writable<DealRecord> = { dealId: eventId, partyIds: [], stakes: [], status, support: [] }
  working.owned.add(deal)
  deals.push(deal)
  if (stillOpen) open.push(deals.length - 1)
  return deal
}

function setDeadline(working: WorkingState, event: FoldableEvent & { type: 'DeadlineSet' }): void {
  const d: EventData<'DeadlineSet'> = event.data
  const support = supportOf(event)
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
  const previous = Object.hasOwn(working.draft.deadlines, d.deadlineId)
    ? working.draft.deadlines[d.deadlineId]
    : undefined
  const deadline: Writable<DeadlineState> = {
    deadlineId: d.deadlineId,
    setById: d.setById,
    description: d.description,
    startsOn,
    dueOn,
    originalDueOn: dueOn,
    approximate,
    history: [...(previous?.history ?? EMPTY), { dueOn, eventId: event.eventId, change: 'set' }],
    support: [...(previous?.support ?? EMPTY), support],
  }
  if (d.durationDays !== undefined) deadline.durationDays = d.durationDays
  if (d.basisEventId !== undefined) deadline.basisEventId = d.basisEventId
  working.owned.add(deadline)
  working.draft.deadlines[d.deadlineId] = deadline
}

function extendDeadline(working: WorkingState, event: FoldableEvent & { type: 'DeadlineExtended' }): void {
  const d: EventData<'DeadlineExtended'> = event.data
  const deadlines = working.draft.deadlines
  // An extension of a deadline the state does not hold (not set yet, or retracted) has nothing to move.
  if (!Object.hasOwn(deadlines, d.deadlineId)) return
  const existing = deadlines[d.deadlineId]!
  let deadline = existing as Writable<DeadlineState>
  if (!working.owned.has(existing)) {
    deadline = { ...existing, history: existing.history.slice(), support: existing.support.slice() }
    working.owned.add(deadline)
    deadlines[d.deadlineId] = deadline
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
  deadline.support.push(supportOf(event))
}
