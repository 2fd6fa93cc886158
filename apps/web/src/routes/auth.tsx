import { redeemSignInToken } from '@storyledger/classroom'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../context.js'
import { formBody } from '../lib/form-body.js'
import { endSession, startSession } from '../middleware/session.js'
import { renderPage } from '../pages/render.js'

/** Only a path on this site: `/log`, never `//evil.example` or `https://…`. */
const LocalPath = z
  .string()
  .max(2_000)
  .regex(/^\/(?![/\\])/)
  .catch('/')

const SignInForm = z.object({ token: z.string().max(500).default(''), next: LocalPath.default('/') })

const reasons = {
  UNKNOWN_TOKEN: 'This sign-in link is not valid. Check that you copied all of it.',
  TOKEN_USED: 'This sign-in link has already been used. Ask for a new one.',
  TOKEN_EXPIRED: 'This sign-in link has expired. Ask for a new one.',
} as const

function SignInPage(props: { token: string; next: string; error?: string | undefined }) {
  return (
    <section class="signin card">
      <h1>Teacher sign-in</h1>
      {props.error ? (
        <p class="notice bad" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/sign-in" class="stacked">
        {props.token ? (
          <>
            <p>You opened a one-time sign-in link. It works once.</p>
            <input type="hidden" name="token" value={props.token} />
          </>
        ) : (
          <div class="field">
            <label for="token">Sign-in token</label>
            <input type="text" id="token" name="token" autocomplete="off" spellcheck={false} required />
            <span class="hint">
              The part after <code>token=</code> in the link the app printed when it started.
            </span>
          </div>
        )}
        <input type="hidden" name="next" value={props.next} />
        <div>
          <button type="submit">Sign in</button>
        </div>
      </form>
    </section>
  )
}

/**
 * Sign-in with a one-time link: GET shows a button and POST redeems the token, so that a link preview or a
 * prefetch cannot use the token up.
 */
export const authRoutes = new Hono<AppEnv>()
  .get('/sign-in', (c) => {
    const { token, next } = SignInForm.parse({ token: c.req.query('token'), next: c.req.query('next') })
    return renderPage(c, 'Sign in', <SignInPage token={token} next={next} />)
  })
  .post('/sign-in', async (c) => {
    const { token, next } = SignInForm.parse(await formBody(c))
    const outcome = await redeemSignInToken(c.var.deps.database, token.trim(), { now: c.var.deps.clock() })
    if (!outcome.ok) {
      return renderPage(
        c,
        'Sign in',
        <SignInPage token="" next={next} error={reasons[outcome.reason]} />,
        401,
      )
    }
    await startSession(c, outcome.teacher)
    return c.redirect(next, 303)
  })
  .post('/sign-out', (c) => {
    endSession(c)
    return c.redirect('/', 303)
  })
