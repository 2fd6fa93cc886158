import type { EventStore } from '@storyledger/core/store'
import { BUNDLED_STORY_IDS, FOUNDING_STORY, importStory, loadBundledStory } from '@storyledger/stories'

/** Records the founding story; its ids are derived from the story file, so a second run writes nothing. */
export async function seedFoundingStory(store: EventStore): Promise<{ written: boolean }> {
  const result = await importStory(store, await loadBundledStory(FOUNDING_STORY))
  return { written: result.written > 0 }
}

/**
 * Records every bundled story, the founding article first, so a teacher can pick one. Idempotent: a story
 * already in the log is left as it is.
 */
export async function seedBundledStories(store: EventStore): Promise<{ written: boolean }> {
  let written = 0
  for (const id of BUNDLED_STORY_IDS)
    written += (await importStory(store, await loadBundledStory(id))).written
  return { written: written > 0 }
}
