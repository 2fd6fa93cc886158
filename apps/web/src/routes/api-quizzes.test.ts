import { Quiz } from '@storyledger/quiz'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedBundledStories } from '../seed/seed-story.js'
import { ORIGIN, openTestApp, type TestApp } from '../testing/test-app.js'

const SAGA = 'story/tiktok-us-saga-2020-2026'
const blueprint = {
  storyId: SAGA,
  asOf: '2020-09-20',
  count: 6,
  kinds: ['who', 'chronology', 'true_false', 'what'],
  seed: 'api form A',
}

describe('the quiz API (teachers)', () => {
  let h: TestApp
  let published: { quizId: string; joinCode: string; joinUrl: string; quiz: Quiz }

  beforeAll(async () => {
    h = await openTestApp()
    await seedBundledStories(h.t.store)
  })
  afterAll(async () => {
    await h.close()
  })

  type Who = 'teacher' | 'anonymous'
  const cookieOf = (who: Who): Record<string, string> =>
    who === 'teacher' ? { cookie: h.teacherCookie } : {}
  const postJson = (path: string, body: unknown, who: Who = 'teacher') =>
    h.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...cookieOf(who) },
      body: JSON.stringify(body),
    })
  const get = (path: string, who: Who = 'teacher') => h.app.request(path, { headers: cookieOf(who) })

  it('refuses anyone but a teacher (401) and writes nothing', async () => {
    const before = (await h.t.store.head()).treeSize
    for (const response of [
      await postJson('/api/quizzes/preview', blueprint, 'anonymous'),
      await postJson('/api/quizzes', blueprint, 'anonymous'),
      await get('/api/quizzes', 'anonymous'),
      await get('/api/quizzes/quiz-0123456789abcdef-abcdef/results', 'anonymous'),
      await postJson('/api/quizzes/quiz-0123456789abcdef-abcdef/rekey', {}, 'anonymous'),
      await get('/api/quizzes/quiz-0123456789abcdef-abcdef/export/gift', 'anonymous'),
    ]) {
      expect(response.status).toBe(401)
      expect(response.headers.get('content-type')).toContain('application/problem+json')
    }
    expect((await h.t.store.head()).treeSize).toBe(before)
  })

  it('previews a quiz with its keys, the same for the same seed, and writes nothing', async () => {
    const before = (await h.t.store.head()).treeSize
    const response = await postJson('/api/quizzes/preview', blueprint)
    expect(response.status).toBe(200)
    const quiz = Quiz.parse(await response.json())
    expect(quiz.questions).toHaveLength(6)
    expect(quiz.blueprint).toMatchObject({ storyId: SAGA, asOf: '2020-09-20', seed: 'api form A' })
    const pinned = { ...blueprint, knownAt: quiz.blueprint.knownAt, logPosition: quiz.logPosition }
    const again = Quiz.parse(await (await postJson('/api/quizzes/preview', pinned)).json())
    expect(again).toEqual(quiz)
    expect((await h.t.store.head()).treeSize).toBe(before)
  })

  it('answers a bad blueprint with 400 listing every issue, and an impossible one with 422', async () => {
    const bad = await postJson('/api/quizzes/preview', {
      ...blueprint,
      asOf: '2020-02-30',
      count: 0,
      extra: 1,
    })
    expect(bad.status).toBe(400)
    const problem = (await bad.json()) as { code: string; issues: { path: (string | number)[] }[] }
    expect(problem.code).toBe('INVALID_ARGUMENT')
    expect(problem.issues.map((i) => i.path.join('.')).sort()).toEqual(['', 'asOf', 'count'])

    // Before the story began, nothing is known: the engine says why no quiz can be made.
    const early = await postJson('/api/quizzes/preview', { ...blueprint, asOf: '2019-01-01' })
    expect(early.status).toBe(422)
    expect(early.headers.get('content-type')).toContain('application/problem+json')
    expect(await early.json()).toMatchObject({ status: 422, code: expect.any(String) })
  })

  it('publishes a quiz: a join code, a link, and the two events in the log', async () => {
    const before = (await h.t.store.head()).treeSize
    const response = await postJson('/api/quizzes', { ...blueprint, showAnswers: false })
    expect(response.status).toBe(201)
    published = (await response.json()) as typeof published
    expect(published.joinCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    expect(published.joinUrl).toBe(`http://localhost/join?code=${published.joinCode}`)
    const events = await h.t.store.readStream(`quiz/${published.quizId}`)
    expect(events.map((e) => e.type)).toEqual(['QuizGenerated', 'QuizPublished'])
    expect(events[1]?.data).toMatchObject({ showAnswers: false })
    expect(JSON.stringify(events[1]?.data)).not.toContain(published.joinCode)
    expect((await h.t.store.head()).treeSize).toBe(before + 2)

    const list = (await (await get('/api/quizzes')).json()) as { quizId: string }[]
    expect(list.map((q) => q.quizId)).toContain(published.quizId)
  })

  it("gives each student's marks and the item statistics once students have submitted", async () => {
    const empty = await (await get(`/api/quizzes/${published.quizId}/results`)).json()
    expect(empty).toMatchObject({ quizId: published.quizId, attempts: [], unsubmitted: 0 })

    for (const name of ['Ana', 'Ben']) {
      const joined = await h.app.request('/join', {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ code: published.joinCode, name }),
      })
      expect(joined.status).toBe(303)
      const cookie = (joined.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
      // Ana submits nothing (every question wrong); Ben answers the first option of every question.
      const page = await (await h.app.request(`/q/${published.quizId}`, { headers: { cookie } })).text()
      const body = new URLSearchParams()
      if (name === 'Ben') {
        const seen = new Set<string>()
        for (const [, field, value] of page.matchAll(
          /type="radio" name="(answer\.q\d+)" value="([a-z0-9]+)"/g,
        )) {
          if (field && value && !seen.has(field)) {
            seen.add(field)
            body.append(field, value)
          }
        }
      }
      const submitted = await h.app.request(`/q/${published.quizId}`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', cookie },
        body,
      })
      expect(submitted.status).toBe(303)
    }

    const results = (await (await get(`/api/quizzes/${published.quizId}/results`)).json()) as {
      attempts: { displayName: string; maxTotal: number; marks: unknown[] }[]
      statistics: { attempts: number; items: { questionId: string }[] }
      affectedQuestions: unknown[]
    }
    expect(results.attempts.map((a) => a.displayName).sort()).toEqual(['Ana', 'Ben'])
    for (const attempt of results.attempts) {
      expect(attempt.maxTotal).toBe(6)
      expect(attempt.marks).toHaveLength(6)
    }
    expect(results.statistics.attempts).toBe(2)
    expect(results.statistics.items.map((i) => i.questionId)).toEqual(
      published.quiz.questions.map((q) => q.id),
    )
    expect(results.affectedQuestions).toEqual([])
  })

  it('exports the published quiz in every format, and its results as CSV', async () => {
    const xml = await get(`/api/quizzes/${published.quizId}/export/xml`)
    expect(xml.headers.get('content-type')).toContain('application/xml')
    expect(await xml.text()).toContain('<quiz>')
    expect(await (await get(`/api/quizzes/${published.quizId}/export/gift`)).text()).toContain('$CATEGORY:')
    const qti = await get(`/api/quizzes/${published.quizId}/export/qti`)
    expect(qti.headers.get('content-type')).toBe('application/zip')
    // A zip names its entries in clear in their headers: "PK", then the manifest Canvas looks for.
    const zip = Buffer.from(await qti.arrayBuffer())
    expect(zip.subarray(0, 2).toString()).toBe('PK')
    expect(zip.includes('imsmanifest.xml')).toBe(true)
    const csv = (await (await get(`/api/quizzes/${published.quizId}/export/csv`)).text()).trim().split('\r\n')
    expect(csv[0]).toMatch(/^student,submitted,total,max,percentage,q1,/)
    expect(csv).toHaveLength(3)
  })

  it('re-keys on an unchanged log without regrading, and answers 404 and 400 for unknown or bad ids', async () => {
    const rekeyed = await postJson(`/api/quizzes/${published.quizId}/rekey`, {})
    expect(rekeyed.status).toBe(200)
    expect(await rekeyed.json()).toEqual({ changedQuestions: expect.any(Number), regradedAttempts: 0 })
    const missing = await get('/api/quizzes/quiz-0123456789abcdef-abcdef/results')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toContain('application/problem+json')
    expect((await get('/api/quizzes/not%20an%20id/results')).status).toBe(400)
    expect((await get(`/api/quizzes/${published.quizId}/export/pdf`)).status).toBe(400)
  })

  it('describes every quiz operation in the OpenAPI document', async () => {
    const doc = (await (await h.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/quizzes/preview',
        '/quizzes',
        '/quizzes/{quizId}/results',
        '/quizzes/{quizId}/rekey',
        '/quizzes/{quizId}/export/{format}',
      ]),
    )
    expect(Object.keys(doc.paths['/quizzes'] ?? {}).sort()).toEqual(['get', 'post'])
  })
})
