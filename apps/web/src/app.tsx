import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { csrf } from 'hono/csrf'
import { secureHeaders } from 'hono/secure-headers'
import type { AppDeps, AppEnv, AppServices } from './context.js'
import { silentLogger } from './lib/logger.js'
import { storyLogs } from './lib/story-logs.js'
import { handleError } from './middleware/error-handler.js'
import { requestLog } from './middleware/request-log.js'
import { loadSession } from './middleware/session.js'
import { renderProblem } from './pages/problem-page.js'
import { apiRoutes } from './routes/api.js'
import { assetRoutes } from './routes/assets.js'
import { authRoutes } from './routes/auth.js'
import { classroomRoutes } from './routes/classroom.js'
import { developmentRoutes } from './routes/developments.js'
import { docsRoutes } from './routes/docs.js'
import { healthRoutes } from './routes/health.js'
import { logRoutes } from './routes/log.js'
import { quizRoutes } from './routes/quizzes.js'
import { storyRoutes } from './routes/stories.js'
import { teacherRoutes } from './routes/teachers.js'

export type { AppDeps } from './context.js'

/**
 * The web app: server-rendered pages and a JSON API over the log, one sub-app per resource. Sessions are signed
 * cookies and the only thing kept between requests is each story's events, refreshed from the log on every
 * read, so several instances can share one database.
 */
export function createApp(deps: AppDeps) {
  const withDefaults: Required<AppDeps> = {
    logger: silentLogger,
    production: false,
    maxBodyBytes: 64 * 1024,
    clock: () => new Date(),
    joinRateLimit: { limit: 20, windowMs: 60_000 },
    ...deps,
  }
  const resolved: AppServices = { ...withDefaults, storyLogs: storyLogs(withDefaults.store) }
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    c.set('deps', resolved)
    await next()
  })
  app.use(requestLog)
  app.use(
    secureHeaders({
      // Defence in depth behind escaping: no inline or outside script can run, and no page can frame ours.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  )
  app.use(
    bodyLimit({
      maxSize: resolved.maxBodyBytes,
      onError: (c) =>
        renderProblem(c, {
          title: 'The request body is too large',
          status: 413,
          code: 'BODY_TOO_LARGE',
          detail: `At most ${resolved.maxBodyBytes} bytes are accepted.`,
        }),
    }),
  )
  // Form posts must come from this site's own pages (Origin, or Sec-Fetch-Site, checked by hono/csrf).
  app.use(csrf())
  app.onError(handleError)
  app.notFound((c) => renderProblem(c, { title: 'Not found', status: 404, code: 'NOT_FOUND' }))

  // Before the session: these need no teacher and no database query.
  app.route('/', healthRoutes)
  app.route('/assets', assetRoutes)
  app.route('/docs', docsRoutes)

  app.use(loadSession)
  app.route('/', authRoutes)
  app.route('/', storyRoutes)
  app.route('/log', logRoutes)
  app.route('/developments', developmentRoutes)
  app.route('/teachers', teacherRoutes)
  app.route('/quizzes', quizRoutes)
  app.route('/', classroomRoutes)
  app.route('/api', apiRoutes)
  return app
}
