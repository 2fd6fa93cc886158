import type { StoredEvent } from '@storyledger/core'
import { anEvent } from '@storyledger/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, STORY, type TestApp } from '../testing/test-app.js'

describe('the JSON API', () => {
  let h: TestApp
  beforeAll(async () => {
    h = await openTestApp()
  })
  afterAll(async () => {
    await h.close()
  })

  const postJson = (body: unknown, cookie?: string) =>
    h.app.request('/api/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    })

  it('reads streams, events and the head', async () => {
    const streams = (await (await h.app.request('/api/streams')).json()) as { streamId: string }[]
    expect(streams.map((s) => s.streamId)).toContain(STORY)
    const events = (await (await h.app.request(`/api/events?stream=${STORY}`)).json()) as StoredEvent[]
    expect(events[0]).toMatchObject({ type: 'StoryOpened', position: 1, streamVersion: 1 })
    const page = (await (await h.app.request('/api/events?fromPosition=2&limit=3')).json()) as StoredEvent[]
    expect(page.map((e) => e.position)).toEqual([2, 3, 4])
    expect(await (await h.app.request('/api/log/head')).json()).toMatchObject({ treeSize: events.length })
  })

  it('answers a bad query with 400 problem+json listing the issues', async () => {
    const response = await h.app.request('/api/events?limit=0&stream=has%20space')
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toContain('application/problem+json')
    const problem = (await response.json()) as { issues: { path: string[] }[] }
    expect(problem).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT' })
    expect(problem.issues.map((i) => i.path.join('.')).sort()).toEqual(['limit', 'stream'])
  })

  it('lets only a signed-in teacher record or verify (401 otherwise)', async () => {
    const anonymous = await postJson({ streamId: STORY, events: [anEvent()] })
    expect(anonymous.status).toBe(401)
    expect(await anonymous.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' })
    expect((await h.app.request('/api/log/verify')).status).toBe(401)
    expect((await h.app.request('/api/me')).status).toBe(401)
    const verified = await h.app.request('/api/log/verify', { headers: { cookie: h.teacherCookie } })
    expect(await verified.json()).toMatchObject({ ok: true })
  })

  it('records events for a teacher, and reports every issue of a bad one', async () => {
    const created = await postJson({ streamId: STORY, events: [anEvent()] }, h.teacherCookie)
    expect(created.status).toBe(201)
    expect(await created.json()).toMatchObject({ streamId: STORY, alreadyStored: false })

    const bad = await postJson(
      { streamId: STORY, events: [anEvent({ data: { partyId: 'Not Valid' }, occurredOn: '2020-02-30' })] },
      h.teacherCookie,
    )
    expect(bad.status).toBe(400)
    const problem = (await bad.json()) as { issues: { path: (string | number)[] }[] }
    expect(problem.issues.map((i) => i.path.join('.'))).toContain('events.0.occurredOn')

    const badData = await postJson(
      { streamId: STORY, events: [anEvent({ data: { partyId: 'Not Valid' } })] },
      h.teacherCookie,
    )
    expect(badData.status).toBe(400)
    expect(await badData.json()).toMatchObject({ code: 'EVENT_INVALID' })
  })

  it('answers a version conflict with 409 and malformed JSON with 400, never 500', async () => {
    const conflict = await postJson(
      { streamId: STORY, events: [anEvent()], expectedVersion: 1 },
      h.teacherCookie,
    )
    expect(conflict.status).toBe(409)
    expect(await conflict.json()).toMatchObject({ code: 'STREAM_VERSION_CONFLICT', expected: 1 })
    const malformed = await h.app.request('/api/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: h.teacherCookie },
      body: '{"streamId":',
    })
    expect(malformed.status).toBe(400)
    expect(malformed.headers.get('content-type')).toContain('application/problem+json')
  })

  it('lets the owner list and add teachers; another teacher gets 403, anyone else 401', async () => {
    const post = (body: unknown, cookie?: string) =>
      h.app.request('/api/teachers', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      })
    expect((await h.app.request('/api/teachers')).status).toBe(401)
    const forbidden = await h.app.request('/api/teachers', { headers: { cookie: h.teacherCookie } })
    expect(forbidden.status).toBe(403)
    expect(await forbidden.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' })
    expect((await post({ name: 'Api Added' }, h.teacherCookie)).status).toBe(403)
    const added = await post({ name: 'Api Added' }, h.ownerCookie)
    expect(added.status).toBe(201)
    expect(await added.json()).toMatchObject({
      teacher: { name: 'Api Added', role: 'teacher' },
      signInUrl: expect.stringMatching(/\/sign-in\?token=[0-9a-f]{32}\./),
    })
    expect((await post({ name: 'Api Added' }, h.ownerCookie)).status).toBe(409)
    expect((await post({ name: '' }, h.ownerCookie)).status).toBe(400)
    const list = (await (
      await h.app.request('/api/teachers', { headers: { cookie: h.ownerCookie } })
    ).json()) as {
      name: string
    }[]
    expect(list.map((t) => t.name)).toContain('Api Added')
  })

  it('publishes an OpenAPI document generated from the schemas, and a docs page served locally', async () => {
    const doc = (await (await h.app.request('/api/openapi.json')).json()) as {
      openapi: string
      servers: { url: string }[]
      paths: Record<string, Record<string, unknown>>
      components: { schemas: Record<string, unknown> }
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.servers).toEqual([{ url: '/api' }])
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/events', '/streams', '/log/head', '/log/verify', '/me']),
    )
    expect(doc.paths['/events']).toHaveProperty('post')
    expect(doc.components.schemas).toHaveProperty('AppendRequest')
    const docs = await (await h.app.request('/docs')).text()
    expect(docs).toContain('/assets/swagger/swagger-ui-bundle.js')
    expect(docs).not.toMatch(/https?:\/\/(?!localhost)/)
    const script = await h.app.request('/assets/swagger/swagger-ui-bundle.js')
    expect(script.status).toBe(200)
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000)
    expect((await h.app.request('/assets/swagger/package.json')).status).toBe(404)
  })
})
