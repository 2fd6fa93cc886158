import { type Attempt, findPublishedQuiz, listAttempts, type PublishedQuiz } from '@storyledger/classroom'
import { PublishedQuizId, type StoredEvent } from '@storyledger/core'
import type { EventStore, StoreDatabase } from '@storyledger/core/store'
import { type Grade, gradeAttempt, Quiz, StudentAnswers } from '@storyledger/quiz'

/** The stream a published quiz's events live in. */
export function quizStream(quizId: string): string {
  return `quiz/${PublishedQuizId.parse(quizId)}`
}

export interface LoadedQuiz {
  readonly published: PublishedQuiz
  /** The quiz as generated, read back from its `QuizGenerated` event and parsed by the quiz package. */
  readonly quiz: Quiz
  readonly events: readonly StoredEvent[]
}

/** A published quiz with the quiz itself from the log, or `undefined` when there is no such quiz. */
export async function loadPublishedQuiz(
  store: EventStore,
  database: StoreDatabase,
  quizId: string,
): Promise<LoadedQuiz | undefined> {
  const published = await findPublishedQuiz(database, quizId)
  if (published === undefined) return undefined
  const events = await store.readStream(quizStream(quizId))
  const generated = events.find((event) => event.type === 'QuizGenerated')
  if (generated === undefined || generated.type !== 'QuizGenerated') return undefined
  return { published, quiz: Quiz.parse(generated.data.quiz), events }
}

/** What a student sent, from the attempt's `AttemptSubmitted` event. */
export function answersOf(events: readonly StoredEvent[], attemptId: string): StudentAnswers | undefined {
  for (const event of events) {
    if (event.type === 'AttemptSubmitted' && event.data.attemptId === attemptId) {
      return StudentAnswers.parse(event.data.answers)
    }
  }
  return undefined
}

export interface GradedAttempt {
  readonly attempt: Attempt
  readonly answers: StudentAnswers
  readonly grade: Grade
}

/**
 * The submitted attempts of a quiz, each graded again from its answers in the log (grading is pure, so this
 * gives the mark that was recorded, unless the quiz was re-keyed since).
 */
export async function gradedAttempts(
  database: StoreDatabase,
  loaded: LoadedQuiz,
): Promise<{ graded: GradedAttempt[]; unsubmitted: Attempt[] }> {
  const attempts = await listAttempts(database, loaded.published.quizId)
  const graded: GradedAttempt[] = []
  const unsubmitted: Attempt[] = []
  for (const attempt of attempts) {
    const answers = attempt.submittedAt === null ? undefined : answersOf(loaded.events, attempt.attemptId)
    if (answers === undefined) unsubmitted.push(attempt)
    else graded.push({ attempt, answers, grade: gradeAttempt(loaded.quiz, attempt.seed, answers) })
  }
  return { graded, unsubmitted }
}
