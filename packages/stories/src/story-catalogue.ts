import { eventCatalogue, type OccurredOn, type StoredEvent } from '@storyledger/core'
import {
  type CatchUpProjector,
  createCatchUpProjector,
  type ProjectorDefinition,
  type StoreDatabase,
} from '@storyledger/core/store'
import { z } from 'zod'
import { storyIdOf } from './story-id.js'

/** One story of the log, as the catalogue read model keeps it. */
export const StoryEntry = z.object({
  storyId: z.string(),
  streamId: z.string(),
  title: z.string().nullable(),
  subject: z.string().nullable(),
  /** Every event of the stream, bookkeeping included. */
  events: z.number().int(),
  /** Sourced developments (bids, statements, orders…), corrections and retractions not counted. */
  developments: z.number().int(),
  corrections: z.number().int(),
  retractions: z.number().int(),
  /** The earliest and latest dates the developments give (any precision); null when none is dated. */
  firstOccurredOn: z.string().nullable(),
  lastOccurredOn: z.string().nullable(),
  lastPosition: z.number().int(),
  lastRecordedAt: z.string(),
})
export type StoryEntry = z.infer<typeof StoryEntry>

export const STORY_CATALOGUE = 'story-catalogue'

/** Folds the log into one document per `story/<id>` stream; other streams (classroom events…) are skipped. */
export const storyCatalogueProjector: ProjectorDefinition = {
  name: STORY_CATALOGUE,
  async apply(events, model) {
    for (const event of events) {
      const storyId = storyIdOf(event.streamId)
      if (storyId === undefined) continue
      const stored = await model.get(storyId)
      const entry = stored === undefined ? emptyEntry(storyId, event) : StoryEntry.parse(stored.value)
      await model.put(storyId, withEvent(entry, event), event.position)
    }
  },
}

function emptyEntry(storyId: string, event: StoredEvent): StoryEntry {
  return {
    storyId,
    streamId: event.streamId,
    title: null,
    subject: null,
    events: 0,
    developments: 0,
    corrections: 0,
    retractions: 0,
    firstOccurredOn: null,
    lastOccurredOn: null,
    lastPosition: 0,
    lastRecordedAt: event.recordedAt,
  }
}

function withEvent(entry: StoryEntry, event: StoredEvent): StoryEntry {
  const next = {
    ...entry,
    events: entry.events + 1,
    lastPosition: event.position,
    lastRecordedAt: event.recordedAt,
  }
  if (event.type === 'StoryOpened') return { ...next, title: event.data.title, subject: event.data.subject }
  if (event.type === 'DevelopmentCorrected') return { ...next, corrections: entry.corrections + 1 }
  if (event.type === 'DevelopmentRetracted') return { ...next, retractions: entry.retractions + 1 }
  if (!eventCatalogue[event.type].sourced) return next
  return {
    ...next,
    developments: entry.developments + 1,
    firstOccurredOn: earlier(entry.firstOccurredOn, event.occurredOn),
    lastOccurredOn: later(entry.lastOccurredOn, event.occurredOn),
  }
}

// Dates are `YYYY[-MM[-DD]]`: as strings they sort in calendar order, a month before the days in it.
function earlier(current: string | null, date: OccurredOn): string | null {
  if (date === 'unknown') return current
  return current === null || date < current ? date : current
}
function later(current: string | null, date: OccurredOn): string | null {
  if (date === 'unknown') return current
  return current === null || date > current ? date : current
}

/** The catalogue of the stories in the log, kept up to date by a catch-up projector. */
export interface StoryCatalogue {
  readonly projector: CatchUpProjector
  /** Catches up with the log, then lists the stories by id. */
  list(): Promise<StoryEntry[]>
}

export function openStoryCatalogue(database: StoreDatabase): StoryCatalogue {
  const projector = createCatchUpProjector(database, storyCatalogueProjector)
  return {
    projector,
    async list() {
      await projector.catchUp()
      return (await projector.list()).map((doc) => StoryEntry.parse(doc.value))
    },
  }
}
