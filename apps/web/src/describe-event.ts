import { assertNever, type StoredEvent } from '@storyledger/core'
import type { Entity } from '@storyledger/projection'

/** One plain sentence for a development, naming entities by name. */
export function describeEvent(event: StoredEvent, entities: ReadonlyMap<string, Entity>): string {
  const name = (id: string) => entities.get(id)?.name ?? id
  const names = (ids: readonly string[]) => ids.map(name).join(', ')
  switch (event.type) {
    case 'StoryOpened':
      return `Story opened: ${event.data.title}`
    case 'EntityIntroduced':
      return `${event.data.name} (${event.data.kind.replace('_', ' ')}) enters the story`
    case 'InterestExpressed':
      return `${name(event.data.partyId)} is interested${event.data.targetId ? ` in ${name(event.data.targetId)}` : ''}`
    case 'BidMade':
      return `${name(event.data.bidderId)} makes a bid${event.data.terms ? `: ${event.data.terms}` : ''}`
    case 'BidRejected':
      return `${name(event.data.rejectedById)} turns down ${name(event.data.bidderId)}`
    case 'BidWithdrawn':
      return `${name(event.data.bidderId)} withdraws its bid`
    case 'PartnerSelected':
      return `${name(event.data.selectedById)} chooses ${name(event.data.partnerId)} as ${event.data.role}`
    case 'DealAnnounced':
      return `Deal announced between ${names(event.data.partyIds)}: ${event.data.description}`
    case 'DealSigned':
      return `Deal signed by ${names(event.data.partyIds)}`
    case 'DealClosed':
      return `Deal closed between ${names(event.data.partyIds)}`
    case 'DealBlocked':
      return `${name(event.data.blockedById)} blocks the deal: ${event.data.reason}`
    case 'GovernmentActionTaken':
      return `${name(event.data.actorId)}: ${event.data.title}`
    case 'DeadlineSet':
      return `Deadline: ${event.data.description}${event.data.durationDays ? ` (${event.data.durationDays} days)` : ''}`
    case 'DeadlineExtended':
      return `${name(event.data.extendedById)} extends the deadline${event.data.byDays ? ` by ${event.data.byDays} days` : ''}`
    case 'StatementMade':
      return `${name(event.data.speakerId)}: “${event.data.quote}”`
    case 'ConditionReported':
      return `Condition (${name(event.data.subjectId)}): ${event.data.condition}`
    case 'AnalysisPublished':
      return `${name(event.data.analystId)}: ${event.data.summary}`
    case 'RelationshipNoted':
      return `${name(event.data.fromId)} ${event.data.relationship} ${name(event.data.toId)}`
    case 'DevelopmentCorrected':
      return `Correction: ${event.data.reason}`
    case 'DevelopmentRetracted':
      return `Retraction: ${event.data.reason}`
    default:
      return assertNever(event)
  }
}
