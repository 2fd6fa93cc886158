import { z } from 'zod'
import type { CalendarDay } from './story-date.js'

/**
 * The classroom's events: a quiz generated from a story and published to a class, and each student's attempt.
 * They live in streams `quiz/<quizId>`, beside the story they were written from, so that a teacher can audit
 * how any mark came about. They hold no secret that would let anyone join or answer (the join code is kept
 * only as a hash), though they do hold the quiz's keys: the log is for teachers.
 */

/** The id of a published quiz, the part after `quiz/` in its stream id. */
export const PublishedQuizId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{7,63}$/, 'expected 8 to 64 lowercase letters, digits or "-"')

const AttemptId = z.uuid()
const DisplayName = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters')
const Hex256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits')

/**
 * Any JSON value, bounded in depth by what zod walks: the quiz and its blueprint are defined by the quiz
 * package, which parses them when it reads them back; the log keeps them exactly as generated.
 */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json }
const Json: z.ZodType<Json> = z.lazy(() =>
  z.union([
    z.string().max(20_000),
    z.number().finite(),
    z.boolean(),
    z.null(),
    z.array(Json).max(1_000),
    z.record(z.string().max(200), Json),
  ]),
)
const JsonObject = z.record(z.string().max(200), Json)

const Answer = z.union([z.string().min(1).max(64), z.array(z.string().min(1).max(64)).max(10)])

const QuestionMarkRecord = z.strictObject({
  questionId: z.string().min(1).max(20),
  marks: z.number().min(0).max(1),
  maxMarks: z.number().positive().max(100),
  status: z.enum(['correct', 'partial', 'incorrect', 'unanswered', 'invalid']),
})

export const QuizGeneratedData = z.strictObject({
  quizId: PublishedQuizId,
  storyId: z.string().min(1).max(200),
  /** The blueprint, with its seed, as the quiz package defines it. */
  blueprint: JsonObject,
  /** The last log position the quiz was written from. */
  logPosition: z.number().int().min(0),
  /** The generated quiz itself (keys, feedback, provenance), so that a mark can be checked later. */
  quiz: JsonObject,
  /** The teacher who generated it (a classroom account id). */
  teacherId: z.uuid(),
})

export const QuizPublishedData = z.strictObject({
  quizId: PublishedQuizId,
  /** SHA-256 of the normalised join code; the code itself never enters the log. */
  joinCodeHash: Hex256,
  /** Whether students see the right answers and feedback after submitting. */
  showAnswers: z.boolean(),
  teacherId: z.uuid(),
})

export const AttemptStartedData = z.strictObject({
  quizId: PublishedQuizId,
  attemptId: AttemptId,
  displayName: DisplayName,
  /** The attempt's seed: it orders the options and draws their opaque ids for this student. */
  attemptSeed: z.string().regex(/^[0-9a-f]{32,64}$/),
})

export const AttemptSubmittedData = z.strictObject({
  quizId: PublishedQuizId,
  attemptId: AttemptId,
  /** The answers as the student's form sent them (opaque ids of the attempt), by question id. */
  answers: z.record(z.string().min(1).max(20), Answer),
})

const GradeData = {
  quizId: PublishedQuizId,
  attemptId: AttemptId,
  marks: z.array(QuestionMarkRecord).max(200),
  total: z.number().min(0),
  maxTotal: z.number().min(0),
  percentage: z.number().min(0).max(100),
}

export const AttemptGradedData = z.strictObject(GradeData)

export const AttemptRegradedData = z.strictObject({ ...GradeData, reason: z.string().min(1).max(2_000) })

/** The day a classroom event happened, from the clock that recorded it. */
export function classroomDayOf(instant: Date): CalendarDay {
  return instant.toISOString().slice(0, 10)
}
