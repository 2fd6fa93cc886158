import type { CalendarDay, EntityId, EntityKind, StoryEvent } from '@storyledger/core'
import type { ChronologyGrading } from '../model.js'
import { describeEvent, firstActorOf, type NameOf, namer } from './describe.js'
import type { Development, FactEntity, StoryFacts } from './facts.js'

/** The facts with the indexes the templates share, built once per quiz. */
export interface TemplateContext {
  readonly facts: StoryFacts
  readonly name: NameOf
  readonly grading: ChronologyGrading
  describe(development: Development): string | null
  /**
   * Whether the story has a development described so: the closed-world check ("does the log say this?").
   * A description starts with its first actor's name, so only the developments of that type and first actor
   * are looked at.
   */
  isDescribed(text: string, type: StoryEvent['type'], firstActor: EntityId): boolean
  readonly ofType: <T extends StoryEvent['type']>(
    type: T,
  ) => readonly (Development & { event: Extract<StoryEvent, { type: T }> })[]
  /** Entities of a kind, sorted by id. */
  entitiesOfKind(kind: EntityKind): readonly FactEntity[]
  /** The latest development that names the entity. */
  latestMention(entityId: EntityId): Development | undefined
  /** The outlets that reported a description (a development of that type and first actor). */
  outletsOf(description: string, type: StoryEvent['type'], firstActor: EntityId): ReadonlySet<string>
  /** The developments whose dates may fall on a day from `first` to `last` (dated ones only). */
  during(first: CalendarDay, last: CalendarDay): Development[]
  /** The developments dated that very day (day precision), in story order. */
  on(day: CalendarDay): readonly Development[]
  /** A development's event id, remembered so that `development(id)` finds it without indexing the whole log. */
  idOf(development: Development): string
  /** The development with this event id, among the facts. */
  development(eventId: string): Development | undefined
  /** A value computed once per quiz (an index a template needs). */
  memo<T>(key: string, make: () => T): T
  /** Days with at least one day-precision development, sorted. */
  readonly days: readonly CalendarDay[]
}

export function contextOf(facts: StoryFacts, grading: ChronologyGrading): TemplateContext {
  const name = namer(facts)
  // The developments a quiz cites, by event id: the few it needs, rather than an index of the whole log.
  const seen = new Map<string, Development>()
  const describe = (development: Development) => {
    let text = development.description
    if (text === undefined) {
      text = describeEvent(development.event, name)
      development.description = text
    }
    return text
  }
  const byType = facts.byType
  const latest = new Map<EntityId, Development>()
  let unscanned = facts.developments.length
  // Built per type and first actor on first use: a quiz needs a few of these groups, never all of a long log.
  const groupsByType = new Map<string, Map<EntityId, Group>>()
  const groupOf = (type: StoryEvent['type'], firstActor: EntityId): Group | undefined => {
    let groups = groupsByType.get(type)
    if (groups === undefined) {
      groups = new Map()
      for (const development of byType.get(type) ?? []) {
        const actor = firstActorOf(development.event)
        if (actor === undefined) continue
        const group = groups.get(actor)
        if (group === undefined) groups.set(actor, { members: [development], texts: undefined })
        else group.members.push(development)
      }
      groupsByType.set(type, groups)
    }
    return groups.get(firstActor)
  }
  // The descriptions of a group, compared one by one: a few lookups per group do not pay for hashing them all.
  const textsOf = (group: Group): readonly (string | null)[] => {
    group.texts ??= group.members.map(describe)
    return group.texts
  }
  // Dated developments by the date as written (a day, a month or a year), for "what happened then?".
  let byPeriod: Map<string, Development[]> | undefined
  const periodIndex = () => {
    if (byPeriod === undefined) {
      byPeriod = new Map()
      for (const development of facts.developments) {
        if (development.occurredOn === 'unknown') continue
        const list = byPeriod.get(development.occurredOn)
        if (list === undefined) byPeriod.set(development.occurredOn, [development])
        else list.push(development)
      }
    }
    return byPeriod
  }
  const memos = new Map<string, unknown>()
  const sortedDays = facts.days
  let coarse: Development[][] | undefined
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
    describe,
    isDescribed(text, type, firstActor) {
      const group = groupOf(type, firstActor)
      return group !== undefined && textsOf(group).includes(text)
    },
    ofType: ((type: StoryEvent['type']) => byType.get(type) ?? []) as TemplateContext['ofType'],
    entitiesOfKind: (kind) => kinds.get(kind) ?? [],
    latestMention(entityId) {
      // Scanned from the end on demand: the latest mention of each entity is usually near the end.
      while (!latest.has(entityId) && unscanned > 0) {
        const development = facts.developments[--unscanned]!
        for (const actor of development.actors) if (!latest.has(actor)) latest.set(actor, development)
      }
      return latest.get(entityId)
    },
    outletsOf(description, type, firstActor) {
      const outlets = new Set<string>()
      const group = groupOf(type, firstActor)
      if (group === undefined) return outlets
      const texts = textsOf(group)
      for (let i = 0; i < texts.length; i++) {
        if (texts[i] !== description) continue
        for (const source of group.members[i]!.sources) outlets.add(source.outlet)
      }
      return outlets
    },
    during(first, last) {
      const index = periodIndex()
      const found: Development[] = []
      for (let i = lowerBound(sortedDays, first); i < sortedDays.length && sortedDays[i]! <= last; i++) {
        const list = index.get(sortedDays[i]!)
        if (list !== undefined) for (const development of list) found.push(development)
      }
      coarse ??= [...index].filter(([period]) => period.length !== 10).map(([, list]) => list)
      for (const list of coarse) {
        const range = list[0]!.range!
        if (range.last >= first && range.first <= last)
          for (const development of list) found.push(development)
      }
      return found
    },
    on: (day) => periodIndex().get(day) ?? [],
    idOf(development) {
      seen.set(development.eventId, development)
      return development.eventId
    },
    development: (eventId) => seen.get(eventId) ?? facts.byId.get(eventId),
    memo<T>(key: string, make: () => T): T {
      if (!memos.has(key)) memos.set(key, make())
      return memos.get(key) as T
    },
    days: sortedDays,
  }
}

/** Developments of one type and first actor, and (once asked) their descriptions, in the same order. */
interface Group {
  readonly members: Development[]
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
