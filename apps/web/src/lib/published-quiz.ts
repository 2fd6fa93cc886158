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
  return versionBefore(loaded, started?.position)
}

function versionBefore(quiz: { versions: readonly QuizVersion[]; quiz: Quiz }, position: number | undefined) {
  if (position === undefined) return quiz.quiz
  let seen = quiz.versions[0]?.quiz ?? quiz.quiz
  for (const version of quiz.versions) if (version.position < position) seen = version.quiz
  return seen
}

/** What grading an attempt needs of a quiz: its newest version, and the version a given attempt was shown. */
export interface QuizVersions {
  readonly quiz: Quiz
  seenBy(attemptId: string): Quiz
}

/**
 * An attempt's answers as responses to the quiz's newest version: mapped back with the attempt's seed on the
 * version the student saw, then carried by option text to the newest, and graded there.
 */
export function markOf(
  versions: LoadedQuiz | QuizVersions,
  attempt: Pick<Attempt, 'attemptId' | 'seed'>,
  answers: StudentAnswers,
): { responses: Responses; grade: Grade } {
  const seen =
    'seenBy' in versions ? versions.seenBy(attempt.attemptId) : versionSeenBy(versions, attempt.attemptId)
  const asSeen = responsesFromStudent(seen, attempt.seed, answers)
  const responses = seen === versions.quiz ? asSeen : carryResponses(seen, versions.quiz, asSeen)
  return { responses, grade: gradeResponses(versions.quiz, responses) }
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

/** A published quiz as a student's pages need it, read from the log as of a moment during the request. */
export interface StudentQuizView extends QuizVersions {
  readonly published: PublishedQuiz
  /** What the attempt submitted, from its first `AttemptSubmitted` event. */
  answersOf(attemptId: string): StudentAnswers | undefined
  /** The attempt, when its `AttemptStarted` is in this quiz's stream. */
  startedAttempt(attemptId: string): StartedAttempt | undefined
}

/** What a quiz's stream says of its versions and attempts, as far as it has been read. */
interface QuizStreamState {
  /** The stream version read up to. */
  version: number
  readonly versions: QuizVersion[]
  /** Each attempt as its `AttemptStarted` recorded it. */
  readonly started: Map<string, StartedAttempt>
  /** What each attempt submitted first. */
  readonly answers: Map<string, StudentAnswers>
}

function emptyStreamState(): QuizStreamState {
  return { version: 0, versions: [], started: new Map(), answers: new Map() }
}

/** Adds the next events of the stream to what was read; they must follow on without a gap. */
function readInto(state: QuizStreamState, stream: string, events: readonly StoredEvent[]): void {
  for (const event of events) {
    if (event.streamVersion !== state.version + 1)
      throw new Error(`${stream}: expected version ${state.version + 1}, read ${event.streamVersion}`)
    if (event.type === 'QuizGenerated') {
      state.versions.push({ position: event.position, quiz: Quiz.parse(event.data.quiz) })
    } else if (event.type === 'AttemptStarted') {
      const { attemptId, attemptSeed, displayName } = event.data
      state.started.set(attemptId, { attemptId, seed: attemptSeed, displayName, position: event.position })
    } else if (event.type === 'AttemptSubmitted' && !state.answers.has(event.data.attemptId)) {
      state.answers.set(event.data.attemptId, StudentAnswers.parse(event.data.answers))
    }
    state.version = event.streamVersion
  }
}

/** An attempt as the log recorded its start: the same id, seed and name as its classroom row. */
export interface StartedAttempt extends Pick<Attempt, 'attemptId' | 'seed' | 'displayName'> {
  readonly position: number
}

/** What this instance has read of one quiz's stream: only ever added to, as the stream is. */
interface FollowedQuiz extends QuizStreamState {
  readonly published: PublishedQuiz
  readonly stream: string
  /** Tickets handed to callers, and the newest ticket that a finished read started after. */
  asked: number
  covered: number
  reading: Promise<void> | undefined
}

const MAX_FOLLOWED = 256
// Per store (so per database): a process may hold apps on several databases, as the tests do.
const followedByStore = new WeakMap<EventStore, Map<string, Promise<FollowedQuiz | undefined>>>()

/**
 * A published quiz for a student's request, without reading the whole stream each time: the quiz's versions,
 * which attempt started when and what each submitted are kept per instance and brought up to date with one
 * read of the events appended since, shared by the requests that wait for it. The log stays the truth: every
 * call waits for a read that started after it was made, so it sees every event committed before it, on any
 * instance (a re-key included), exactly as reading the whole stream would; the classroom row of a published
 * quiz never changes. `undefined` when there is no such quiz.
 */
export async function studentQuizView(
  store: EventStore,
  database: StoreDatabase,
  quizId: string,
): Promise<StudentQuizView | undefined> {
  let followed = followedByStore.get(store)
  if (followed === undefined) {
    followed = new Map()
    followedByStore.set(store, followed)
  }
  let entry = followed.get(quizId)
  if (entry === undefined) {
    entry = follow(database, quizId)
    if (followed.size >= MAX_FOLLOWED) followed.delete(followed.keys().next().value ?? '')
    followed.set(quizId, entry)
    // An unknown id is not kept: the quiz may be published later, and unknown ids must not fill the map.
    void entry.then(
      (quiz) => quiz === undefined && followed.get(quizId) === entry && followed.delete(quizId),
      () => followed.get(quizId) === entry && followed.delete(quizId),
    )
  }
  const quiz = await entry
  if (quiz === undefined) return undefined
  await catchUp(store, quiz)
  const newest = quiz.versions.at(-1)?.quiz
  if (newest === undefined) return undefined
  // A snapshot: later reads add versions and attempts, and this request must not see them half-way.
  const versions = quiz.versions.slice()
  return {
    published: quiz.published,
    quiz: newest,
    seenBy: (attemptId) => versionBefore({ versions, quiz: newest }, quiz.started.get(attemptId)?.position),
    answersOf: (attemptId) => quiz.answers.get(attemptId),
    startedAttempt: (attemptId) => quiz.started.get(attemptId),
  }
}

async function follow(database: StoreDatabase, quizId: string): Promise<FollowedQuiz | undefined> {
  const published = await findPublishedQuiz(database, quizId)
  if (published === undefined) return undefined
  const stream = quizStream(quizId)
  return { ...emptyStreamState(), published, stream, asked: 0, covered: 0, reading: undefined }
}

/** Waits until a read that started after this call has finished, starting one when none is running. */
async function catchUp(store: EventStore, quiz: FollowedQuiz): Promise<void> {
  const ticket = ++quiz.asked
  while (quiz.covered < ticket) {
    if (quiz.reading === undefined) {
      const covers = quiz.asked
      quiz.reading = readSince(store, quiz)
        .then(() => {
          quiz.covered = Math.max(quiz.covered, covers)
        })
        .finally(() => {
          quiz.reading = undefined
        })
    }
    await quiz.reading
  }
}

async function readSince(store: EventStore, quiz: FollowedQuiz): Promise<void> {
  readInto(quiz, quiz.stream, await store.readStream(quiz.stream, { fromVersion: quiz.version + 1 }))
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
  // Read the stream once, so that each attempt is found in a map rather than by a scan of every event.
  const state = emptyStreamState()
  readInto(state, quizStream(loaded.published.quizId), loaded.events)
  const versions: QuizVersions = {
    quiz: loaded.quiz,
    seenBy: (attemptId) => versionBefore(loaded, state.started.get(attemptId)?.position),
  }
  const graded: GradedAttempt[] = []
  const unsubmitted: Attempt[] = []
  for (const attempt of attempts) {
    const answers = attempt.submittedAt === null ? undefined : state.answers.get(attempt.attemptId)
    if (answers === undefined) unsubmitted.push(attempt)
    else graded.push({ attempt, answers, ...markOf(versions, attempt, answers) })
  }
  return { graded, unsubmitted }
}

/** A grade's marks per question, as `AttemptGraded` and `AttemptRegraded` record them. */
export function recordedMarks(grade: Grade) {
  return grade.questions.map(({ questionId, marks, maxMarks, status }) => ({
    questionId,
    marks,
    maxMarks,
    status,
  }))
}
