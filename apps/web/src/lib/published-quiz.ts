import { type Attempt, findPublishedQuiz, listAttempts, type PublishedQuiz } from '@storyledger/classroom'
import { PublishedQuizId, type StoredEvent } from '@storyledger/core'
import type { EventStore, StoreDatabase } from '@storyledger/core/store'
import {
  carryResponses,
  type Grade,
  gradeResponses,
  Quiz,
  type Responses,
  responsesFromStudent,
  StudentAnswers,
} from '@storyledger/quiz'

/** The stream a published quiz's events live in. */
export function quizStream(quizId: string): string {
  return `quiz/${PublishedQuizId.parse(quizId)}`
}

export interface QuizVersion {
  /** The log position of the `QuizGenerated` event that holds this version. */
  readonly position: number
  readonly quiz: Quiz
}

export interface LoadedQuiz {
  readonly published: PublishedQuiz
  /** The quiz as last generated (a re-key generates it again), parsed by the quiz package. */
  readonly quiz: Quiz
  /** Every version of the quiz, first the one published. */
  readonly versions: readonly QuizVersion[]
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
  const versions: QuizVersion[] = []
  for (const event of events) {
    if (event.type === 'QuizGenerated')
      versions.push({ position: event.position, quiz: Quiz.parse(event.data.quiz) })
  }
  const latest = versions.at(-1)
  if (latest === undefined) return undefined
  return { published, quiz: latest.quiz, versions, events }
}

/** The version of the quiz an attempt was shown: the newest one generated before the attempt started. */
export function versionSeenBy(loaded: LoadedQuiz, attemptId: string): Quiz {
  const started = loaded.events.find((e) => e.type === 'AttemptStarted' && e.data.attemptId === attemptId)
  if (started === undefined) return loaded.quiz
  let seen = loaded.versions[0]?.quiz ?? loaded.quiz
  for (const version of loaded.versions) if (version.position < started.position) seen = version.quiz
  return seen
}

/**
 * An attempt's answers as responses to the quiz's newest version: mapped back with the attempt's seed on the
 * version the student saw, then carried by option text to the newest, and graded there.
 */
export function markOf(
  loaded: LoadedQuiz,
  attempt: Pick<Attempt, 'attemptId' | 'seed'>,
  answers: StudentAnswers,
): { responses: Responses; grade: Grade } {
  const seen = versionSeenBy(loaded, attempt.attemptId)
  const asSeen = responsesFromStudent(seen, attempt.seed, answers)
  const responses = seen === loaded.quiz ? asSeen : carryResponses(seen, loaded.quiz, asSeen)
  return { responses, grade: gradeResponses(loaded.quiz, responses) }
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
  readonly responses: Responses
  readonly grade: Grade
}

/**
 * The submitted attempts of a quiz, each graded from its answers in the log against the quiz's newest
 * version (grading is pure, so before any re-key this is the mark that was recorded).
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
    else graded.push({ attempt, answers, ...markOf(loaded, attempt, answers) })
  }
  return { graded, unsubmitted }
}
