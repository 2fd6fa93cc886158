import { findTeacher, type Teacher } from '@storyledger/classroom'
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, getSignedCookie, setSignedCookie } from 'hono/cookie'
import type { AppEnv } from '../context.js'
import { wantsJson } from '../lib/problem.js'
import { renderProblem } from '../pages/problem-page.js'

const COOKIE = 'sl_session'
const SESSION_SECONDS = 12 * 60 * 60

/**
 * Sessions are stateless: the cookie holds the teacher's id and an expiry, signed (HMAC-SHA256) with the
 * shared secret, so any instance on the same database can check it. The teacher is still looked up on each
 * request, so removing a teacher ends their sessions.
 */
export async function startSession(c: Context<AppEnv>, teacher: Teacher): Promise<void> {
  const { sessionSecret, production, clock } = c.var.deps
  const expires = Math.floor(clock().getTime() / 1000) + SESSION_SECONDS
  await setSignedCookie(c, COOKIE, `${teacher.id}.${expires}`, sessionSecret, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: production,
    path: '/',
    maxAge: SESSION_SECONDS,
  })
}

export function endSession(c: Context<AppEnv>): void {
  deleteCookie(c, COOKIE, { path: '/', secure: c.var.deps.production })
}

/** Puts the signed-in teacher (or `undefined`) in `c.var.teacher`. */
export const loadSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('teacher', undefined)
  const { sessionSecret, database, clock } = c.var.deps
  // Most requests (students, anyone signed out) carry no session: skip the HMAC key import for them.
  const value =
    getCookie(c, COOKIE) === undefined ? undefined : await getSignedCookie(c, sessionSecret, COOKIE)
  if (typeof value === 'string') {
    const [id, expires] = value.split('.')
    if (id && Number(expires) * 1000 > clock().getTime()) {
      c.set('teacher', await findTeacher(database, id))
    }
  }
  await next()
}

/**
 * Lets teachers through (only the owner when `role` is `'owner'`). Anyone else gets 401 (JSON) or is sent to
 * the sign-in page; a teacher without the role gets 403.
 */
export function requireTeacher(role?: 'owner'): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const teacher = c.var.teacher
    if (teacher === undefined) {
      if (wantsJson(c)) {
        return renderProblem(c, {
          status: 401,
          title: 'Sign in as a teacher first',
          code: 'UNAUTHENTICATED',
        })
      }
      const next = c.req.method === 'GET' ? c.req.path + new URL(c.req.url).search : '/'
      return c.redirect(`/sign-in?next=${encodeURIComponent(next)}`, 303)
    }
    if (role !== undefined && teacher.role !== role) {
      return renderProblem(c, {
        status: 403,
        title: 'Only the owner may do this',
        code: 'FORBIDDEN',
      })
    }
    await next()
  }
}
