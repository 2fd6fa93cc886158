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
import { firstActorOf } from './describe.js'

/** A development of the story as the quiz may use it: corrections applied, only the sources published by then. */
export interface Development {
  readonly eventId: string
  readonly position: number
  /** Its place in story order: the index of `facts.at(place)`. */
  readonly place: number
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

/**
 * Everything a quiz as of `asOf`, known at `knownAt`, may mention. The developments are in story order: by
 * the day they are known to have happened, then by log position. They are kept as places into the log and
 * made into `Development` objects only when asked for (`at`): a quiz from a long story uses a few hundred of
 * ten thousand, and reads the others' events (`eventAt`) without making anything.
 */
export interface StoryFacts {
  readonly asOf: CalendarDay
  readonly knownAt: string
  /** How many developments there are. */
  readonly count: number
  /** The development at a place in story order, made on first use and then kept. */
  at(place: number): Development
  /** The event of the development at a place (corrections applied), without making the development. */
  eventAt(place: number): StoryEvent
  /** Its last day by which it is known to have happened, without making the development. */
  knownByAt(place: number): CalendarDay
  /** Its date (corrections applied), without making the development. */
  occurredOnAt(place: number): OccurredOn
  /** Its sources published by the end of `asOf`, without making the development. */
  sourcesAt(place: number): readonly Source[]
  /** The places of the developments of a type, ascending (so in story order). */
  placesOf(type: StoryEvent['type']): Int32Array
  /** The place of the development with this event id, if it is one of the facts. */
  placeOf(eventId: string): number | undefined
  /** For each place, the index in `days` of the development's day (day precision), or -1. */
  daySlots(): Int32Array
  /** The places whose date is a month or a year, in story order. */
  readonly coarselyDated: readonly number[]
  /** The code of the entity that acted in the development at a place (`firstActorOf`), or -1. */
  firstActorAt(place: number): number
  /** The code `firstActorAt` gives an entity, if any development's first actor is that entity. */
  actorCode(entityId: EntityId): number | undefined
  /** The entities by the codes `firstActorAt` gives. */
  readonly firstActorIds: readonly EntityId[]
  /** Every development, made all at once on first use: for tests and short stories. */
  readonly developments: readonly Development[]
  readonly entities: ReadonlyMap<EntityId, FactEntity>
  /** Days with at least one day-precision development, sorted. */
  readonly days: readonly CalendarDay[]
  /** How many events of the story (up to the log position, recorded by `knownAt` or not) were read. */
  readonly eventsRead: number
  /** The log positions and known-at instants that read the very same events, and so give the same facts. */
  readonly sameFor: FactsRange
}

/**
 * Later scopes that read the same events of a log as the facts did: any log position from the one asked for
 * up to, not including, `logPositions.until` (the story's next event), and any known-at instant (ISO, UTC)
 * from the one asked for up to, not including, `knownAt.until` (the earliest event left unrecorded; null:
 * none was). A quiz asked "as the log knows it now", a little later, can then reuse them.
 */
export interface FactsRange {
  readonly logPositions: { readonly from: number; readonly until: number }
  readonly knownAt: { readonly from: string; readonly until: string | null }
}

/** Whether a log position and a known-at instant (as `Date.toISOString` writes it) fall in a range. */
export function inRange(range: FactsRange, logPosition: number, knownAt: string): boolean {
  const { logPositions, knownAt: instants } = range
  return (
    logPosition >= logPositions.from &&
    logPosition < logPositions.until &&
    knownAt >= instants.from &&
    (instants.until === null || knownAt < instants.until)
  )
}

/** Which events of a log are the story's: its stream, up to a log position. */
export interface StoryScope {
  readonly storyId: string
  readonly logPosition: number
}

type Bookkeeping = 'StoryOpened' | 'EntityIntroduced' | 'DevelopmentCorrected' | 'DevelopmentRetracted'

/** An event and date as a correction left them. */
interface Corrected {
  readonly event: StoryEvent
  readonly occurredOn: OccurredOn
}

/** What corrections made of the rows they changed, by row (a sparse array: read for every row, set for few). */
type CorrectedRows = readonly (Corrected | undefined)[]

const NO_PLACES = new Int32Array(0)

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
  // Months and years stand for their last day: the same few strings, made once.
  const lastDays = new Map<StoryDate, CalendarDay>()
  // The developments are indexes into the log (`rows`, in position order) with the day key of the day they
  // are known by: typed arrays, which the collector neither scans nor copies while the quiz runs.
  let base = events
  let rows: Int32Array = new Int32Array(events.length)
  let keys: Int32Array = new Int32Array(events.length)
  let kept = 0
  let corrected: CorrectedRows | undefined
  // One pass reads and keeps the events of a log in position order with no corrections, the usual case; a
  // log out of order, or with corrections or retractions, is read again the long way.
  let eventsRead = 0
  let simple = true
  let lastPosition = Number.NEGATIVE_INFINITY
  const storyId = scope?.storyId
  const logPosition = scope === undefined ? Number.POSITIVE_INFINITY : scope.logPosition
  // Where later scopes stop reading the same events (`sameFor`): the story's next position, the earliest
  // instant at which an event read was not yet recorded.
  let nextPosition = Number.POSITIVE_INFINITY
  let earliestUnrecorded: string | null = null
  for (let i = 0; i < events.length; i++) {
    const stored = events[i]!
    if (storyId !== undefined) {
      if (stored.streamId !== storyId) continue
      if (stored.position > logPosition) {
        if (stored.position < nextPosition) nextPosition = stored.position
        continue
      }
    }
    eventsRead++
    const recordedAt = stored.recordedAt
    if (!(recordedAt <= known)) {
      if (earliestUnrecorded === null || recordedAt < earliestUnrecorded) earliestUnrecorded = recordedAt
      continue
    }
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
    rows[kept] = i
    keys[kept++] = dayKey(knownBy)
  }
  if (!simple) {
    introduced.clear()
    const read = readTheLongWay(events, known, scope, asOf, introduced, lastDays)
    base = read.base
    rows = read.rows
    keys = read.keys
    kept = rows.length
    corrected = read.corrected
    eventsRead = read.eventsRead
    nextPosition = read.nextPosition
    earliestUnrecorded = read.earliestUnrecorded
  }
  const sameFor: FactsRange = {
    logPositions: {
      from: scope === undefined ? Number.NEGATIVE_INFINITY : scope.logPosition,
      until: nextPosition,
    },
    knownAt: { from: known, until: earliestUnrecorded },
  }
  const occurredOnAt = (row: number): OccurredOn => corrected?.[row]?.occurredOn ?? base[row]!.occurredOn
  const order = storyOrder(rows, keys, kept, (k) => {
    const row = rows[k]!
    return {
      knownBy: knownByOf(occurredOnAt(row), base[row]!.reportedOn, lastDays)!,
      position: base[row]!.position,
    }
  })
  return new Facts(asOf, knownAt, base, order, corrected, lastDays, introduced, eventsRead, sameFor)
}

/** The facts, kept as places into the log; see {@link StoryFacts}. */
class Facts implements StoryFacts {
  readonly count: number
  readonly entities: ReadonlyMap<EntityId, FactEntity>
  readonly days: readonly CalendarDay[]
  private readonly types = new Map<StoryEvent['type'], Int32Array>()
  private readonly made = new Map<number, Development>()
  private all: Development[] | undefined
  private places: Map<string, number> | undefined
  /** The day key of each place's date when it is a day, or -1. */
  private readonly dayKeys: Int32Array
  private slots: Int32Array | undefined
  /** Each place's first actor as a small number, so that grouping by it reads no event and hashes no string. */
  private readonly firstActors: Int32Array
  private readonly actorCodes = new Map<EntityId, number>()
  readonly firstActorIds: EntityId[] = []
  readonly coarselyDated: number[] = []
  constructor(
    readonly asOf: CalendarDay,
    readonly knownAt: string,
    private readonly base: readonly StoredEvent[],
    /** Place in story order → index into `base`. */
    private readonly order: Int32Array,
    private readonly corrected: CorrectedRows | undefined,
    private readonly lastDays: Map<StoryDate, CalendarDay>,
    introduced: ReadonlyMap<EntityId, { name: string; kind: EntityKind }>,
    readonly eventsRead: number,
    readonly sameFor: FactsRange,
  ) {
    const n = order.length
    this.count = n
    // The places of each type, in two passes over small integers: counted, then filled.
    const typeIds = new Map<StoryEvent['type'], number>()
    const typeOf = new Uint8Array(n)
    const counts: number[] = []
    // An entity counts from its first counted mention; looking stops once every introduced entity is found.
    const entities = new Map<EntityId, FactEntity>()
    // Days come mostly in order: a day is listed again only when another came between.
    const dayList: CalendarDay[] = []
    let lastListed = ''
    const dayKeys = new Int32Array(n).fill(-1)
    const firstActors = new Int32Array(n)
    const actorCodes = this.actorCodes
    // Consecutive developments often share their first actor: the last code is kept to skip the lookup.
    let lastActor: EntityId | undefined
    let lastCode = -1
    for (let place = 0; place < n; place++) {
      const event = this.eventAt(place)
      const actor = firstActorOf(event)
      if (actor !== lastActor) {
        lastActor = actor
        if (actor === undefined) lastCode = -1
        else {
          const code = actorCodes.get(actor)
          if (code === undefined) {
            lastCode = actorCodes.size
            actorCodes.set(actor, lastCode)
            this.firstActorIds.push(actor)
          } else lastCode = code
        }
      }
      firstActors[place] = lastCode
      let id = typeIds.get(event.type)
      if (id === undefined) {
        id = counts.length
        typeIds.set(event.type, id)
        counts.push(0)
      }
      typeOf[place] = id
      counts[id]! += 1
      const date = this.occurredOnAt(place)
      if (date !== 'unknown' && date.length === 10) {
        dayKeys[place] = dayKey(date)
        if (date !== lastListed) {
          dayList.push(date)
          lastListed = date
        }
      } else if (date !== 'unknown') this.coarselyDated.push(place)
      if (entities.size === introduced.size) continue
      for (const actor of actorsOf(event)) {
        const entity = introduced.get(actor)
        if (entity !== undefined && !entities.has(actor))
          entities.set(actor, { entityId: actor, name: entity.name, kind: entity.kind })
      }
    }
    const lists = counts.map((count) => new Int32Array(count))
    const filled = new Int32Array(counts.length)
    for (let place = 0; place < n; place++) {
      const id = typeOf[place]!
      lists[id]![filled[id]!++] = place
    }
    for (const [type, id] of typeIds) this.types.set(type, lists[id]!)
    this.entities = entities
    this.days = uniqueSorted(dayList)
    this.dayKeys = dayKeys
    this.firstActors = firstActors
  }

  firstActorAt(place: number): number {
    return this.firstActors[place]!
  }

  actorCode(entityId: EntityId): number | undefined {
    return this.actorCodes.get(entityId)
  }

  daySlots(): Int32Array {
    if (this.slots !== undefined) return this.slots
    const n = this.count
    const slots = new Int32Array(n).fill(-1)
    const days = this.days
    let min = Number.POSITIVE_INFINITY
    let max = Number.NEGATIVE_INFINITY
    for (const day of days) {
      const key = dayKey(day)
      if (key < 0) min = Number.NEGATIVE_INFINITY
      if (key < min) min = key
      if (key > max) max = key
    }
    if (days.length > 0 && max - min <= 16 * n + 4096) {
      // Day keys to slots through a table: no string is read again.
      const table = new Int32Array(max - min + 1)
      for (let i = 0; i < days.length; i++) table[dayKey(days[i]!) - min] = i
      for (let place = 0; place < n; place++) {
        const key = this.dayKeys[place]!
        if (key >= 0) slots[place] = table[key - min]!
      }
    } else {
      const slotOf = new Map<CalendarDay, number>()
      for (let i = 0; i < days.length; i++) slotOf.set(days[i]!, i)
      for (let place = 0; place < n; place++) {
        const date = this.occurredOnAt(place)
        if (date !== 'unknown' && date.length === 10) slots[place] = slotOf.get(date)!
      }
    }
    this.slots = slots
    return slots
  }

  at(place: number): Development {
    let development = this.made.get(place)
    if (development === undefined) {
      if (!(place >= 0 && place < this.count)) throw new RangeError(`no development at place ${place}`)
      const row = this.order[place]!
      const stored = this.base[row]!
      const fix = this.corrected?.[row]
      development =
        fix === undefined
          ? new LazyDevelopment(stored, place, this.knownByAt(place), this.asOf)
          : new CorrectedDevelopment(
              stored,
              place,
              this.knownByAt(place),
              this.asOf,
              fix.event,
              fix.occurredOn,
            )
      this.made.set(place, development)
    }
    return development
  }

  eventAt(place: number): StoryEvent {
    const row = this.order[place]!
    // A stored event is its own StoryEvent.
    return this.corrected?.[row]?.event ?? (this.base[row] as StoryEvent)
  }

  occurredOnAt(place: number): OccurredOn {
    const row = this.order[place]!
    return this.corrected?.[row]?.occurredOn ?? this.base[row]!.occurredOn
  }

  sourcesAt(place: number): readonly Source[] {
    // What the development's `sources` gives (corrections leave sources as they were).
    return publishedBy(this.base[this.order[place]!]!.metadata.sources, this.asOf)
  }

  knownByAt(place: number): CalendarDay {
    // Never null: only developments known by a day were kept.
    return knownByOf(this.occurredOnAt(place), this.base[this.order[place]!]!.reportedOn, this.lastDays)!
  }

  placesOf(type: StoryEvent['type']): Int32Array {
    return this.types.get(type) ?? NO_PLACES
  }

  placeOf(eventId: string): number | undefined {
    if (this.places === undefined) {
      this.places = new Map()
      for (let place = 0; place < this.count; place++)
        this.places.set(this.base[this.order[place]!]!.eventId, place)
    }
    return this.places.get(eventId)
  }

  get developments(): readonly Development[] {
    this.all ??= Array.from({ length: this.count }, (_, place) => this.at(place))
    return this.all
  }
}

/**
 * The developments of a log out of position order, or with corrections or retractions: the recorded events
 * in position order, the rows of those that count, with their day keys, and what corrections made of them.
 */
function readTheLongWay(
  events: readonly StoredEvent[],
  known: string,
  scope: StoryScope | undefined,
  asOf: CalendarDay,
  introduced: Map<EntityId, { name: string; kind: EntityKind }>,
  lastDays: Map<StoryDate, CalendarDay>,
): {
  base: StoredEvent[]
  rows: Int32Array
  keys: Int32Array
  corrected: CorrectedRows | undefined
  eventsRead: number
  nextPosition: number
  earliestUnrecorded: string | null
} {
  let eventsRead = 0
  let nextPosition = Number.POSITIVE_INFINITY
  let earliestUnrecorded: string | null = null
  const recorded: StoredEvent[] = []
  let inOrder = true
  // Only the developments that a correction or retraction names are followed by id; the rest stay as they
  // were recorded, and are neither copied nor put in a map.
  const named = new Set<string>()
  for (const stored of events) {
    if (scope !== undefined && stored.streamId !== scope.storyId) continue
    if (scope !== undefined && stored.position > scope.logPosition) {
      nextPosition = Math.min(nextPosition, stored.position)
      continue
    }
    eventsRead++
    if (stored.recordedAt <= known) {
      if (recorded.length > 0 && stored.position < recorded[recorded.length - 1]!.position) inOrder = false
      recorded.push(stored)
      const event = stored as StoryEvent
      if (event.type === 'DevelopmentCorrected') named.add(event.data.correctsEventId)
      else if (event.type === 'DevelopmentRetracted') named.add(event.data.retractsEventId)
    } else if (earliestUnrecorded === null || stored.recordedAt < earliestUnrecorded)
      earliestUnrecorded = stored.recordedAt
  }
  // A log is usually in position order already: sorted only when it is not.
  if (!inOrder) recorded.sort((a, b) => a.position - b.position)
  // A named development as corrections have left it so far, by event id (null once retracted), and which
  // rows are named ones: the ids are looked up once.
  const now = new Map<string, { event: StoryEvent; occurredOn: OccurredOn } | null>()
  const isNamed = new Uint8Array(recorded.length)
  for (let row = 0; row < recorded.length; row++) {
    const stored = recorded[row]!
    const event = stored as StoryEvent
    if (event.type === 'DevelopmentCorrected') {
      const target = now.get(event.data.correctsEventId)
      if (target === undefined || target === null) continue
      const outcome = applyCorrection(target, event.data.corrected)
      if (outcome.ok) now.set(event.data.correctsEventId, outcome)
    } else if (event.type === 'DevelopmentRetracted') {
      if (now.has(event.data.retractsEventId)) now.set(event.data.retractsEventId, null)
    } else if (named.has(stored.eventId)) {
      now.set(stored.eventId, { event, occurredOn: stored.occurredOn })
      isNamed[row] = 1
    }
  }
  const rows: number[] = []
  const keys: number[] = []
  let corrected: (Corrected | undefined)[] | undefined
  for (let row = 0; row < recorded.length; row++) {
    const stored = recorded[row]!
    let event = stored as StoryEvent
    let occurredOn = stored.occurredOn
    if (event.type === 'DevelopmentCorrected' || event.type === 'DevelopmentRetracted') continue
    if (isNamed[row] === 1) {
      const state = now.get(stored.eventId)
      if (state === null) continue
      if (state !== undefined) ({ event, occurredOn } = state)
    }
    if (event.type === 'EntityIntroduced') {
      if (!introduced.has(event.data.entityId)) introduced.set(event.data.entityId, event.data)
      continue
    }
    if (isBookkeeping(event.type)) continue
    const knownBy = knownByOf(occurredOn, stored.reportedOn, lastDays)
    if (knownBy === null || knownBy > asOf) continue
    rows.push(row)
    keys.push(dayKey(knownBy))
    if (event !== stored || occurredOn !== stored.occurredOn) {
      corrected ??= new Array<Corrected | undefined>(recorded.length)
      corrected[row] = { event, occurredOn }
    }
  }
  return {
    base: recorded,
    rows: Int32Array.from(rows),
    keys: Int32Array.from(keys),
    corrected,
    eventsRead,
    nextPosition,
    earliestUnrecorded,
  }
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
 * A development whose actors, sources and date range are worked out on first use: a quiz reads them for a
 * few of the developments it makes.
 */
class LazyDevelopment implements Development {
  private lazy: { actors?: readonly EntityId[]; sources?: readonly Source[] } | undefined = undefined
  constructor(
    protected readonly stored: StoredEvent,
    readonly place: number,
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
    place: number,
    knownBy: CalendarDay,
    asOf: CalendarDay,
    private readonly correctedEvent: StoryEvent,
    private readonly correctedOn: OccurredOn,
  ) {
    super(stored, place, knownBy, asOf)
  }
  override get event(): StoryEvent {
    return this.correctedEvent
  }
  override get occurredOn(): OccurredOn {
    return this.correctedOn
  }
}

/**
 * The rows in story order: by the day they are known by, rows of a day in their (position) order. Usually
 * they already are, or nearly: a counting sort on the day keys, which a story spans by the hundreds or
 * thousands, rather than a comparison sort of thousands of rows (kept for keys that are not plain days).
 */
function storyOrder(
  rows: Int32Array,
  keys: Int32Array,
  n: number,
  slowKey: (k: number) => { knownBy: CalendarDay; position: number },
): Int32Array {
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  let sorted = true
  let plain = true
  for (let k = 0; k < n; k++) {
    const key = keys[k]!
    if (key < 0) plain = false
    if (k > 0 && key < keys[k - 1]!) sorted = false
    if (key < min) min = key
    if (key > max) max = key
  }
  if (plain && sorted) return rows.slice(0, n)
  if (!plain || max - min > 16 * n + 4096) {
    const ks = Array.from({ length: n }, (_, k) => k)
    const at = ks.map(slowKey)
    ks.sort((a, b) => {
      const x = at[a]!
      const y = at[b]!
      return x.knownBy < y.knownBy ? -1 : x.knownBy > y.knownBy ? 1 : x.position - y.position
    })
    return Int32Array.from(ks, (k) => rows[k]!)
  }
  const starts = new Int32Array(max - min + 2)
  for (let k = 0; k < n; k++) starts[keys[k]! - min + 1]! += 1
  for (let d = 1; d < starts.length; d++) starts[d]! += starts[d - 1]!
  const order = new Int32Array(n)
  for (let k = 0; k < n; k++) order[starts[keys[k]! - min]!++] = rows[k]!
  return order
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
  // Listed in story order, which is nearly always date order too: sorted only when it is not.
  for (let i = 1; i < days.length; i++) {
    if (days[i]! < days[i - 1]!) {
      days.sort()
      break
    }
  }
  const unique: CalendarDay[] = []
  for (const day of days) if (day !== unique[unique.length - 1]) unique.push(day)
  return unique
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
