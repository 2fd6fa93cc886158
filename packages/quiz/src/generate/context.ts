import type { CalendarDay, EntityId, EntityKind, StoryEvent } from '@storyledger/core'
import type { ChronologyGrading } from '../model.js'
import { describeEvent, type NameOf, namer } from './describe.js'
import type { Development, FactEntity, StoryFacts } from './facts.js'

/** The facts with the indexes the templates share, built once per quiz. */
export interface TemplateContext {
  readonly facts: StoryFacts
  readonly name: NameOf
  readonly grading: ChronologyGrading
  describe(development: Development): string | null
  /** Every development's description, for closed-world checks ("does the log say this anywhere?"). */
  readonly descriptions: ReadonlySet<string>
  readonly ofType: <T extends StoryEvent['type']>(
    type: T,
  ) => readonly (Development & { event: Extract<StoryEvent, { type: T }> })[]
  /** Entities of a kind, sorted by id. */
  entitiesOfKind(kind: EntityKind): readonly FactEntity[]
  /** The latest development that names the entity. */
  latestMention(entityId: EntityId): Development | undefined
  /** Outlets cited by the facts, sorted. */
  readonly outlets: readonly string[]
  /** The outlets that reported each description. */
  outletsOf(description: string): ReadonlySet<string>
  /** Days with at least one day-precision development, sorted. */
  readonly days: readonly CalendarDay[]
}

export function contextOf(facts: StoryFacts, grading: ChronologyGrading): TemplateContext {
  const name = namer(facts)
  const descriptionById = new Map<string, string | null>()
  const describe = (development: Development) => {
    let text = descriptionById.get(development.eventId)
    if (text === undefined) {
      text = describeEvent(development.event, name)
      descriptionById.set(development.eventId, text)
    }
    return text
  }
  const byType = new Map<string, Development[]>()
  const latest = new Map<EntityId, Development>()
  const outletSet = new Set<string>()
  const days = new Set<CalendarDay>()
  for (const development of facts.developments) {
    const list = byType.get(development.event.type)
    if (list === undefined) byType.set(development.event.type, [development])
    else list.push(development)
    for (const actor of development.actors) latest.set(actor, development)
    for (const source of development.sources) outletSet.add(source.outlet)
    if (development.day !== null) days.add(development.day)
  }
  let descriptions: Set<string> | undefined
  let outletsByDescription: Map<string, Set<string>> | undefined
  const kinds = new Map<EntityKind, FactEntity[]>()
  for (const entity of [...facts.entities.values()].sort((a, b) => (a.entityId < b.entityId ? -1 : 1))) {
    const list = kinds.get(entity.kind)
    if (list === undefined) kinds.set(entity.kind, [entity])
    else list.push(entity)
  }
  const buildDescriptionIndexes = () => {
    descriptions = new Set()
    outletsByDescription = new Map()
    for (const development of facts.developments) {
      const text = describe(development)
      if (text === null) continue
      descriptions.add(text)
      let outlets = outletsByDescription.get(text)
      if (outlets === undefined) {
        outlets = new Set()
        outletsByDescription.set(text, outlets)
      }
      for (const source of development.sources) outlets.add(source.outlet)
    }
  }
  return {
    facts,
    name,
    grading,
    describe,
    get descriptions() {
      if (descriptions === undefined) buildDescriptionIndexes()
      return descriptions!
    },
    ofType: ((type: string) => byType.get(type) ?? []) as TemplateContext['ofType'],
    entitiesOfKind: (kind) => kinds.get(kind) ?? [],
    latestMention: (entityId) => latest.get(entityId),
    outlets: [...outletSet].sort(),
    outletsOf(description) {
      if (outletsByDescription === undefined) buildDescriptionIndexes()
      return outletsByDescription!.get(description) ?? new Set()
    },
    days: [...days].sort(),
  }
}
