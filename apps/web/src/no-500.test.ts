import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ORIGIN, openTestApp, STORY_SLUG, type TestApp } from './testing/test-app.js'

// Whatever a client sends, a mistake is its own: the answer is never a 500.
describe('never a 500 for a client mistake', () => {
  let h: TestApp
  beforeAll(async () => {
    h = await openTestApp()
  })
  afterAll(async () => {
    await h.close()
  })

  const paths = [
    '/',
    `/stories/${STORY_SLUG}`,
    '/stories/',
    '/log',
    '/log/verification',
    '/developments/new',
    '/teachers',
    '/quizzes/new',
    '/quizzes/export/gift',
    '/quizzes',
    '/quizzes/quiz-0000000000000000-000000/results',
    '/quizzes/quiz-0000000000000000-000000/export/csv',
    '/join',
    '/q/quiz-0000000000000000-000000',
    '/sign-in',
    '/api/events',
    '/api/streams',
    `/api/stories/${STORY_SLUG}/replay`,
    '/api/teachers',
    '/api/quizzes',
    '/api/quizzes/preview',
    '/api/quizzes/quiz-0000000000000000-000000/results',
    '/api/quizzes/quiz-0000000000000000-000000/rekey',
    '/api/quizzes/quiz-0000000000000000-000000/export/qti',
    '/api/attempts/attempt-0000',
  ]
  const params = [
    'page',
    'asOf',
    'knownOn',
    'since',
    'type',
    'stream',
    'limit',
    'fromPosition',
    'token',
    'next',
    'code',
  ]
  const query = fc.array(fc.tuple(fc.constantFrom(...params, 'x'), fc.string({ maxLength: 30 })), {
    maxLength: 4,
  })

  it('answers any query on any page with less than 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), query, fc.boolean(), async (path, pairs, signedIn) => {
        const search = new URLSearchParams(pairs).toString()
        const response = await h.app.request(`${path}${search ? `?${search}` : ''}`, {
          headers: signedIn ? { cookie: h.ownerCookie } : {},
        })
        expect(response.status, `${path}?${search}`).toBeLessThan(500)
      }),
      { numRuns: 150 },
    )
  })

  it('answers any form posted to the app with less than 500', async () => {
    const forms = [
      '/developments?type=BidMade',
      '/developments?type=DevelopmentCorrected',
      '/sign-in',
      '/teachers',
      '/join',
      '/quizzes/publish',
      '/quizzes/quiz-0000000000000000-000000/rekey',
      '/q/quiz-0000000000000000-000000',
    ]
    const fields = [
      'stream',
      'data.bidderId',
      'data.amount.amount',
      'data.corrected.data',
      'occurredOn',
      'name',
      'token',
      'code',
      'storyId',
      'asOf',
      'count',
      'kinds',
      'seed',
      'move',
      'answer.q1',
      'order.q1',
    ]
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...forms),
        fc.array(fc.tuple(fc.constantFrom(...fields), fc.string({ maxLength: 40 })), { maxLength: 6 }),
        async (path, pairs) => {
          const response = await h.app.request(path, {
            method: 'POST',
            headers: {
              origin: ORIGIN,
              'content-type': 'application/x-www-form-urlencoded',
              cookie: h.ownerCookie,
            },
            body: new URLSearchParams(pairs),
          })
          expect(response.status, `${path} ${JSON.stringify(pairs)}`).toBeLessThan(500)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('answers any JSON posted to the API with less than 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string({ maxLength: 50 })), async (body) => {
        const response = await h.app.request('/api/events', {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: h.teacherCookie },
          body,
        })
        expect(response.status, body).toBeLessThan(500)
      }),
      { numRuns: 100 },
    )
  })

  it('answers any blueprint-like JSON posted to a quiz or teacher endpoint with less than 500', async () => {
    const endpoints = [
      '/api/teachers',
      '/api/quizzes/preview',
      '/api/quizzes',
      '/api/join',
      '/api/attempts/attempt-0000/submit',
    ]
    // Near-misses of a blueprint as well as anything at all.
    const blueprintish = fc.record(
      {
        storyId: fc.constantFrom('story/tiktok-oracle-2020', 'story/none', 'Bad Id', ''),
        asOf: fc.constantFrom('2020-09-13', '2020-02-30', '1900-01-01', 'x'),
        count: fc.oneof(fc.integer({ min: -2, max: 40 }), fc.string({ maxLength: 3 })),
        kinds: fc.array(fc.constantFrom('who', 'chronology', 'as_of', 'nope'), { maxLength: 3 }),
        seed: fc.string({ maxLength: 10 }),
        showAnswers: fc.oneof(fc.boolean(), fc.string({ maxLength: 3 })),
      },
      { requiredKeys: [] },
    )
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.oneof(blueprintish, fc.jsonValue({ maxDepth: 2 })),
        async (path, body) => {
          const response = await h.app.request(path, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: h.ownerCookie },
            body: JSON.stringify(body),
          })
          expect(response.status, `${path} ${JSON.stringify(body)}`).toBeLessThan(500)
        },
      ),
      { numRuns: 100 },
    )
  })
})
