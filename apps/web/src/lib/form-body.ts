import type { Context } from 'hono'

type Fields = Record<string, string | File>
type AllFields = Record<string, string | File | (string | File)[]>

/**
 * The fields of a form post, as Hono's `c.req.parseBody()` gives them: the last value of each field, or with
 * `all` every value of a repeated field as an array. URL-encoded bodies (every form of the app) are read with
 * `URLSearchParams`; `parseBody` hands them to the Fetch API's `formData()`, which cost about 180 µs a request
 * here, more than the rest of a bare Hono handler (`pnpm --filter @storyledger/web bench:floor`). Other bodies
 * (multipart) still go to `parseBody`.
 */
export async function formBody(c: Context): Promise<Fields>
export async function formBody(c: Context, options: { all: true }): Promise<AllFields>
export async function formBody(c: Context, options: { all?: boolean } = {}): Promise<Fields | AllFields> {
  const mediaType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase()
  if (mediaType !== 'application/x-www-form-urlencoded') return c.req.parseBody({ all: options.all === true })
  const form: AllFields = Object.create(null)
  for (const [key, value] of new URLSearchParams(await c.req.text())) {
    const previous = form[key]
    if (!(options.all || key.endsWith('[]'))) form[key] = value
    else if (previous === undefined) form[key] = key.endsWith('[]') ? [value] : value
    else if (Array.isArray(previous)) previous.push(value)
    else form[key] = [previous, value]
  }
  return form
}
