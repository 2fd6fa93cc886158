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
})
