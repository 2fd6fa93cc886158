import type { ChoiceKind, Difficulty, QuestionKind } from '../model.js'
import type { SeededRandom } from '../seeded-random.js'
import type { Indexed, TemplateContext } from './context.js'

export interface OptionDraft {
  readonly text: string
  readonly feedback: string
  /** Events the feedback cites besides the question's own. */
  readonly eventIds?: readonly string[]
  /** For options shown in ascending order (numbers, dates). */
  readonly value?: number
}

export interface ChoiceDraft {
  readonly kind: ChoiceKind
  readonly stem: string
  readonly key: OptionDraft
  readonly distractors: readonly OptionDraft[]
  /** `shuffle` for entities and sentences, `ascending` for numbers and dates, `fixed` for true/false. */
  readonly ordering: 'shuffle' | 'ascending' | 'fixed'
  readonly generalFeedback: string
  readonly eventIds: readonly string[]
}

export interface ChronologyDraft {
  readonly kind: 'chronology'
  readonly stem: string
  /** Earliest first. */
  readonly items: readonly OptionDraft[]
  readonly generalFeedback: string
  readonly eventIds: readonly string[]
}

export type Draft = ChoiceDraft | ChronologyDraft

/**
 * The anchors a template could use, listed lazily: `at(i)` is the anchor at index `i`, or null when the fact
 * there does not suit the template. A long story has thousands; a quiz draws a few.
 */
export interface AnchorList {
  readonly size: number
  at(index: number): string | null
}

export function anchorList(anchors: readonly string[]): AnchorList {
  return { size: anchors.length, at: (i) => anchors[i] ?? null }
}

/** `count` anchors per item of a list: `make(item, variant)` for variant 0 … count − 1. */
export function anchorsOver<T>(
  items: Indexed<T>,
  make: (item: T, variant: number) => string | null,
  count = 1,
): AnchorList {
  return { size: items.length * count, at: (i) => make(items.at(Math.floor(i / count))!, i % count) }
}

/** Several lists as one. */
export function concatAnchors(lists: readonly AnchorList[]): AnchorList {
  return {
    size: lists.reduce((sum, l) => sum + l.size, 0),
    at(index) {
      let i = index
      for (const list of lists) {
        if (i < list.size) return list.at(i)
        i -= list.size
      }
      return null
    },
  }
}

/** Every anchor of a list, in order (tests and re-keys; a quiz draws with {@link createDraw}). */
export function allAnchors(list: AnchorList): string[] {
  const anchors: string[] = []
  for (let i = 0; i < list.size; i++) {
    const anchor = list.at(i)
    if (anchor !== null) anchors.push(anchor)
  }
  return anchors
}

/**
 * Indexes 0 … size − 1 in a seeded random order, drawn one at a time: a Fisher–Yates shuffle that only
 * remembers the swaps it made, so drawing k of n costs O(k) whatever n is.
 */
export function createDraw(size: number, random: SeededRandom): () => number | undefined {
  const swapped = new Map<number, number>()
  let drawn = 0
  return () => {
    if (drawn >= size) return undefined
    const j = drawn + random.below(size - drawn)
    const picked = swapped.get(j) ?? j
    swapped.set(j, swapped.get(drawn) ?? drawn)
    drawn += 1
    return picked
  }
}

/** What the builders may be handed to keep a question stable across a re-key: the texts of its old options. */
export interface BuildOptions {
  readonly prefer?: ReadonlySet<string>
}

/**
 * A question template: which facts it applies to (`anchors`), and how it writes a question from one of them.
 * `build` returns null when the facts do not give a question that passes the closed-world checks (too few
 * distractors that are provably false, a key that is not unique).
 */
export interface Template {
  readonly id: string
  readonly version: number
  readonly kind: QuestionKind
  readonly difficulty: Difficulty
  /** The stem of every question it writes, when that never changes: a quiz can then hold one at most. */
  readonly stem?: string
  anchors(ctx: TemplateContext, random: SeededRandom): AnchorList
  build(ctx: TemplateContext, anchor: string, random: SeededRandom, options: BuildOptions): Draft | null
}

/**
 * Two distractors (three options in all, the evidence-based optimum): first any the caller prefers, then a
 * seeded draw. Duplicates of the key or of each other (ignoring case) are dropped. Null when fewer than two.
 */
export function pickDistractors(
  key: OptionDraft,
  candidates: readonly OptionDraft[],
  random: SeededRandom,
  options: BuildOptions,
  count = 2,
): OptionDraft[] | null {
  const seen = new Set([key.text.toLowerCase()])
  const unique: OptionDraft[] = []
  for (const candidate of candidates) {
    const folded = candidate.text.toLowerCase()
    if (seen.has(folded)) continue
    seen.add(folded)
    unique.push(candidate)
  }
  if (unique.length < count) return null
  const preferred = options.prefer === undefined ? [] : unique.filter((c) => options.prefer!.has(c.text))
  const rest = random.shuffle(unique.filter((c) => !preferred.includes(c)))
  return [...preferred, ...rest].slice(0, count)
}

/**
 * Distractor candidates from a long list, visited in a seeded random order and stopped once `enough` are
 * found or `budget` items were tried, so that a question costs little however long the story is. With
 * preferred texts (a re-key), the same seeded visit comes first, and then every item, so that the old
 * options are found again: first as the quiz drew them, since two items can give one text with different
 * feedback (two parties' deeds put to the same actor), and a re-key must not swap one for the other.
 */
export function sampleCandidates<T>(
  items: Indexed<T>,
  random: SeededRandom,
  options: BuildOptions,
  make: (item: T) => OptionDraft | null,
  { enough = 6, budget = 400 }: { enough?: number; budget?: number } = {},
): OptionDraft[] {
  const found: OptionDraft[] = []
  const draw = createDraw(items.length, random)
  for (let tries = 0; tries < budget && found.length < enough; tries++) {
    const index = draw()
    if (index === undefined) break
    const draft = make(items.at(index)!)
    if (draft !== null) found.push(draft)
  }
  if (options.prefer !== undefined) {
    for (let index = 0; index < items.length; index++) {
      const draft = make(items.at(index)!)
      if (draft !== null) found.push(draft)
    }
  }
  return found
}
