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
  // Sized for the whole log and cut to length once read: ten thousand pushes would copy it as it grows.
  let developments: Development[] = new Array<Development>(events.length)
  let kept = 0
  let inStoryOrder = true
  let lastKnownBy = ''
  // Months and years stand for their last day: the same few strings, made once.
  const lastDays = new Map<StoryDate, CalendarDay>()
  // One pass reads and keeps the events of a log in position order with no corrections, the usual case; a
  // log out of order, or with corrections or retractions, is read again the long way. The loop keeps its
  // state in locals and allocates only the developments it keeps.
  let eventsRead = 0
  let simple = true
  let lastPosition = Number.NEGATIVE_INFINITY
  const storyId = scope?.storyId
  const logPosition = scope === undefined ? Number.POSITIVE_INFINITY : scope.logPosition
  for (let i = 0; i < events.length; i++) {
    const stored = events[i]!
    if (storyId !== undefined && (stored.streamId !== storyId || stored.position > logPosition)) continue
    eventsRead++
    if (!(stored.recordedAt <= known)) continue
    const type = stored.type
    if (
      stored.position < lastPosition ||
      type === 'DevelopmentCorrected' ||
      type === 'DevelopmentRetracted'
    ) {
      simple = false
      break
    }
    lastPosition = stored.position
    if (type === 'EntityIntroduced') {
      const data = (stored as StoryEvent & { type: 'EntityIntroduced' }).data
      if (!introduced.has(data.entityId)) introduced.set(data.entityId, data)
      continue
    }
    if (type === 'StoryOpened') continue
    const knownBy = knownByOf(stored.occurredOn, stored.reportedOn, lastDays)
    if (knownBy === null || knownBy > asOf) continue
    if (knownBy < lastKnownBy) inStoryOrder = false
    lastKnownBy = knownBy
    developments[kept++] = new LazyDevelopment(stored, knownBy, asOf)
  }
  developments.length = kept
  if (!simple) {
    introduced.clear()
    const read = readTheLongWay(events, known, scope, asOf, introduced, lastDays)
    developments = read.developments
    eventsRead = read.eventsRead
    inStoryOrder = true
    for (let i = 1; i < developments.length && inStoryOrder; i++)
      if (developments[i]!.knownBy < developments[i - 1]!.knownBy) inStoryOrder = false
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

/** The developments of a log out of position order, or with corrections or retractions, in position order. */
function readTheLongWay(
  events: readonly StoredEvent[],
  known: string,
  scope: StoryScope | undefined,
  asOf: CalendarDay,
  introduced: Map<EntityId, { name: string; kind: EntityKind }>,
  lastDays: Map<StoryDate, CalendarDay>,
): { developments: Development[]; eventsRead: number } {
  let eventsRead = 0
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
  const developments: Development[] = []
  for (const { event, occurredOn, stored } of current.values()) {
    if (event.type === 'EntityIntroduced') {
      if (!introduced.has(event.data.entityId)) introduced.set(event.data.entityId, event.data)
      continue
    }
    if (isBookkeeping(event.type)) continue
    const knownBy = knownByOf(occurredOn, stored.reportedOn, lastDays)
    if (knownBy === null || knownBy > asOf) continue
    developments.push(
      event === stored && occurredOn === stored.occurredOn
        ? new LazyDevelopment(stored, knownBy, asOf)
        : new CorrectedDevelopment(stored, knownBy, asOf, event, occurredOn),
    )
  }
  return { developments, eventsRead }
}

/** The last day by which a development is known to have happened: its date's, or its report's if earlier. */
function knownByOf(
  occurredOn: OccurredOn,
  reportedOn: StoryDate | undefined,
  lastDays: Map<StoryDate, CalendarDay>,
): CalendarDay | null {
  const occurred = occurredOn === 'unknown' ? null : lastDayCached(occurredOn, lastDays)
  const reported = reportedOn === undefined ? null : lastDayCached(reportedOn, lastDays)
  return occurred === null || (reported !== null && reported < occurred) ? reported : occurred
}

function lastDayCached(date: StoryDate, lastDays: Map<StoryDate, CalendarDay>): CalendarDay {
  if (date.length === 10) return date
  let day = lastDays.get(date)
  if (day === undefined) {
    day = lastDayOf(date)
    lastDays.set(date, day)
  }
  return day
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
 * never are, and a quiz then does not even read their metadata. It holds as few fields as it can (a long
 * story makes ten thousand of them per quiz, and the collector copies them while the quiz runs).
 */
class LazyDevelopment implements Development {
  description: string | null | undefined = undefined
  private lazy: { actors?: readonly EntityId[]; sources?: readonly Source[] } | undefined = undefined
  constructor(
    protected readonly stored: StoredEvent,
    readonly knownBy: CalendarDay,
    private readonly asOf: CalendarDay,
  ) {}
  get event(): StoryEvent {
    // A stored event is its own StoryEvent.
    return this.stored as StoryEvent
  }
  get occurredOn(): OccurredOn {
    return this.stored.occurredOn
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
    this.lazy ??= {}
    const lazy = this.lazy
    lazy.sources ??= publishedBy(this.stored.metadata.sources, this.asOf)
    return lazy.sources
  }
  get range(): Development['range'] {
    const date = this.occurredOn
    return date === 'unknown' ? null : date.length === 10 ? { first: date, last: date } : dayRangeOf(date)
  }
  get actors(): readonly EntityId[] {
    this.lazy ??= {}
    const lazy = this.lazy
    lazy.actors ??= actorsOf(this.event)
    return lazy.actors
  }
}

/** A development whose event or date a correction changed (rebuilt by `applyCorrection`). */
class CorrectedDevelopment extends LazyDevelopment {
  constructor(
    stored: StoredEvent,
    knownBy: CalendarDay,
    asOf: CalendarDay,
    private readonly correctedEvent: StoryEvent,
    private readonly correctedOn: OccurredOn,
  ) {
    super(stored, knownBy, asOf)
  }
  override get event(): StoryEvent {
    return this.correctedEvent
  }
  override get occurredOn(): OccurredOn {
    return this.correctedOn
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
  const y0 = day.charCodeAt(0) - 48
  const y1 = day.charCodeAt(1) - 48
  const y2 = day.charCodeAt(2) - 48
  const y3 = day.charCodeAt(3) - 48
  const m0 = day.charCodeAt(5) - 48
  const m1 = day.charCodeAt(6) - 48
  const d0 = day.charCodeAt(8) - 48
  const d1 = day.charCodeAt(9) - 48
  // Any character that is not a digit makes one of these negative or above 9.
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0 || y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9) return -1
  if (m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9) return -1
  const month = m0 * 10 + m1
  const date = d0 * 10 + d1
  // YYYYMMDD with 16 months of 32 days a year, so that the keys of a story stay close together.
  if (month > 15 || date > 31) return -1
  return (((y0 * 10 + y1) * 10 + y2) * 10 + y3) * 512 + month * 32 + date
}

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
