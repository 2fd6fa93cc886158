import { addTeacher } from '@storyledger/classroom'
import { testBackends } from '@storyledger/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.js'
import { ORIGIN, openTestApp, signIn, type TestApp } from '../testing/test-app.js'

describe.each(testBackends())('signing in and out on %s', (backend) => {
  let h: TestApp
  beforeAll(async () => {
    h = await openTestApp(backend)
  })
  afterAll(async () => {
    await h.close()
  })

  async function newToken(name: string): Promise<string> {
    const added = await addTeacher(h.t.database, { name })
    if (!('token' in added)) throw new Error('expected a token')
    return added.token
  }

  it('shows a one-time link as a button, so that opening the link alone does not use it up', async () => {
    const token = await newToken('Link Opener')
    const page = await (await h.app.request(`/sign-in?token=${token}`)).text()
    expect(page).toContain(`name="token" value="${token}"`)
    expect(page).toContain('<button type="submit">Sign in</button>')
    await signIn(h.app, token)
  })

  it('sets an http-only, same-site, signed session cookie and sends the teacher on', async () => {
    const response = await h.postForm('/sign-in', {
      token: await newToken('Cookie Check'),
      next: '/log?page=2',
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/log?page=2')
    const cookie = response.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^sl_session=/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    const me = await h.app.request('/api/me', { headers: { cookie: cookie.split(';')[0] ?? '' } })
    expect(await me.json()).toMatchObject({ name: 'Cookie Check', role: 'teacher' })
  })

  it('refuses a used, wrong or missing token with 401 and says why', async () => {
    const token = await newToken('Used Twice')
    await signIn(h.app, token)
    const again = await h.postForm('/sign-in', { token })
    expect(again.status).toBe(401)
    expect(await again.text()).toContain('already been used')
    const wrong = await h.postForm('/sign-in', { token: 'not-a-token' })
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('set-cookie')).toBeNull()
  })

  it('never sends a teacher to another site after signing in', async () => {
    const response = await h.postForm('/sign-in', {
      token: await newToken('Redirect Check'),
      next: '//evil.example/',
    })
    expect(response.headers.get('location')).toBe('/')
  })

  it('ignores a cookie whose signature does not match, or that was signed with another secret', async () => {
    const [name, value] = h.ownerCookie.split('=') as [string, string]
    const forged = `${name}=${value.replace(/^[0-9a-f]/, (d) => (d === '0' ? '1' : '0'))}`
    expect((await h.app.request('/api/me', { headers: { cookie: forged } })).status).toBe(401)
    const other = createApp({
      store: h.t.store,
      database: h.t.database,
      sessionSecret: 'another-secret'.repeat(3),
    })
    expect((await other.request('/api/me', { headers: { cookie: h.ownerCookie } })).status).toBe(401)
  })

  it('lets a second instance with the same secret accept the session (no state in the app)', async () => {
    const twin = createApp({
      store: h.t.store,
      database: h.t.database,
      sessionSecret: 'test-secret-'.repeat(4),
    })
    expect((await twin.request('/api/me', { headers: { cookie: h.ownerCookie } })).status).toBe(200)
  })

  it('ends a session when it expires', async () => {
    const later = createApp({
      store: h.t.store,
      database: h.t.database,
      sessionSecret: 'test-secret-'.repeat(4),
      clock: () => new Date(Date.now() + 13 * 60 * 60 * 1000),
    })
    expect((await later.request('/api/me', { headers: { cookie: h.ownerCookie } })).status).toBe(401)
  })

  it('signs out by clearing the cookie', async () => {
    const response = await h.app.request('/sign-out', {
      method: 'POST',
      headers: {
        origin: ORIGIN,
        'content-type': 'application/x-www-form-urlencoded',
        cookie: h.teacherCookie,
      },
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('set-cookie')).toMatch(/^sl_session=;.*Max-Age=0/)
  })
})
