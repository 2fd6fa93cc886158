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
  /** The developments of each type, in story order. */
  readonly byType: ReadonlyMap<StoryEvent['type'], readonly Development[]>
  /** Days with at least one day-precision development, sorted. */
  readonly days: readonly CalendarDay[]
  /** How many events of the story (up to the log position, recorded by `knownAt` or not) were read. */
  readonly eventsRead: number
}

/** Which events of a log are the story's: its stream, up to a log position. */
export interface StoryScope {
  readonly storyId: string
  readonly logPosition: number
}

type Bookkeeping = 'StoryOpened' | 'EntityIntroduced' | 'DevelopmentCorrected' | 'DevelopmentRetracted'

/**
 * The facts of a story as of a day and known at an instant. An event counts when the log had recorded it by
 * `knownAt` and it provably happened by the end of `asOf`: its date, or the day it was reported, ends by then
 * (a development of "September 2020" is not yet a fact on 13 September). Corrections and retractions recorded
 * by `knownAt` are applied; sources published after `asOf` are left out. Entities count once a counted
 * development names them, so that no option can introduce a party before the story does. With a `scope`,
 * only the events of that stream up to that position are read (in the same pass).
 */
export function factsOf(
  events: readonly StoredEvent[],
  asOf: CalendarDay,
  knownAt: string,
  scope?: StoryScope,
): StoryFacts {
  // Recorded times are ISO instants in UTC with milliseconds, as the store writes them: they compare as strings.
  const known = new Date(Date.parse(knownAt)).toISOString()
  const introduced = new Map<EntityId, { name: string; kind: EntityKind }>()
  // Developments arrive in position order; those known by a day already passed (late reports) wait apart.
  let inOrder: Development[] = []
  let late: Development[] = []
  let lastKnownBy = ''
  // Months and years stand for their last day: the same few strings, made once.
  const lastDays = new Map<StoryDate, CalendarDay>()
  const lastDay = (date: StoryDate): CalendarDay => {
    if (date.length === 10) return date
    let day = lastDays.get(date)
    if (day === undefined) {
      day = lastDayOf(date)
      lastDays.set(date, day)
    }
    return day
  }
  const add = (eventId: string, event: StoryEvent, occurredOn: OccurredOn, stored: StoredEvent) => {
    if (event.type === 'EntityIntroduced') {
      if (!introduced.has(event.data.entityId)) introduced.set(event.data.entityId, event.data)
      return
    }
    if (isBookkeeping(event.type)) return
    const occurred = occurredOn === 'unknown' ? null : lastDay(occurredOn)
    const reported = stored.reportedOn === undefined ? null : lastDay(stored.reportedOn)
    const knownBy = occurred === null || (reported !== null && reported < occurred) ? reported : occurred
    if (knownBy === null || knownBy > asOf) return
    // A stored event is its own StoryEvent; a corrected one was rebuilt by applyCorrection.
    const development = new LazyDevelopment(
      eventId,
      stored.position,
      event,
      occurredOn,
      knownBy,
      publishedBy(stored.metadata.sources, asOf, lastDay),
    )
    if (knownBy >= lastKnownBy) {
      inOrder.push(development)
      lastKnownBy = knownBy
    } else late.push(development)
  }
  // One pass reads and keeps the events of a log in position order with no corrections, the usual case; a
  // log out of order, or with corrections or retractions, is read again the long way.
  let eventsRead = 0
  let simple = true
  let lastPosition = Number.NEGATIVE_INFINITY
  for (let i = 0; i < events.length; i++) {
    const stored = events[i]!
    if (scope !== undefined && (stored.streamId !== scope.storyId || stored.position > scope.logPosition))
      continue
    eventsRead++
    if (!(stored.recordedAt <= known)) continue
    if (
      stored.position < lastPosition ||
      stored.type === 'DevelopmentCorrected' ||
      stored.type === 'DevelopmentRetracted'
    ) {
      simple = false
      break
    }
    lastPosition = stored.position
    add(stored.eventId, stored as StoryEvent, stored.occurredOn, stored)
  }
  if (!simple) {
    introduced.clear()
    inOrder = []
    late = []
    lastKnownBy = ''
    eventsRead = 0
    const recorded: StoredEvent[] = []
    for (const stored of events) {
      if (scope !== undefined && (stored.streamId !== scope.storyId || stored.position > scope.logPosition))
        continue
      eventsRead++
      if (stored.recordedAt <= known) recorded.push(stored)
    }
    recorded.sort((a, b) => a.position - b.position)
    const current = new Map<string, { event: StoryEvent; occurredOn: OccurredOn; stored: StoredEvent }>()
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
  }
  const developments = late.length === 0 ? inOrder : mergedInStoryOrder(inOrder, late)
  // An entity counts from its first counted mention; looking stops once every introduced entity is found.
  const entities = new Map<EntityId, FactEntity>()
  const byType = new Map<StoryEvent['type'], Development[]>()
  const daySet = new Set<CalendarDay>()
  for (const development of developments) {
    const type = development.event.type
    const list = byType.get(type)
    if (list === undefined) byType.set(type, [development])
    else list.push(development)
    if (development.day !== null) daySet.add(development.day)
    if (entities.size === introduced.size) continue
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
    byType,
    days: [...daySet].sort(),
    eventsRead,
    get byId() {
      if (byId === undefined) {
        byId = new Map()
        for (const development of developments) byId.set(development.eventId, development)
      }
      return byId
    },
  }
}

/** The sources published by the end of `asOf` (the same array when that is all of them). */
function publishedBy(
  sources: readonly Source[],
  asOf: CalendarDay,
  lastDay: (date: StoryDate) => CalendarDay,
): readonly Source[] {
  for (let i = 0; i < sources.length; i++) {
    const publishedOn = sources[i]!.publishedOn
    if (publishedOn !== undefined && lastDay(publishedOn) > asOf)
      return sources.filter((s) => s.publishedOn === undefined || lastDay(s.publishedOn) <= asOf)
  }
  return sources
}

/** A development whose actors and date range are worked out on first use: most of a long story's never are. */
class LazyDevelopment implements Development {
  readonly day: CalendarDay | null
  private lazyActors: readonly EntityId[] | undefined = undefined
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
    const date = this.occurredOn
    return date === 'unknown' ? null : date.length === 10 ? { first: date, last: date } : dayRangeOf(date)
  }
  get actors(): readonly EntityId[] {
    this.lazyActors ??= actorsOf(this.event)
    return this.lazyActors
  }
}

/**
 * Developments in story order from those that came in order and the late ones (each list in position order):
 * the late ones are sorted apart, a small sort, and merged back in.
 */
function mergedInStoryOrder(inOrder: readonly Development[], late: Development[]): Development[] {
  late.sort(storyOrder)
  const merged = new Array<Development>(inOrder.length + late.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < inOrder.length && j < late.length)
    merged[k++] = storyOrder(inOrder[i]!, late[j]!) < 0 ? inOrder[i++]! : late[j++]!
  while (i < inOrder.length) merged[k++] = inOrder[i++]!
  while (j < late.length) merged[k++] = late[j++]!
  return merged
}

function storyOrder(a: Development, b: Development): number {
  return a.knownBy < b.knownBy ? -1 : a.knownBy > b.knownBy ? 1 : a.position - b.position
}

function isBookkeeping(type: StoryEvent['type']): type is Bookkeeping {
  return (
    type === 'StoryOpened' ||
    type === 'EntityIntroduced' ||
    type === 'DevelopmentCorrected' ||
    type === 'DevelopmentRetracted'
  )
}

/** The last day a story date may stand for; the same as `dayRangeOf(date).last`, without building dates. */
export function lastDayOf(date: StoryDate): CalendarDay {
  if (date.length === 10) return date
  if (date.length === 4) return `${date}-12-31`
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days =
    month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
  return `${date}-${days}`
}
