import { z } from 'zod'
import { EventValidationError, issuesFrom, type ValidationIssue } from './errors.js'
import { EventId, eventCatalogue, isEventType, type StoryEvent, Text } from './event-catalogue.js'
import { OccurredOn, StoryDate } from './story-date.js'
import { parseEventPayload, type UpcasterRegistry } from './upcasters.js'

/**
 * Where a development was reported. `attribution` keeps the chain of who said it:
 * `{ outlet: 'The Wall Street Journal', attribution: 'a source familiar with the matter' }`.
 */
export const Source = z.strictObject({
  outlet: Text,
  title: Text.optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .optional(),
  publishedOn: StoryDate.optional(),
  attribution: Text.optional(),
})
export type Source = z.infer<typeof Source>

const CorrelationId = z.string().min(1).max(200)

export const EventMetadata = z.strictObject({
  /** Who recorded the event in the log (a teacher, an importer, a script). */
  recordedBy: Text,
  /** Why it was recorded, when that is worth saying. */
  reason: Text.optional(),
  correlationId: CorrelationId.optional(),
  causationId: CorrelationId.optional(),
  sources: z.array(Source).max(100),
})
export type EventMetadata = z.infer<typeof EventMetadata>

/** A stream id: `story/tiktok-us`, `quiz/2020-09-a`. */
export const StreamId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/,
    'expected letters, digits, ".", "_", ":", "/" or "-" (at most 200)',
  )
export type StreamId = z.infer<typeof StreamId>

/**
 * An event as a writer hands it to `append`. `eventId` is optional (the store mints a UUIDv7) and is the
 * idempotency key when given; `schemaVersion` defaults to the catalogue's current version.
 */
export const NewEventInput = z.strictObject({
  eventId: EventId.optional(),
  type: z.string().min(1).max(100),
  schemaVersion: z.number().int().positive().optional(),
  data: z.unknown(),
  occurredOn: OccurredOn,
  reportedOn: StoryDate.optional(),
  metadata: EventMetadata,
})
export type NewEventInput = z.input<typeof NewEventInput>

/** A new event after validation: its payload is stored exactly as written, at `schemaVersion`. */
export interface ValidatedNewEvent {
  readonly eventId: string | undefined
  readonly type: StoryEvent['type']
  readonly schemaVersion: number
  /** The data as written (possibly an older schema version); it is what gets stored and hashed. */
  readonly data: unknown
  readonly occurredOn: OccurredOn
  readonly reportedOn: StoryDate | undefined
  readonly metadata: EventMetadata
  /** The event read into the current shape of the catalogue. */
  readonly current: StoryEvent
}

/** What every stored event carries besides its `type` and `data`. */
export interface EventEnvelope {
  readonly eventId: string
  readonly streamId: string
  readonly streamVersion: number
  /** Global position in the log: 1, 2, 3… with no gaps. */
  readonly position: number
  /** The schema version of `data` as returned, which is always the catalogue's current one. */
  readonly schemaVersion: number
  readonly occurredOn: OccurredOn
  readonly reportedOn?: StoryDate
  /** When the log recorded the event (ISO 8601, UTC, milliseconds); never decreases along `position`. */
  readonly recordedAt: string
  readonly metadata: EventMetadata
  /** Hex SHA-256 leaf hash of the event as stored (see `leafHashOf`). */
  readonly leafHash: string
}

/** A stored event: its envelope and its `{ type, data }`, discriminated on `type`. */
export type StoredEvent = EventEnvelope & StoryEvent

/**
 * Validates a whole append up front, so that a bad event anywhere in it rejects all of it before anything is
 * written. Every issue of every event is reported, its path starting with the event's index.
 */
export function validateNewEvents(events: unknown, registry?: UpcasterRegistry): ValidatedNewEvent[] {
  if (!Array.isArray(events) || events.length === 0) {
    throw new EventValidationError('An append needs a non-empty array of events', [
      { path: [], code: 'invalid_type', message: 'expected a non-empty array of events' },
    ])
  }
  const issues: ValidationIssue[] = []
  const validated: ValidatedNewEvent[] = []
  const seenIds = new Set<string>()
  events.forEach((candidate, index) => {
    const envelope = NewEventInput.safeParse(candidate)
    if (!envelope.success) {
      issues.push(...issuesFrom(envelope.error, [index]))
      return
    }
    const input = envelope.data
    const schemaVersion =
      input.schemaVersion ?? (isEventType(input.type) ? eventCatalogue[input.type].schemaVersion : 1)
    const payload = parseEventPayload(input.type, schemaVersion, input.data, registry)
    if (!payload.ok) {
      for (const issue of payload.issues) issues.push({ ...issue, path: [index, ...issue.path] })
      return
    }
    if (eventCatalogue[payload.event.type].sourced && input.metadata.sources.length === 0) {
      issues.push({
        path: [index, 'metadata', 'sources'],
        code: 'too_small',
        message: `${input.type} is a development of the story and must cite at least one source`,
      })
    }
    if (input.eventId !== undefined) {
      if (seenIds.has(input.eventId)) {
        issues.push({
          path: [index, 'eventId'],
          code: 'custom',
          message: 'the same eventId appears twice in this append',
        })
      }
      seenIds.add(input.eventId)
    }
    validated.push({
      eventId: input.eventId,
      type: payload.event.type,
      schemaVersion,
      data: input.data,
      occurredOn: input.occurredOn,
      reportedOn: input.reportedOn,
      metadata: input.metadata,
      current: payload.event,
    })
  })
  if (issues.length > 0) {
    throw new EventValidationError(
      `${issues.length} validation issue(s) in an append of ${events.length} event(s); nothing was written`,
      issues,
    )
  }
  return validated
}
