import { z } from 'zod'

/**
 * How sure the sources are of a development: `confirmed` (the default), `uncertain` (reported, not confirmed),
 * `date_uncertain` (the fact is sure, its date is not) or `disputed` (the parties give conflicting accounts).
 */
export const Certainty = z.enum(['confirmed', 'uncertain', 'date_uncertain', 'disputed'])
export type Certainty = z.infer<typeof Certainty>

const TAG = /^\[certainty: (uncertain|date_uncertain|disputed)\](?: ([\s\S]+))?$/

/**
 * The event metadata's `reason` for a line of a story file: its note, preceded by a `[certainty: …]` tag when
 * the development is not confirmed, e.g. `[certainty: disputed] ByteDance and Oracle gave conflicting accounts`.
 * The catalogue's metadata has no certainty field, so the tag is how the log keeps it.
 */
export function reasonOf(certainty: Certainty, note: string | undefined): string | undefined {
  if (certainty === 'confirmed') return note
  return note === undefined ? `[certainty: ${certainty}]` : `[certainty: ${certainty}] ${note}`
}

/** Reads a metadata `reason` back into a certainty and a note (the inverse of {@link reasonOf}). */
export function certaintyOf(reason: string | undefined): { certainty: Certainty; note: string | undefined } {
  if (reason === undefined) return { certainty: 'confirmed', note: undefined }
  const match = TAG.exec(reason)
  if (!match) return { certainty: 'confirmed', note: reason }
  return { certainty: Certainty.parse(match[1]), note: match[2] }
}

/** True when a note would be read back as a certainty tag: such a note cannot be kept as written. */
export function looksLikeCertaintyTag(note: string): boolean {
  return note.startsWith('[certainty:')
}
