import type { ValidationIssue } from '@storyledger/core'
import type { Context } from 'hono'
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

/** Whether a request wants JSON back (the API, or a client that asks for it) rather than a page. */
export function wantsJson(c: Context): boolean {
  if (c.req.path.startsWith('/api/')) return true
  const accept = c.req.header('accept') ?? ''
  return accept.includes('json') && !accept.includes('text/html')
}
