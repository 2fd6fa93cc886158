import { z } from '@hono/zod-openapi'

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
