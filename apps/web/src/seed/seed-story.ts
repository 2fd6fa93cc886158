import type { EventStore } from '@storyledger/core/store'
import {
  BUNDLED_STORY_IDS,
  FOUNDING_STORY,
  importStory,
  loadBundledStory,
  type Story,
} from '@storyledger/stories'

/**
 * Records stories in the order given. Idempotent: their ids are derived from the story files, so a story
 * already in the log is left as it is and a second run writes nothing.
 */
export async function seedStories(
  store: EventStore,
  stories: readonly Story[],
): Promise<{ written: boolean }> {
  let written = 0
  for (const story of stories) written += (await importStory(store, story)).written
  return { written: written > 0 }
}

/** Every bundled story, parsed, the founding article first. */
export function loadBundledStories(): Promise<Story[]> {
  return Promise.all(BUNDLED_STORY_IDS.map((id) => loadBundledStory(id)))
}

/** Records the founding story. */
export async function seedFoundingStory(store: EventStore): Promise<{ written: boolean }> {
  return seedStories(store, [await loadBundledStory(FOUNDING_STORY)])
}

/** Records every bundled story, the founding article first, so a teacher can pick one. */
export async function seedBundledStories(store: EventStore): Promise<{ written: boolean }> {
  return seedStories(store, await loadBundledStories())
}
