import type { NewEventInput } from '@storyledger/core'
import { FOUNDING_STORY, loadBundledStory, streamIdOf, toNewEvents } from '@storyledger/stories'

/** The stream of the founding story: the article of September 2020, the story a fresh start shows. */
export const FOUNDING_STORY_ID = streamIdOf(FOUNDING_STORY)

/** The founding story's events, read from its story file in `@storyledger/stories`. */
export const foundingStory: readonly NewEventInput[] = toNewEvents(
  await loadBundledStory(FOUNDING_STORY),
).events
