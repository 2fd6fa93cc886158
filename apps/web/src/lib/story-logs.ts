import type { StoredEvent } from '@storyledger/core'
import type { EventStore } from '@storyledger/core/store'

/** The events of each story, kept between requests; see {@link storyLogs}. */
export interface StoryLogs {
  /** The story's events as the log holds them now, in stream order (empty for a story with none). */
  read(storyId: string): Promise<readonly StoredEvent[]>
}

/**
 * Each story's events, kept between requests and brought up to date on every read by one query for the
 * events after the last one kept. The log is append-only, so what is kept never goes stale, and every
 * instance on one database reads the same. While nothing new arrives the same (frozen) array comes back,
 * which lets the quiz engine reuse the facts and indexes it worked out from it for a teacher's next quiz;
 * new events make a new array, and the old one stays as it was.
 */
export function storyLogs(store: EventStore): StoryLogs {
  const kept = new Map<string, readonly StoredEvent[]>()
  return {
    async read(storyId) {
      const known = kept.get(storyId) ?? []
      const last = known[known.length - 1]
      const fresh = await store.readStream(
        storyId,
        last === undefined ? {} : { fromVersion: last.streamVersion + 1 },
      )
      if (fresh.length === 0) return known
      const events = Object.freeze([...known, ...fresh])
      // Two reads at once may both find the new events: the longer log is the one kept.
      if ((kept.get(storyId)?.length ?? 0) < events.length) kept.set(storyId, events)
      return events
    },
  }
}
