import type { ValidationIssue } from '@storyledger/core'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** An RFC 9457 problem: `type`, `title`, `status`, and members of our own (`code`, `issues`). */
export interface Problem {
  readonly type?: string
  readonly title: string
  readonly status: ContentfulStatusCode
  readonly detail?: string
  readonly code?: string
  readonly issues?: readonly ValidationIssue[]
  readonly [member: string]: unknown
}

export function problemResponse(c: Context, problem: Problem): Response {
  return c.json({ type: 'about:blank', ...problem }, problem.status, {
    'content-type': 'application/problem+json',
  })
}

/**
 * Ends a typed OpenAPI handler with a problem (such a handler cannot return an untyped response): the app's
 * error handler answers with it as it is.
 */
export function failWith(c: Context, problem: Problem): never {
  throw new HTTPException(problem.status, { res: problemResponse(c, problem) })
}

/** Whether a request wants JSON back (the API, or a client that asks for it) rather than a page. */
export function wantsJson(c: Context): boolean {
  if (c.req.path.startsWith('/api/')) return true
  const accept = c.req.header('accept') ?? ''
  return accept.includes('json') && !accept.includes('text/html')
}
