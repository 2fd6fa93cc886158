import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../context.js'

/** One structured line per request: method, path (no query: it may carry a sign-in token), status, duration. */
export const requestLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now()
  await next()
  const fields = {
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
  }
  const { logger } = c.var.deps
  if (c.res.status >= 500) logger.error('request', fields)
  else logger.info('request', fields)
}
