import type { EntityId, EntityKind, StoredEvent } from '@storyledger/core'

export interface Entity {
  readonly entityId: EntityId
  readonly name: string
  readonly kind: EntityKind
  readonly aliases: readonly string[]
  /** The event that introduced the entity. */
  readonly introducedBy: string
}

/**
 * The entities of a story, by id, as introduced in the log. An id introduced twice keeps its first
 * introduction: a change of name is a correction, not a second introduction.
 */
export function entitiesOf(events: readonly StoredEvent[]): Map<EntityId, Entity> {
  const entities = new Map<EntityId, Entity>()
  for (const event of events) {
    if (event.type !== 'EntityIntroduced' || entities.has(event.data.entityId)) continue
    entities.set(event.data.entityId, {
      entityId: event.data.entityId,
      name: event.data.name,
      kind: event.data.kind,
      aliases: event.data.aliases ?? [],
      introducedBy: event.eventId,
    })
  }
  return entities
}
