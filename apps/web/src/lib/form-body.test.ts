import fc from 'fast-check'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { formBody } from './form-body.js'

/** An app that answers with what formBody and Hono's parseBody each read from the same body. */
const app = new Hono()
app.post('/:all', async (c) => {
  const all = c.req.param('all') === 'all'
  const request = c.req.raw.clone()
  const ours = all ? await formBody(c, { all: true }) : await formBody(c)
  const hono = await new Hono()
    .post('/', async (inner) => inner.json(await inner.req.parseBody({ all })))
    .request('/', request)
  return c.json({ ours, hono: await hono.json() })
})

async function bothRead(body: string, all: boolean, contentType = 'application/x-www-form-urlencoded') {
  const response = await app.request(`/${all ? 'all' : 'last'}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  })
  return (await response.json()) as { ours: unknown; hono: unknown }
}

describe('formBody', () => {
  it('reads a URL-encoded form as parseBody does: the last value, or all of them, and lists for keys[]', async () => {
    const body = 'answer.q1=b&order.q2=c&order.q2=a&name=Ana+Mar%C3%ADa&tags[]=x&empty='
    expect((await bothRead(body, false)).ours).toEqual({
      'answer.q1': 'b',
      'order.q2': 'a',
      name: 'Ana María',
      'tags[]': ['x'],
      empty: '',
    })
    expect((await bothRead(body, true)).ours).toEqual({
      'answer.q1': 'b',
      'order.q2': ['c', 'a'],
      name: 'Ana María',
      'tags[]': ['x'],
      empty: '',
    })
  })

  it('agrees with parseBody on any URL-encoded body', async () => {
    const field = fc.tuple(
      fc.oneof(fc.constantFrom('a', 'b', 'order.q1', 'k[]'), fc.string({ maxLength: 6 })),
      fc.string({ maxLength: 12 }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(field, { maxLength: 8 }), fc.boolean(), async (fields, all) => {
        const { ours, hono } = await bothRead(new URLSearchParams(fields).toString(), all)
        expect(ours).toEqual(hono)
      }),
      { numRuns: 200 },
    )
  })

  it('leaves other bodies to parseBody (multipart) and reads nothing from a body of another type', async () => {
    const form = new FormData()
    form.append('a', '1')
    form.append('a', '2')
    const multipart = await app.request('/all', { method: 'POST', body: form })
    expect(((await multipart.json()) as { ours: unknown }).ours).toEqual({ a: ['1', '2'] })
    expect((await bothRead('{"a":1}', false, 'application/json')).ours).toEqual({})
  })
})
