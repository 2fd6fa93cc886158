import { testBackends } from '@storyledger/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.js'
import { createLogger } from './lib/logger.js'
import { ORIGIN, openTestApp, STORY, type TestApp } from './testing/test-app.js'

describe.each(testBackends())('the app as a whole on %s', (backend) => {
  let h: TestApp
  beforeAll(async () => {
    h = await openTestApp(backend)
  })
  afterAll(async () => {
    await h.close()
  })

  it('answers liveness and readiness', async () => {
    expect(await (await h.app.request('/healthz')).json()).toEqual({ ok: true })
    const ready = await h.app.request('/readyz')
    expect(ready.status).toBe(200)
    expect(await ready.json()).toMatchObject({ ready: true })
  })

  it('says not ready when the database does not answer', async () => {
    const broken = createApp({
      store: { ...h.t.store, head: () => Promise.reject(new Error('connection refused')) },
      database: h.t.database,
      sessionSecret: 'x'.repeat(32),
    })
    const response = await broken.request('/readyz')
    expect(response.status).toBe(503)
    expect(response.headers.get('content-type')).toContain('application/problem+json')
  })

  it('serves one stylesheet and sets secure headers', async () => {
    const css = await h.app.request('/assets/style.css')
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toContain('text/css')
    expect(css.headers.get('x-content-type-options')).toBe('nosniff')
    expect(css.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    const csp = (await h.app.request('/')).headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
  })

  it('answers an unknown path with 404 problem+json for clients and a page for people', async () => {
    const json = await h.app.request('/api/nothing-here')
    expect(json.status).toBe(404)
    expect(await json.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' })
    const page = await h.app.request('/nothing-here', { headers: { accept: 'text/html' } })
    expect(page.status).toBe(404)
    expect(await page.text()).toContain('<h1>Not found</h1>')
  })

  it('refuses a body over the limit with 413 problem+json', async () => {
    const response = await h.app.request('/api/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: h.ownerCookie, 'content-length': '200000' },
      body: 'x'.repeat(200_000),
    })
    expect(response.status).toBe(413)
    expect(response.headers.get('content-type')).toContain('application/problem+json')
    expect(await response.json()).toMatchObject({ status: 413, code: 'BODY_TOO_LARGE' })
  })

  it('refuses a form posted from another site (CSRF) with 403', async () => {
    const response = await h.app.request('/developments?type=BidWithdrawn', {
      method: 'POST',
      headers: {
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
        cookie: h.ownerCookie,
      },
      body: new URLSearchParams({ stream: STORY, 'data.bidderId': 'walmart' }),
    })
    expect(response.status).toBe(403)
    const before = (await h.t.store.head()).treeSize
    const noOrigin = await h.app.request('/sign-out', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    })
    expect(noOrigin.status).toBe(403)
    expect((await h.t.store.head()).treeSize).toBe(before)
    const sameSite = await h.app.request('/sign-out', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    })
    expect(sameSite.status).toBe(303)
  })

  it('writes one JSON line per request at info level, without the query string', async () => {
    const lines: string[] = []
    const app = createApp({
      store: h.t.store,
      database: h.t.database,
      sessionSecret: 'x'.repeat(32),
      logger: createLogger('info', (line) => lines.push(line)),
    })
    await app.request('/healthz?token=secret')
    expect(lines).toHaveLength(1)
    const entry = JSON.parse(lines[0] ?? '{}')
    expect(entry).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'GET',
      path: '/healthz',
      status: 200,
    })
    expect(lines[0]).not.toContain('secret')
  })

  it('turns an unexpected failure into a bare 500 and logs it at error level', async () => {
    const lines: string[] = []
    const app = createApp({
      store: { ...h.t.store, listStreams: () => Promise.reject(new Error('disk on fire')) },
      database: h.t.database,
      sessionSecret: 'x'.repeat(32),
      logger: createLogger('error', (line) => lines.push(line)),
    })
    const response = await app.request('/api/streams')
    expect(response.status).toBe(500)
    expect(await response.text()).not.toContain('disk on fire')
    expect(lines.some((line) => line.includes('disk on fire'))).toBe(true)
  })
})
