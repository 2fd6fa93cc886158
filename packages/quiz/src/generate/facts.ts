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
  /**
   * The development in words, kept by the first quiz context that asks (`undefined` until then): it depends
   * only on the event and on the names of the facts' entities, so every context of these facts agrees.
   */
  description: string | null | undefined
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
  // Developments arrive in position order, and in story order too unless some are known by a day already
  // passed (late reports, or a month that ends after the days that follow it).
  let developments: Development[] = []
  let inStoryOrder = true
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
  const add = (event: StoryEvent, occurredOn: OccurredOn, stored: StoredEvent) => {
    if (event.type === 'EntityIntroduced') {
      if (!introduced.has(event.data.entityId)) introduced.set(event.data.entityId, event.data)
      return
    }
    if (isBookkeeping(event.type)) return
    const occurred = occurredOn === 'unknown' ? null : lastDay(occurredOn)
    const reported = stored.reportedOn === undefined ? null : lastDay(stored.reportedOn)
    const knownBy = occurred === null || (reported !== null && reported < occurred) ? reported : occurred
    if (knownBy === null || knownBy > asOf) return
    const corrected = event === stored && occurredOn === stored.occurredOn ? undefined : { event, occurredOn }
    const development = new LazyDevelopment(stored, corrected, knownBy, asOf)
    if (knownBy < lastKnownBy) inStoryOrder = false
    lastKnownBy = knownBy
    developments.push(development)
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
    add(stored as StoryEvent, stored.occurredOn, stored)
  }
  if (!simple) {
    introduced.clear()
    developments = []
    inStoryOrder = true
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
    for (const { event, occurredOn, stored } of current.values()) add(event, occurredOn, stored)
  }
  if (!inStoryOrder) developments = sortedByKnownBy(developments)
  // An entity counts from its first counted mention; looking stops once every introduced entity is found.
  const entities = new Map<EntityId, FactEntity>()
  const byType = new Map<StoryEvent['type'], Development[]>()
  // Days come mostly in order: a day is listed again only when another came between.
  const dayList: CalendarDay[] = []
  let lastListed = ''
  for (const development of developments) {
    const type = development.event.type
    const list = byType.get(type)
    if (list === undefined) byType.set(type, [development])
    else list.push(development)
    const day = development.day
    if (day !== null && day !== lastListed) {
      dayList.push(day)
      lastListed = day
    }
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
    days: uniqueSorted(dayList),
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
function publishedBy(sources: readonly Source[], asOf: CalendarDay): readonly Source[] {
  for (let i = 0; i < sources.length; i++) {
    const publishedOn = sources[i]!.publishedOn
    if (publishedOn !== undefined && lastDayOf(publishedOn) > asOf)
      return sources.filter((s) => s.publishedOn === undefined || lastDayOf(s.publishedOn) <= asOf)
  }
  return sources
}

/**
 * A development whose actors, sources and date range are worked out on first use: most of a long story's
 * never are, and a quiz then does not even read their metadata.
 */
class LazyDevelopment implements Development {
  private lazyActors: readonly EntityId[] | undefined = undefined
  private lazySources: readonly Source[] | undefined = undefined
  description: string | null | undefined = undefined
  constructor(
    private readonly stored: StoredEvent,
    /** The event and date after corrections, when they are not the stored ones. */
    private readonly corrected: { readonly event: StoryEvent; readonly occurredOn: OccurredOn } | undefined,
    readonly knownBy: CalendarDay,
    private readonly asOf: CalendarDay,
  ) {}
  get event(): StoryEvent {
    // A stored event is its own StoryEvent; a corrected one was rebuilt by applyCorrection.
    return this.corrected === undefined ? (this.stored as StoryEvent) : this.corrected.event
  }
  get occurredOn(): OccurredOn {
    return this.corrected === undefined ? this.stored.occurredOn : this.corrected.occurredOn
  }
  get day(): CalendarDay | null {
    const date = this.occurredOn
    return date !== 'unknown' && date.length === 10 ? date : null
  }
  get eventId(): string {
    return this.stored.eventId
  }
  get position(): number {
    return this.stored.position
  }
  get sources(): readonly Source[] {
    this.lazySources ??= publishedBy(this.stored.metadata.sources, this.asOf)
    return this.lazySources
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
 * A stable sort by `knownBy` (developments of a day keep their order): a counting sort on the days, which a
 * story spans by the hundreds or thousands, rather than a comparison sort of thousands of developments.
 */
function sortedByKnownBy(developments: readonly Development[]): Development[] {
  const n = developments.length
  const keys = new Int32Array(n)
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (let i = 0; i < n; i++) {
    const key = dayKey(developments[i]!.knownBy)
    if (key < 0) return developments.slice().sort(storyOrder)
    keys[i] = key
    if (key < min) min = key
    if (key > max) max = key
  }
  if (max - min > 16 * n + 4096) return developments.slice().sort(storyOrder)
  const starts = new Int32Array(max - min + 2)
  for (let i = 0; i < n; i++) starts[keys[i]! - min + 1]! += 1
  for (let k = 1; k < starts.length; k++) starts[k]! += starts[k - 1]!
  const sorted = new Array<Development>(n)
  for (let i = 0; i < n; i++) sorted[starts[keys[i]! - min]!++] = developments[i]!
  return sorted
}

/** `YYYY-MM-DD` as a number in the same order (not a count of days); -1 for anything else. */
function dayKey(day: CalendarDay): number {
  if (day.length !== 10 || day.charCodeAt(4) !== 45 || day.charCodeAt(7) !== 45) return -1
  let key = 0
  for (const i of DAY_DIGITS) {
    const digit = day.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return -1
    key = key * 10 + digit
  }
  // YYYYMMDD with 16 months of 32 days a year, so that the keys of a story stay close together.
  const month = Math.floor(key / 100) % 100
  const date = key % 100
  return month > 15 || date > 31 ? -1 : Math.floor(key / 10_000) * 512 + month * 32 + date
}

const DAY_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9]

function uniqueSorted(days: CalendarDay[]): CalendarDay[] {
  days.sort()
  const unique: CalendarDay[] = []
  for (const day of days) if (day !== unique[unique.length - 1]) unique.push(day)
  return unique
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
