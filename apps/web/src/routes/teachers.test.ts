import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, signIn, type TestApp } from '../testing/test-app.js'

describe('the teachers page', () => {
  let h: TestApp
  beforeAll(async () => {
    h = await openTestApp()
  })
  afterAll(async () => {
    await h.close()
  })

  it('sends someone who is not signed in to the sign-in page', async () => {
    const response = await h.app.request('/teachers')
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/sign-in?next=%2Fteachers')
  })

  it('refuses a teacher who is not the owner with 403', async () => {
    const response = await h.app.request('/teachers', { headers: { cookie: h.teacherCookie } })
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('Only the owner may do this')
    const json = await h.app.request('/teachers', {
      headers: { cookie: h.teacherCookie, accept: 'application/json' },
    })
    expect(json.status).toBe(403)
    expect(await json.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' })
  })

  it('lets the owner add a teacher, who can then sign in with the link shown once', async () => {
    const listed = await (await h.app.request('/teachers', { headers: { cookie: h.ownerCookie } })).text()
    expect(listed).toContain('Second Teacher')
    const added = await h.postForm('/teachers', { name: 'Mx <Newcomer>' }, h.ownerCookie)
    expect(added.status).toBe(200)
    const page = await added.text()
    expect(page).toContain('Mx &lt;Newcomer&gt;')
    const token = /sign-in\?token=([0-9a-f]{32}\.[A-Za-z0-9_-]{43})/.exec(page)?.[1]
    expect(token).toBeDefined()
    await signIn(h.app, token ?? '')
  })

  it('says so beside the field when the name is blank or taken', async () => {
    const blank = await h.postForm('/teachers', { name: '  ' }, h.ownerCookie)
    expect(blank.status).toBe(400)
    expect(await blank.text()).toContain('id="name-error"')
    const taken = await h.postForm('/teachers', { name: 'Second Teacher' }, h.ownerCookie)
    expect(taken.status).toBe(400)
    expect(await taken.text()).toContain('already exists')
  })
})
