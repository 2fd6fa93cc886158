import { anEvent } from '@storyledger/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, type TestApp } from '../testing/test-app.js'
import { PAGE_SIZE } from './log.js'

describe('the log page', () => {
  let h: TestApp
  beforeAll(async () => {
    h = await openTestApp()
  })
  afterAll(async () => {
    await h.close()
  })

  const get = (path: string, cookie = h.teacherCookie) => h.app.request(path, { headers: { cookie } })

  it('is for teachers: anyone else is sent to sign in, an API client gets 401', async () => {
    const page = await h.app.request('/log?page=2')
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe('/sign-in?next=%2Flog%3Fpage%3D2')
    const json = await h.app.request('/log', { headers: { accept: 'application/json' } })
    expect(json.status).toBe(401)
    expect(json.headers.get('content-type')).toContain('application/problem+json')
  })

  it("shows each event's position, recorded time, type, description and sources, newest first", async () => {
    const response = await get('/log')
    expect(response.status).toBe(200)
    const page = await response.text()
    const head = await h.t.store.head()
    expect(page).toContain(`${head.treeSize} events`)
    expect(page).toContain(head.root)
    expect(page).toContain('ByteDance selected Oracle as trusted technical partner')
    expect(page).toContain('The Wall Street Journal, citing a source familiar with the matter')
    expect(page).toContain('<span class="badge">PartnerSelected</span>')
    expect(page).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/)
    const positions = [...page.matchAll(/id="event-(\d+)"/g)].map((m) => Number(m[1]))
    expect(positions[0]).toBe(head.treeSize)
    expect(positions).toEqual([...positions].sort((a, b) => b - a))
  })

  it('pages through the log', async () => {
    const filler = Array.from({ length: PAGE_SIZE }, (_, i) =>
      anEvent({ data: { partyId: 'walmart', description: `filler ${i}` } }),
    )
    await h.t.store.append('story/filler', filler)
    const size = (await h.t.store.head()).treeSize
    const first = await (await get('/log')).text()
    expect([...first.matchAll(/id="event-(\d+)"/g)]).toHaveLength(PAGE_SIZE)
    expect(first).toContain('href="/log?page=2"')
    const second = await (await get('/log?page=2')).text()
    const positions = [...second.matchAll(/id="event-(\d+)"/g)].map((m) => Number(m[1]))
    expect(positions[0]).toBe(size - PAGE_SIZE)
    expect(second).toContain('href="/log?page=1"')
    expect((await get('/log?page=0')).status).toBe(400)
    expect((await get('/log?page=abc')).status).toBe(400)
  })

  it('verifies the whole log on demand', async () => {
    const page = await (await get('/log/verification')).text()
    expect(page).toContain('Verified ✔')
    expect(page).toContain((await h.t.store.head()).root)
  })

  it('offers to correct or retract a development', async () => {
    const page = await (await get('/log')).text()
    expect(page).toMatch(
      /href="\/developments\/new\?type=DevelopmentRetracted&amp;stream=[^"]+&amp;data.retractsEventId=/,
    )
  })
})
