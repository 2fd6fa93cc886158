import { listAttempts } from '@storyledger/classroom'
import type { StoredEvent } from '@storyledger/core'
import { testBackends } from '@storyledger/core/testing'
import { Quiz } from '@storyledger/quiz'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.js'
import { seedBundledStories } from '../seed/seed-story.js'
import { ORIGIN, openTestApp, type TestApp } from '../testing/test-app.js'

const SAGA = 'story/tiktok-us-saga-2020-2026'
const blueprint = {
  storyId: SAGA,
  asOf: '2020-09-20',
  count: '6',
  seed: 'class 1',
  kinds: ['who', 'chronology', 'true_false', 'what'],
}

const textOf = (response: Response) => response.text()

function form(fields: Record<string, string | readonly string[]>): URLSearchParams {
  const body = new URLSearchParams()
  for (const [name, value] of Object.entries(fields)) {
    for (const v of typeof value === 'string' ? [value] : value) body.append(name, v)
  }
  return body
}

/** The answers a student's page offers: the first option of every question, and each chronology as shown. */
function answersFromPage(page: string): URLSearchParams {
  const body = new URLSearchParams()
  const seen = new Set<string>()
  for (const [, name, value] of page.matchAll(/type="radio" name="(answer\.q\d+)" value="([a-z0-9]+)"/g)) {
    if (name && value && !seen.has(name)) {
      seen.add(name)
      body.append(name, value)
    }
  }
  for (const [, name, value] of page.matchAll(/type="hidden" name="(order\.q\d+)" value="([a-z0-9]+)"/g)) {
    if (name && value) body.append(name, value)
  }
  return body
}

describe.each(testBackends())('quizzes in the classroom on %s', (backend) => {
  let h: TestApp
  let quizId: string
  let joinCode: string

  beforeAll(async () => {
    h = await openTestApp(backend)
    await seedBundledStories(h.t.store)
  })
  afterAll(async () => {
    await h.close()
  })

  const post = (path: string, body: URLSearchParams, cookie?: string) =>
    h.app.request(path, {
      method: 'POST',
      headers: {
        origin: ORIGIN,
        'content-type': 'application/x-www-form-urlencoded',
        ...(cookie ? { cookie } : {}),
      },
      body,
    })
  const get = (path: string, cookie?: string, accept?: string) =>
    h.app.request(path, { headers: { ...(cookie ? { cookie } : {}), ...(accept ? { accept } : {}) } })

  async function join(name: string): Promise<string> {
    const response = await post('/join', form({ code: joinCode.toLowerCase(), name }))
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(`/q/${quizId}`)
    const cookie = response.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toContain(`Path=/q/${quizId}`)
    return cookie.split(';')[0] ?? ''
  }

  async function quizEvents(): Promise<StoredEvent[]> {
    return h.t.store.readStream(`quiz/${quizId}`)
  }

  it('lets only teachers publish', async () => {
    expect((await post('/quizzes/publish', form(blueprint))).status).toBe(303)
    const refused = await h.app.request('/quizzes/publish', {
      method: 'POST',
      headers: {
        origin: ORIGIN,
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form(blueprint),
    })
    expect(refused.status).toBe(401)
  })

  it('publishes a quiz: a join code and a link, the quiz and only the code’s hash in the log', async () => {
    const response = await post(
      '/quizzes/publish',
      form({ ...blueprint, showAnswers: 'yes' }),
      h.teacherCookie,
    )
    expect(response.status).toBe(201)
    const page = await response.text()
    joinCode = /class="join-code">([0-9A-Z-]+)</.exec(page)?.[1] ?? ''
    quizId = /href="\/quizzes\/(quiz-[a-z0-9-]+)\/results"/.exec(page)?.[1] ?? ''
    expect(joinCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
    expect(page).toContain(`/join?code=${joinCode}`)
    const events = await quizEvents()
    expect(events.map((e) => e.type)).toEqual(['QuizGenerated', 'QuizPublished'])
    expect(JSON.stringify(events)).not.toContain(joinCode)
    expect(JSON.stringify(events)).not.toContain(joinCode.replace('-', ''))
    const generated = events[0]
    if (generated?.type !== 'QuizGenerated') throw new Error('expected QuizGenerated')
    expect(Quiz.parse(generated.data.quiz).questions).toHaveLength(6)
    expect(await (await get('/quizzes', h.teacherCookie)).text()).toContain(quizId)
  })

  it('refuses a blueprint that does not fit, and a quiz that cannot be written', async () => {
    expect((await post('/quizzes/publish', form({ ...blueprint, count: '0' }), h.teacherCookie)).status).toBe(
      400,
    )
    const early = await post('/quizzes/publish', form({ ...blueprint, asOf: '2019-01-01' }), h.teacherCookie)
    expect(early.status).toBe(422)
  })

  it('shows the join form, with the code from the link', async () => {
    const page = await (await get(`/join?code=${joinCode}`)).text()
    expect(page).toContain(`value="${joinCode}"`)
    expect(page).toContain('<label for="join-name">')
  })

  it('says what is wrong with a code or a name beside the field', async () => {
    const bad = await post('/join', form({ code: 'abc', name: ' ' }))
    expect(bad.status).toBe(400)
    const page = await bad.text()
    expect(page).toContain('id="join-code-error"')
    expect(page).toContain('id="join-name-error"')
    const unknown = await post('/join', form({ code: 'ZZZZ-ZZZZ', name: 'Ana' }))
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('No quiz has this code')
  })

  it('gives a student a page with no key, no feedback and no option id of the quiz', async () => {
    const cookie = await join('Ana')
    const response = await get(`/q/${quizId}`, cookie)
    expect(response.status).toBe(200)
    const page = await response.text()
    const [generated] = await quizEvents()
    if (generated?.type !== 'QuizGenerated') throw new Error('expected QuizGenerated')
    const quiz = Quiz.parse(generated.data.quiz)
    expect(page.match(/<fieldset/g)).toHaveLength(quiz.questions.length)
    expect(page.match(/<legend>/g)).toHaveLength(quiz.questions.length)
    expect(page).not.toContain('✔ key')
    const escaped = (text: string) =>
      text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;')
    for (const question of quiz.questions) {
      expect(page).not.toContain(escaped(question.generalFeedback))
      const options = question.kind === 'chronology' ? question.items : question.options
      for (const option of options) {
        expect(page).not.toContain(escaped(option.feedback))
        expect(page).not.toContain(`value="${option.id}"`)
      }
    }
    for (const [, value] of page.matchAll(/name="(?:answer|order)\.q\d+" value="([^"]+)"/g)) {
      expect(value).toMatch(/^[a-z0-9]{8}$/)
    }
    const json = await (await get(`/q/${quizId}`, cookie, 'application/json')).text()
    expect(JSON.parse(json)).toMatchObject({ submitted: false, quiz: { quizId: quiz.id } })
    for (const question of quiz.questions) {
      expect(json).not.toContain(JSON.stringify(question.generalFeedback))
      expect(json).not.toContain('"key"')
      expect(json).not.toContain('"feedback"')
      expect(json).not.toContain('"provenance"')
    }
  })

  it('reorders a chronology with buttons, without JavaScript, keeping the answers chosen', async () => {
    const cookie = await join('Ben')
    const page = await (await get(`/q/${quizId}`, cookie)).text()
    const chronology = /name="(order\.q\d+)" value="([a-z0-9]+)"/.exec(page)
    if (!chronology) throw new Error('expected a chronology question in this quiz')
    const [, field, first] = chronology
    const body = answersFromPage(page)
    body.append('move', `${field?.slice('order.'.length)}:0:down`)
    const moved = await post(`/q/${quizId}`, body, cookie)
    expect(moved.status).toBe(200)
    const after = await moved.text()
    const order = [...after.matchAll(new RegExp(`name="${field}" value="([a-z0-9]+)"`, 'g'))].map((m) => m[1])
    expect(order[1]).toBe(first)
    expect(after).toContain('autofocus')
    const chosen = body.entries().next().value
    if (chosen?.[0].startsWith('answer.')) expect(after).toContain(`value="${chosen[1]}" checked`)
  })

  it('grades a submission once, records it in the log and shows the result with sourced feedback', async () => {
    const cookie = await join('Chloé')
    const page = await (await get(`/q/${quizId}`, cookie)).text()
    const body = answersFromPage(page)
    body.append('action', 'submit')
    const first = await post(`/q/${quizId}`, body, cookie)
    expect(first.status).toBe(303)
    const again = await post(`/q/${quizId}`, body, cookie)
    expect(again.status).toBe(303)
    const result = await (await get(`/q/${quizId}`, cookie)).text()
    expect(result).toMatch(/You scored [\d.]+ of 6/)
    expect(result).toContain('The right answer:')
    expect(result).toContain('Sources:')
    const events = await quizEvents()
    const graded = events.filter((e) => e.type === 'AttemptGraded')
    expect(graded).toHaveLength(1)
    expect(events.filter((e) => e.type === 'AttemptSubmitted')).toHaveLength(1)
    expect(events.some((e) => e.type === 'AttemptStarted' && e.data.displayName === 'Chloé')).toBe(true)
  })

  it('keeps the right answers from students when the teacher says so', async () => {
    const response = await post('/quizzes/publish', form({ ...blueprint, seed: 'class 2' }), h.teacherCookie)
    const page = await response.text()
    const code = /class="join-code">([0-9A-Z-]+)</.exec(page)?.[1] ?? ''
    const joined = await post('/join', form({ code, name: 'Fay' }))
    const cookie = joined.headers.get('set-cookie')?.split(';')[0] ?? ''
    const where = joined.headers.get('location') ?? ''
    const body = answersFromPage(await (await get(where, cookie)).text())
    body.append('action', 'submit')
    expect((await post(where, body, cookie)).status).toBe(303)
    const result = await (await get(where, cookie)).text()
    expect(result).toMatch(/You scored [\d.]+ of 6/)
    expect(result).not.toContain('The right answer:')
    expect(result).not.toContain('Sources:')
  })

  it('shows a student only their own attempt', async () => {
    expect((await get(`/q/${quizId}`)).status).toBe(403)
    const forged = await get(`/q/${quizId}`, 'sl_attempt=00000000-0000-4000-8000-000000000000')
    expect(forged.status).toBe(403)
    expect((await get('/q/quiz-0000000000000000-000000')).status).toBe(404)
    expect((await get('/q/NOT A QUIZ')).status).toBe(404)
  })

  it('shows the teacher every submitted score, the answers and the item statistics, and exports them', async () => {
    const dan = await join('Dan')
    const body = answersFromPage(await (await get(`/q/${quizId}`, dan)).text())
    body.append('action', 'submit')
    expect((await post(`/q/${quizId}`, body, dan)).status).toBe(303)
    expect((await get(`/quizzes/${quizId}/results`)).status).toBe(303)
    expect((await get(`/quizzes/${quizId}/results`, undefined, 'application/json')).status).toBe(401)
    const response = await get(`/quizzes/${quizId}/results`, h.teacherCookie)
    expect(response.status).toBe(200)
    const page = await response.text()
    expect(page).toContain('Chloé')
    expect(page).toContain('Dan')
    expect(page).toContain('2 submitted, 2 still answering')
    expect(page.match(/class="stat-track"/g)).toHaveLength(12)
    expect(page).toContain('Answers of Dan')
    const csv = await (await get(`/quizzes/${quizId}/export/csv`, h.teacherCookie)).text()
    expect(csv.split('\r\n')[0]).toBe('student,submitted,total,max,percentage,q1,q2,q3,q4,q5,q6')
    expect(csv).toContain('Chloé,')
    const qti = await get(`/quizzes/${quizId}/export/qti`, h.teacherCookie)
    expect(qti.headers.get('content-type')).toBe('application/zip')
    expect(new Uint8Array(await qti.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]))
    expect(await (await get(`/quizzes/${quizId}/export/gift`, h.teacherCookie)).text()).toContain('::')
    expect(await (await get(`/quizzes/${quizId}/export/xml`, h.teacherCookie)).text()).toContain('<quiz>')
    expect((await get('/quizzes/quiz-0000000000000000-000000/results', h.teacherCookie)).status).toBe(404)
  })

  it('shows the questions a retraction touches, then re-keys the quiz and regrades, in the log', async () => {
    const [generated] = await quizEvents()
    if (generated?.type !== 'QuizGenerated') throw new Error('expected QuizGenerated')
    const quiz = Quiz.parse(generated.data.quiz)
    const behind = quiz.questions.find((q) => q.kind !== 'chronology')?.provenance.eventIds[0] ?? ''
    const untouched = await textOf(await get(`/quizzes/${quizId}/results`, h.teacherCookie))
    expect(
      untouched,
      /aria-labelledby="rekey-heading">[\s\S]*?<\/section>/.exec(untouched)?.[0],
    ).not.toContain('has changed')
    await h.t.store.append(SAGA, [
      {
        type: 'DevelopmentRetracted',
        data: { retractsEventId: behind, reason: 'not confirmed' },
        occurredOn: '2020-09-21',
        metadata: { recordedBy: 'a teacher', sources: [] },
      },
    ])
    const page = await textOf(await get(`/quizzes/${quizId}/results`, h.teacherCookie))
    expect(page).toContain('The log has changed since this quiz was written')
    expect((await post(`/quizzes/${quizId}/rekey`, new URLSearchParams())).status).toBe(303)
    const response = await post(`/quizzes/${quizId}/rekey`, new URLSearchParams(), h.teacherCookie)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toMatch(/regraded=2$/)
    const events = await quizEvents()
    expect(events.filter((e) => e.type === 'QuizGenerated')).toHaveLength(2)
    const regraded = events.filter((e) => e.type === 'AttemptRegraded')
    expect(regraded).toHaveLength(2)
    // Each attempt's row now holds the regraded total the log recorded.
    const rows = new Map((await listAttempts(h.t.database, quizId)).map((a) => [a.attemptId, a.total]))
    for (const event of regraded) {
      const { attemptId, total } = event.data as { attemptId: string; total: number }
      expect(rows.get(attemptId)).toBe(total)
    }
    const after = await textOf(await get(`/quizzes/${quizId}/results?regraded=2`, h.teacherCookie))
    expect(after).toContain('2 attempt(s) regraded')
    expect(after).not.toContain('The log has changed since this quiz was written')
  })

  it('answers a JSON client with its score, and a second submission with 409, grading once', async () => {
    const cookie = await join('Gil')
    // The same attempt id with a signature one character off is nobody's attempt.
    const raw = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1))
    expect(raw).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9+/]{43}=$/)
    const forged = `sl_attempt=${encodeURIComponent(`${raw.slice(0, -2)}${raw.at(-2) === 'A' ? 'B' : 'A'}=`)}`
    expect((await get(`/q/${quizId}`, forged)).status).toBe(403)
    expect((await post(`/q/${quizId}`, new URLSearchParams({ action: 'submit' }), forged)).status).toBe(403)
    const body = answersFromPage(await (await get(`/q/${quizId}`, cookie)).text())
    body.append('action', 'submit')
    const submit = () =>
      h.app.request(`/q/${quizId}`, {
        method: 'POST',
        headers: {
          origin: ORIGIN,
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
          cookie,
        },
        body,
      })
    const first = await submit()
    expect(first.status).toBe(200)
    const score = (await first.json()) as { submitted: boolean; total: number; maxTotal: number }
    expect(score).toMatchObject({ submitted: true, maxTotal: expect.any(Number) })
    const again = await submit()
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ code: 'ALREADY_SUBMITTED' })
    const events = await quizEvents()
    const submitted = events.filter(
      (e) => e.type === 'AttemptSubmitted' && e.metadata.recordedBy === 'student Gil',
    )
    expect(submitted).toHaveLength(1)
    const attemptId = submitted[0]?.type === 'AttemptSubmitted' ? submitted[0].data.attemptId : ''
    const graded = events.filter((e) => e.type === 'AttemptGraded' && e.data.attemptId === attemptId)
    expect(graded).toHaveLength(1)
    expect(graded[0]?.type === 'AttemptGraded' && graded[0].data.total).toBe(score.total)
  })

  it('shows a student what another instance on the same log recorded', async () => {
    const other = createApp({
      store: await h.t.openAnotherWriter(),
      database: h.t.database,
      sessionSecret: 'test-secret-'.repeat(4),
    })
    const cookie = await join('Hana')
    // This instance has read the quiz now; the submission is made on the other one.
    const body = answersFromPage(await (await get(`/q/${quizId}`, cookie)).text())
    body.append('action', 'submit')
    const submitted = await other.request(`/q/${quizId}`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', cookie },
      body,
    })
    expect(submitted.status).toBe(303)
    const result = await (await get(`/q/${quizId}`, cookie)).text()
    expect(result).toMatch(/You scored [\d.]+ of \d+/)
    expect(result).toContain('Your answer:')
    expect(result).not.toContain('Your answer: (no answer)')
  })

  it('keeps the classroom’s events out of the public API', async () => {
    const open = (await (await get('/api/events?limit=1000')).json()) as { type: string }[]
    expect(open.some((e) => e.type === 'QuizGenerated')).toBe(false)
    const streams = (await (await get('/api/streams')).json()) as { streamId: string }[]
    expect(streams.some((s) => s.streamId.startsWith('quiz/'))).toBe(false)
    const teacher = (await (await get(`/api/events?stream=quiz/${quizId}`, h.teacherCookie)).json()) as {
      type: string
    }[]
    expect(teacher.map((e) => e.type)).toContain('QuizGenerated')
    const log = await (await get('/log', h.teacherCookie)).text()
    expect(log).toContain(`Quiz ${quizId} published (answers shown after submitting)`)
    expect(log).toContain('Chloé started quiz')
  })

  it('answers any form a student posts with less than 500', async () => {
    const cookie = await join('Fuzz')
    const page = await (await get(`/q/${quizId}`, cookie)).text()
    const real = [...answersFromPage(page).entries()]
    const field = fc.constantFrom('answer.q1', 'answer.q2', 'order.q1', 'order.q5', 'move', 'action', 'x')
    const value = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('submit', 'q1:0:up', 'q5:9:down', 'q5:-1:up', ...real.map(([, v]) => v)),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(field, value), { maxLength: 8 }), async (pairs) => {
        const response = await post(`/q/${quizId}`, new URLSearchParams(pairs), cookie)
        expect(response.status, JSON.stringify(pairs)).toBeLessThan(500)
      }),
      { numRuns: 60 },
    )
  })

  it('limits how often one client may try to join', async () => {
    const strict = createApp({
      store: h.t.store,
      database: h.t.database,
      sessionSecret: 'test-secret-'.repeat(4),
      joinRateLimit: { limit: 2, windowMs: 60_000 },
      // A day later, so the tries made by the tests above are out of the window.
      clock: () => new Date(Date.now() + 86_400_000),
    })
    const statuses = []
    for (let i = 0; i < 3; i++) {
      const response = await strict.request('/join', {
        method: 'POST',
        headers: {
          origin: ORIGIN,
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': `10.0.0.${i}`,
        },
        body: form({ code: 'ZZZZ-ZZZZ', name: 'Eve' }),
      })
      statuses.push(response.status)
    }
    expect(statuses).toEqual([400, 400, 429])
  })
})
