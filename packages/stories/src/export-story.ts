import { type EventMetadata, type StoredEvent, StoryledgerError } from '@storyledger/core'
import { certaintyOf } from './certainty.js'
import { STORY_FILE_FORMAT, STORY_FILE_VERSION } from './parse-story-file.js'
import { mapReferences } from './references.js'
import { DevelopmentKey, entityKey, OPENING_KEY, storyEventId, storyIdOf } from './story-id.js'

/** The events given cannot be written as one story file (see the message for why). */
export class StoryNotExportableError extends StoryledgerError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('STORY_NOT_EXPORTABLE', message, details)
  }
}

/**
 * Writes the events of one story stream (`story/<id>`, as `readStream` returns them) as a story file: the
 * header from `StoryOpened`, then one line per event in stream order. Keys come from `metadata.correlationId`
 * (where an import put them); an event recorded some other way gets the key `event-<its id>` and its id pinned,
 * so importing the export into the same log writes nothing.
 */
export function exportStory(events: readonly StoredEvent[]): string {
  const [opening, ...rest] = events
  if (!opening) throw new StoryNotExportableError('There are no events to export')
  const storyId = storyIdOf(opening.streamId)
  if (storyId === undefined) {
    throw new StoryNotExportableError(`Stream "${opening.streamId}" is not a story stream (story/<id>)`, {
      streamId: opening.streamId,
    })
  }
  if (opening.type !== 'StoryOpened') {
    throw new StoryNotExportableError(
      `The first event of ${opening.streamId} is ${opening.type}, not StoryOpened`,
    )
  }
  const recordedBy = opening.metadata.recordedBy
  const keysById = new Map<string, string>()
  const usedKeys = new Set<string>()
  const out: string[] = [
    JSON.stringify({
      format: STORY_FILE_FORMAT,
      version: STORY_FILE_VERSION,
      story: { id: storyId, ...opening.data },
      recordedBy,
      ...envelopeOf(opening, storyEventId(storyId, OPENING_KEY), recordedBy, { withDates: true }),
    }),
  ]
  for (const event of rest) {
    if (event.streamId !== opening.streamId) {
      throw new StoryNotExportableError(
        `Event ${event.eventId} is in ${event.streamId}, not ${opening.streamId}`,
      )
    }
    if (event.type === 'StoryOpened') {
      throw new StoryNotExportableError(
        `${opening.streamId} is opened twice (event ${event.eventId}); a story file has one header`,
      )
    }
    if (event.type === 'EntityIntroduced') {
      const { entityId, ...entity } = event.data
      out.push(
        JSON.stringify({
          entity: entityId,
          ...entity,
          ...envelopeOf(event, storyEventId(storyId, entityKey(entityId)), recordedBy, { withDates: true }),
        }),
      )
      continue
    }
    const key = keyFor(event)
    const { data, missing } = mapReferences(event.type, event.data, 'toFile', (id) => keysById.get(id))
    if (missing.length > 0) {
      throw new StoryNotExportableError(
        `Event ${event.eventId} (${event.type}) refers to ${missing.map((m) => String(m.value)).join(', ')}, ` +
          `which is not an earlier development of ${opening.streamId}`,
      )
    }
    keysById.set(event.eventId, key)
    out.push(
      JSON.stringify({
        key,
        type: event.type,
        occurredOn: event.occurredOn,
        ...(event.reportedOn === undefined ? {} : { reportedOn: event.reportedOn }),
        data,
        ...envelopeOf(event, storyEventId(storyId, key), recordedBy, { withDates: false }),
      }),
    )
  }
  return `${out.join('\n')}\n`

  function keyFor(event: StoredEvent): string {
    const wanted = event.metadata.correlationId
    const key =
      wanted !== undefined && DevelopmentKey.safeParse(wanted).success && !usedKeys.has(wanted)
        ? wanted
        : `event-${event.eventId}`
    usedKeys.add(key)
    return key
  }
}

/**
 * The envelope fields of a line, leaving out what parsing would fill in by default. Developments write their
 * dates themselves, next to their key and type (`withDates: false`).
 */
function envelopeOf(
  event: StoredEvent,
  derivedId: string,
  storyRecordedBy: string,
  { withDates }: { withDates: boolean },
): Record<string, unknown> {
  const metadata: EventMetadata = event.metadata
  const { certainty, note } = certaintyOf(metadata.reason)
  const isDevelopment = event.type !== 'StoryOpened' && event.type !== 'EntityIntroduced'
  return {
    ...(withDates && event.occurredOn !== 'unknown' ? { occurredOn: event.occurredOn } : {}),
    ...(withDates && event.reportedOn !== undefined ? { reportedOn: event.reportedOn } : {}),
    ...(isDevelopment || metadata.sources.length > 0 ? { sources: metadata.sources } : {}),
    ...(certainty === 'confirmed' ? {} : { certainty }),
    ...(note === undefined ? {} : { note }),
    ...(metadata.recordedBy === storyRecordedBy || event.type === 'StoryOpened'
      ? {}
      : { recordedBy: metadata.recordedBy }),
    ...(event.eventId === derivedId ? {} : { eventId: event.eventId }),
  }
}
