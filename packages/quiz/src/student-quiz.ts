import { z } from 'zod'
import type { Question, Quiz, Responses } from './model.js'
import { createSeededRandom } from './seeded-random.js'

const OpaqueId = z.string().regex(/^[a-z0-9]{8}$/)

const StudentOption = z.strictObject({ id: OpaqueId, text: z.string().min(1) })

/** A question as a student sees it: the stem and the options in the attempt's order, nothing else. */
export const StudentQuestion = z.discriminatedUnion('kind', [
  z.strictObject({
    id: z.string(),
    kind: z.enum([
      'who',
      'what',
      'numeric',
      'quote_attribution',
      'source_attribution',
      'true_false',
      'as_of',
      'what_changed',
    ]),
    stem: z.string(),
    options: z.array(StudentOption),
  }),
  z.strictObject({
    id: z.string(),
    kind: z.literal('chronology'),
    stem: z.string(),
    items: z.array(StudentOption),
  }),
])
export type StudentQuestion = z.infer<typeof StudentQuestion>

/**
 * The student-facing form of a quiz: no key, no feedback, no provenance, and option ids drawn at random for
 * this attempt, so that neither an id nor a position tells the answer.
 */
export const StudentQuiz = z.strictObject({
  quizId: z.string(),
  questions: z.array(StudentQuestion),
})
export type StudentQuiz = z.infer<typeof StudentQuiz>

/** Answers as a student sends them: opaque ids of this attempt. */
export const StudentAnswers = z.record(z.string(), z.union([OpaqueId, z.array(OpaqueId).max(5)]))
export type StudentAnswers = z.infer<typeof StudentAnswers>

/**
 * The form a student sees for one attempt. `attemptSeed` is the server's secret for the attempt (keep it out
 * of what the student receives): the same seed gives the same form, and {@link responsesFromStudent} needs it
 * to map the answers back.
 */
export function toStudentQuiz(quiz: Quiz, attemptSeed: string): StudentQuiz {
  return {
    quizId: quiz.id,
    questions: quiz.questions.map((question) => {
      const { shown } = attemptLayout(quiz.id, question, attemptSeed)
      const options = shown.map(({ opaqueId, text }) => ({ id: opaqueId, text }))
      return question.kind === 'chronology'
        ? { id: question.id, kind: question.kind, stem: question.stem, items: options }
        : { id: question.id, kind: question.kind, stem: question.stem, options }
    }),
  }
}

/**
 * Maps a student's answers (opaque ids of the attempt) back to the quiz's option ids, for grading. An id the
 * attempt never showed maps to nothing, so the answer is graded as not given.
 */
export function responsesFromStudent(quiz: Quiz, attemptSeed: string, answers: StudentAnswers): Responses {
  const responses: Responses = {}
  for (const question of quiz.questions) {
    const answer = answers[question.id]
    if (answer === undefined) continue
    const { toOptionId } = attemptLayout(quiz.id, question, attemptSeed)
    if (typeof answer === 'string') {
      const id = toOptionId.get(answer)
      if (id !== undefined) responses[question.id] = id
    } else {
      responses[question.id] = answer.map((a) => toOptionId.get(a) ?? 'unknown')
    }
  }
  return responses
}

function attemptLayout(quizId: string, question: Question, attemptSeed: string) {
  const random = createSeededRandom(`${attemptSeed}\u0000${quizId}\u0000${question.id}`)
  const options = question.kind === 'chronology' ? question.items : question.options
  let order = random.shuffle(options)
  // A chronology shown already in order would give itself away; rotating keeps the draw seeded.
  if (question.kind === 'chronology' && order.every((o, i) => o.id === question.order[i])) {
    order = [...order.slice(1), order[0]!]
  }
  // True and false keep their usual order: shuffling them tells nothing and only confuses.
  if (question.kind === 'true_false') order = [...options]
  const used = new Set<string>()
  const shown = order.map((option) => {
    let opaqueId = token(random)
    while (used.has(opaqueId)) opaqueId = token(random)
    used.add(opaqueId)
    return { opaqueId, optionId: option.id, text: option.text }
  })
  return { shown, toOptionId: new Map(shown.map((s) => [s.opaqueId, s.optionId])) }
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

function token(random: ReturnType<typeof createSeededRandom>): string {
  let text = ''
  for (let i = 0; i < 8; i++) text += ALPHABET[random.below(ALPHABET.length)]
  return text
}
