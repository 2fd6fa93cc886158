import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { listPublishedQuizzes } from '@storyledger/classroom'
import { PublishedQuizId } from '@storyledger/core'
import { itemStatistics, Quiz } from '@storyledger/quiz'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../context.js'
import { failWith } from '../lib/problem.js'
import { gradedAttempts, loadPublishedQuiz, recordedMarks } from '../lib/published-quiz.js'
import {
  affectedQuestions,
  ExportFormat,
  exportPublished,
  generateRequested,
  publishQuiz,
  QuizRequest,
  rekeyAndRegrade,
  rekeyOf,
} from '../lib/quiz-actions.js'
import { requireTeacher } from '../middleware/session.js'
import { problem, refuseInvalid, teacherOnly } from './api-schemas.js'

const QuizRequestSchema = QuizRequest.openapi('QuizRequest', {
  description:
    'A blueprint: the story, the date the quiz is about (`asOf`), how many questions of which kinds, the ' +
    'difficulty weights and a seed. `knownAt` and `logPosition` pin a quiz generated before.',
})

// The quiz package's schema was made before `@hono/zod-openapi` extended zod, so it is described with `meta`.
const QuizSchema = Quiz.meta({
  id: 'Quiz',
  description: 'A generated quiz with its keys, feedback and provenance (for teachers only)',
})

const PublishRequest = QuizRequest.extend({
  showAnswers: z
    .boolean()
    .default(true)
    .openapi({ description: 'Whether students see the right answers and feedback after submitting' }),
}).openapi('PublishRequest')

const PublishedSchema = z
  .object({
    quizId: z.string(),
    joinCode: z.string().openapi({ description: 'Shown only now: only its hash is kept' }),
    joinUrl: z.string(),
    quiz: QuizSchema,
  })
  .openapi('Published')

const PublishedQuizSchema = z
  .object({
    quizId: z.string(),
    teacherId: z.string(),
    storyId: z.string(),
    showAnswers: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('PublishedQuiz')

const Mark = z.object({
  questionId: z.string(),
  marks: z.number(),
  maxMarks: z.number(),
  status: z.string(),
})

const ResultsSchema = z
  .object({
    quizId: z.string(),
    storyId: z.string(),
    asOf: z.string(),
    attempts: z.array(
      z.object({
        attemptId: z.string(),
        displayName: z.string(),
        submittedAt: z.string().nullable(),
        total: z.number(),
        maxTotal: z.number(),
        percentage: z.number(),
        marks: z.array(Mark),
      }),
    ),
    unsubmitted: z.number().int().openapi({ description: 'Students who joined and have not submitted yet' }),
    statistics: z.unknown().openapi({
      description:
        "Moodle's item statistics: per question the facility index, standard deviation, discrimination index " +
        "and discriminative efficiency; for the quiz the mean, Cronbach's alpha, error ratio and standard error",
    }),
    affectedQuestions: z
      .array(
        z.object({
          questionId: z.string(),
          status: z.string(),
          keyBefore: z.string(),
          keyAfter: z.string().optional(),
        }),
      )
      .openapi({
        description: 'Questions a correction or retraction recorded since has changed (re-key them)',
      }),
  })
  .openapi('Results')

const QuizIdParam = z.object({
  quizId: PublishedQuizId.describe('The published quiz, as publishing named it'),
})

async function publishedOr404(c: Context<AppEnv>, quizId: string) {
  const loaded = await loadPublishedQuiz(c.var.deps.store, c.var.deps.database, quizId)
  if (loaded === undefined) throw new HTTPException(404, { message: 'No such quiz' })
  return loaded
}

function teacherOf(c: Context<AppEnv>) {
  const teacher = c.var.teacher
  if (teacher === undefined) throw new HTTPException(401)
  return teacher
}

/** Teachers' quiz operations, as the quiz pages offer them: preview, publish, results, re-key, export. */
export const apiQuizRoutes = new OpenAPIHono<AppEnv>({ defaultHook: refuseInvalid })

apiQuizRoutes.use('*', requireTeacher())

/** Why no quiz could be made (too few facts as of that date for the kinds asked…): a 422 problem. */
function noQuiz(c: Context<AppEnv>, result: { reason: string; detail: string }): never {
  failWith(c, { status: 422, title: `No quiz: ${result.detail}`, code: result.reason })
}

apiQuizRoutes
  .openapi(
    createRoute({
      method: 'post',
      path: '/preview',
      summary: 'Generate a quiz and see it with its keys, without publishing it',
      security: teacherOnly,
      request: { body: { required: true, content: { 'application/json': { schema: QuizRequestSchema } } } },
      responses: {
        200: { description: 'The quiz', content: { 'application/json': { schema: QuizSchema } } },
        400: problem('The blueprint does not fit'),
        401: problem('Not signed in'),
        422: problem('No quiz can be made from the story as of that date (the reason says why)'),
      },
    }),
    async (c) => {
      const { result } = await generateRequested(c.var.deps, c.req.valid('json'))
      if (!result.ok) noQuiz(c, result)
      return c.json(result.quiz, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Generate and publish a quiz: students join with the code',
      security: teacherOnly,
      request: { body: { required: true, content: { 'application/json': { schema: PublishRequest } } } },
      responses: {
        201: { description: 'Published', content: { 'application/json': { schema: PublishedSchema } } },
        400: problem('The blueprint does not fit'),
        401: problem('Not signed in'),
        422: problem('No quiz can be made from the story as of that date (the reason says why)'),
      },
    }),
    async (c) => {
      const { showAnswers, ...request } = c.req.valid('json')
      const { result } = await generateRequested(c.var.deps, request)
      if (!result.ok) noQuiz(c, result)
      const { quizId, joinCode } = await publishQuiz(c.var.deps, teacherOf(c), result.quiz, { showAnswers })
      const joinUrl = new URL(`/join?code=${joinCode}`, c.req.url).href
      return c.json({ quizId, joinCode, joinUrl, quiz: result.quiz }, 201)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'The published quizzes, newest first',
      security: teacherOnly,
      responses: {
        200: {
          description: 'Every published quiz',
          content: { 'application/json': { schema: z.array(PublishedQuizSchema) } },
        },
        401: problem('Not signed in'),
      },
    }),
    async (c) => c.json(await listPublishedQuizzes(c.var.deps.database), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{quizId}/results',
      summary: "Each student's marks and the quiz's item statistics",
      security: teacherOnly,
      request: { params: QuizIdParam },
      responses: {
        200: { description: 'The results', content: { 'application/json': { schema: ResultsSchema } } },
        400: problem('Not a quiz id'),
        401: problem('Not signed in'),
        404: problem('No such quiz'),
      },
    }),
    async (c) => {
      const loaded = await publishedOr404(c, c.req.valid('param').quizId)
      const { graded, unsubmitted } = await gradedAttempts(c.var.deps.database, loaded)
      const { quiz } = loaded
      return c.json(
        {
          quizId: loaded.published.quizId,
          storyId: quiz.blueprint.storyId,
          asOf: quiz.blueprint.asOf,
          attempts: graded.map(({ attempt, grade }) => ({
            attemptId: attempt.attemptId,
            displayName: attempt.displayName,
            submittedAt: attempt.submittedAt,
            total: grade.total,
            maxTotal: grade.maxTotal,
            percentage: grade.percentage,
            marks: recordedMarks(grade),
          })),
          unsubmitted: unsubmitted.length,
          statistics: itemStatistics(graded.map((g) => g.grade)),
          affectedQuestions: [...affectedQuestions(await rekeyOf(c.var.deps, loaded))],
        },
        200,
      )
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{quizId}/rekey',
      summary: 'Re-key the quiz against the log as it stands and regrade every submitted attempt',
      security: teacherOnly,
      request: { params: QuizIdParam },
      responses: {
        200: {
          description: 'Re-keyed; both the new version and the regrades are in the log',
          content: {
            'application/json': {
              schema: z.object({ changedQuestions: z.number().int(), regradedAttempts: z.number().int() }),
            },
          },
        },
        400: problem('Not a quiz id'),
        401: problem('Not signed in'),
        404: problem('No such quiz'),
      },
    }),
    async (c) => {
      const loaded = await publishedOr404(c, c.req.valid('param').quizId)
      const { changed, regraded } = await rekeyAndRegrade(c.var.deps, teacherOf(c), loaded)
      return c.json({ changedQuestions: changed, regradedAttempts: regraded }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{quizId}/export/{format}',
      summary: 'The quiz as Moodle XML, GIFT or a QTI 2.1 package (Canvas), or its results as CSV',
      security: teacherOnly,
      request: {
        params: QuizIdParam.extend({
          format: ExportFormat.describe(
            'xml (Moodle), gift, qti (a QTI 2.1 zip for Canvas) or csv (the results)',
          ),
        }),
      },
      responses: {
        200: {
          description: 'The file, as an attachment',
          content: {
            'application/xml': { schema: z.string() },
            'text/plain': { schema: z.string() },
            'application/zip': { schema: z.string().openapi({ format: 'binary' }) },
            'text/csv': { schema: z.string() },
          },
        },
        400: problem('Not a quiz id or not a format'),
        401: problem('Not signed in'),
        404: problem('No such quiz'),
      },
    }),
    async (c) => {
      const { quizId, format } = c.req.valid('param')
      const file = await exportPublished(c.var.deps, await publishedOr404(c, quizId), format)
      return c.body(file.body, 200, {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename}"`,
      })
    },
  )
