import { assertNever, type EntityId, type EventData } from '@storyledger/core'
import {
  analysisOf,
  bidOf,
  conditionOf,
  deadlineSetBy,
  EMPTY,
  type FoldableEvent,
  finishFold,
  foldInto,
  governmentActionOf,
  hasBeenSuitor,
  namedInDeal,
  type OwnDeadline,
  type OwnDeal,
  type OwnParty,
  ownBids,
  ownDeals,
  relationshipOf,
  startFold,
  statementOf,
  suitorRank,
  supportsOf,
  type WorkingState,
  type Writable,
} from './evolve.js'
import { dayNumberOfDay, dayOfNumber } from './placement.js'
import {
  type AnalysisState,
  type BidState,
  type ConditionState,
  type DeadlineState,
  type DealPhase,
  type DealRecord,
  type DealState,
  type DueDateChange,
  type GovernmentActionState,
  initialState,
  type PartnerState,
  type PhaseChange,
  type RelationshipState,
  type Stake,
  type Standing,
  type StandingChange,
  type StatementState,
  type Support,
} from './state.js'

// What a step does, one small integer each: the fold switches on it and never reads an event's `type`.
const INTEREST = 1
const BID = 2
const REJECTION = 3
const WITHDRAWAL = 4
const PARTNER = 5
const ANNOUNCEMENT = 6
const SIGNING = 7
const CLOSING = 8
const BLOCKING = 9
const DEADLINE_SET = 10
const DEADLINE_EXTENDED = 11
const BOOKKEEPING = 12 // StoryOpened, EntityIntroduced: folded by `foldInto`

const INTEREST_RANK = suitorRank('interest')
const BIDDING_RANK = suitorRank('bidding')
const PARTNER_RANK = suitorRank('partner_selected')

/** What a step adds or reads: a partner, a deadline as set, or the data of its event (for the steps that read it). */
type StepObject =
  | PartnerState
  | DeadlineState
  | EventData<
      | 'BidRejected'
      | 'BidWithdrawn'
      | 'DealAnnounced'
      | 'DealSigned'
      | 'DealClosed'
      | 'DealBlocked'
      | 'DeadlineExtended'
    >
  | null

/** The facts (or bids) of one list in the order they are folded, and the development each comes from. */
interface Gathered<T> {
  readonly items: readonly T[]
  /** `at[k]` is the index of the development of `items[k]`: increasing. */
  readonly at: Int32Array
}

/**
 * Developments ready to be folded many times (a replay index folds each of them at its build and at every
 * query after its snapshot). Everything in it depends on the developments alone, never on a state or an
 * as-of date, so one prepared form serves every fold of any range of them.
 *
 * The facts that no later event changes (statements, conditions, analyses, relationships, government
 * actions) and the bids as made are gathered into one list each, in order: a fold of a range of developments
 * adds a slice of each list to the state, without a step per fact. Every other development is a **step**:
 * what it does (`kinds`, a small integer), its `support`, the object it adds when no later event changes it
 * (a partner, a deadline as set), the standing and phase changes it records, and the parties it names, as
 * indexes into `partyIds` (`refs`). A fold reads these dense arrays in order and shares every prepared object
 * with the states it returns, as they share the supports: like the rest of a state, they are read-only.
 */
export interface PreparedEvents {
  readonly events: readonly FoldableEvent[]
  readonly statements: Gathered<StatementState>
  readonly conditions: Gathered<ConditionState>
  readonly analyses: Gathered<AnalysisState>
  readonly relationships: Gathered<RelationshipState>
  readonly governmentActions: Gathered<GovernmentActionState>
  readonly bids: Gathered<BidState>
  /** For each step, the index of its development. */
  readonly steps: Int32Array
  readonly kinds: Uint8Array
  readonly support: readonly Support[]
  /**
   * The partner or the deadline (without history and support) the step adds; for the end of a bid, a deal or
   * an extension, its event's data (its id and date are its support's); or null.
   */
  readonly objects: readonly StepObject[]
  /** The standing change the step records for a party (for a deal, a buyer's), or a deadline's first due date. */
  readonly changes: readonly (StandingChange | DueDateChange | null)[]
  /** For a deal development, the standing change of a party named that is not a buyer. */
  readonly partyChanges: readonly (StandingChange | null)[]
  readonly phaseChanges: readonly (PhaseChange | null)[]
  /** The parties step `s` names are `refs[refStart[s]]` to `refs[refStart[s + 1] - 1]`. */
  readonly refStart: Int32Array
  readonly refs: Int32Array
  /** The party ids the developments name; `refs` holds indexes into it (into `deadlineIds` for a deadline). */
  readonly partyIds: readonly EntityId[]
  readonly partyIndex: ReadonlyMap<EntityId, number>
  readonly deadlineIds: readonly EntityId[]
  /**
   * For a deadline set, the day number (see `dayNumberOfDay`) of its due date; for an extension, of its
   * `newDueOn`; `NO_DAY` when there is none.
   */
  readonly days: Int32Array
}

/** A list that `prepareEvents` gathers, with the development of each item. */
function gatherer<T>() {
  const items: T[] = []
  const at: number[] = []
  return {
    add(item: T, i: number): void {
      items.push(item)
      at.push(i)
    },
    done(): Gathered<T> {
      return { items, at: Int32Array.from(at) }
    },
  }
}

/** Prepares `events` (in the order they will be folded) for {@link foldPrepared}. */
export function prepareEvents(events: readonly FoldableEvent[]): PreparedEvents {
  const statements = gatherer<StatementState>()
  const conditions = gatherer<ConditionState>()
  const analyses = gatherer<AnalysisState>()
  const relationships = gatherer<RelationshipState>()
  const governmentActions = gatherer<GovernmentActionState>()
  const bids = gatherer<BidState>()
  const steps: number[] = []
  const kinds: number[] = []
  const support: Support[] = []
  const objects: StepObject[] = []
  const days: number[] = []
  const deadlineIds: EntityId[] = []
  const changes: (StandingChange | DueDateChange | null)[] = []
  const partyChanges: (StandingChange | null)[] = []
  const phaseChanges: (PhaseChange | null)[] = []
  const refStart: number[] = []
  const refs: number[] = []
  const partyIds: EntityId[] = []
  // A step refers to parties and deadlines by index: each id is numbered the first time it comes up.
  const referTo = (ids: EntityId[], index: Map<EntityId, number>) => {
    return (id: EntityId) => {
      let at = index.get(id)
      if (at === undefined) {
        at = ids.length
        ids.push(id)
        index.set(id, at)
      }
      refs.push(at)
    }
  }
  const partyIndex = new Map<EntityId, number>()
  const refer = referTo(partyIds, partyIndex)
  const deadlineRef = referTo(deadlineIds, new Map())
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!
    // One support list per development, shared by everything it supports.
    const list = supportsOf(event)
    const standing = (s: Standing): StandingChange => ({
      standing: s,
      occurredOn: event.occurredOn,
      eventId: event.eventId,
    })
    const phase = (p: DealPhase): PhaseChange => ({
      phase: p,
      occurredOn: event.occurredOn,
      eventId: event.eventId,
    })
    let kind = BOOKKEEPING
    let object: StepObject = null
    let day = NO_DAY
    let change: StandingChange | DueDateChange | null = null
    let partyChange: StandingChange | null = null
    let phaseChange: PhaseChange | null = null
    const stepRefs = refs.length
    switch (event.type) {
      case 'StatementMade':
        statements.add(statementOf(event, list), i)
        continue
      case 'ConditionReported':
        conditions.add(conditionOf(event, list), i)
        continue
      case 'AnalysisPublished':
        analyses.add(analysisOf(event, list), i)
        continue
      case 'RelationshipNoted':
        relationships.add(relationshipOf(event, list), i)
        continue
      case 'GovernmentActionTaken':
        governmentActions.add(governmentActionOf(event, list), i)
        continue
      case 'InterestExpressed':
        kind = INTEREST
        refer(event.data.partyId)
        change = standing('interested')
        phaseChange = phase('interest')
        break
      case 'BidMade': {
        const d = event.data
        kind = BID
        // The bid as `foldInto` makes it, key for key; a rejection or withdrawal replaces it with a copy.
        bids.add(bidOf(event, list), i)
        refer(d.bidderId)
        for (const id of d.partnerIds ?? EMPTY) refer(id)
        change = standing('bidding')
        phaseChange = phase('bidding')
        break
      }
      case 'BidRejected':
      case 'BidWithdrawn':
        kind = event.type === 'BidRejected' ? REJECTION : WITHDRAWAL
        object = event.data
        refer(event.data.bidderId)
        change = standing(event.type === 'BidRejected' ? 'rejected' : 'withdrawn')
        break
      case 'PartnerSelected': {
        const d = event.data
        kind = PARTNER
        const partner: Writable<PartnerState> = {
          partnerId: d.partnerId,
          selectedById: d.selectedById,
          role: d.role,
          occurredOn: event.occurredOn,
          support: list,
        }
        if (d.scope !== undefined) partner.scope = d.scope
        object = partner
        refer(d.partnerId)
        change = standing('partner')
        phaseChange = phase('partner_selected')
        break
      }
      case 'DealAnnounced':
      case 'DealSigned':
      case 'DealClosed':
        kind = event.type === 'DealAnnounced' ? ANNOUNCEMENT : event.type === 'DealSigned' ? SIGNING : CLOSING
        object = event.data
        for (const id of event.type === 'DealAnnounced' ? namedInDeal(event.data) : event.data.partyIds)
          refer(id)
        change = standing('buyer')
        partyChange = standing('party')
        phaseChange = phase(
          event.type === 'DealAnnounced' ? 'announced' : event.type === 'DealSigned' ? 'signed' : 'closed',
        )
        break
      case 'DealBlocked':
        // The parties blocked are those of the deal it applies to, which depends on the state.
        kind = BLOCKING
        object = event.data
        for (const id of event.data.partyIds ?? EMPTY) refer(id)
        change = standing('blocked')
        phaseChange = phase('blocked')
        break
      case 'DeadlineSet': {
        kind = DEADLINE_SET
        const set = deadlineSetBy(event)
        object = set.deadline
        change = set.change
        deadlineRef(event.data.deadlineId)
        if (set.deadline.dueOn !== null) day = dayNumberOfDay(set.deadline.dueOn)
        break
      }
      case 'DeadlineExtended':
        kind = DEADLINE_EXTENDED
        object = event.data
        deadlineRef(event.data.deadlineId)
        if (event.data.newDueOn !== undefined) day = dayNumberOfDay(event.data.newDueOn)
        break
      case 'StoryOpened':
      case 'EntityIntroduced':
        kind = BOOKKEEPING
        break
      case 'DevelopmentCorrected':
      case 'DevelopmentRetracted':
      case 'QuizGenerated':
      case 'QuizPublished':
      case 'AttemptStarted':
      case 'AttemptSubmitted':
      case 'AttemptGraded':
      case 'AttemptRegraded':
        // Not developments the fold counts (see `evolve`).
        continue
      default:
        assertNever(event)
    }
    steps.push(i)
    kinds.push(kind)
    support.push(list[0])
    objects.push(object)
    days.push(day)
    changes.push(change)
    partyChanges.push(partyChange)
    phaseChanges.push(phaseChange)
    refStart.push(stepRefs)
  }
  refStart.push(refs.length)
  return {
    events,
    statements: statements.done(),
    conditions: conditions.done(),
    analyses: analyses.done(),
    relationships: relationships.done(),
    governmentActions: governmentActions.done(),
    bids: bids.done(),
    steps: Int32Array.from(steps),
    kinds: Uint8Array.from(kinds),
    support,
    objects,
    changes,
    partyChanges,
    phaseChanges,
    refStart: Int32Array.from(refStart),
    refs: Int32Array.from(refs),
    partyIds,
    partyIndex,
    deadlineIds,
    days: Int32Array.from(days),
  }
}

/**
 * A prepared fold: a working state, and what it knows of each party, by the party's index in `partyIds` (plus
 * any party of the starting state's deals the developments never name, after them). A party's history and
 * support are not built as the fold goes: each touch of a party is an integer in its `touches` (the step,
 * times 4, plus 1 or 2 when it records `changes` or `partyChanges` of the step), and `finishParties` builds
 * each list once, at its final length.
 */
interface PreparedFold {
  readonly working: WorkingState
  readonly prepared: PreparedEvents
  readonly partyIds: EntityId[]
  /** 1 once the party of the starting state (if any) has been read into the arrays below. */
  readonly loaded: number[]
  readonly standings: (Standing | null)[]
  /** Whether each party has ever been a suitor (see `hasBeenSuitor`): 1 or 0. */
  readonly suitors: number[]
  /** The last support added to each party, so that an event naming a party twice counts once. */
  readonly lastSupports: (Support | null)[]
  /** Each party's touches (see above), or null before the first. */
  readonly touches: (number[] | null)[]
  readonly historyCounts: number[]
  /** The parties touched, in the order first touched. */
  readonly touched: number[]
  /** How many bids of `working.bids` are made so far: the range's bids are all in it from the start. */
  bidCount: number
  /** The indexes in `working.deals` of the deals neither closed nor blocked, oldest first; built when first needed. */
  openDeals: number[] | null
  /** Each deal's parties as indexes, each once, by its index in `working.deals`; read when first needed. */
  readonly dealParties: (number[] | undefined)[]
  /** The index of the deal `dealFor` last returned. */
  dealAt: number
  /** The deadlines the fold has set or extended, by their index in `deadlineIds`, or null. */
  readonly deadlines: (OwnDeadline | null)[]
  /** The day number of each deadline's due date, once read (`NO_DAY`: none); `UNREAD` before. */
  readonly dueDays: number[]
  /** The deadlines changed, in the order first changed. */
  readonly deadlinesChanged: number[]
  /** Per party, the indexes of its open bids in `working.bids`, oldest first; built when first needed. */
  openBids: number[][] | null
}

/**
 * The state after `prepared.events[from]` to `prepared.events[to - 1]`, folded from `state`: the same state as
 * `fold` of those events gives (the property tests say so). The facts of the range go to their lists as
 * slices of the gathered ones; the steps are folded one by one from the dense arrays, reading the events only
 * for deals, the end of a bid and deadline extensions; each party's history and support are built at the end.
 */
export function foldPrepared(
  prepared: PreparedEvents,
  state: DealState = initialState(),
  from = 0,
  to: number = prepared.events.length,
): DealState {
  const working = startFold(state)
  const bidCount = working.bids.length
  working.statements = withRange(working.statements, prepared.statements, from, to)
  working.conditions = withRange(working.conditions, prepared.conditions, from, to)
  working.analyses = withRange(working.analyses, prepared.analyses, from, to)
  working.relationships = withRange(working.relationships, prepared.relationships, from, to)
  working.governmentActions = withRange(working.governmentActions, prepared.governmentActions, from, to)
  working.developments +=
    working.statements.length -
    state.statements.length +
    (working.conditions.length - state.conditions.length) +
    (working.analyses.length - state.analyses.length) +
    (working.relationships.length - state.relationships.length) +
    (working.governmentActions.length - state.governmentActions.length)
  // The bids are counted as steps, which also end them.
  working.bids = withRange(working.bids, prepared.bids, from, to)

  const count = prepared.partyIds.length
  const first = countBefore(prepared.steps, from)
  const last = countBefore(prepared.steps, to)
  const fold: PreparedFold = {
    working,
    prepared,
    partyIds: prepared.partyIds.slice(),
    loaded: new Array<number>(count).fill(0),
    standings: new Array<Standing | null>(count).fill(null),
    suitors: new Array<number>(count).fill(0),
    lastSupports: new Array<Support | null>(count).fill(null),
    touches: new Array<number[] | null>(count).fill(null),
    historyCounts: new Array<number>(count).fill(0),
    touched: [],
    bidCount,
    openBids: null,
    openDeals: null,
    dealParties: [],
    dealAt: -1,
    deadlines: new Array<OwnDeadline | null>(prepared.deadlineIds.length).fill(null),
    dueDays: new Array<number>(prepared.deadlineIds.length).fill(UNREAD),
    deadlinesChanged: [],
  }
  foldSteps(fold, first, last)
  finishParties(fold)
  for (let k = 0; k < fold.deadlinesChanged.length; k++) {
    const d = fold.deadlinesChanged[k]!
    working.deadlines.changed.set(prepared.deadlineIds[d]!, fold.deadlines[d]!)
  }
  return finishFold(working)
}

/** Builds the history and support of each party the fold touched from its touches, each at its length. */
function finishParties(fold: PreparedFold): void {
  const { touched, partyIds } = fold
  const { support, changes, partyChanges } = fold.prepared
  const base = fold.working.base.parties
  const changed = fold.working.parties.changed
  for (let k = 0; k < touched.length; k++) {
    const p = touched[k]!
    const touches = fold.touches[p]!
    const existing = Object.hasOwn(base, partyIds[p]!) ? base[partyIds[p]!]! : null
    const history = withRoom(existing?.history ?? EMPTY, fold.historyCounts[p]!)
    const supports = withRoom(existing?.support ?? EMPTY, touches.length)
    let h = existing?.history.length ?? 0
    const at = existing?.support.length ?? 0
    for (let t = 0; t < touches.length; t++) {
      const entry = touches[t]!
      const s = entry >>> 2
      supports[at + t] = support[s]!
      if ((entry & 3) === CHANGE) history[h++] = changes[s] as StandingChange
      else if ((entry & 3) === PARTY_CHANGE) history[h++] = partyChanges[s]!
    }
    const party: OwnParty = {
      partyId: partyIds[p]!,
      standing: fold.standings[p]!,
      history,
      support: supports,
    }
    changed.set(partyIds[p]!, party)
  }
}

/** A new list: `list`, then room for `more` items, which the caller fills. */
function withRoom<T>(list: readonly T[], more: number): T[] {
  // Allocated at its final length at once, rather than grown by push.
  const result = new Array<T>(list.length + more)
  for (let i = 0; i < list.length; i++) result[i] = list[i]!
  return result
}

/**
 * `list` and the gathered items of the developments `from` to `to - 1`: `list` itself when there are none, a
 * new list otherwise (so the fold owns it, and the starting state's list stays as it was).
 */
function withRange<T>(list: T[], gathered: Gathered<T>, from: number, to: number): T[] {
  const first = countBefore(gathered.at, from)
  const last = countBefore(gathered.at, to)
  if (first === last) return list
  const added = gathered.items.slice(first, last)
  return list.length === 0 ? added : list.concat(added)
}

/** How many of the increasing `values` are below `i` (a binary search). */
function countBefore(values: Int32Array, i: number): number {
  let low = 0
  let high = values.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (values[middle]! < i) low = middle + 1
    else high = middle
  }
  return low
}

// The loop is a function of its own, so that the code after it never runs with the loop's stale feedback.
function foldSteps(fold: PreparedFold, first: number, last: number): void {
  const working = fold.working
  const { kinds, objects, support, refStart, refs, phaseChanges } = fold.prepared
  let counted = 0
  for (let s = first; s < last; s++) {
    switch (kinds[s]) {
      case INTEREST: {
        const p = refs[refStart[s]!]!
        if (fold.loaded[p] === 0) load(fold, p)
        const current = fold.standings[p]
        // Renewed interest does not undo a bid or a selection; it does follow a rejection or a withdrawal.
        const keeps = current === 'bidding' || current === 'partner' || current === 'buyer'
        touch(fold, p, keeps ? current : 'interested', CHANGE, s, support[s]!)
        advancePhase(working, INTEREST_RANK, phaseChanges[s]!)
        break
      }
      case BID: {
        const from = refStart[s]!
        const to = refStart[s + 1]!
        if (fold.openBids !== null) fold.openBids[refs[from]!]!.push(fold.bidCount)
        fold.bidCount += 1
        for (let k = from; k < to; k++) touch(fold, refs[k]!, 'bidding', CHANGE, s, support[s]!)
        advancePhase(working, BIDDING_RANK, phaseChanges[s]!)
        break
      }
      case REJECTION:
      case WITHDRAWAL:
        endBid(fold, s)
        break
      case PARTNER:
        working.partner = objects[s] as PartnerState
        touch(fold, refs[refStart[s]!]!, 'partner', CHANGE, s, support[s]!)
        advancePhase(working, PARTNER_RANK, phaseChanges[s]!)
        break
      case ANNOUNCEMENT:
      case SIGNING:
      case CLOSING:
        dealStep(fold, s)
        break
      case BLOCKING:
        blocking(fold, s)
        break
      case DEADLINE_SET:
        setDeadline(fold, s)
        break
      case DEADLINE_EXTENDED:
        extendDeadline(fold, s)
        break
      default: {
        // Bookkeeping: foldInto counts it.
        const event = fold.prepared.events[fold.prepared.steps[s]!]!
        foldInto(working, event, [support[s]!], support[s]!)
        counted -= 1
      }
    }
    counted += 1
  }
  working.developments += counted
}

/** Reads the party at index `p` from the starting state, if it has one. */
function load(fold: PreparedFold, p: number): void {
  fold.loaded[p] = 1
  const base = fold.working.base.parties
  const id = fold.partyIds[p]!
  if (!Object.hasOwn(base, id)) return
  const existing = base[id]!
  fold.standings[p] = existing.standing
  fold.suitors[p] = hasBeenSuitor(existing) ? 1 : 0
  fold.lastSupports[p] = existing.support[existing.support.length - 1] ?? null
}

// Which change of its step a touch records in the party's history, when the standing changes.
const CHANGE = 1
const PARTY_CHANGE = 2

function touch(
  fold: PreparedFold,
  p: number,
  standing: Standing,
  change: number,
  s: number,
  support: Support,
): void {
  if (fold.loaded[p] === 0) load(fold, p)
  // One event may name a party twice (a bidder listed among its own partners): count it once.
  if (fold.lastSupports[p] === support) return
  fold.lastSupports[p] = support
  let touches = fold.touches[p] as number[] | null
  if (touches === null) {
    touches = []
    fold.touches[p] = touches
    fold.touched.push(p)
  }
  let entry = s * 4
  if (fold.standings[p] !== standing) {
    fold.standings[p] = standing
    fold.historyCounts[p] = fold.historyCounts[p]! + 1
    if (isSuitor(standing)) fold.suitors[p] = 1
    entry += change
  }
  touches.push(entry)
}

function isSuitor(standing: Standing): boolean {
  return standing !== 'party' && standing !== 'blocked'
}

/** A rejection or withdrawal: the bidder's latest open bid (a copy of it) gets its status. */
function endBid(fold: PreparedFold, s: number): void {
  const { objects, refs, refStart, support } = fold.prepared
  const p = refs[refStart[s]!]!
  const rejected = fold.prepared.kinds[s] === REJECTION
  const open = openBidsOf(fold)[p]!
  if (open.length > 0) {
    const at = open.pop()!
    const bids = ownBids(fold.working)
    const bid = bids[at]!
    // The bid is shared (prepared, or in the starting state), so it is copied; a bid ends once.
    bids[at] = endedBid(
      bid,
      rejected ? (objects[s] as EventData<'BidRejected'>) : null,
      objects[s] as EventData<'BidRejected' | 'BidWithdrawn'>,
      support[s]!,
    )
  }
  touch(fold, p, rejected ? 'rejected' : 'withdrawn', CHANGE, s, support[s]!)
}

/**
 * A copy of `bid` rejected (`rejection`) or withdrawn (`data`), key for key as `foldInto` leaves a bid it
 * ends. Built as one literal in the common shapes: a spread copy given new keys was 10 times slower, and
 * each key added to a literal costs an allocation of its own.
 */
function endedBid(
  bid: BidState,
  rejection: EventData<'BidRejected'> | null,
  data: EventData<'BidRejected' | 'BidWithdrawn'>,
  support: Support,
): BidState {
  // An open bid has the one support of its making; a list literal is allocated at its length.
  const supports = bid.support.length === 1 ? [bid.support[0]!, support] : appended(bid.support, support)
  const status = rejection === null ? 'withdrawn' : 'rejected'
  const { bidId, bidderId, partnerIds, occurredOn, amount } = bid
  if (bid.targetId === undefined && bid.terms === undefined && data.reason === undefined) {
    if (amount !== undefined) {
      return rejection === null
        ? { bidId, bidderId, partnerIds, occurredOn, status, support: supports, amount }
        : {
            bidId,
            bidderId,
            partnerIds,
            occurredOn,
            status,
            support: supports,
            amount,
            rejectedById: rejection.rejectedById,
          }
    }
    return rejection === null
      ? { bidId, bidderId, partnerIds, occurredOn, status, support: supports }
      : {
          bidId,
          bidderId,
          partnerIds,
          occurredOn,
          status,
          support: supports,
          rejectedById: rejection.rejectedById,
        }
  }
  const ended: Writable<BidState> = { bidId, bidderId, partnerIds, occurredOn, status, support: supports }
  if (bid.targetId !== undefined) ended.targetId = bid.targetId
  if (amount !== undefined) ended.amount = amount
  if (bid.terms !== undefined) ended.terms = bid.terms
  if (rejection !== null) ended.rejectedById = rejection.rejectedById
  if (data.reason !== undefined) ended.reason = data.reason
  return ended
}

function openBidsOf(fold: PreparedFold): number[][] {
  if (fold.openBids !== null) return fold.openBids
  const openBids: number[][] = fold.partyIds.map(() => [])
  const bids = fold.working.bids
  for (let i = 0; i < fold.bidCount; i++) {
    if (bids[i]!.status !== 'open') continue
    // A bidder no development names can have no bid of its ended by one.
    const p = fold.prepared.partyIndex.get(bids[i]!.bidderId)
    if (p !== undefined) openBids[p]!.push(i)
  }
  fold.openBids = openBids
  return openBids
}

/** An announcement, signing or closing: the deal, then the parties named (buyers or parties to it). */
function dealStep(fold: PreparedFold, s: number): void {
  const { objects, kinds, refs, refStart, support, phaseChanges } = fold.prepared
  const working = fold.working
  const first = refStart[s]!
  const last = refStart[s + 1]!
  const { eventId, occurredOn } = support[s]!
  if (kinds[s] === ANNOUNCEMENT) {
    const d = objects[s] as EventData<'DealAnnounced'>
    const deal: OwnDeal = {
      dealId: eventId,
      partyIds: d.partyIds.slice(),
      description: d.description,
      stakes: (d.stakes ?? EMPTY) as readonly Stake[],
      status: 'announced',
      announcedOn: occurredOn,
      support: [support[s]!],
    }
    if (d.value !== undefined) deal.value = d.value
    const deals = ownDeals(working)
    deals.push(deal)
    fold.openDeals?.push(deals.length - 1)
  } else {
    const signed = kinds[s] === SIGNING
    const d = objects[s] as EventData<'DealSigned' | 'DealClosed'>
    const deal = dealFor(fold, s, signed ? 'signed' : 'closed')
    if (signed) deal.signedOn = occurredOn
    else {
      deal.closedOn = occurredOn
      if ('value' in d && d.value !== undefined) deal.value = d.value
    }
    if (deal.description === undefined && d.description !== undefined) deal.description = d.description
  }
  // Decided before any is touched, since touching makes each a buyer or a party to the deal; a party named
  // twice is touched once (the second time has the same support), so reading `suitors` as it goes is the same.
  let suitors = 0
  for (let k = first; k < last; k++) {
    if (fold.loaded[refs[k]!] === 0) load(fold, refs[k]!)
    suitors += fold.suitors[refs[k]!]!
  }
  for (let k = first; k < last; k++) {
    const p = refs[k]!
    const buyer = suitors > 0 ? fold.suitors[p] === 1 : p === refs[first]
    if (buyer) touch(fold, p, 'buyer', CHANGE, s, support[s]!)
    else touch(fold, p, 'party', PARTY_CHANGE, s, support[s]!)
  }
  setPhase(working, phaseChanges[s]!)
}

/** A blocking: the deal it applies to, and every party of that deal blocked. */
function blocking(fold: PreparedFold, s: number): void {
  const { objects, support, phaseChanges } = fold.prepared
  const d = objects[s] as EventData<'DealBlocked'>
  const deal = dealFor(fold, s, 'blocked')
  deal.blockedOn = support[s]!.occurredOn
  deal.blockedById = d.blockedById
  deal.blockedReason = d.reason
  const slots = partiesOfDeal(fold, fold.dealAt)
  for (let k = 0; k < slots.length; k++) touch(fold, slots[k]!, 'blocked', CHANGE, s, support[s]!)
  setPhase(fold.working, phaseChanges[s]!)
}

/**
 * The deal a signing, closing or blocking (step `s`) applies to, the fold's own, with the step's parties,
 * status and support added (its index in `fold.dealAt`): the latest deal neither closed nor blocked that
 * shares a party with it (any such deal, when it names none), or a new deal when there is none. As
 * `ownOpenDeal` in `evolve.ts` does, comparing parties by index.
 */
function dealFor(fold: PreparedFold, s: number, status: DealRecord['status']): OwnDeal {
  const working = fold.working
  const { refs, refStart, support } = fold.prepared
  const first = refStart[s]!
  const last = refStart[s + 1]!
  const open = openDealsOf(fold)
  const stillOpen = status !== 'closed' && status !== 'blocked'
  for (let k = open.length - 1; k >= 0; k--) {
    const i = open[k]!
    if (last > first && !sharesAParty(partiesOfDeal(fold, i), refs, first, last)) continue
    if (!stillOpen) {
      // Without splice, which would allocate the array of what it removes.
      for (let j = k; j < open.length - 1; j++) open[j] = open[j + 1]!
      open.pop()
    }
    let deal = working.deals[i] as OwnDeal
    if (i < working.firstNewDeal && !working.owned.has(deal)) {
      deal = { ...deal, partyIds: deal.partyIds.slice(), support: deal.support.slice() }
      working.owned.add(deal)
      ownDeals(working)[i] = deal
    }
    const slots = partiesOfDeal(fold, i)
    for (let r = first; r < last; r++) {
      const p = refs[r]!
      if (slots.includes(p)) continue
      slots.push(p)
      deal.partyIds.push(fold.partyIds[p]!)
    }
    deal.status = status
    deal.support = appended(deal.support, support[s]!)
    fold.dealAt = i
    return deal
  }
  const slots = distinct(refs, first, last)
  const partyIds = new Array<EntityId>(slots.length)
  for (let k = 0; k < slots.length; k++) partyIds[k] = fold.partyIds[slots[k]!]!
  const deal: OwnDeal = { dealId: support[s]!.eventId, partyIds, stakes: [], status, support: [support[s]!] }
  const deals = ownDeals(working)
  deals.push(deal)
  fold.dealAt = deals.length - 1
  fold.dealParties[fold.dealAt] = slots
  if (stillOpen) open.push(fold.dealAt)
  return deal
}

// Lists the fold makes are allocated at their length: a push onto a short list leaves room for 16 more.

/** `list` and then `item`, as a new list. */
function appended<T>(list: readonly T[], item: T): T[] {
  const result = new Array<T>(list.length + 1)
  for (let i = 0; i < list.length; i++) result[i] = list[i]!
  result[list.length] = item
  return result
}

/** `refs[first..last)`, each once, in order. */
function distinct(refs: Int32Array, first: number, last: number): number[] {
  let count = 0
  for (let r = first; r < last; r++) if (refs.indexOf(refs[r]!, first) === r) count += 1
  const result = new Array<number>(count)
  count = 0
  for (let r = first; r < last; r++) if (refs.indexOf(refs[r]!, first) === r) result[count++] = refs[r]!
  return result
}

function sharesAParty(slots: readonly number[], refs: Int32Array, first: number, last: number): boolean {
  for (let r = first; r < last; r++) {
    const p = refs[r]!
    for (let k = 0; k < slots.length; k++) if (slots[k] === p) return true
  }
  return false
}

function openDealsOf(fold: PreparedFold): number[] {
  if (fold.openDeals !== null) return fold.openDeals
  const deals = fold.working.deals
  const open: number[] = []
  for (let i = 0; i < deals.length; i++) {
    if (deals[i]!.status !== 'closed' && deals[i]!.status !== 'blocked') open.push(i)
  }
  fold.openDeals = open
  return open
}

/** The parties of deal `i`, as indexes, each once; read from its ids when first needed. */
function partiesOfDeal(fold: PreparedFold, i: number): number[] {
  let slots = fold.dealParties[i]
  if (slots === undefined) {
    const partyIds = fold.working.deals[i]!.partyIds
    slots = []
    for (let k = 0; k < partyIds.length; k++) {
      const p = slotOf(fold, partyIds[k]!)
      if (!slots.includes(p)) slots.push(p)
    }
    fold.dealParties[i] = slots
  }
  return slots
}

/** The index of a party by id, adding one the developments never name (a party of the starting state's deals). */
function slotOf(fold: PreparedFold, id: EntityId): number {
  const p = fold.prepared.partyIndex.get(id) ?? fold.partyIds.indexOf(id)
  if (p >= 0) return p
  fold.partyIds.push(id)
  fold.loaded.push(0)
  fold.standings.push(null)
  fold.suitors.push(0)
  fold.lastSupports.push(null)
  fold.touches.push(null)
  fold.historyCounts.push(0)
  fold.openBids?.push([])
  return fold.partyIds.length - 1
}

const NO_DAY = -2_147_483_648
const UNREAD = 2_147_483_647

/**
 * The deadline at index `d` as the fold has it: its own (set or extended by it), or the starting state's, or
 * null; with its due date's day number in `dueDays`.
 */
function deadlineOf(fold: PreparedFold, d: number): DeadlineState | null {
  const own = fold.deadlines[d] as OwnDeadline | null
  if (own !== null) return own
  const base = fold.working.base.deadlines
  const id = fold.prepared.deadlineIds[d]!
  if (!Object.hasOwn(base, id)) return null
  const existing = base[id]!
  if (fold.dueDays[d] === UNREAD)
    fold.dueDays[d] = existing.dueOn === null ? NO_DAY : dayNumberOfDay(existing.dueOn)
  return existing
}

/** A deadline set (again): the prepared deadline, with the history and support of its id so far. */
function setDeadline(fold: PreparedFold, s: number): void {
  const { refs, refStart, objects, changes, support, days } = fold.prepared
  const d = refs[refStart[s]!]!
  const own = fold.deadlines[d] as OwnDeadline | null
  let history: DueDateChange[]
  let supports: Support[]
  if (own !== null) {
    // The fold's own lists move to the new deadline.
    history = own.history
    supports = own.support
  } else {
    const previous = deadlineOf(fold, d)
    history = previous === null ? [] : previous.history.slice()
    supports = previous === null ? [] : previous.support.slice()
    fold.deadlinesChanged.push(d)
  }
  history.push(changes[s] as DueDateChange)
  supports.push(support[s]!)
  fold.deadlines[d] = { ...(objects[s] as DeadlineState), history, support: supports }
  fold.dueDays[d] = days[s]!
}

/** An extension moves the due date of a deadline the state holds (to `newDueOn`, or by `byDays`). */
function extendDeadline(fold: PreparedFold, s: number): void {
  const { refs, refStart, objects, support, days } = fold.prepared
  const d = refs[refStart[s]!]!
  let deadline = fold.deadlines[d] as OwnDeadline | null
  if (deadline === null) {
    const existing = deadlineOf(fold, d)
    // An extension of a deadline the state does not hold (not set yet, or retracted) has nothing to move.
    if (existing === null) return
    deadline = { ...existing, history: existing.history.slice(), support: existing.support.slice() }
    fold.deadlines[d] = deadline
    fold.deadlinesChanged.push(d)
  }
  const data = objects[s] as EventData<'DeadlineExtended'>
  let dueDay = fold.dueDays[d]!
  if (data.newDueOn !== undefined) {
    deadline.dueOn = data.newDueOn
    dueDay = days[s]!
  } else if (deadline.dueOn !== null && data.byDays !== undefined) {
    dueDay += data.byDays
    deadline.dueOn = dayOfNumber(dueDay)
  }
  fold.dueDays[d] = dueDay
  const change: Writable<DueDateChange> = {
    dueOn: deadline.dueOn,
    eventId: support[s]!.eventId,
    change: 'extended',
    extendedById: data.extendedById,
  }
  if (data.byDays !== undefined) change.byDays = data.byDays
  if (data.reason !== undefined) change.reason = data.reason
  deadline.history.push(change)
  deadline.support.push(support[s]!)
}

/** Moves a suitor phase forward to the rank of `change` (see `suitorRank`). */
function advancePhase(working: WorkingState, rank: number, change: PhaseChange): void {
  const current = suitorRank(working.phase)
  if (current >= 0 && (working.phase === 'blocked' || current < rank)) setPhase(working, change)
}

function setPhase(working: WorkingState, change: PhaseChange): void {
  if (working.phase === change.phase) return
  working.phase = change.phase
  if (working.phaseHistory === working.base.phaseHistory) working.phaseHistory = working.phaseHistory.slice()
  working.phaseHistory.push(change)
}
