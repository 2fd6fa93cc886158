import { assertNever, type EntityId, type Money, type StoryEvent } from '@storyledger/core'

/** How a description names an entity: usually `nameOf` over a state or the story's entities. */
export type NameOf = (entityId: EntityId) => string

/** A short, neutral sentence for a development, naming its actors. */
export function describeEvent(event: StoryEvent, name: NameOf): string {
  switch (event.type) {
    case 'StoryOpened':
      return `Story opened: ${event.data.title}`
    case 'EntityIntroduced':
      return `${event.data.name} (${event.data.kind.replace('_', ' ')}) enters the story`
    case 'InterestExpressed': {
      const d = event.data
      return `${name(d.partyId)} expressed interest${d.targetId === undefined ? '' : ` in ${name(d.targetId)}`}`
    }
    case 'BidMade': {
      const d = event.data
      const partners = d.partnerIds?.length ? ` with ${list(d.partnerIds.map(name))}` : ''
      const target = d.targetId === undefined ? '' : ` for ${name(d.targetId)}`
      const amount = d.amount === undefined ? '' : ` of ${formatMoney(d.amount)}`
      return `${name(d.bidderId)} made a bid${partners}${target}${amount}`
    }
    case 'BidRejected':
      return `${name(event.data.rejectedById)} rejected ${possessive(name(event.data.bidderId))} bid`
    case 'BidWithdrawn':
      return `${name(event.data.bidderId)} withdrew its bid`
    case 'PartnerSelected':
      return `${name(event.data.selectedById)} selected ${name(event.data.partnerId)} as ${event.data.role}`
    case 'DealAnnounced':
      return `Deal announced between ${list(event.data.partyIds.map(name))}: ${event.data.description}`
    case 'DealSigned':
      return `${list(event.data.partyIds.map(name))} signed the deal`
    case 'DealClosed':
      return `The deal between ${list(event.data.partyIds.map(name))} closed`
    case 'DealBlocked':
      return `${name(event.data.blockedById)} blocked the deal: ${event.data.reason}`
    case 'GovernmentActionTaken':
      return `${name(event.data.actorId)}: ${event.data.title}`
    case 'DeadlineSet': {
      const d = event.data
      const due = d.dueOn === undefined ? `within ${d.durationDays} days` : `by ${d.dueOn}`
      return `${name(d.setById)} set a deadline ${due}: ${d.description}`
    }
    case 'DeadlineExtended': {
      const d = event.data
      const how = d.newDueOn === undefined ? `by ${d.byDays} days` : `to ${d.newDueOn}`
      return `${name(d.extendedById)} extended the deadline ${d.deadlineId} ${how}`
    }
    case 'StatementMade': {
      const d = event.data
      const said = d.paraphrased ? 'said, in substance,' : 'said'
      return `${name(d.speakerId)} ${said} “${shorten(d.quote)}”`
    }
    case 'ConditionReported':
      return `${name(event.data.subjectId)}: ${event.data.condition}`
    case 'AnalysisPublished':
      return `${name(event.data.analystId)}: ${event.data.summary}`
    case 'RelationshipNoted':
      return `${name(event.data.fromId)} ${event.data.relationship} ${name(event.data.toId)}`
    case 'DevelopmentCorrected':
      return `Correction of event ${event.data.correctsEventId}: ${event.data.reason}`
    case 'DevelopmentRetracted':
      return `Retraction of event ${event.data.retractsEventId}: ${event.data.reason}`
    case 'QuizGenerated':
      return `Quiz ${event.data.quizId} generated from ${event.data.storyId} at log position ${event.data.logPosition}`
    case 'QuizPublished':
      return `Quiz ${event.data.quizId} published${event.data.showAnswers ? ' (answers shown after submitting)' : ''}`
    case 'AttemptStarted':
      return `${event.data.displayName} started quiz ${event.data.quizId} (attempt ${event.data.attemptId})`
    case 'AttemptSubmitted':
      return `Attempt ${event.data.attemptId} at quiz ${event.data.quizId} submitted`
    case 'AttemptGraded':
      return `Attempt ${event.data.attemptId} graded: ${event.data.total} of ${event.data.maxTotal}`
    case 'AttemptRegraded':
      return `Attempt ${event.data.attemptId} regraded: ${event.data.total} of ${event.data.maxTotal} (${event.data.reason})`
    default:
      return assertNever(event)
  }
}

/** `$30 billion`, `about €1.2 million`, `USD 950`. */
export function formatMoney(money: Money): string {
  const symbol =
    money.currency === 'USD' ? '$' : money.currency === 'EUR' ? '€' : money.currency === 'GBP' ? '£' : ''
  const scales: [number, string][] = [
    [1e12, 'trillion'],
    [1e9, 'billion'],
    [1e6, 'million'],
  ]
  const scale = scales.find(([size]) => money.amount >= size)
  const figure = scale === undefined ? String(money.amount) : `${round(money.amount / scale[0])} ${scale[1]}`
  const text = symbol === '' ? `${money.currency} ${figure}` : `${symbol}${figure}`
  return money.approximate ? `about ${text}` : text
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100)
}

export function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

function possessive(name: string): string {
  return name.endsWith('s') ? `${name}’` : `${name}’s`
}

function shorten(text: string, max = 160): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`
}
