import { randomBytes } from 'node:crypto'
import {
  createJoinCode,
  joinCodeHash,
  recordPublishedQuiz,
  recordRegrades,
  type Teacher,
} from '@storyledger/classroom'
import { CalendarDay, classroomDayOf, type StoredEvent, StreamId } from '@storyledger/core'
import {
  type Blueprint,
  carryResponses,
  type GenerateResult,
  generateQuiz,
  gradeResponses,
  QuestionKind,
  type Quiz,
  type RekeyResult,
  rekey,
  toGift,
  toMoodleXml,
  toQtiPackage,
} from '@storyledger/quiz'
import { z } from 'zod'
import type { AppServices } from '../context.js'
import {
  type GradedAttempt,
  gradedAttempts,
  type LoadedQuiz,
  quizStream,
  recordedMarks,
} from './published-quiz.js'

type Deps = AppServices

const Weight = z.coerce.number().min(0).max(100)

/**
 * What a teacher asks for: a blueprint, as the quiz form's query string or as JSON. `knownAt` and `logPosition`
 * pin a quiz that was generated before, so that its preview, export and publication are the same quiz.
 */
export const QuizRequest = z.strictObject({
  storyId: StreamId,
  asOf: CalendarDay,
  count: z.coerce.number().int().min(1).max(30),
  kinds: z.array(QuestionKind).min(1, 'choose at least one kind of question'),
  easy: Weight.default(1),
  medium: Weight.default(2),
  hard: Weight.default(1),
  seed: z.string().trim().min(1).max(200),
  knownAt: z.iso.datetime({ offset: false }).optional(),
  logPosition: z.coerce.number().int().min(0).optional(),
  /** Questions the teacher re-rolled, by number, in the order asked. */
  rerolls: z.array(z.coerce.number().int().min(1).max(30)).max(50).default([]),
})
export type QuizRequest = z.infer<typeof QuizRequest>

/** Generates the quiz a request describes, from the story as the log holds it (or held it at `logPosition`). */
export async function generateRequested(
  deps: Deps,
  request: QuizRequest,
): Promise<{ result: GenerateResult; events: readonly StoredEvent[] }> {
  const { store, clock, storyLogs } = deps
  // The position first: the events read after it hold every one up to it (later ones are left out).
  const logPosition = request.logPosition ?? (await store.head()).treeSize
  const events = await storyLogs.read(request.storyId)
  const blueprint: Blueprint = {
    storyId: request.storyId,
    asOf: request.asOf,
    knownAt: request.knownAt ?? clock().toISOString(),
    count: request.count,
    kinds: request.kinds,
    difficulty: { easy: request.easy, medium: request.medium, hard: request.hard },
    seed: request.seed,
    ...(request.rerolls.length > 0 ? { rerolls: request.rerolls } : {}),
  }
  return { result: generateQuiz({ events, logPosition }, blueprint), events }
}

/**
 * Publishes a generated quiz: its `QuizGenerated` and `QuizPublished` events in one append, then the row that
 * finds it by join code. The join code is returned once; only its hash is kept.
 */
export async function publishQuiz(
  deps: Deps,
  teacher: Teacher,
  quiz: Quiz,
  options: { showAnswers: boolean },
): Promise<{ quizId: string; joinCode: string }> {
  const { store, database, clock } = deps
  // The quiz id names the content; a publication adds random digits, so one quiz can go to several classes.
  const quizId = `${quiz.id}-${randomBytes(3).toString('hex')}`
  const joinCode = createJoinCode()
  const now = clock()
  const metadata = { recordedBy: `teacher ${teacher.name}`, sources: [] }
  await store.append(
    quizStream(quizId),
    [
      {
        type: 'QuizGenerated',
        data: {
          quizId,
          storyId: quiz.blueprint.storyId,
          blueprint: quiz.blueprint,
          logPosition: quiz.logPosition,
          quiz,
          teacherId: teacher.id,
        },
        occurredOn: classroomDayOf(now),
        metadata,
      },
      {
        type: 'QuizPublished',
        data: {
          quizId,
          joinCodeHash: joinCodeHash(joinCode),
          showAnswers: options.showAnswers,
          teacherId: teacher.id,
        },
        occurredOn: classroomDayOf(now),
        metadata,
      },
    ],
    { expectedVersion: 'no_stream' },
  )
  await recordPublishedQuiz(database, {
    quizId,
    teacherId: teacher.id,
    storyId: quiz.blueprint.storyId,
    joinCode,
    showAnswers: options.showAnswers,
    now,
  })
  return { quizId, joinCode }
}

/** What `rekey` found for a published quiz against the story as the log holds it now. */
export async function rekeyOf(deps: Deps, loaded: LoadedQuiz): Promise<RekeyResult> {
  return rekey(loaded.quiz, await deps.storyLogs.read(loaded.quiz.blueprint.storyId))
}

/** Only the changes that can move a mark: new feedback wording alone is no reason to regrade. */
export function affectedQuestions(result: RekeyResult): RekeyResult['changes'] {
  return result.needsRegrade ? result.changes.filter((change) => change.status !== 'unchanged') : []
}

/**
 * Re-keys a published quiz against the log as it stands and regrades every submitted attempt: the new version
 * and the regrades are one append to the quiz's stream.
 */
export async function rekeyAndRegrade(
  deps: Deps,
  teacher: Teacher,
  loaded: LoadedQuiz,
): Promise<{ regraded: number; changed: number }> {
  const { store, database, clock } = deps
  const before = await gradedAttempts(database, loaded)
  const result = await rekeyOf(deps, loaded)
  const quizId = loaded.published.quizId
  const day = classroomDayOf(clock())
  const metadata = { recordedBy: `teacher ${teacher.name}`, sources: [] }
  const changed = result.changes.filter((x) => x.status !== 'unchanged').length
  const generated = {
    type: 'QuizGenerated',
    data: {
      quizId,
      storyId: result.quiz.blueprint.storyId,
      blueprint: result.quiz.blueprint,
      logPosition: result.quiz.logPosition,
      quiz: result.quiz,
      teacherId: teacher.id,
    },
    occurredOn: day,
    metadata: { ...metadata, reason: 're-keyed against corrections recorded since' },
  }
  // Regrade against the new version: each attempt's responses carried by option text.
  const regrades = before.graded.map((g) => {
    const grade = gradeResponses(result.quiz, carryResponses(loaded.quiz, result.quiz, g.responses))
    return {
      type: 'AttemptRegraded',
      data: {
        quizId,
        attemptId: g.attempt.attemptId,
        marks: recordedMarks(grade),
        total: grade.total,
        maxTotal: grade.maxTotal,
        percentage: grade.percentage,
        reason: `re-keyed: ${changed} question(s) changed`,
      },
      occurredOn: day,
      metadata: { ...metadata, recordedBy: 'storyledger grader' },
    }
  })
  await store.append(quizStream(quizId), [generated, ...(result.needsRegrade ? regrades : [])], {
    expectedVersion: 'exists',
  })
  // The rows are copies for listing; the log, written first, is the truth the results are computed from.
  if (result.needsRegrade)
    await recordRegrades(
      database,
      regrades.map((r) => r.data),
    )
  return { regraded: result.needsRegrade ? regrades.length : 0, changed }
}

export const ExportFormat = z.enum(['xml', 'gift', 'qti', 'csv'])
export type ExportFormat = z.infer<typeof ExportFormat>

/** A published quiz as a file: Moodle XML, GIFT, a QTI 2.1 package, or its results as CSV. */
export async function exportPublished(
  deps: Deps,
  loaded: LoadedQuiz,
  format: ExportFormat,
): Promise<{ body: string | ArrayBuffer; contentType: string; filename: string }> {
  const { quiz } = loaded
  const name = loaded.published.quizId
  switch (format) {
    case 'xml':
      return {
        body: toMoodleXml(quiz),
        contentType: 'application/xml; charset=utf-8',
        filename: `${name}.xml`,
      }
    case 'gift':
      return { body: toGift(quiz), contentType: 'text/plain; charset=utf-8', filename: `${name}.gift.txt` }
    case 'qti':
      return {
        body: toQtiPackage(quiz).slice().buffer,
        contentType: 'application/zip',
        filename: `${name}.qti.zip`,
      }
    case 'csv': {
      const { graded } = await gradedAttempts(deps.database, loaded)
      return {
        body: resultsCsv(quiz, graded),
        contentType: 'text/csv; charset=utf-8',
        filename: `${name}.results.csv`,
      }
    }
  }
}

/** One row per submitted attempt; a cell that a spreadsheet would read as a formula is quoted as text. */
export function resultsCsv(quiz: Quiz, graded: readonly GradedAttempt[]): string {
  const cell = (value: string | number) => {
    let text = String(value)
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  const header = ['student', 'submitted', 'total', 'max', 'percentage', ...quiz.questions.map((q) => q.id)]
  const rows = graded.map((g) => [
    g.attempt.displayName,
    g.attempt.submittedAt ?? '',
    g.grade.total,
    g.grade.maxTotal,
    Math.round(g.grade.percentage * 100) / 100,
    ...g.grade.questions.map((q) => q.marks),
  ])
  return `${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`
}
