import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { findAttempt } from '@storyledger/classroom'
import { StudentAnswers, StudentQuiz, toStudentQuiz } from '@storyledger/quiz'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../context.js'
import {
  clientOf,
  JoinRequest,
  joinQuiz,
  signAttemptId,
  submitAnswers,
  verifiedAttemptId,
} from '../lib/attempts.js'
import { failWith } from '../lib/problem.js'
import { markOf, studentQuizView } from '../lib/published-quiz.js'
import { problem, refuseInvalid } from './api-schemas.js'

// The quiz package's schemas were made before `@hono/zod-openapi` extended zod, so they are described with `meta`.
const StudentQuizSchema = StudentQuiz.meta({
  id: 'StudentQuiz',
  description: "The quiz as a student sees it: stems and options with this attempt's opaque ids, and no key",
})

const JoinRequestSchema = JoinRequest.extend({}).openapi('JoinRequest')

const JoinedSchema = z
  .object({
    quizId: z.string(),
    attemptId: z.string(),
    attemptToken: z.string().openapi({
      description:
        'Send it as `Authorization: Bearer <token>` to read and submit this attempt; keep it secret',
    }),
    quiz: StudentQuizSchema,
  })
  .openapi('Joined')

const ScoreSchema = z
  .object({ submitted: z.literal(true), total: z.number(), maxTotal: z.number(), percentage: z.number() })
  .openapi('Score')

const AttemptSchema = z
  .union([z.object({ submitted: z.literal(false), quiz: StudentQuizSchema }), ScoreSchema])
  .openapi('Attempt', { description: 'The quiz to answer, or once submitted the score' })

const SubmitRequest = z.strictObject({ answers: StudentAnswers }).openapi('SubmitRequest', {
  description:
    "Per question id, the chosen option's opaque id, or for a chronology the items' ids in the order given",
})

const AttemptParam = z.object({ attemptId: z.string().min(1).max(100) })

const studentOnly = [{ attempt: [] }]

/** The attempt a bearer token names, when it is the attempt of the path; else 401. */
async function attemptFor(c: Context<AppEnv>, attemptId: string) {
  const header = c.req.header('authorization') ?? ''
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined
  if (verifiedAttemptId(c.var.deps.sessionSecret, token) !== attemptId) {
    failWith(c, {
      status: 401,
      title: "Send this attempt's token as Authorization: Bearer",
      code: 'NO_ATTEMPT',
    })
  }
  const attempt = await findAttempt(c.var.deps.database, attemptId)
  const view = attempt && (await studentQuizView(c.var.deps.store, c.var.deps.database, attempt.quizId))
  const started = view?.startedAttempt(attemptId)
  if (attempt === undefined || view === undefined || started === undefined)
    throw new HTTPException(404, { message: 'No such attempt' })
  return { attempt: started, view }
}

/**
 * Students, for a client of their own: join with a code and a name, read the quiz (no key in it), submit once.
 * An attempt is named by a signed token instead of the pages' cookie; nothing here needs a teacher.
 */
export const apiStudentRoutes = new OpenAPIHono<AppEnv>({ defaultHook: refuseInvalid })

apiStudentRoutes.openAPIRegistry.registerComponent('securitySchemes', 'attempt', {
  type: 'http',
  scheme: 'bearer',
  description: 'The `attemptToken` that joining gave',
})

apiStudentRoutes
  .openapi(
    createRoute({
      method: 'post',
      path: '/join',
      summary: 'Join a quiz with its code: starts an attempt and gives the quiz to answer',
      request: { body: { required: true, content: { 'application/json': { schema: JoinRequestSchema } } } },
      responses: {
        201: { description: 'Joined', content: { 'application/json': { schema: JoinedSchema } } },
        400: problem('No usable code or name, or no quiz has this code'),
        429: problem('Too many tries to join from this address: wait a minute'),
      },
    }),
    async (c) => {
      const joined = await joinQuiz(c.var.deps, clientOf(c), c.req.valid('json'))
      if (!joined.ok && joined.reason === 'TOO_MANY_TRIES') {
        failWith(c, { status: 429, title: 'Too many tries to join', code: 'TOO_MANY_TRIES' })
      }
      if (!joined.ok) {
        failWith(c, {
          status: 400,
          title: 'No quiz can be joined with this',
          code: 'INVALID_ARGUMENT',
          issues: Object.entries(joined.errors).map(([field, message]) => ({
            path: [field],
            message,
            code: 'custom',
          })),
        })
      }
      const { quiz, attempt } = joined
      const view = await studentQuizView(c.var.deps.store, c.var.deps.database, quiz.quizId)
      if (view === undefined) throw new Error(`quiz ${quiz.quizId} was found by its code but has no stream`)
      return c.json(
        {
          quizId: quiz.quizId,
          attemptId: attempt.attemptId,
          attemptToken: signAttemptId(c.var.deps.sessionSecret, attempt.attemptId),
          quiz: toStudentQuiz(view.seenBy(attempt.attemptId), attempt.seed),
        },
        201,
      )
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/attempts/{attemptId}',
      summary: 'The quiz to answer, or once submitted the score',
      security: studentOnly,
      request: { params: AttemptParam },
      responses: {
        200: { description: 'The attempt', content: { 'application/json': { schema: AttemptSchema } } },
        401: problem("No token, or not this attempt's"),
        404: problem('No such attempt'),
      },
    }),
    async (c) => {
      const { attempt, view } = await attemptFor(c, c.req.valid('param').attemptId)
      const answers = view.answersOf(attempt.attemptId)
      if (answers === undefined) {
        return c.json(
          { submitted: false as const, quiz: toStudentQuiz(view.seenBy(attempt.attemptId), attempt.seed) },
          200,
        )
      }
      const { total, maxTotal, percentage } = markOf(view, attempt, answers).grade
      return c.json({ submitted: true as const, total, maxTotal, percentage }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/attempts/{attemptId}/submit',
      summary: 'Submit the answers once: the server grades them and records both in the log',
      security: studentOnly,
      request: {
        params: AttemptParam,
        body: { required: true, content: { 'application/json': { schema: SubmitRequest } } },
      },
      responses: {
        200: { description: 'Graded', content: { 'application/json': { schema: ScoreSchema } } },
        400: problem('The answers do not fit'),
        401: problem("No token, or not this attempt's"),
        404: problem('No such attempt'),
        409: problem('Already submitted: nothing was graded or written again'),
      },
    }),
    async (c) => {
      const { attempt, view } = await attemptFor(c, c.req.valid('param').attemptId)
      const submitted = await submitAnswers(c.var.deps, view, attempt, c.req.valid('json').answers)
      if (!submitted.ok) {
        failWith(c, {
          status: 409,
          title: 'This attempt was already submitted',
          code: 'ALREADY_SUBMITTED',
        })
      }
      const { total, maxTotal, percentage } = submitted.grade
      return c.json({ submitted: true as const, total, maxTotal, percentage }, 200)
    },
  )
