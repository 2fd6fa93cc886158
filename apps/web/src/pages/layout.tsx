import type { Teacher } from '@storyledger/classroom'
import type { Child } from 'hono/jsx'

export interface LayoutProps {
  readonly title: string
  readonly teacher?: Teacher | undefined
  /** The path of the page, to mark the current navigation link. */
  readonly path?: string
  readonly children?: Child
}

const teacherLinks = [
  ['/log', 'Log'],
  ['/developments/new', 'Record a development'],
  ['/quizzes/new', 'Quizzes'],
] as const

/** The frame of every page: one stylesheet, a skip link, navigation, and the sign-out form for teachers. */
export function Layout(props: LayoutProps) {
  const current = (href: string) => (props.path === href ? ('page' as const) : undefined)
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — storyledger`}</title>
        <link rel="stylesheet" href="/assets/style.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to the content
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href="/">
              story<span>ledger</span>
            </a>
            <nav aria-label="Main">
              <ul>
                <li>
                  <a href="/" aria-current={current('/')}>
                    Stories
                  </a>
                </li>
                {props.teacher
                  ? teacherLinks.map(([href, label]) => (
                      <li>
                        <a href={href} aria-current={current(href)}>
                          {label}
                        </a>
                      </li>
                    ))
                  : null}
                {props.teacher?.role === 'owner' ? (
                  <li>
                    <a href="/teachers" aria-current={current('/teachers')}>
                      Teachers
                    </a>
                  </li>
                ) : null}
                <li>
                  <a href="/docs">API</a>
                </li>
              </ul>
            </nav>
            <div class="who">
              {props.teacher ? (
                <>
                  <span>Signed in as {props.teacher.name}</span>
                  <form method="post" action="/sign-out">
                    <button type="submit">Sign out</button>
                  </form>
                </>
              ) : (
                <a href="/sign-in" style="color:#d5e3f2">
                  Teacher sign-in
                </a>
              )}
            </div>
          </div>
        </header>
        <main id="main">{props.children}</main>
        <footer class="site-footer">
          <p>
            storyledger keeps every development of a story as a dated, sourced event in an append-only,
            tamper-evident log.
          </p>
        </footer>
      </body>
    </html>
  )
}
