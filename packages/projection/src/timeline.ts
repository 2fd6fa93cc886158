import {
  actorsOf,
  type DatePrecision,
  type EntityId,
  type EventType,
  eventCatalogue,
  eventTypes,
  type OccurredOn,
  precisionOf,
  type Source,
  type StoredEvent,
} from '@storyledger/core'
import { z } from 'zod'
import { describeEvent } from './describe.js'
import { type Placement, placementOf } from './placement.js'
import { AsOfOptions, effectiveEventsOf, inStoryOrder, parseAsOf } from './state-as-of.js'

/** One development of the timeline, as it was known at the query's `knownAt`. */
export interface TimelineEntry {
  readonly eventId: string
  readonly position: number
  readonly type: EventType
  /** Where the development sits in the story (see `Placement`). */
  readonly placement: Placement
  /** Its date after corrections, at the precision the sources give, and that precision. */
  readonly occurredOn: OccurredOn
  readonly precision: DatePrecision
  readonly description: string
  readonly actorIds: readonly EntityId[]
  readonly actors: readonly { readonly entityId: EntityId; readonly name: string }[]
  readonly sources: readonly Source[]
  readonly recordedAt: string
  /** The corrections applied to it, in log order; empty when it stands as first recorded. */
  readonly correctedBy: readonly string[]
}

const TimelineOptions = AsOfOptions.extend({
  /** Only these event types. Default: every development (the types that must cite a source). */
  types: z
    .array(z.enum(eventTypes as [EventType, ...EventType[]]))
    .min(1)
    .optional(),
  /** Keep only the latest `limit` entries (still in story order). */
  limit: z.number().int().positive().optional(),
})
export type TimelineOptions = z.input<typeof TimelineOptions>

/**
 * The developments in story order (placement day, then position), as of `validAt` and as known at `knownAt`
 * (see `stateAsOf`), with corrections applied (`correctedBy` says which). Retracted developments are left out;
 * so are corrections and retractions themselves, and the bookkeeping events unless `types` asks for them.
 */
export function timeline(events: readonly StoredEvent[], options: TimelineOptions): TimelineEntry[] {
  const { types, limit, ...asOf } = TimelineOptions.parse(options)
  const query = parseAsOf(asOf)
  const known = effectiveEventsOf(events, query.knownAt)
  const names = new Map<EntityId, string>()
  for (const event of known) {
    if (event.type === 'EntityIntroduced' && !names.has(event.data.entityId)) {
      names.set(event.data.entityId, event.data.name)
    }
  }
  const name = (id: EntityId) => names.get(id) ?? id
  const wanted = types === undefined ? null : new Set(types)
  const included = inStoryOrder(known, query.cut).filter((event) =>
    wanted === null ? eventCatalogue[event.type].sourced : wanted.has(event.type),
  )
  const kept = limit === undefined ? included : included.slice(-limit)
  return kept.map((event) => {
    const actorIds = actorsOf(event)
    return {
      eventId: event.eventId,
      position: event.position,
      type: event.type,
      placement: placementOf(event),
      occurredOn: event.occurredOn,
      precision: precisionOf(event.occurredOn),
      description: describeEvent(event, name),
      actorIds,
      actors: actorIds.map((entityId) => ({ entityId, name: name(entityId) })),
      sources: event.metadata.sources,
      recordedAt: event.recordedAt,
      correctedBy: event.correctedBy ?? [],
    }
  })
}
