import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedBundledStories } from '../seed/seed-story.js'
import { openTestApp, type TestApp } from '../testing/test-app.js'

const SAGA = 'story/tiktok-us-saga-2020-2026'
const base = `storyId=${encodeURIComponent(SAGA)}&asOf=2020-09-20&count=6&seed=form+A&kinds=who&kinds=chronology&kinds=true_false&kinds=what`

describe('generating a quiz', () => {
  let h: TestApp
  beforeAll(async () => {
    h = await openTestApp()
    await seedBundledStories(h.t.store)
  })
  afterAll(async () => {
    await h.close()
  })

  const get = (path: string) => h.app.request(path, { headers: { cookie: h.teacherCookie } })

  it('is for teachers only', async () => {
    expect((await h.app.request('/quizzes/new')).status).toBe(303)
    expect((await h.app.request(`/quizzes/export/gift?${base}`)).status).toBe(303)
  })

  it('shows the blueprint form', async () => {
    const page = await (await get('/quizzes/new')).text()
    expect(page).toContain(`<option value="${SAGA}"`)
    expect(page).toContain('name="kinds" value="chronology"')
  })

  it('previews every question with its key, feedback and provenance, the same for the same seed', async () => {
    const response = await get(`/quizzes/new?${base}`)
    expect(response.status).toBe(200)
    const page = await response.text()
    expect(page.match(/<article class="card" id="q\d+"/g)).toHaveLength(6)
    expect(page).toContain('✔ key')
    expect(page).toMatch(/href="\/stories\/tiktok-us-saga-2020-2026#event-\d+"/)
    const link = /href="\/quizzes\/new\?([^"]+)"/.exec(page)?.[1]?.replaceAll('&amp;', '&') ?? ''
    const again = await (await get(`/quizzes/new?${link}`)).text()
    const stems = (html: string) =>
      [...html.matchAll(/<h3 style="margin-top:0">([^<]+)<\/h3>/g)].map((m) => m[1])
    expect(stems(again)).toEqual(stems(page))
    const other = await (await get(`/quizzes/new?${link.replace('seed=form+A', 'seed=form+B')}`)).text()
    expect(stems(other)).not.toEqual(stems(page))
  })

  it('exports the quiz as Moodle XML and GIFT', async () => {
    const xml = await get(`/quizzes/export/xml?${base}`)
    expect(xml.status).toBe(200)
    expect(xml.headers.get('content-type')).toContain('application/xml')
    expect(xml.headers.get('content-disposition')).toMatch(/attachment; filename="quiz-[0-9a-f]{16}\.xml"/)
    expect(await xml.text()).toContain('<quiz>')
    const gift = await get(`/quizzes/export/gift?${base}`)
    expect(await gift.text()).toContain('$CATEGORY:')
  })

  it('shows what is wrong with a blueprint beside the field, and an impossible one as an outcome', async () => {
    const bad = await get(`/quizzes/new?storyId=${encodeURIComponent(SAGA)}&asOf=2020-02-30&count=0&seed=x`)
    expect(bad.status).toBe(400)
    const page = await bad.text()
    expect(page).toContain('id="quiz-asOf-error"')
    expect(page).toContain('id="quiz-count-error"')
    expect(page).toContain('choose at least one kind of question')
    const early = await get(`/quizzes/new?${base.replace('2020-09-20', '2019-01-01')}`)
    expect(early.status).toBe(422)
    expect(await early.text()).toContain('No quiz:')
    expect((await get(`/quizzes/export/xml?${base}&colour=red`)).status).toBe(400)
  })

  it('re-rolls one question: the link replaces that question and keeps every other', async () => {
    const page = await (await get(`/quizzes/new?${base}`)).text()
    const stems = (html: string) =>
      [...html.matchAll(/<h3 style="margin-top:0">([^<]+)<\/h3>/g)].map((m) => m[1])
    const reroll = /href="\/quizzes\/new\?([^"#]+rerolls=2)#q2"/.exec(page)?.[1]?.replaceAll('&amp;', '&')
    expect(reroll).toBeDefined()
    const rerolled = await (await get(`/quizzes/new?${reroll}`)).text()
    const before = stems(page)
    const after = stems(rerolled)
    expect(after).toHaveLength(before.length)
    expect(after[1]).not.toBe(before[1])
    expect(before).not.toContain(after[1])
    expect([after[0], ...after.slice(2)]).toEqual([before[0], ...before.slice(2)])
    // The publish form carries the re-roll, so the quiz students get is the one previewed.
    expect(rerolled).toContain('<input type="hidden" name="rerolls" value="2"/>')
    expect((await get(`/quizzes/new?${base}&rerolls=99`)).status).toBe(400)
  })
})
