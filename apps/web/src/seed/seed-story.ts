import type { EventStore } from '@storyledger/core/store'
import { FOUNDING_STORY_ID, foundingStory } from './founding-story.js'

/** Records the founding story; its fixed event ids make a second run write nothing. */
export async function seedFoundingStory(store: EventStore): Promise<{ written: boolean }> {
  const result = await store.append(FOUNDING_STORY_ID, foundingStory)
  return { written: !result.alreadyStored }
}
