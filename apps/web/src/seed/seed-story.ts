import type { EventStore } from '@storyledger/core/store'
import {
  BUNDLED_STORY_IDS,
  FOUNDING_STORY,
  importStory,
  loadBundledStory,
  type Story,
} from '@storyledger/stories'

/** Records the founding story; its ids are derived from the story file, so a second run writes nothing. */
export async function seedFoundingStory(store: EventStore): Promise<{ written: boolean }> {
  const result = await importStory(store, await loadBundledStory(FOUNDING_STORY))
  return { written: result.written > 0 }
}

/** Every bundled story, parsed, the founding article first. */
export function loadBundledStories(): Promise<Story[]> {
  return Promise.all(BUNDLED_STORY_IDS.map((id) => loadBundledStory(id)))
}

/**
 * Records every bundled story, the founding article first, so a teacher can pick one. Idempotent: a story
 * already in the log is left as it is. The stories may come parsed already (a start parses them while the
 * database opens).
 */
export async function seedBundledStories(
  store: EventStore,
  stories: readonly Story[] | Promise<readonly Story[]> = loadBundledStories(),
): Promise<{ written: boolean }> {
  let written = 0
  for (const story of await stories) written += (await importStory(store, story)).written
  return { written: written > 0 }
}
