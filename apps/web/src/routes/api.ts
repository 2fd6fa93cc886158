import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { addTeacher, listTeachers, TeacherName } from '@storyledger/classroom'
import { isClassroomEventType, NewEventInput, StreamId } from '@storyledger/core'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../context.js'
import { requireTeacher } from '../middleware/session.js'
import { apiQuizRoutes } from './api-quizzes.js'
import { problem, refuseInvalid, teacherOnly } from './api-schemas.js'
import { apiStudentRoutes } from './api-students.js'
import { ReplayQuery, replay, STORY_PREFIX } from './stories.js'

const StoredEventSchema = z
  .object({
    eventId: z.string(),
    streamId: z.string(),
    streamVersion: z.number().int(),
    position: z.number().int(),
    type: z.string(),
    schemaVersion: z.number().int(),
    data: z
      .unknown()
      .openapi({ description: "The event's data, as the event catalogue defines it for its type" }),
    occurredOn: z.string(),
    reportedOn: z.string().optional(),
    recordedAt: z.string(),
    metadata: z.unknown().openapi({ description: 'Who recorded it, why, and the sources' }),
    leafHash: z.string(),
  })
  .openapi('StoredEvent')

const StreamInfoSchema = z
  .object({
    streamId: z.string(),
    version: z.number().int(),
    firstPosition: z.number().int(),
    lastPosition: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('StreamInfo')

const LogHeadSchema = z
  .object({ treeSize: z.number().int(), root: z.string(), lastRecordedAt: z.string().nullable() })
  .openapi('LogHead')

const VerificationSchema = z
  .object({
    ok: z.boolean(),
    treeSize: z.number().int().optional(),
    root: z.string().optional(),
    position: z.number().int().optional(),
    lastPosition: z.number().int().optional(),
    reason: z.string().optional(),
  })
  .openapi('Verification')

const AppendRequest = z
  .strictObject({
    streamId: StreamId,
    events: z.array(NewEventInput).min(1).max(1_000),
    expectedVersion: z
      .union([z.number().int().nonnegative(), z.enum(['no_stream', 'exists', 'any'])])
      .optional(),
  })
  .openapi('AppendRequest')

const AppendResultSchema = z
  .object({
    streamId: z.string(),
    streamVersion: z.number().int(),
    firstPosition: z.number().int(),
    lastPosition: z.number().int(),
    eventIds: z.array(z.string()).readonly(),
    recordedAt: z.string(),
    alreadyStored: z.boolean(),
  })
  .openapi('AppendResult')

const TeacherSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(['owner', 'teacher']),
    createdAt: z.string(),
    lastSignedInAt: z.string().nullable(),
  })
  .openapi('Teacher')

const EventsQuery = z.strictObject({
  stream: StreamId.optional().openapi({ description: "One stream's events, in version order" }),
  fromPosition: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1_000).optional(),
})

const ReplaySchema = z
  .object({
    asOf: z.string().optional(),
    knownOn: z.string().optional(),
    since: z.string().optional(),
    state: z
      .unknown()
      .openapi({ description: 'The state of the deal (parties, standings, partner, deadlines…)' }),
    entries: z
      .array(z.unknown())
      .readonly()
      .openapi({ description: 'The timeline of developments, in story order' }),
    changes: z
      .array(z.object({ kind: z.string(), text: z.string() }).loose())
      .readonly()
      .optional()
      .openapi({ description: 'What changed from `since` to `asOf`, when `since` is given' }),
  })
  .openapi('Replay')

/**
 * The JSON API, described by the OpenAPI document at `/api/openapi.json` (generated from these zod schemas).
 * Every validation failure is a 400 problem+json listing the issues.
 */
export const apiRoutes = new OpenAPIHono<AppEnv>({ defaultHook: refuseInvalid })

apiRoutes.openAPIRegistry.registerComponent('securitySchemes', 'session', {
  type: 'apiKey',
  in: 'cookie',
  name: 'sl_session',
  description: 'The session cookie set by signing in at /sign-in with a one-time link.',
})

apiRoutes.use('/me', requireTeacher())
apiRoutes.use('/teachers', requireTeacher('owner'))
apiRoutes.use('/log/verify', requireTeacher())
apiRoutes.on('POST', '/events', requireTeacher())

apiRoutes
  .openapi(
    createRoute({
      method: 'get',
      path: '/streams',
      summary: 'The streams of the log',
      responses: {
        200: {
          description: 'Every stream',
          content: { 'application/json': { schema: z.array(StreamInfoSchema) } },
        },
      },
    }),
    async (c) => {
      const streams = await c.var.deps.store.listStreams()
      // Quiz streams hold keys and attempts: only teachers see them.
      return c.json(c.var.teacher ? streams : streams.filter((s) => !s.streamId.startsWith('quiz/')), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/events',
      summary: "The log's events: one stream, or a page of the whole log",
      request: { query: EventsQuery },
      responses: {
        200: {
          description: 'Events',
          content: { 'application/json': { schema: z.array(StoredEventSchema) } },
        },
        400: problem('A bad query'),
      },
    }),
    async (c) => {
      const { stream, fromPosition, limit } = c.req.valid('query')
      const { store } = c.var.deps
      const events = stream
        ? await store.readStream(stream)
        : await store.readAll({ ...(fromPosition ? { fromPosition } : {}), ...(limit ? { limit } : {}) })
      // The classroom's events hold quiz keys and attempt seeds: only teachers see them.
      return c.json(c.var.teacher ? events : events.filter((e) => !isClassroomEventType(e.type)), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/events',
      summary: 'Record developments (teachers)',
      description:
        'Appends events to a stream, all or nothing, after checking each against the event catalogue. ' +
        'Client event ids make the append idempotent.',
      security: teacherOnly,
      request: { body: { required: true, content: { 'application/json': { schema: AppendRequest } } } },
      responses: {
        201: { description: 'Recorded', content: { 'application/json': { schema: AppendResultSchema } } },
        400: problem('An event does not fit the catalogue (every issue is listed)'),
        401: problem('Not signed in'),
        409: problem('The stream is not at the expected version, or an event id was reused'),
        413: problem('The body is too large'),
        422: problem('A correction or retraction points at an event the log does not hold'),
      },
    }),
    async (c) => {
      const { streamId, events, expectedVersion } = c.req.valid('json')
      const result = await c.var.deps.store.append(
        streamId,
        events,
        expectedVersion === undefined ? {} : { expectedVersion },
      )
      return c.json(result, 201)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/stories/{slug}/replay',
      summary: 'Replay a story as of a date (and as known on another), with what changed since a third',
      request: {
        params: z.object({ slug: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,150}$/) }),
        query: ReplayQuery,
      },
      responses: {
        200: { description: 'The replay', content: { 'application/json': { schema: ReplaySchema } } },
        400: problem('A date is not a calendar day'),
        404: problem('No such story'),
      },
    }),
    async (c) => {
      const { slug } = c.req.valid('param')
      const events = await c.var.deps.store.readStream(STORY_PREFIX + slug)
      if (events.length === 0) throw new HTTPException(404, { message: 'No such story' })
      const result = replay(events, c.req.valid('query'), c.var.deps.clock())
      return c.json(
        {
          ...(result.asOf ? { asOf: result.asOf } : {}),
          ...(result.knownOn ? { knownOn: result.knownOn } : {}),
          ...(result.since ? { since: result.since } : {}),
          state: result.state,
          entries: result.entries,
          ...(result.changes ? { changes: result.changes } : {}),
        },
        200,
      )
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/log/head',
      summary: "The log's size and Merkle root",
      responses: {
        200: { description: 'The head', content: { 'application/json': { schema: LogHeadSchema } } },
      },
    }),
    async (c) => c.json(await c.var.deps.store.head(), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/log/verify',
      summary: 'Recompute every hash and the Merkle tree (teachers)',
      security: teacherOnly,
      responses: {
        200: { description: 'The outcome', content: { 'application/json': { schema: VerificationSchema } } },
        401: problem('Not signed in'),
      },
    }),
    async (c) => c.json(await c.var.deps.store.verify(), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me',
      summary: 'The signed-in teacher',
      security: teacherOnly,
      responses: {
        200: { description: 'The teacher', content: { 'application/json': { schema: TeacherSchema } } },
        401: problem('Not signed in'),
      },
    }),
    (c) => {
      const teacher = c.var.teacher
      if (teacher === undefined) throw new HTTPException(401)
      return c.json(teacher, 200)
    },
  )

const AddTeacherRequest = z.strictObject({ name: TeacherName }).openapi('AddTeacherRequest')
const AddedTeacher = z
  .object({ teacher: TeacherSchema, signInUrl: z.string(), expiresAt: z.string() })
  .openapi('AddedTeacher', { description: 'The new teacher and a one-time sign-in link, shown only now' })

apiRoutes
  .openapi(
    createRoute({
      method: 'get',
      path: '/teachers',
      summary: 'The teachers (the owner only)',
      security: teacherOnly,
      responses: {
        200: {
          description: 'Every teacher',
          content: { 'application/json': { schema: z.array(TeacherSchema) } },
        },
        401: problem('Not signed in'),
        403: problem('Signed in, but not the owner'),
      },
    }),
    async (c) => c.json(await listTeachers(c.var.deps.database), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/teachers',
      summary: 'Add a teacher and get a one-time sign-in link (the owner only)',
      security: teacherOnly,
      request: { body: { required: true, content: { 'application/json': { schema: AddTeacherRequest } } } },
      responses: {
        201: { description: 'Added', content: { 'application/json': { schema: AddedTeacher } } },
        400: problem('No usable name'),
        401: problem('Not signed in'),
        403: problem('Signed in, but not the owner'),
        409: problem('A teacher of that name exists'),
      },
    }),
    async (c) => {
      const { database, clock } = c.var.deps
      const outcome = await addTeacher(database, { name: c.req.valid('json').name, now: clock() })
      if (!('token' in outcome))
        throw new HTTPException(409, { message: 'A teacher of that name already exists' })
      return c.json(
        {
          teacher: outcome.teacher,
          signInUrl: new URL(`/sign-in?token=${outcome.token}`, c.req.url).href,
          expiresAt: outcome.expiresAt,
        },
        201,
      )
    },
  )

apiRoutes.route('/quizzes', apiQuizRoutes)
apiRoutes.route('/', apiStudentRoutes)

apiRoutes.doc31('/openapi.json', {
  openapi: '3.1.0',
  // The paths are relative to where the app mounts this sub-app.
  servers: [{ url: '/api' }],
  info: {
    title: 'storyledger',
    version: '0.1.0',
    description:
      'A news story as an append-only, tamper-evident log of dated, sourced developments. Errors are RFC 9457 ' +
      'problem+json. Teacher operations need the session cookie of a signed-in teacher.',
  },
})
