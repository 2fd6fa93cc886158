import type { ChoiceKind, Difficulty, QuestionKind } from '../model.js'
import type { SeededRandom } from '../seeded-random.js'
import type { TemplateContext } from './context.js'

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
  anchors(ctx: TemplateContext, random: SeededRandom): readonly string[]
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
