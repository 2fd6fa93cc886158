import { StudentQuiz } from '@storyledger/quiz'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.js'
import { silentLogger } from '../lib/logger.js'
import { seedBundledStories } from '../seed/seed-story.js'
import { openTestApp, type TestApp } from '../testing/test-app.js'

const SAGA = 'story/tiktok-us-saga-2020-2026'

describe('the student API', () => {
  let h: TestApp
  let quizId: string
  let joinCode: string

  beforeAll(async () => {
    h = await openTestApp()
    await seedBundledStories(h.t.store)
    const published = await h.app.request('/api/quizzes', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: h.teacherCookie },
      body: JSON.stringify({
        storyId: SAGA,
        asOf: '2020-09-20',
        count: 5,
        kinds: ['who', 'chronology', 'true_false'],
        seed: 'student api',
      }),
    })
    expect(published.status).toBe(201)
    ;({ quizId, joinCode } = (await published.json()) as { quizId: string; joinCode: string })
  })
  afterAll(async () => {
    await h.close()
  })

  const postJson = (path: string, body: unknown, token?: string) =>
    h.app.request(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    })
  const getWith = (path: string, token?: string) =>
    h.app.request(path, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })

  interface Joined {
    quizId: string
    attemptId: string
    attemptToken: string
    quiz: StudentQuiz
  }
  async function join(name: string): Promise<Joined> {
    const response = await postJson('/api/join', { code: joinCode.toLowerCase(), name })
    expect(response.status).toBe(201)
    return (await response.json()) as Joined
  }

  it('joins with the code and gives the quiz with no key, feedback or provenance in it', async () => {
    const joined = await join('Ana')
    expect(joined.quizId).toBe(quizId)
    const quiz = StudentQuiz.parse(joined.quiz)
    expect(quiz.questions).toHaveLength(5)
    const text = JSON.stringify(joined)
    for (const word of ['"key"', 'feedback', 'provenance', 'order"', 'eventIds', 'seed']) {
      expect(text).not.toContain(word)
    }
    const events = await h.t.store.readStream(`quiz/${quizId}`)
    expect(events.filter((e) => e.type === 'AttemptStarted').map((e) => e.data)).toContainEqual(
      expect.objectContaining({ attemptId: joined.attemptId, displayName: 'Ana' }),
    )
  })

  it('refuses a bad code or name with 400 and writes nothing', async () => {
    const before = (await h.t.store.head()).treeSize
    const unknown = await postJson('/api/join', { code: 'AAAA-AAAA', name: 'Ben' })
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as { issues: { path: string[] }[] }).issues[0]?.path).toEqual(['code'])
    const bad = await postJson('/api/join', { code: 'nope', name: '', extra: true })
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toContain('application/problem+json')
    expect((await h.t.store.head()).treeSize).toBe(before)
  })

  it("reads and submits an attempt only with that attempt's token (401 otherwise)", async () => {
    const ana = await join('Cleo')
    const ben = await join('Dan')
    expect((await getWith(`/api/attempts/${ana.attemptId}`)).status).toBe(401)
    expect((await getWith(`/api/attempts/${ana.attemptId}`, ben.attemptToken)).status).toBe(401)
    expect((await getWith(`/api/attempts/${ana.attemptId}`, `${ana.attemptId}.forged`)).status).toBe(401)
    const before = (await h.t.store.head()).treeSize
    expect(
      (await postJson(`/api/attempts/${ana.attemptId}/submit`, { answers: {} }, ben.attemptToken)).status,
    ).toBe(401)
    expect((await h.t.store.head()).treeSize).toBe(before)
    const own = await getWith(`/api/attempts/${ana.attemptId}`, ana.attemptToken)
    expect(own.status).toBe(200)
    expect(await own.json()).toEqual({ submitted: false, quiz: ana.quiz })
  })

  it('grades a submission once: the score, the events in the log, and 409 for a second', async () => {
    const eve = await join('Eve')
    // The first option of every question, and each chronology as given.
    const answers: Record<string, string | string[]> = {}
    for (const question of eve.quiz.questions) {
      answers[question.id] =
        question.kind === 'chronology'
          ? question.items.map((item) => item.id)
          : (question.options[0]?.id ?? '')
    }
    const bad = await postJson(
      `/api/attempts/${eve.attemptId}/submit`,
      { answers: { q1: 'NOT AN ID' } },
      eve.attemptToken,
    )
    expect(bad.status).toBe(400)

    const first = await postJson(`/api/attempts/${eve.attemptId}/submit`, { answers }, eve.attemptToken)
    expect(first.status).toBe(200)
    const score = (await first.json()) as {
      submitted: true
      total: number
      maxTotal: number
      percentage: number
    }
    expect(score).toMatchObject({ submitted: true, maxTotal: 5 })
    expect(score.total).toBeGreaterThanOrEqual(0)
    expect(score.total).toBeLessThanOrEqual(5)

    const events = await h.t.store.readStream(`quiz/${quizId}`)
    const mine = events.filter((e) => (e.data as { attemptId?: string }).attemptId === eve.attemptId)
    expect(mine.map((e) => e.type)).toEqual(['AttemptStarted', 'AttemptSubmitted', 'AttemptGraded'])
    expect(mine[1]?.data).toMatchObject({ answers })
    expect(mine[2]?.data).toMatchObject({ total: score.total, maxTotal: 5 })

    const before = (await h.t.store.head()).treeSize
    const again = await postJson(`/api/attempts/${eve.attemptId}/submit`, { answers }, eve.attemptToken)
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ code: 'ALREADY_SUBMITTED' })
    expect((await h.t.store.head()).treeSize).toBe(before)
    expect(await (await getWith(`/api/attempts/${eve.attemptId}`, eve.attemptToken)).json()).toEqual(score)
  })

  it('gives the claim back when the log fails to record a submission, so the student can submit again', async () => {
    // The real store, except that its next append of a submission fails as an unreachable database would.
    let failNext = true
    const store = new Proxy(h.t.store, {
      get(target, property) {
        const value = Reflect.get(target, property, target)
        if (property !== 'append' || typeof value !== 'function') {
          return typeof value === 'function' ? value.bind(target) : value
        }
        return async (...args: unknown[]) => {
          if (failNext && JSON.stringify(args[1]).includes('AttemptSubmitted')) {
            failNext = false
            throw new Error('connection to the log lost')
          }
          return value.apply(target, args)
        }
      },
    })
    const app = createApp({
      store,
      database: h.t.database,
      sessionSecret: 'test-secret-'.repeat(4),
      logger: silentLogger,
    })
    const joined = (await (
      await app.request('/api/join', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: joinCode, name: 'Fay' }),
      })
    ).json()) as Joined
    const submit = () =>
      app.request(`/api/attempts/${joined.attemptId}/submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${joined.attemptToken}` },
        body: JSON.stringify({ answers: {} }),
      })
    expect((await submit()).status).toBe(500)
    const events = () => h.t.store.readStream(`quiz/${quizId}`)
    const mine = async () =>
      (await events()).filter((e) => (e.data as { attemptId?: string }).attemptId === joined.attemptId)
    expect((await mine()).map((e) => e.type)).toEqual(['AttemptStarted'])
    expect(
      await (await getWith(`/api/attempts/${joined.attemptId}`, joined.attemptToken)).json(),
    ).toMatchObject({
      submitted: false,
    })
    expect((await submit()).status).toBe(200)
    expect((await mine()).map((e) => e.type)).toEqual(['AttemptStarted', 'AttemptSubmitted', 'AttemptGraded'])
  })

  it('describes joining and attempts in the OpenAPI document, with the bearer scheme', async () => {
    const doc = (await (await h.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>
      components: { securitySchemes: Record<string, { type: string; scheme?: string }> }
    }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/join', '/attempts/{attemptId}', '/attempts/{attemptId}/submit']),
    )
    expect(doc.components.securitySchemes.attempt).toMatchObject({ type: 'http', scheme: 'bearer' })
  })
})
