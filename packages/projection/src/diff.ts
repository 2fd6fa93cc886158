import type { EntityId } from '@storyledger/core'
import { formatMoney, list } from './describe.js'
import {
  type BidStatus,
  type CalendarDayOrNull,
  type DealPhase,
  type DealState,
  type DealStatus,
  nameOf,
  type Standing,
} from './state.js'

/** The parts of a state that hold many elements, each with an id. */
export type Collection =
  | 'entities'
  | 'parties'
  | 'bids'
  | 'deals'
  | 'deadlines'
  | 'governmentActions'
  | 'statements'
  | 'conditions'
  | 'analyses'
  | 'relationships'

/**
 * One difference between two states, with a readable `text`. `added`, `removed` and `changed` are about whole
 * elements of a collection (a retraction removes, a correction changes); the other kinds name the fields that
 * matter most in a deal.
 */
export type Change =
  | { readonly kind: 'story-changed'; readonly text: string }
  | {
      readonly kind: 'phase-changed'
      readonly from: DealPhase
      readonly to: DealPhase
      readonly text: string
    }
  | {
      readonly kind: 'partner-changed'
      readonly from: EntityId | null
      readonly to: EntityId | null
      readonly text: string
    }
  | {
      readonly kind: 'standing-changed'
      readonly partyId: EntityId
      readonly from: Standing
      readonly to: Standing
      readonly text: string
    }
  | {
      readonly kind: 'due-date-changed'
      readonly deadlineId: EntityId
      readonly from: CalendarDayOrNull
      readonly to: CalendarDayOrNull
      readonly text: string
    }
  | {
      readonly kind: 'bid-status-changed'
      readonly bidId: string
      readonly from: BidStatus
      readonly to: BidStatus
      readonly text: string
    }
  | {
      readonly kind: 'deal-status-changed'
      readonly dealId: string
      readonly from: DealStatus
      readonly to: DealStatus
      readonly text: string
    }
  | { readonly kind: 'added'; readonly collection: Collection; readonly id: string; readonly text: string }
  | { readonly kind: 'removed'; readonly collection: Collection; readonly id: string; readonly text: string }
  | { readonly kind: 'changed'; readonly collection: Collection; readonly id: string; readonly text: string }

/**
 * What changed from `before` to `after`, most telling first: the story, the phase, the partner, the parties'
 * standings, bids, deals, deadlines, government actions, statements, conditions, analyses, relationships and
 * entities. For "what changed between 1 and 20 September" diff two `validAt`s; for "what did we learn after
 * the fact" diff two `knownAt`s at one `validAt`.
 *
 * @example diff(stateAsOf(log, { validAt: '2020-09-01', now }), stateAsOf(log, { validAt: '2020-09-20', now }))
 */
export function diff(before: DealState, after: DealState): Change[] {
  const changes: Change[] = []
  const name = (id: EntityId) => (Object.hasOwn(after.entities, id) ? nameOf(after, id) : nameOf(before, id))

  if (sameExceptSupport(before.story, after.story) === false) {
    changes.push({
      kind: 'story-changed',
      text:
        after.story === null
          ? 'The story is no longer open'
          : `Story: ${after.story.title} (${after.story.subject})`,
    })
  }
  if (before.phase !== after.phase) {
    changes.push({
      kind: 'phase-changed',
      from: before.phase,
      to: after.phase,
      text: `Phase: ${phaseText(before.phase)} → ${phaseText(after.phase)}`,
    })
  }
  const partnerBefore = before.partner?.partnerId ?? null
  const partnerAfter = after.partner?.partnerId ?? null
  if (partnerBefore !== partnerAfter) {
    const text = (id: EntityId | null) => (id === null ? 'none' : name(id))
    changes.push({
      kind: 'partner-changed',
      from: partnerBefore,
      to: partnerAfter,
      text: `Partner: ${text(partnerBefore)} → ${text(partnerAfter)}${after.partner ? ` (${after.partner.role})` : ''}`,
    })
  }

  compareKeyed(changes, 'parties', before.parties, after.parties, {
    added: (p) => `${name(p.partyId)}: new party, ${standingText(p.standing)}`,
    removed: (p) => `${name(p.partyId)}: no longer a party (was ${standingText(p.standing)})`,
    changed: (p, q) =>
      p.standing === q.standing
        ? undefined
        : {
            kind: 'standing-changed',
            partyId: q.partyId,
            from: p.standing,
            to: q.standing,
            text: `${name(q.partyId)}: ${standingText(p.standing)} → ${standingText(q.standing)}`,
          },
  })

  compareListed(changes, 'bids', before.bids, after.bids, (b) => b.bidId, {
    added: (b) =>
      `New bid by ${name(b.bidderId)}${b.partnerIds.length ? ` with ${list(b.partnerIds.map(name))}` : ''}` +
      `${b.amount ? ` of ${formatMoney(b.amount)}` : ''}`,
    removed: (b) => `Bid by ${name(b.bidderId)} withdrawn from the record`,
    changed: (b, c) =>
      b.status === c.status
        ? fieldsChanged(b, c, `Bid by ${name(c.bidderId)} corrected`)
        : {
            kind: 'bid-status-changed',
            bidId: c.bidId,
            from: b.status,
            to: c.status,
            text: `Bid by ${name(c.bidderId)}: ${b.status} → ${c.status}`,
          },
  })

  const dealName = (d: DealState['deals'][number]) =>
    d.description ?? `deal between ${list(d.partyIds.map(name))}`
  compareListed(changes, 'deals', before.deals, after.deals, (d) => d.dealId, {
    added: (d) => `New deal (${d.status}): ${dealName(d)}`,
    removed: (d) => `Deal removed from the record: ${dealName(d)}`,
    changed: (d, e) =>
      d.status === e.status
        ? fieldsChanged(d, e, `Deal corrected: ${dealName(e)}`)
        : {
            kind: 'deal-status-changed',
            dealId: e.dealId,
            from: d.status,
            to: e.status,
            text: `Deal ${dealName(e)}: ${d.status} → ${e.status}`,
          },
  })

  compareKeyed(changes, 'deadlines', before.deadlines, after.deadlines, {
    added: (d) => `New deadline ${d.deadlineId}: due ${d.dueOn ?? 'on an unknown day'} (${d.description})`,
    removed: (d) => `Deadline ${d.deadlineId} removed from the record`,
    changed: (d, e) =>
      d.dueOn === e.dueOn
        ? fieldsChanged(d, e, `Deadline ${e.deadlineId} corrected`)
        : {
            kind: 'due-date-changed',
            deadlineId: e.deadlineId,
            from: d.dueOn,
            to: e.dueOn,
            text: `Deadline ${e.deadlineId}: due ${d.dueOn ?? 'unknown'} → ${e.dueOn ?? 'unknown'}`,
          },
  })

  compareListed(
    changes,
    'governmentActions',
    before.governmentActions,
    after.governmentActions,
    (a) => a.actionId,
    {
      added: (a) => `New government action by ${name(a.actorId)}: ${a.title}`,
      removed: (a) => `Government action removed from the record: ${a.title}`,
      changed: (a, b) => fieldsChanged(a, b, `Government action corrected: ${b.title}`),
    },
  )
  compareListed(changes, 'statements', before.statements, after.statements, (s) => s.statementId, {
    added: (s) => `New statement by ${name(s.speakerId)}: “${s.quote}”`,
    removed: (s) => `Statement by ${name(s.speakerId)} removed from the record: “${s.quote}”`,
    changed: (s, t) => fieldsChanged(s, t, `Statement by ${name(t.speakerId)} corrected: “${t.quote}”`),
  })
  compareListed(changes, 'conditions', before.conditions, after.conditions, (c) => c.conditionId, {
    added: (c) => `New condition (${name(c.subjectId)}): ${c.condition}`,
    removed: (c) => `Condition removed from the record: ${c.condition}`,
    changed: (c, d) => fieldsChanged(c, d, `Condition corrected: ${d.condition}`),
  })
  compareListed(changes, 'analyses', before.analyses, after.analyses, (a) => a.analysisId, {
    added: (a) => `New analysis by ${name(a.analystId)}: ${a.summary}`,
    removed: (a) => `Analysis by ${name(a.analystId)} removed from the record`,
    changed: (a, b) => fieldsChanged(a, b, `Analysis by ${name(b.analystId)} corrected: ${b.summary}`),
  })
  compareListed(
    changes,
    'relationships',
    before.relationships,
    after.relationships,
    (r) => r.relationshipId,
    {
      added: (r) => `New relationship: ${name(r.fromId)} ${r.relationship} ${name(r.toId)}`,
      removed: (r) =>
        `Relationship removed from the record: ${name(r.fromId)} ${r.relationship} ${name(r.toId)}`,
      changed: (r, s) =>
        fieldsChanged(r, s, `Relationship corrected: ${name(s.fromId)} ${s.relationship} ${name(s.toId)}`),
    },
  )
  compareKeyed(changes, 'entities', before.entities, after.entities, {
    added: (e) => `New entity: ${e.name} (${e.kind.replace('_', ' ')})`,
    removed: (e) => `Entity removed from the record: ${e.name}`,
    changed: (e, f) => fieldsChanged(e, f, `Entity corrected: ${e.name} → ${f.name}`),
  })
  return changes
}

type Specific = Exclude<Change, { kind: 'added' | 'removed' | 'changed' | 'story-changed' }>
type Changed = Specific | { kind: 'changed'; text: string } | undefined

interface Texts<T> {
  added(item: T): string
  removed(item: T): string
  changed(before: T, after: T): Changed
}

function compareKeyed<T>(
  changes: Change[],
  collection: Collection,
  before: Readonly<Record<string, T>>,
  after: Readonly<Record<string, T>>,
  texts: Texts<T>,
): void {
  for (const id of Object.keys(after)) {
    const next = after[id]!
    if (!Object.hasOwn(before, id)) changes.push({ kind: 'added', collection, id, text: texts.added(next) })
    else pushChanged(changes, collection, id, texts.changed(before[id]!, next))
  }
  for (const id of Object.keys(before)) {
    if (!Object.hasOwn(after, id))
      changes.push({ kind: 'removed', collection, id, text: texts.removed(before[id]!) })
  }
}

function compareListed<T>(
  changes: Change[],
  collection: Collection,
  before: readonly T[],
  after: readonly T[],
  idOf: (item: T) => string,
  texts: Texts<T>,
): void {
  // Two states of one log usually share their first elements (the same objects): skip those quickly.
  let shared = 0
  while (shared < before.length && shared < after.length && before[shared] === after[shared]) shared++
  const earlier = new Map<string, T>()
  for (let i = shared; i < before.length; i++) earlier.set(idOf(before[i]!), before[i]!)
  const later = new Set<string>()
  for (let i = shared; i < after.length; i++) {
    const item = after[i]!
    const id = idOf(item)
    later.add(id)
    const previous = earlier.get(id)
    if (previous === undefined) changes.push({ kind: 'added', collection, id, text: texts.added(item) })
    else if (previous !== item) pushChanged(changes, collection, id, texts.changed(previous, item))
  }
  for (const [id, item] of earlier) {
    if (!later.has(id)) changes.push({ kind: 'removed', collection, id, text: texts.removed(item) })
  }
}

function pushChanged(changes: Change[], collection: Collection, id: string, changed: Changed): void {
  if (changed === undefined) return
  changes.push(changed.kind === 'changed' ? { kind: 'changed', collection, id, text: changed.text } : changed)
}

function fieldsChanged(before: object, after: object, text: string): Changed {
  return sameExceptSupport(before, after) ? undefined : { kind: 'changed', text }
}

/** Equal but for the supporting events (a later development that only adds support is not a change). */
function sameExceptSupport(before: unknown, after: unknown): boolean {
  if (before === after) return true
  if (before === null || after === null) return false
  const strip = (key: string, value: unknown) => (key === 'support' || key === 'history' ? undefined : value)
  return JSON.stringify(before, strip) === JSON.stringify(after, strip)
}

function standingText(standing: Standing): string {
  return standing === 'party' ? 'party to the deal' : standing
}

function phaseText(phase: DealPhase): string {
  return phase.replace('_', ' ')
}
