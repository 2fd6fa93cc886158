import { createHmac, timingSafeEqual } from 'node:crypto'
import {
  type Attempt,
  allowJoinTry,
  claimSubmission,
  DisplayName,
  findQuizByJoinCode,
  normaliseJoinCode,
  type PublishedQuiz,
  releaseClaim,
  startAttempt,
} from '@storyledger/classroom'
import { classroomDayOf } from '@storyledger/core'
import type { Grade, StudentAnswers } from '@storyledger/quiz'
import type { Context } from 'hono'
import { z } from 'zod'
import type { AppDeps, AppEnv } from '../context.js'
import { markOf, quizStream, recordedMarks, type StudentQuizView } from './published-quiz.js'

type Deps = Required<AppDeps>

/** The client's address as the server socket saw it (never a header a client can set): what joining is limited by. */
export function clientOf(c: Context<AppEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined
  const address = env?.incoming?.socket?.remoteAddress
  return typeof address === 'string' ? address : 'local'
}

/** What a student sends to join: the code the teacher gave and the name the teacher will see. */
export const JoinRequest = z.strictObject({
  code: z
    .string()
    .max(40)
    .refine((s) => normaliseJoinCode(s) !== undefined, 'a code looks like K3X9-7QWE'),
  name: DisplayName,
})
export type JoinRequest = z.infer<typeof JoinRequest>

export type JoinOutcome =
  | { readonly ok: true; readonly quiz: PublishedQuiz; readonly attempt: Attempt }
  | { readonly ok: false; readonly reason: 'TOO_MANY_TRIES' }
  | { readonly ok: false; readonly reason: 'INVALID'; readonly errors: Record<string, string> }

/**
 * Starts an attempt: the try counts against the client's rate limit first (so guessing codes is slow), then
 * the code is looked up by its hash, the attempt's row is written and its `AttemptStarted` appended.
 */
export async function joinQuiz(deps: Deps, client: string, raw: unknown): Promise<JoinOutcome> {
  const { database, store, clock, joinRateLimit } = deps
  if (!(await allowJoinTry(database, client, { ...joinRateLimit, now: clock() })))
    return { ok: false, reason: 'TOO_MANY_TRIES' }
  const parsed = JoinRequest.safeParse(raw)
  const errors: Record<string, string> = {}
  if (!parsed.success)
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'body')] ??= issue.message
  const quiz = parsed.success ? await findQuizByJoinCode(database, parsed.data.code) : undefined
  if (parsed.success && quiz === undefined) errors.code = 'No quiz has this code: check it with your teacher'
  if (!parsed.success || quiz === undefined) return { ok: false, reason: 'INVALID', errors }
  const now = clock()
  const attempt = await startAttempt(database, { quizId: quiz.quizId, displayName: parsed.data.name, now })
  await store.append(
    quizStream(quiz.quizId),
    [
      {
        type: 'AttemptStarted',
        data: {
          quizId: quiz.quizId,
          attemptId: attempt.attemptId,
          displayName: attempt.displayName,
          attemptSeed: attempt.seed,
        },
        occurredOn: classroomDayOf(now),
        metadata: { recordedBy: `student ${attempt.displayName}`, sources: [] },
      },
    ],
    { expectedVersion: 'exists' },
  )
  return { ok: true, quiz, attempt }
}

/**
 * Grades and records a submission: the attempt is claimed first, so a second submission (another tab, a double
 * click, a retrying client) grades nothing and writes nothing.
 */
export async function submitAnswers(
  deps: Deps,
  view: StudentQuizView,
  attempt: Pick<Attempt, 'attemptId' | 'seed' | 'displayName'>,
  answers: StudentAnswers,
): Promise<
  { readonly ok: true; readonly grade: Grade } | { readonly ok: false; readonly reason: 'ALREADY_SUBMITTED' }
> {
  const { database, store, clock } = deps
  const quizId = view.published.quizId
  const { grade } = markOf(view, attempt, answers)
  const now = clock()
  if (!(await claimSubmission(database, attempt.attemptId, grade, { now })))
    return { ok: false, reason: 'ALREADY_SUBMITTED' }
  const day = classroomDayOf(now)
  const metadata = { recordedBy: `student ${attempt.displayName}`, sources: [] }
  const ids = { quizId, attemptId: attempt.attemptId }
  try {
    await appendSubmission()
  } catch (error) {
    // Not recorded, so not submitted: give the claim back so that the student can send the answers again.
    await releaseClaim(database, attempt.attemptId, now)
    throw error
  }
  return { ok: true, grade }

  function appendSubmission() {
    return store.append(
      quizStream(quizId),
      [
        { type: 'AttemptSubmitted', data: { ...ids, answers }, occurredOn: day, metadata },
        {
          type: 'AttemptGraded',
          data: {
            ...ids,
            marks: recordedMarks(grade),
            total: grade.total,
            maxTotal: grade.maxTotal,
            percentage: grade.percentage,
          },
          occurredOn: day,
          metadata: { ...metadata, recordedBy: 'storyledger grader' },
        },
      ],
      { expectedVersion: 'exists' },
    )
  }
}

/**
 * An attempt's id signed with the app's secret: the value of the attempt cookie, and the bearer token of the
 * API. The same format as hono's signed cookies (value, a dot, base64 HMAC-SHA256).
 */
export function signAttemptId(secret: string, attemptId: string): string {
  return `${attemptId}.${createHmac('sha256', secret).update(attemptId).digest('base64')}`
}

/**
 * The attempt id in a signed value, or `undefined` when its signature is wrong. Checked with node:crypto at
 * once rather than through WebCrypto's asynchronous key import and verify on every request.
 */
export function verifiedAttemptId(secret: string, value: string | undefined): string | undefined {
  const dot = value?.lastIndexOf('.') ?? -1
  if (value === undefined || dot < 0) return undefined
  const signed = value.slice(0, dot)
  const signature = Buffer.from(value.slice(dot + 1))
  const expected = Buffer.from(createHmac('sha256', secret).update(signed).digest('base64'))
  return signature.length === expected.length && timingSafeEqual(signature, expected) ? signed : undefined
}
