import { CalendarDay, Source } from '@storyledger/core'
import { z } from 'zod'

/** The kinds of question the engine writes. All but `chronology` are answered by choosing one option. */
export const QuestionKind = z.enum([
  'who',
  'what',
  'numeric',
  'quote_attribution',
  'source_attribution',
  'true_false',
  'chronology',
  'as_of',
  'what_changed',
])
export type QuestionKind = z.infer<typeof QuestionKind>

export const ChoiceKind = QuestionKind.exclude(['chronology'])
export type ChoiceKind = z.infer<typeof ChoiceKind>

export const Difficulty = z.enum(['easy', 'medium', 'hard'])
export type Difficulty = z.infer<typeof Difficulty>

/** How a chronology is marked: Moodle's ordering question grading types of the same names. */
export const ChronologyGrading = z.enum([
  'longest_ordered_subset',
  'relative_to_next_excluding_last',
  'relative_to_next_including_last',
])
export type ChronologyGrading = z.infer<typeof ChronologyGrading>

export const OptionId = z.string().regex(/^[a-z0-9]{1,16}$/, 'expected a short lowercase id')

/** The template a question was written from, its version, and what it was applied to (`anchor`, for `rekey`). */
export const TemplateRef = z.strictObject({
  id: z.string().min(1),
  version: z.number().int().positive(),
  anchor: z.string().min(1),
})
export type TemplateRef = z.infer<typeof TemplateRef>

/** Where a question comes from: the events it was built from and the sources those events cite. */
export const Provenance = z.strictObject({
  eventIds: z.array(z.string().min(1)).min(1),
  sources: z.array(Source),
})
export type Provenance = z.infer<typeof Provenance>

/** An option (or a chronology item) with the feedback a student sees after choosing it. */
export const QuizOption = z.strictObject({
  id: OptionId,
  text: z.string().min(1),
  feedback: z.string().min(1),
})
export type QuizOption = z.infer<typeof QuizOption>

const questionBase = {
  id: z.string().regex(/^q\d{1,3}$/),
  stem: z.string().min(1),
  /** Shown after the attempt whatever was chosen; cites the sources. */
  generalFeedback: z.string().min(1),
  difficulty: Difficulty,
  template: TemplateRef,
  provenance: Provenance,
}

export const ChoiceQuestion = z.strictObject({
  ...questionBase,
  kind: ChoiceKind,
  options: z.array(QuizOption).min(2).max(4),
  key: OptionId,
})
export type ChoiceQuestion = z.infer<typeof ChoiceQuestion>

export const ChronologyQuestion = z.strictObject({
  ...questionBase,
  kind: z.literal('chronology'),
  items: z.array(QuizOption).min(3).max(5),
  /** The item ids, earliest first. */
  order: z.array(OptionId),
  grading: ChronologyGrading,
})
export type ChronologyQuestion = z.infer<typeof ChronologyQuestion>

export const Question = z.discriminatedUnion('kind', [ChoiceQuestion, ChronologyQuestion])
export type Question = z.infer<typeof Question>

/** Relative weights of easy, medium and hard questions; they need not add up to 1. */
export const DifficultyMix = z
  .strictObject({
    easy: z.number().min(0).finite(),
    medium: z.number().min(0).finite(),
    hard: z.number().min(0).finite(),
  })
  .refine((m) => m.easy + m.medium + m.hard > 0, 'at least one difficulty needs a positive weight')
export type DifficultyMix = z.infer<typeof DifficultyMix>

/** What a teacher asks for. */
export const Blueprint = z
  .strictObject({
    /** The story's stream id, e.g. `story/tiktok-us`. */
    storyId: z.string().min(1),
    /** Valid time: the quiz is about the story as it stood at the end of this day. */
    asOf: CalendarDay,
    /** Recorded time: only what the log had recorded by this instant (ISO 8601, UTC). */
    knownAt: z.iso.datetime({ offset: false }),
    count: z.number().int().min(1).max(100),
    kinds: z.array(QuestionKind).min(1),
    difficulty: DifficultyMix,
    seed: z.union([z.string().min(1).max(200), z.number().int()]),
    chronologyGrading: ChronologyGrading.optional(),
    /**
     * Questions re-rolled by a teacher, by number (1 = the first), in the order asked: each gives way to the next
     * question the same seed draws. The same list gives the same quiz.
     */
    rerolls: z.array(z.number().int().min(1)).max(50).optional(),
  })
  .refine((b) => (b.rerolls ?? []).every((n) => n <= b.count), {
    message: 'a re-rolled question number must be one of the quiz',
    path: ['rerolls'],
  })
export type Blueprint = z.infer<typeof Blueprint>

export const Quiz = z
  .strictObject({
    id: z.string().regex(/^quiz-[0-9a-f]{16}$/),
    blueprint: Blueprint,
    /** The last log position the quiz was built from: the same blueprint at the same position gives the same quiz. */
    logPosition: z.number().int().min(0),
    questions: z.array(Question).min(1),
  })
  .superRefine((quiz, ctx) => {
    const ids = new Set<string>()
    quiz.questions.forEach((question, index) => {
      if (ids.has(question.id))
        ctx.addIssue({ code: 'custom', path: ['questions', index, 'id'], message: 'duplicate question id' })
      ids.add(question.id)
      for (const issue of structuralIssues(question)) {
        ctx.addIssue({ code: 'custom', path: ['questions', index], message: issue })
      }
    })
  })
export type Quiz = z.infer<typeof Quiz>

/** What is wrong with a question's options, key or order (empty when nothing is). */
export function structuralIssues(question: Question): string[] {
  const issues: string[] = []
  const options = question.kind === 'chronology' ? question.items : question.options
  if (new Set(options.map((o) => o.id)).size !== options.length) issues.push('duplicate option ids')
  if (new Set(options.map((o) => o.text.toLowerCase())).size !== options.length)
    issues.push('duplicate option texts')
  if (question.kind === 'chronology') {
    const ids = options.map((o) => o.id).sort()
    if (JSON.stringify([...question.order].sort()) !== JSON.stringify(ids))
      issues.push('order must name every item once')
  } else {
    if (!options.some((o) => o.id === question.key)) issues.push('the key is not one of the options')
    if (question.kind !== 'true_false' && options.length < 3)
      issues.push('a choice question needs 3 or 4 options')
  }
  return issues
}

/** A student's answers in the quiz's own option ids: one id per choice question, the item ids in order for a chronology. */
export const Responses = z.record(z.string(), z.union([OptionId, z.array(OptionId).max(5)]))
export type Responses = z.infer<typeof Responses>
