import {
  actorsOf,
  type CalendarDay,
  type EntityId,
  type EntityKind,
  type StoryEvent,
} from '@storyledger/core'
import type { ChronologyGrading } from '../model.js'
import { couldDescribe, describeEvent, type NameOf, namer } from './describe.js'
import type { Development, FactEntity, StoryFacts } from './facts.js'

/** A list that can be read by index: an array, or a list of developments made on first use. */
export interface Indexed<T> {
  readonly length: number
  at(index: number): T | undefined
}

/**
 * Developments in story order, read by index: `event(i)` and `knownBy(i)` read the log without making the
 * development, `at(i)` makes it (once). Closed-world scans read events; only what a question keeps is made.
 */
export interface DevelopmentList<D extends Development = Development> extends Indexed<D> {
  at(index: number): D
  event(index: number): D['event']
  knownBy(index: number): CalendarDay
  /** Its place in the facts' story order. */
  place(index: number): number
}

type Dev<T extends StoryEvent['type']> = Development & { event: Extract<StoryEvent, { type: T }> }

/** The facts with the indexes the templates share, built once per quiz. */
export interface TemplateContext {
  readonly facts: StoryFacts
  readonly name: NameOf
  readonly grading: ChronologyGrading
  describe(development: Development): string | null
  /** The description of the development at a place, without making the development. */
  describeAt(place: number): string | null
  /**
   * Whether the story has a development described so: the closed-world check ("does the log say this?").
   * A description starts with its first actor's name, so only the developments of that type and first actor
   * are looked at.
   */
  isDescribed(text: string, type: StoryEvent['type'], firstActor: EntityId): boolean
  /** The developments of a type, in story order. */
  ofType<T extends StoryEvent['type']>(type: T): DevelopmentList<Dev<T>>
  /**
   * The developments of a type whose first actor (`firstActorOf`) is the entity, in story order: a lookup
   * keyed by who acted reads only those, not every development of the type.
   */
  ofTypeBy<T extends StoryEvent['type']>(type: T, firstActor: EntityId): DevelopmentList<Dev<T>>
  /** Every development, in story order. */
  readonly all: DevelopmentList
  /** Entities of a kind, sorted by id. */
  entitiesOfKind(kind: EntityKind): readonly FactEntity[]
  /** The latest development that names the entity. */
  latestMention(entityId: EntityId): Development | undefined
  /** The entities that acted first in developments of a type (`firstActorOf`), first seen first. */
  firstActorsOf(type: StoryEvent['type']): readonly EntityId[]
  /** The outlets that reported a description (a development of that type and first actor). */
  outletsOf(description: string, type: StoryEvent['type'], firstActor: EntityId): ReadonlySet<string>
  /** The places of the developments whose dates may fall on a day from `first` to `last` (dated ones only). */
  during(first: CalendarDay, last: CalendarDay): number[]
  /** The places of the developments dated that very day (day precision), in story order. */
  on(day: CalendarDay): ArrayLike<number>
  /** A development's event id, remembered so that `development(id)` finds it without indexing the whole log. */
  idOf(development: Development): string
  /** The development with this event id, among the facts. */
  development(eventId: string): Development | undefined
  /** A value computed once per quiz (an index a template needs). */
  memo<T>(key: string, make: () => T): T
  /** Days with at least one day-precision development, sorted. */
  readonly days: readonly CalendarDay[]
}

/** The developments at some places of the facts (all of them, in order, without `places`). */
class PlaceList implements DevelopmentList {
  readonly length: number
  constructor(
    private readonly facts: StoryFacts,
    private readonly places: Int32Array | null,
  ) {
    this.length = places === null ? facts.count : places.length
  }
  place(index: number): number {
    return this.places === null ? index : this.places[index]!
  }
  at(index: number): Development {
    return this.facts.at(this.place(index))
  }
  event(index: number): StoryEvent {
    return this.facts.eventAt(this.place(index))
  }
  knownBy(index: number): CalendarDay {
    return this.facts.knownByAt(this.place(index))
  }
}

export function contextOf(facts: StoryFacts, grading: ChronologyGrading): TemplateContext {
  const name = namer(facts)
  // The developments a quiz cites, by event id: the few it needs, rather than an index of the whole log.
  const seen = new Map<string, Development>()
  // Descriptions by place: they depend only on the event and the facts' names, and are asked for again and
  // again (closed-world checks compare a group's descriptions, feedback quotes them). An array by place:
  // read far more often than written, and a map's lookups showed in the profile of repeated quizzes.
  const descriptions = new Array<string | null | undefined>(facts.count)
  const describeAt = (place: number): string | null => {
    let text = descriptions[place]
    if (text === undefined) {
      text = describeEvent(facts.eventAt(place), name)
      descriptions[place] = text
    }
    return text
  }
  const lists = new Map<StoryEvent['type'], DevelopmentList>()
  const ofType = (type: StoryEvent['type']): DevelopmentList => {
    let list = lists.get(type)
    if (list === undefined) {
      list = new PlaceList(facts, facts.placesOf(type))
      lists.set(type, list)
    }
    return list
  }
  const latest = new Map<EntityId, number>()
  let unscanned = facts.count
  // Places per type and first actor, built on first use: a quiz needs a few of these groups, never all.
  // Grouped by the facts' actor codes: no event is read and no string hashed.
  const groupsByType = new Map<string, (Group | undefined)[]>()
  const groupOf = (type: StoryEvent['type'], firstActor: EntityId): Group | undefined => {
    const code = facts.actorCode(firstActor)
    if (code === undefined) return undefined
    let groups = groupsByType.get(type)
    if (groups === undefined) {
      // Counted per actor, then filled into one typed array that every group of the type is a view of.
      const places = facts.placesOf(type)
      const starts = new Int32Array(facts.firstActorIds.length + 1)
      for (let i = 0; i < places.length; i++) {
        const actor = facts.firstActorAt(places[i]!)
        if (actor >= 0) starts[actor + 1]! += 1
      }
      for (let a = 1; a < starts.length; a++) starts[a]! += starts[a - 1]!
      const grouped = new Int32Array(starts[starts.length - 1]!)
      const next = starts.slice(0, -1)
      for (let i = 0; i < places.length; i++) {
        const actor = facts.firstActorAt(places[i]!)
        if (actor >= 0) grouped[next[actor]!++] = places[i]!
      }
      groups = []
      for (let a = 0; a + 1 < starts.length; a++) {
        if (starts[a + 1]! > starts[a]!)
          groups[a] = {
            places: grouped.subarray(starts[a]!, starts[a + 1]!),
            texts: undefined,
            lookups: 0,
            list: undefined,
          }
      }
      groupsByType.set(type, groups)
    }
    return groups[code]
  }
  // The places of a group whose description is the text, compared one by one: a few lookups per group do not
  // pay for hashing them all. The first lookups rule most out without writing their descriptions; a group
  // looked up again and again (parallel forms of a quiz) has them all written once and compared directly.
  const describedSo = (group: Group, text: string, first: boolean): number[] => {
    const found: number[] = []
    const { places } = group
    if (group.texts === undefined && ++group.lookups > 2) group.texts = Array.from(places, describeAt)
    const texts = group.texts
    for (let i = 0; i < places.length; i++) {
      const place = places[i]!
      if (texts !== undefined) {
        if (texts[i] !== text) continue
      } else if (!couldDescribe(facts.eventAt(place), text, name) || describeAt(place) !== text) continue
      found.push(place)
      if (first) break
    }
    return found
  }
  const firstActors = new Map<string, readonly EntityId[]>()
  const firstActorsOf = (type: StoryEvent['type']): readonly EntityId[] => {
    let ids = firstActors.get(type)
    if (ids === undefined) {
      const found: EntityId[] = []
      const seenCodes = new Uint8Array(facts.firstActorIds.length)
      const places = facts.placesOf(type)
      for (let i = 0; i < places.length; i++) {
        const code = facts.firstActorAt(places[i]!)
        if (code < 0 || seenCodes[code] === 1) continue
        seenCodes[code] = 1
        found.push(facts.firstActorIds[code]!)
      }
      ids = found
      firstActors.set(type, ids)
    }
    return ids
  }
  const sortedDays = facts.days
  // Places of dated developments by the date as written, for "what happened then?": those of a day in
  // typed arrays (counted per day of `days`, then filled, in story order), months and years in a map.
  let periods: Periods | undefined
  const periodIndex = (): Periods => {
    if (periods !== undefined) return periods
    const slots = facts.daySlots()
    const starts = new Int32Array(sortedDays.length + 1)
    for (let place = 0; place < facts.count; place++) {
      const slot = slots[place]!
      if (slot >= 0) starts[slot + 1]! += 1
    }
    const coarse = new Map<string, number[]>()
    for (const place of facts.coarselyDated) {
      const date = facts.occurredOnAt(place)
      const list = coarse.get(date)
      if (list === undefined) coarse.set(date, [place])
      else list.push(place)
    }
    for (let i = 1; i < starts.length; i++) starts[i]! += starts[i - 1]!
    const byDay = new Int32Array(starts[sortedDays.length]!)
    const next = starts.slice(0, sortedDays.length)
    for (let place = 0; place < facts.count; place++) {
      const slot = slots[place]!
      if (slot >= 0) byDay[next[slot]!++] = place
    }
    periods = {
      byDay,
      starts,
      coarse: [...coarse.values()].map((places) => ({ ...facts.at(places[0]!).range!, places })),
    }
    return periods
  }
  const memos = new Map<string, unknown>()
  const kinds = new Map<EntityKind, FactEntity[]>()
  for (const entity of [...facts.entities.values()].sort((a, b) => (a.entityId < b.entityId ? -1 : 1))) {
    const list = kinds.get(entity.kind)
    if (list === undefined) kinds.set(entity.kind, [entity])
    else list.push(entity)
  }
  return {
    facts,
    name,
    grading,
    describe: (development) => describeAt(development.place),
    describeAt,
    isDescribed(text, type, firstActor) {
      const group = groupOf(type, firstActor)
      return group !== undefined && describedSo(group, text, true).length > 0
    },
    ofType: ofType as TemplateContext['ofType'],
    ofTypeBy: ((type: StoryEvent['type'], firstActor: EntityId): DevelopmentList => {
      const group = groupOf(type, firstActor)
      if (group === undefined) return new PlaceList(facts, NO_PLACES)
      group.list ??= new PlaceList(facts, group.places)
      return group.list
    }) as TemplateContext['ofTypeBy'],
    all: new PlaceList(facts, null),
    entitiesOfKind: (kind) => kinds.get(kind) ?? [],
    latestMention(entityId) {
      // Scanned from the end on demand: the latest mention of each entity is usually near the end.
      while (!latest.has(entityId) && unscanned > 0) {
        const place = --unscanned
        for (const actor of actorsOf(facts.eventAt(place))) if (!latest.has(actor)) latest.set(actor, place)
      }
      const place = latest.get(entityId)
      return place === undefined ? undefined : facts.at(place)
    },
    firstActorsOf,
    outletsOf(description, type, firstActor) {
      const outlets = new Set<string>()
      const group = groupOf(type, firstActor)
      if (group === undefined) return outlets
      for (const place of describedSo(group, description, false))
        for (const source of facts.at(place).sources) outlets.add(source.outlet)
      return outlets
    },
    during(first, last) {
      const { byDay, starts, coarse } = periodIndex()
      const found: number[] = []
      for (let i = lowerBound(sortedDays, first); i < sortedDays.length && sortedDays[i]! <= last; i++)
        for (let k = starts[i]!; k < starts[i + 1]!; k++) found.push(byDay[k]!)
      for (const { first: from, last: to, places } of coarse) {
        if (to >= first && from <= last) for (const place of places) found.push(place)
      }
      return found
    },
    on(day) {
      const i = lowerBound(sortedDays, day)
      if (sortedDays[i] !== day) return NO_PLACES
      const { byDay, starts } = periodIndex()
      return byDay.subarray(starts[i]!, starts[i + 1]!)
    },
    idOf(development) {
      seen.set(development.eventId, development)
      return development.eventId
    },
    development(eventId) {
      const found = seen.get(eventId)
      if (found !== undefined) return found
      const place = facts.placeOf(eventId)
      return place === undefined ? undefined : facts.at(place)
    },
    memo<T>(key: string, make: () => T): T {
      if (!memos.has(key)) memos.set(key, make())
      return memos.get(key) as T
    },
    days: sortedDays,
  }
}

/** The places of dated developments by day (of `days`: from `starts[i]` to `starts[i + 1]`), and by month or year. */
interface Periods {
  readonly byDay: Int32Array
  readonly starts: Int32Array
  readonly coarse: readonly { first: CalendarDay; last: CalendarDay; places: number[] }[]
}

const NO_PLACES = new Int32Array(0)

/** Places of developments of one type and first actor, in story order; their descriptions once looked up often. */
interface Group {
  readonly places: Int32Array
  texts: readonly (string | null)[] | undefined
  lookups: number
  list: DevelopmentList | undefined
}

/** The first index whose value is not below `value`, in a sorted array. */
export function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (sorted[mid]! < value) low = mid + 1
    else high = mid
  }
  return low
}
