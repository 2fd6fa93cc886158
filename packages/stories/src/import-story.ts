import {
  canonicalJson,
  type NewEventInput,
  type StoredEvent,
  StoryledgerError,
  StreamVersionConflictError,
} from '@storyledger/core'
import type { EventStore } from '@storyledger/core/store'
import type { Story } from './story.js'
import { toNewEvents } from './to-new-events.js'

export interface ImportProgress {
  /** Events of the story now in the log (stored before, or written by this import). */
  readonly done: number
  readonly total: number
}

export interface ImportStoryOptions {
  /** Called once before writing (with what is already stored) and after every batch. */
  readonly onProgress?: (progress: ImportProgress) => void
  /** Events per append (default 500). */
  readonly batchSize?: number
}

export interface ImportStoryResult {
  readonly streamId: string
  readonly total: number
  /** Events this import wrote; 0 when the story was already imported. */
  readonly written: number
  readonly alreadyStored: number
}

/**
 * A story's event is already in the log with other content: the story file changed a development after it
 * was imported. The log is append-only; record the change as a correction (a `DevelopmentCorrected` line).
 */
export class StoryConflictError extends StoryledgerError {
  readonly eventId: string
  readonly key: string

  constructor(streamId: string, key: string, eventId: string, difference: string) {
    super(
      'STORY_CONFLICT',
      `"${key}" of ${streamId} is already in the log (event ${eventId}) with a different ${difference}. ` +
        'Stored events are never rewritten: add a DevelopmentCorrected line that corrects it instead.',
      { streamId, key, eventId, difference },
    )
    this.eventId = eventId
    this.key = key
  }
}

const MAX_ATTEMPTS = 3

/**
 * Appends a story to its stream, in batches, writing only the events the log does not hold yet: importing the
 * same story again writes nothing, and an import that stopped halfway resumes where it stopped. Events already
 * stored must be identical to the story's, or a {@link StoryConflictError} is thrown before anything is written.
 *
 * @example
 * const result = await importStory(store, story, { onProgress: ({ done, total }) => bar.update(done, { total }) })
 */
export async function importStory(
  store: EventStore,
  story: Story,
  options: ImportStoryOptions = {},
): Promise<ImportStoryResult> {
  const { streamId, events } = toNewEvents(story)
  const batchSize = Math.max(1, options.batchSize ?? 500)
  for (let attempt = 1; ; attempt++) {
    try {
      return await importOnce(store, streamId, events, batchSize, options.onProgress)
    } catch (error) {
      // Another writer appended to the stream meanwhile (a second import of the same story, say): look again.
      if (!(error instanceof StreamVersionConflictError) || attempt >= MAX_ATTEMPTS) throw error
    }
  }
}

async function importOnce(
  store: EventStore,
  streamId: string,
  events: readonly NewEventInput[],
  batchSize: number,
  onProgress: ImportStoryOptions['onProgress'],
): Promise<ImportStoryResult> {
  const stored = await store.readStream(streamId)
  const byId = new Map(stored.map((event) => [event.eventId, event]))
  const missing: NewEventInput[] = []
  for (const event of events) {
    const match = event.eventId === undefined ? undefined : byId.get(event.eventId)
    if (!match) {
      missing.push(event)
      continue
    }
    const difference = differenceBetween(match, event)
    if (difference !== undefined) {
      throw new StoryConflictError(streamId, keyOf(event), match.eventId, difference)
    }
  }
  const total = events.length
  const alreadyStored = total - missing.length
  let done = alreadyStored
  onProgress?.({ done, total })
  let version = stored.at(-1)?.streamVersion ?? 0
  for (const batch of batchesOf(missing, batchSize)) {
    const result = await store.append(streamId, batch, { expectedVersion: version })
    version = result.streamVersion
    done += batch.length
    onProgress?.({ done, total })
  }
  return { streamId, total, written: missing.length, alreadyStored }
}

/**
 * Cuts the events into appends of at most `size`, and also before any correction or retraction whose target is
 * in the same append: the store resolves those targets among events already written.
 */
function batchesOf(events: readonly NewEventInput[], size: number): NewEventInput[][] {
  const batches: NewEventInput[][] = []
  let batch: NewEventInput[] = []
  let ids = new Set<string>()
  for (const event of events) {
    const target = targetOf(event)
    if (batch.length >= size || (target !== undefined && ids.has(target))) {
      batches.push(batch)
      batch = []
      ids = new Set()
    }
    batch.push(event)
    if (event.eventId !== undefined) ids.add(event.eventId)
  }
  if (batch.length > 0) batches.push(batch)
  return batches
}

function targetOf(event: NewEventInput): string | undefined {
  const data: unknown = event.data
  if (typeof data !== 'object' || data === null) return undefined
  const target =
    event.type === 'DevelopmentCorrected'
      ? Reflect.get(data, 'correctsEventId')
      : event.type === 'DevelopmentRetracted'
        ? Reflect.get(data, 'retractsEventId')
        : undefined
  return typeof target === 'string' ? target : undefined
}

function differenceBetween(stored: StoredEvent, event: NewEventInput): string | undefined {
  if (stored.type !== event.type) return 'type'
  if (stored.occurredOn !== event.occurredOn) return 'occurredOn'
  if (stored.reportedOn !== event.reportedOn) return 'reportedOn'
  if (canonicalJson(stored.data) !== canonicalJson(event.data)) return 'data'
  if (canonicalJson(stored.metadata) !== canonicalJson(event.metadata)) return 'metadata (sources, note)'
  return undefined
}

function keyOf(event: NewEventInput): string {
  if (event.metadata.correlationId !== undefined) return event.metadata.correlationId
  if (event.type === 'EntityIntroduced') {
    const data = event.data as { entityId?: unknown }
    return `entity ${String(data.entityId)}`
  }
  return event.type === 'StoryOpened' ? 'the header' : (event.eventId ?? event.type)
}
