import { sha256, toHex } from '@storyledger/core'
import { z } from 'zod'

/** A story's id, also the tail of its stream id: `tiktok-oracle-2020` is recorded in `story/tiktok-oracle-2020`. */
export const StoryId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'expected lowercase letters, digits, ".", "_" or "-" (at most 100)')
export type StoryId = z.infer<typeof StoryId>

/** A development's key in its story file: stable, unique in the file, e.g. `oracle-partner`. */
export const DevelopmentKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'expected lowercase letters, digits, ".", "_" or "-" (at most 100)')
export type DevelopmentKey = z.infer<typeof DevelopmentKey>

/** The stream a story is recorded in. */
export function streamIdOf(storyId: string): string {
  return `story/${storyId}`
}

/** The story id of a `story/<id>` stream, or undefined for any other stream. */
export function storyIdOf(streamId: string): string | undefined {
  const match = /^story\/(.+)$/.exec(streamId)
  return match && StoryId.safeParse(match[1]).success ? match[1] : undefined
}

/**
 * The event id of one line of a story file, derived from the story id and the line's key: the same file
 * imported twice yields the same ids, which is what makes import idempotent. The result has the shape of a
 * UUIDv7 (version and variant bits set) but its "timestamp" is hash bits, not a time.
 *
 * Keys of developments are slugs without ":", so the `story:` and `entity:` names cannot collide with them.
 */
export function storyEventId(storyId: string, key: string): string {
  const bytes = sha256(`storyledger-story-event\n${storyId}\n${key}`).slice(0, 16)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = toHex(bytes)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export const OPENING_KEY = 'story:opened'

export function entityKey(entityId: string): string {
  return `entity:${entityId}`
}
