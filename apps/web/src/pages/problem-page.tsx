import type { Context } from 'hono'
import type { AppEnv } from '../context.js'
import { type Problem, problemResponse, wantsJson } from '../lib/problem.js'
import { renderPage } from './render.js'

/** A client error as problem+json for API clients, or as a page for people. */
export function renderProblem(c: Context<AppEnv>, problem: Problem): Response | Promise<Response> {
  if (wantsJson(c)) return problemResponse(c, problem)
  return renderPage(
    c,
    problem.title,
    <section class="card">
      <h1>{problem.title}</h1>
      {problem.detail ? <p>{problem.detail}</p> : null}
      {problem.issues && problem.issues.length > 0 ? (
        <ul>
          {problem.issues.map((issue) => (
            <li>
              <code>{issue.path.join('.') || '(root)'}</code>: {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <a href="/">Back to the stories</a>
      </p>
    </section>,
    problem.status,
  )
}
