import {
  actorsOf,
  type CalendarDay,
  type EntityId,
  type EntityKind,
  type StoryEvent,
} from '@storyledger/core'
import type { ChronologyGrading } from '../model.js'
import { describeEvent, firstActorOf, type NameOf, namer } from './describe.js'
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
  /** Every development, in story order. */
  readonly all: DevelopmentList
  /** Entities of a kind, sorted by id. */
  entitiesOfKind(kind: EntityKind): readonly FactEntity[]
  /** The latest development that names the entity. */
  latestMention(entityId: EntityId): Development | undefined
  /** The outlets that reported a description (a development of that type and first actor). */
  outletsOf(description: string, type: StoryEvent['type'], firstActor: EntityId): ReadonlySet<string>
  /** The places of the developments whose dates may fall on a day from `first` to `last` (dated ones only). */
  during(first: CalendarDay, last: CalendarDay): number[]
  /** The places of the developments dated that very day (day precision), in story order. */
  on(day: CalendarDay): readonly number[]
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
  // again (closed-world checks compare a group's descriptions).
  const descriptions = new Map<number, string | null>()
  const describeAt = (place: number): string | null => {
    let text = descriptions.get(place)
    if (text === undefined) {
      text = describeEvent(facts.eventAt(place), name)
      descriptions.set(place, text)
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
  const groupsByType = new Map<string, Map<EntityId, Group>>()
  const groupOf = (type: StoryEvent['type'], firstActor: EntityId): Group | undefined => {
    let groups = groupsByType.get(type)
    if (groups === undefined) {
      groups = new Map()
      const places = facts.placesOf(type)
      for (let i = 0; i < places.length; i++) {
        const place = places[i]!
        const actor = firstActorOf(facts.eventAt(place))
        if (actor === undefined) continue
        const group = groups.get(actor)
        if (group === undefined) groups.set(actor, { places: [place], texts: undefined })
        else group.places.push(place)
      }
      groupsByType.set(type, groups)
    }
    return groups.get(firstActor)
  }
  // The descriptions of a group, compared one by one: a few lookups per group do not pay for hashing them all.
  const textsOf = (group: Group): readonly (string | null)[] => {
    group.texts ??= group.places.map(describeAt)
    return group.texts
  }
  // Places of dated developments by the date as written (a day, a month or a year), for "what happened then?".
  let byPeriod: Map<string, number[]> | undefined
  const periodIndex = () => {
    if (byPeriod === undefined) {
      byPeriod = new Map()
      for (let place = 0; place < facts.count; place++) {
        const date = facts.occurredOnAt(place)
        if (date === 'unknown') continue
        const list = byPeriod.get(date)
        if (list === undefined) byPeriod.set(date, [place])
        else list.push(place)
      }
    }
    return byPeriod
  }
  const memos = new Map<string, unknown>()
  const sortedDays = facts.days
  let coarse: { first: CalendarDay; last: CalendarDay; places: number[] }[] | undefined
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
      return group !== undefined && textsOf(group).includes(text)
    },
    ofType: ofType as TemplateContext['ofType'],
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
    outletsOf(description, type, firstActor) {
      const outlets = new Set<string>()
      const group = groupOf(type, firstActor)
      if (group === undefined) return outlets
      const texts = textsOf(group)
      for (let i = 0; i < texts.length; i++) {
        if (texts[i] !== description) continue
        for (const source of facts.at(group.places[i]!).sources) outlets.add(source.outlet)
      }
      return outlets
    },
    during(first, last) {
      const index = periodIndex()
      const found: number[] = []
      for (let i = lowerBound(sortedDays, first); i < sortedDays.length && sortedDays[i]! <= last; i++) {
        const list = index.get(sortedDays[i]!)
        if (list !== undefined) for (const place of list) found.push(place)
      }
      coarse ??= [...index]
        .filter(([period]) => period.length !== 10)
        .map(([, places]) => ({ ...facts.at(places[0]!).range!, places }))
      for (const { first: from, last: to, places } of coarse) {
        if (to >= first && from <= last) for (const place of places) found.push(place)
      }
      return found
    },
    on: (day) => periodIndex().get(day) ?? [],
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

/** Places of developments of one type and first actor, and (once asked) their descriptions, in order. */
interface Group {
  readonly places: number[]
  texts: readonly (string | null)[] | undefined
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
