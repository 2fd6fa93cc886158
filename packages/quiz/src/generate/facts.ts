import {
  actorsOf,
  applyCorrection,
  type CalendarDay,
  dayRangeOf,
  type EntityId,
  type EntityKind,
  type OccurredOn,
  type Source,
  type StoredEvent,
  type StoryDate,
  type StoryEvent,
} from '@storyledger/core'

/** A development of the story as the quiz may use it: corrections applied, only the sources published by then. */
export interface Development {
  readonly eventId: string
  readonly position: number
  readonly event: StoryEvent
  readonly occurredOn: OccurredOn
  /** The last day by which the development is known to have happened. */
  readonly knownBy: CalendarDay
  /** Its own day when the date has day precision. */
  readonly day: CalendarDay | null
  readonly sources: readonly Source[]
  readonly actors: readonly EntityId[]
}

export interface FactEntity {
  readonly entityId: EntityId
  readonly name: string
  readonly kind: EntityKind
}

/** Everything a quiz as of `asOf`, known at `knownAt`, may mention. */
export interface StoryFacts {
  readonly asOf: CalendarDay
  readonly knownAt: string
  /** In story order: by the day they are known to have happened, then by log position. */
  readonly developments: readonly Development[]
  readonly entities: ReadonlyMap<EntityId, FactEntity>
  readonly byId: ReadonlyMap<string, Development>
}

type Bookkeeping = 'StoryOpened' | 'EntityIntroduced' | 'DevelopmentCorrected' | 'DevelopmentRetracted'

/**
 * The facts of a story as of a day and known at an instant. An event counts when the log had recorded it by
 * `knownAt` and it provably happened by the end of `asOf`: its date, or the day it was reported, ends by then
 * (a development of "September 2020" is not yet a fact on 13 September). Corrections and retractions recorded
 * by `knownAt` are applied; sources published after `asOf` are left out. Entities count once a counted
 * development names them, so that no option can introduce a party before the story does.
 */
export function factsOf(events: readonly StoredEvent[], asOf: CalendarDay, knownAt: string): StoryFacts {
  const known = Date.parse(knownAt)
  const recorded = events
    .filter((e) => Date.parse(e.recordedAt) <= known)
    .sort((a, b) => a.position - b.position)
  const current = new Map<string, { event: StoryEvent; occurredOn: OccurredOn; stored: StoredEvent }>()
  const introduced = new Map<EntityId, { name: string; kind: EntityKind }>()
  for (const stored of recorded) {
    const event = { type: stored.type, data: stored.data } as StoryEvent
    if (event.type === 'DevelopmentCorrected') {
      const target = current.get(event.data.correctsEventId)
      if (target === undefined) continue
      const outcome = applyCorrection(target, event.data.corrected)
      if (outcome.ok) current.set(event.data.correctsEventId, { ...target, ...outcome })
    } else if (event.type === 'DevelopmentRetracted') {
      current.delete(event.data.retractsEventId)
    } else {
      current.set(stored.eventId, { event, occurredOn: stored.occurredOn, stored })
    }
  }
  const developments: Development[] = []
  for (const [eventId, { event, occurredOn, stored }] of current) {
    if (event.type === 'EntityIntroduced') {
      if (!introduced.has(event.data.entityId)) introduced.set(event.data.entityId, event.data)
      continue
    }
    if (isBookkeeping(event.type)) continue
    const knownBy = knownByOf(occurredOn, stored.reportedOn)
    if (knownBy === null || knownBy > asOf) continue
    developments.push({
      eventId,
      position: stored.position,
      event,
      occurredOn,
      knownBy,
      day: occurredOn !== 'unknown' && occurredOn.length === 10 ? occurredOn : null,
      sources: stored.metadata.sources.filter(
        (s) => s.publishedOn === undefined || dayRangeOf(s.publishedOn).last <= asOf,
      ),
      actors: actorsOf(event),
    })
  }
  developments.sort((a, b) =>
    a.knownBy < b.knownBy ? -1 : a.knownBy > b.knownBy ? 1 : a.position - b.position,
  )
  const entities = new Map<EntityId, FactEntity>()
  for (const development of developments) {
    for (const id of development.actors) {
      const entity = introduced.get(id)
      if (entity !== undefined && !entities.has(id))
        entities.set(id, { entityId: id, name: entity.name, kind: entity.kind })
    }
  }
  return { asOf, knownAt, developments, entities, byId: new Map(developments.map((d) => [d.eventId, d])) }
}

function isBookkeeping(type: StoryEvent['type']): type is Bookkeeping {
  return (
    type === 'StoryOpened' ||
    type === 'EntityIntroduced' ||
    type === 'DevelopmentCorrected' ||
    type === 'DevelopmentRetracted'
  )
}

function knownByOf(occurredOn: OccurredOn, reportedOn: StoryDate | undefined): CalendarDay | null {
  const candidates: CalendarDay[] = []
  if (occurredOn !== 'unknown') candidates.push(dayRangeOf(occurredOn).last)
  if (reportedOn !== undefined) candidates.push(dayRangeOf(reportedOn).last)
  if (candidates.length === 0) return null
  return candidates.sort()[0]!
}
