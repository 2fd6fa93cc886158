import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { StoryledgerError } from '@storyledger/core'
import { parseStoryFile } from './parse-story-file.js'
import type { Story, StoryFileError } from './story.js'

/** The stories shipped with storyledger, in the order a teacher is offered them: the founding article first. */
export const BUNDLED_STORY_IDS = [
  'tiktok-oracle-2020',
  'tiktok-us-saga-2020-2026',
  'microsoft-activision-2022-2023',
] as const
export type BundledStoryId = (typeof BUNDLED_STORY_IDS)[number]

/** The story the app shows on a fresh start. */
export const FOUNDING_STORY: BundledStoryId = 'tiktok-oracle-2020'

export interface BundledStory {
  readonly id: BundledStoryId
  readonly title: string
  readonly subject: string
  /** Where the story file is on disk (inside the package, next to `src/` and `dist/`). */
  readonly path: string
}

/** A story file does not parse; `errors` names every line and field at fault. */
export class InvalidStoryFileError extends StoryledgerError {
  readonly errors: readonly StoryFileError[]

  constructor(where: string, errors: readonly StoryFileError[]) {
    const first = errors[0]
    super(
      'STORY_FILE_INVALID',
      `${where} is not a valid story file (${errors.length} error(s); first: ` +
        `${first ? `line ${first.line}, ${first.field}: ${first.message}` : 'none'})`,
      { errors },
    )
    this.errors = errors
  }
}

/** No bundled story has that id. */
export class UnknownStoryError extends StoryledgerError {
  constructor(id: string) {
    super('UNKNOWN_STORY', `There is no bundled story "${id}"; bundled: ${BUNDLED_STORY_IDS.join(', ')}`, {
      id,
    })
  }
}

// The files sit in `stories/`, a sibling of both `src/` and `dist/`, so this resolves from either.
const storiesDirectory = new URL('../stories/', import.meta.url)

/** The path of a bundled story's file. */
export function bundledStoryPath(id: BundledStoryId): string {
  return fileURLToPath(new URL(`${id}.ndjson`, storiesDirectory))
}

/** Every bundled story, founding article first, with its title and the path of its file. */
export async function bundledStories(): Promise<BundledStory[]> {
  return Promise.all(
    BUNDLED_STORY_IDS.map(async (id) => {
      const story = await loadBundledStory(id)
      return {
        id,
        title: story.opening.data.title,
        subject: story.opening.data.subject,
        path: bundledStoryPath(id),
      }
    }),
  )
}

/** Reads and parses a bundled story. Throws {@link UnknownStoryError} or {@link InvalidStoryFileError}. */
export async function loadBundledStory(id: string): Promise<Story> {
  if (!isBundledStoryId(id)) throw new UnknownStoryError(id)
  const path = bundledStoryPath(id)
  const parsed = parseStoryFile(await readFile(path, 'utf8'))
  if (!parsed.ok) throw new InvalidStoryFileError(path, parsed.errors)
  return parsed.story
}

export function isBundledStoryId(id: string): id is BundledStoryId {
  return (BUNDLED_STORY_IDS as readonly string[]).includes(id)
}
