import { addTeacher, ensureFirstTeacher, migrateClassroom, type Teacher } from '@storyledger/classroom'
import { type Backend, openTestStore, type TestStore } from '@storyledger/core/testing'
import { createApp } from '../app.js'
import type { AppDeps } from '../context.js'
import { FOUNDING_STORY_ID } from '../seed/founding-story.js'
import { seedFoundingStory } from '../seed/seed-story.js'

export const ORIGIN = 'http://localhost'

/** The stream of the story the test database is seeded with, and its slug in page addresses. */
export const STORY = FOUNDING_STORY_ID
export const STORY_SLUG = FOUNDING_STORY_ID.replace(/^story\//, '')

export interface TestApp {
  readonly app: ReturnType<typeof createApp>
  readonly t: TestStore
  /** The first teacher (the owner), signed in: its session cookie. */
  readonly ownerCookie: string
  readonly owner: Teacher
  /** A second teacher without the owner's role, signed in. */
  readonly teacherCookie: string
  /** Sends a form as a browser on this site would (with its Origin). */
  postForm(path: string, fields: Record<string, string>, cookie?: string): Promise<Response>
  close(): Promise<void>
}

/** Signs in with a one-time token through the app itself and returns the session cookie. */
export async function signIn(app: ReturnType<typeof createApp>, token: string): Promise<string> {
  const response = await app.request('/sign-in', {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, next: '/' }),
  })
  const cookie = response.headers.get('set-cookie')
  if (response.status !== 303 || !cookie) throw new Error(`sign-in failed: ${response.status}`)
  return cookie.split(';')[0] ?? ''
}

/** A migrated, seeded test database, the app on it, and two signed-in teachers. */
export async function openTestApp(
  backend: Backend = 'pglite',
  extra: Partial<AppDeps> = {},
): Promise<TestApp> {
  const t = await openTestStore(backend)
  await migrateClassroom(t.database)
  await seedFoundingStory(t.store)
  const app = createApp({
    store: t.store,
    database: t.database,
    sessionSecret: 'test-secret-'.repeat(4),
    ...extra,
  })
  const first = await ensureFirstTeacher(t.database, { name: 'Owner' })
  if (!first) throw new Error('expected a first teacher')
  const ownerCookie = await signIn(app, first.token)
  const second = await addTeacher(t.database, { name: 'Second Teacher' })
  if (!('token' in second)) throw new Error('expected a token')
  const teacherCookie = await signIn(app, second.token)
  return {
    app,
    t,
    owner: first.teacher,
    ownerCookie,
    teacherCookie,
    postForm: async (path, fields, cookie) =>
      app.request(path, {
        method: 'POST',
        headers: {
          origin: ORIGIN,
          'content-type': 'application/x-www-form-urlencoded',
          ...(cookie ? { cookie } : {}),
        },
        body: new URLSearchParams(fields),
      }),
    close: () => t.close(),
  }
}
