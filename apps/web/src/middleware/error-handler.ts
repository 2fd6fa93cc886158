import { issuesFrom, StoryledgerError } from '@storyledger/core'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ZodError } from 'zod'
import type { AppEnv } from '../context.js'
import { renderProblem } from '../pages/problem-page.js'

const statusByCode: Record<string, ContentfulStatusCode> = {
  EVENT_INVALID: 400,
  INVALID_ARGUMENT: 400,
  STREAM_VERSION_CONFLICT: 409,
  EVENT_ID_REUSED: 409,
  UNKNOWN_EVENT_REFERENCE: 422,
}

/** The one place errors become HTTP statuses: typed errors and zod failures are 4xx, the rest a bare 500. */
export function handleError(error: Error, c: Context<AppEnv>): Response | Promise<Response> {
  if (error instanceof StoryledgerError) {
    const status = statusByCode[error.code]
    if (status !== undefined) {
      return renderProblem(c, { title: error.message, status, code: error.code, ...error.details })
    }
  }
  if (error instanceof ZodError) {
    return renderProblem(c, {
      title: 'The request does not fit',
      status: 400,
      code: 'INVALID_ARGUMENT',
      issues: issuesFrom(error),
    })
  }
  // A handler that already wrote its problem (a typed OpenAPI route cannot return one) throws it with `res`.
  if (error instanceof HTTPException && error.res !== undefined && error.status < 500) return error.res
  if (error instanceof HTTPException && error.status < 500) {
    const title =
      error.status === 403 ? 'This form did not come from this site' : error.message || 'Bad request'
    return renderProblem(c, { title, status: error.status as ContentfulStatusCode })
  }
  // Not the client's doing: log it, and tell the client nothing about the inside.
  c.var.deps.logger.error('unhandled error', {
    method: c.req.method,
    path: c.req.path,
    error:
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : String(error),
  })
  return renderProblem(c, { title: 'Internal Server Error', status: 500 })
}
