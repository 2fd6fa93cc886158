import { assertNever } from './assert-never.js'
import type { EntityId, StoryEvent } from './event-catalogue.js'

/**
 * The entities an event names as actors, first the one that acted. Corrections and retractions act on
 * events, not entities, and name none.
 */
export function actorsOf(event: StoryEvent): EntityId[] {
  switch (event.type) {
    case 'StoryOpened':
      return event.data.assetId === undefined ? [] : [event.data.assetId]
    case 'EntityIntroduced':
      return [event.data.entityId]
    case 'InterestExpressed':
      return compact([event.data.partyId, event.data.targetId])
    case 'BidMade':
      return compact([event.data.bidderId, ...(event.data.partnerIds ?? []), event.data.targetId])
    case 'BidRejected':
      return [event.data.rejectedById, event.data.bidderId]
    case 'BidWithdrawn':
      return [event.data.bidderId]
    case 'PartnerSelected':
      return [event.data.selectedById, event.data.partnerId]
    case 'DealAnnounced':
      return unique([...event.data.partyIds, ...(event.data.stakes ?? []).map((s) => s.holderId)])
    case 'DealSigned':
    case 'DealClosed':
      return [...event.data.partyIds]
    case 'DealBlocked':
      return unique([event.data.blockedById, ...(event.data.partyIds ?? [])])
    case 'GovernmentActionTaken':
      return unique([event.data.actorId, ...event.data.targetIds])
    case 'DeadlineSet':
      return [event.data.setById]
    case 'DeadlineExtended':
      return [event.data.extendedById]
    case 'StatementMade':
      return unique([event.data.speakerId, ...(event.data.aboutIds ?? [])])
    case 'ConditionReported':
      return unique([event.data.subjectId, ...(event.data.aboutIds ?? [])])
    case 'AnalysisPublished':
      return unique([event.data.analystId, ...(event.data.aboutIds ?? [])])
    case 'RelationshipNoted':
      return [event.data.fromId, event.data.toId]
    case 'DevelopmentCorrected':
    case 'DevelopmentRetracted':
    case 'QuizGenerated':
    case 'QuizPublished':
    case 'AttemptStarted':
    case 'AttemptSubmitted':
    case 'AttemptGraded':
    case 'AttemptRegraded':
      return []
    default:
      return assertNever(event)
  }
}

function compact(ids: (EntityId | undefined)[]): EntityId[] {
  return unique(ids.filter((id): id is EntityId => id !== undefined))
}

function unique(ids: EntityId[]): EntityId[] {
  return [...new Set(ids)]
}
