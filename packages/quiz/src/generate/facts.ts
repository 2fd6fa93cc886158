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
  /** The days its date may stand for (`null` when unknown). */
  readonly range: { readonly first: CalendarDay; readonly last: CalendarDay } | null
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
  // Recorded times are ISO instants in UTC with milliseconds, as the store writes them: they compare as strings.
  const known = new Date(Date.parse(knownAt)).toISOString()
  const recorded = inPositionOrder(events.filter((e) => e.recordedAt <= known))
  const introduced = new Map<EntityId, { name: string; kind: EntityKind }>()
  const current = new Map<string, { event: StoryEvent; occurredOn: OccurredOn; stored: StoredEvent }>()
  // Without corrections or retractions, every recorded event stands as written: no need to index them.
  const amended = recorded.some((e) => e.type === 'DevelopmentCorrected' || e.type === 'DevelopmentRetracted')
  const developments: Development[] = []
  const add = (eventId: string, event: StoryEvent, occurredOn: OccurredOn, stored: StoredEvent) => {
    if (event.type === 'EntityIntroduced') {
      if (!introduced.has(event.data.entityId)) introduced.set(event.data.entityId, event.data)
      return
    }
    if (isBookkeeping(event.type)) return
    const knownBy = knownByOf(occurredOn, stored.reportedOn)
    if (knownBy === null || knownBy > asOf) return
    const sources = stored.metadata.sources
    const published = sources.every((s) => s.publishedOn === undefined || lastDayOf(s.publishedOn) <= asOf)
      ? sources
      : sources.filter((s) => s.publishedOn === undefined || lastDayOf(s.publishedOn) <= asOf)
    // A stored event is its own StoryEvent; a corrected one was rebuilt by applyCorrection.
    developments.push(new LazyDevelopment(eventId, stored.position, event, occurredOn, knownBy, published))
  }
  if (amended) {
    for (const stored of recorded) {
      const event = stored as StoryEvent
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
    for (const { event, occurredOn, stored } of current.values())
      add(stored.eventId, event, occurredOn, stored)
  } else {
    for (const stored of recorded) add(stored.eventId, stored as StoryEvent, stored.occurredOn, stored)
  }
  if (!isInStoryOrder(developments)) developments.sort(storyOrder)
  // An entity counts from its first counted mention; scanning stops once every introduced entity is found.
  const entities = new Map<EntityId, FactEntity>()
  for (const development of developments) {
    if (entities.size === introduced.size) break
    for (const id of development.actors) {
      const entity = introduced.get(id)
      if (entity !== undefined && !entities.has(id))
        entities.set(id, { entityId: id, name: entity.name, kind: entity.kind })
    }
  }
  // Indexed on first use: a quiz finds the few developments it uses through the anchors that named them.
  let byId: Map<string, Development> | undefined
  return {
    asOf,
    knownAt,
    developments,
    entities,
    get byId() {
      if (byId === undefined) {
        byId = new Map()
        for (const development of developments) byId.set(development.eventId, development)
      }
      return byId
    },
  }
}

/** A development whose actors and date range are worked out on first use: most of a long story's never are. */
class LazyDevelopment implements Development {
  readonly day: CalendarDay | null
  private lazyActors: readonly EntityId[] | undefined = undefined
  private lazyRange: Development['range'] | undefined = undefined
  constructor(
    readonly eventId: string,
    readonly position: number,
    readonly event: StoryEvent,
    readonly occurredOn: OccurredOn,
    readonly knownBy: CalendarDay,
    readonly sources: readonly Source[],
  ) {
    this.day = occurredOn !== 'unknown' && occurredOn.length === 10 ? occurredOn : null
  }
  get range(): Development['range'] {
    if (this.lazyRange === undefined) {
      const date = this.occurredOn
      this.lazyRange =
        date === 'unknown' ? null : date.length === 10 ? { first: date, last: date } : dayRangeOf(date)
    }
    return this.lazyRange
  }
  get actors(): readonly EntityId[] {
    this.lazyActors ??= actorsOf(this.event)
    return this.lazyActors
  }
}

function storyOrder(a: Development, b: Development): number {
  return a.knownBy < b.knownBy ? -1 : a.knownBy > b.knownBy ? 1 : a.position - b.position
}

function isInStoryOrder(developments: readonly Development[]): boolean {
  for (let i = 1; i < developments.length; i++)
    if (storyOrder(developments[i - 1]!, developments[i]!) > 0) return false
  return true
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
  const occurred = occurredOn === 'unknown' ? null : lastDayOf(occurredOn)
  const reported = reportedOn === undefined ? null : lastDayOf(reportedOn)
  if (occurred === null) return reported
  return reported !== null && reported < occurred ? reported : occurred
}

function inPositionOrder(events: StoredEvent[]): StoredEvent[] {
  for (let i = 1; i < events.length; i++) {
    if (events[i - 1]!.position > events[i]!.position) return events.sort((a, b) => a.position - b.position)
  }
  return events
}

/** The last day a story date may stand for; the same as `dayRangeOf(date).last`, without building dates. */
export function lastDayOf(date: StoryDate): CalendarDay {
  if (date.length === 10) return date
  if (date.length === 4) return `${date}-12-31`
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31
  return `${date}-${days}`
}
