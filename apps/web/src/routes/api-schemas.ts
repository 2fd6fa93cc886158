import { z } from '@hono/zod-openapi'
import { issuesFrom } from '@storyledger/core'
import type { Context } from 'hono'
import type { ZodError } from 'zod'
import { problemResponse } from '../lib/problem.js'

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().optional(),
    detail: z.string().optional(),
    issues: z
      .array(
        z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string(), code: z.string() }),
      )
      .optional(),
  })
  .openapi('Problem', { description: 'An RFC 9457 problem; `issues` lists every validation issue.' })

/** A problem+json response of the OpenAPI document. */
export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
})

/** The security requirement of teacher-only operations: the session cookie. */
export const teacherOnly = [{ session: [] }]

/** The API's answer to a request its schemas refuse: 400 problem+json listing every issue. */
export function refuseInvalid(result: { success: boolean; error?: ZodError }, c: Context) {
  if (!result.success && result.error !== undefined) {
    return problemResponse(c, {
      title: 'The request does not fit',
      status: 400,
      code: 'INVALID_ARGUMENT',
      issues: issuesFrom(result.error),
    })
  }
}
