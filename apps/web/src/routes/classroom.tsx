import { type Attempt, findAttempt } from '@storyledger/classroom'
import { PublishedQuizId } from '@storyledger/core'
import { type Question, StudentAnswers, type StudentQuestion, toStudentQuiz } from '@storyledger/quiz'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { getCookie, setSignedCookie } from 'hono/cookie'
import type { AppEnv } from '../context.js'
import { clientOf, joinQuiz, submitAnswers, verifiedAttemptId } from '../lib/attempts.js'
import { formBody } from '../lib/form-body.js'
import { wantsJson } from '../lib/problem.js'
import { markOf, type StudentQuizView, studentQuizView } from '../lib/published-quiz.js'
import { renderProblem } from '../pages/problem-page.js'
import { renderPage } from '../pages/render.js'
import { Sources } from '../pages/sources.js'

const ATTEMPT_COOKIE = 'sl_attempt'
const ATTEMPT_SECONDS = 12 * 60 * 60

function JoinPage(props: { code: string; name: string; errors: Record<string, string | undefined> }) {
  const field = (name: 'code' | 'name', label: string, hint: string, autocomplete: string) => (
    <div class="field">
      <label for={`join-${name}`}>{label}</label>
      <input
        type="text"
        id={`join-${name}`}
        name={name}
        value={props[name]}
        autocomplete={autocomplete}
        aria-invalid={props.errors[name] ? 'true' : undefined}
        aria-describedby={props.errors[name] ? `join-${name}-error` : `join-${name}-hint`}
      />
      <span class="hint" id={`join-${name}-hint`}>
        {hint}
      </span>
      {props.errors[name] ? (
        <span class="error" id={`join-${name}-error`}>
          {props.errors[name]}
        </span>
      ) : null}
    </div>
  )
  return (
    <>
      <h1>Join a quiz</h1>
      <p class="lede">Enter the code your teacher gave you and the name your teacher will see.</p>
      <form method="post" action="/join" class="stacked card" novalidate>
        {field('code', 'Quiz code', 'Eight letters and digits, for example K3X9-7QWE', 'off')}
        {field('name', 'Your name', 'No account needed: this is the name your teacher sees', 'name')}
        <div>
          <button type="submit">Start the quiz</button>
        </div>
      </form>
    </>
  )
}

/** The attempt id in the signed cookie, or `undefined` when there is none or its signature is wrong. */
function attemptIdOf(c: Context<AppEnv>): string | undefined {
  return verifiedAttemptId(c.var.deps.sessionSecret, getCookie(c, ATTEMPT_COOKIE))
}

/** The student's attempt at a quiz, from the signed cookie that only this browser holds. */
async function attemptOf(c: Context<AppEnv>, quizId: string) {
  const attemptId = attemptIdOf(c)
  if (attemptId === undefined) return undefined
  const attempt = await findAttempt(c.var.deps.database, attemptId)
  return attempt?.quizId === quizId ? attempt : undefined
}

function tooManyTries(c: Context<AppEnv>) {
  return renderProblem(c, {
    status: 429,
    title: 'Too many tries to join',
    code: 'TOO_MANY_TRIES',
    detail: 'Wait a minute, then try the code again.',
  })
}

function noAttempt(c: Context<AppEnv>) {
  return renderProblem(c, {
    status: 403,
    title: 'Join the quiz first',
    code: 'NO_ATTEMPT',
    detail: 'This page shows only your own attempt: open the link or enter the code at /join.',
  })
}

/** A second submission changes nothing: a page goes back to the result, a JSON client is told why. */
function alreadySubmitted(c: Context<AppEnv>, quizId: string) {
  if (!wantsJson(c)) return c.redirect(`/q/${quizId}`, 303)
  return renderProblem(c, {
    status: 409,
    title: 'This attempt was already submitted',
    code: 'ALREADY_SUBMITTED',
    detail: `Its result is at /q/${quizId}.`,
  })
}

/** The order a chronology is shown in: as posted when it is a reordering of the attempt's items, else as drawn. */
function orderOf(question: StudentQuestion, posted: unknown): string[] {
  if (question.kind !== 'chronology') return []
  const drawn = question.items.map((item) => item.id)
  const list = Array.isArray(posted) ? posted : typeof posted === 'string' ? [posted] : []
  const ids = list.filter((x): x is string => typeof x === 'string')
  const same = ids.length === drawn.length && drawn.every((id) => ids.includes(id))
  return same ? ids : drawn
}

interface FormState {
  readonly chosen: Readonly<Record<string, string>>
  readonly orders: Readonly<Record<string, readonly string[]>>
  /** The button to focus after a reordering, so a keyboard user stays where they were. */
  readonly focus?: string
}

function QuestionFieldset(props: { question: StudentQuestion; number: number; state: FormState }) {
  const { question, state } = props
  const legend = (
    <legend>
      <span class="small muted">Question {props.number}</span> {question.stem}
    </legend>
  )
  if (question.kind !== 'chronology') {
    return (
      <fieldset class="card question">
        {legend}
        {question.options.map((option) => (
          <label class="choice">
            <input
              type="radio"
              name={`answer.${question.id}`}
              value={option.id}
              checked={state.chosen[question.id] === option.id}
            />{' '}
            {option.text}
          </label>
        ))}
      </fieldset>
    )
  }
  const order = state.orders[question.id] ?? question.items.map((item) => item.id)
  const textOf = (id: string) => question.items.find((item) => item.id === id)?.text ?? ''
  return (
    <fieldset class="card question">
      {legend}
      <p class="small muted" id={`${question.id}-how`}>
        Earliest first. Move an item with its buttons.
      </p>
      <ol class="order" aria-describedby={`${question.id}-how`}>
        {order.map((id, index) => {
          const up = `${question.id}:${index}:up`
          const down = `${question.id}:${index}:down`
          return (
            <li>
              <input type="hidden" name={`order.${question.id}`} value={id} />
              <span class="order-text">{textOf(id)}</span>{' '}
              <span class="order-buttons">
                <button
                  type="submit"
                  name="move"
                  value={up}
                  class="secondary"
                  disabled={index === 0}
                  aria-label={`Move “${textOf(id)}” up`}
                  autofocus={state.focus === up}
                >
                  ↑ Up
                </button>
                <button
                  type="submit"
                  name="move"
                  value={down}
                  class="secondary"
                  disabled={index === order.length - 1}
                  aria-label={`Move “${textOf(id)}” down`}
                  autofocus={state.focus === down}
                >
                  ↓ Down
                </button>
              </span>
            </li>
          )
        })}
      </ol>
    </fieldset>
  )
}

type AttemptRef = Pick<Attempt, 'attemptId' | 'seed' | 'displayName'>

function answerPage(
  c: Context<AppEnv>,
  loaded: StudentQuizView,
  attempt: AttemptRef,
  state: FormState,
  status: 200 | 400 = 200,
) {
  const displayName = attempt.displayName
  const student = toStudentQuiz(loaded.seenBy(attempt.attemptId), attempt.seed)
  return renderPage(
    c,
    'Answer the quiz',
    <>
      <h1>Answer the quiz</h1>
      <p class="lede">
        Answering as <strong>{displayName}</strong>. {student.questions.length} questions; you can submit
        once.
      </p>
      <form method="post" action={`/q/${loaded.published.quizId}`} class="stacked">
        {student.questions.map((question, index) => (
          <QuestionFieldset question={question} number={index + 1} state={state} />
        ))}
        <div>
          <button type="submit" name="action" value="submit">
            Submit my answers
          </button>
        </div>
      </form>
    </>,
    status,
  )
}

function optionText(question: Question, id: string | undefined): string {
  const options = question.kind === 'chronology' ? question.items : question.options
  return options.find((option) => option.id === id)?.text ?? '(no answer)'
}

function resultPage(
  c: Context<AppEnv>,
  loaded: StudentQuizView,
  attempt: AttemptRef,
  answers: StudentAnswers,
) {
  const quiz = loaded.quiz
  const { grade, responses } = markOf(loaded, attempt, answers)
  const percent = Math.round(grade.percentage)
  return renderPage(
    c,
    'Your result',
    <>
      <h1>Your result</h1>
      <p class="notice good" role="status">
        You scored {Number(grade.total.toFixed(2))} of {grade.maxTotal} ({percent}%).
      </p>
      {loaded.published.showAnswers ? (
        quiz.questions.map((question, index) => {
          const mark = grade.questions[index]
          const response = responses[question.id]
          return (
            <article class="card">
              <p class="small muted" style="margin:0 0 0.35rem">
                Question {index + 1} ·{' '}
                <span class={`badge ${mark?.status === 'correct' ? 'good' : 'bad'}`}>{mark?.status}</span>
              </p>
              <h2 style="margin-top:0;font-size:1.1rem">{question.stem}</h2>
              {question.kind === 'chronology' ? (
                <>
                  <p class="small">Your order:</p>
                  <ol>
                    {(Array.isArray(response) ? response : []).map((id) => (
                      <li>{optionText(question, id)}</li>
                    ))}
                  </ol>
                  <p class="small">The right order:</p>
                  <ol>
                    {question.order.map((id) => (
                      <li>{optionText(question, id)}</li>
                    ))}
                  </ol>
                </>
              ) : (
                <p>
                  Your answer: {optionText(question, typeof response === 'string' ? response : undefined)}
                  <br />
                  The right answer: <strong>{optionText(question, question.key)}</strong>
                </p>
              )}
              {(mark?.feedback ?? []).map((line) => (
                <p class="small">{line}</p>
              ))}
              <Sources sources={question.provenance.sources} />
            </article>
          )
        })
      ) : (
        <p>Your teacher will go through the answers with you.</p>
      )}
    </>,
  )
}

/**
 * Students (no account): join with a code and a display name, answer on one page, submit once, see the
 * result. The attempt is named by a signed, http-only cookie scoped to the quiz's pages, so a student sees only
 * their own attempt; nothing sent before submitting holds a key, feedback or an option id that encodes one.
 */
export const classroomRoutes = new Hono<AppEnv>()
  .get('/join', (c) => {
    const code = c.req.query('code') ?? ''
    return renderPage(c, 'Join a quiz', <JoinPage code={code.slice(0, 40)} name="" errors={{}} />)
  })
  .post('/join', async (c) => {
    const { sessionSecret, production } = c.var.deps
    const body = await formBody(c)
    const raw = { code: String(body.code ?? ''), name: String(body.name ?? '') }
    const joined = await joinQuiz(c.var.deps, clientOf(c), raw)
    if (!joined.ok && joined.reason === 'TOO_MANY_TRIES') return tooManyTries(c)
    if (!joined.ok) {
      return renderPage(
        c,
        'Join a quiz',
        <JoinPage code={raw.code} name={raw.name} errors={joined.errors} />,
        400,
      )
    }
    const { quiz, attempt } = joined
    await setSignedCookie(c, ATTEMPT_COOKIE, attempt.attemptId, sessionSecret, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: production,
      path: `/q/${quiz.quizId}`,
      maxAge: ATTEMPT_SECONDS,
    })
    return c.redirect(`/q/${quiz.quizId}`, 303)
  })
  .get('/q/:quizId', async (c) => {
    const { store, database } = c.var.deps
    const quizId = c.req.param('quizId')
    // Both at once: the quiz's read of the log and the attempt's row do not depend on each other.
    const [loaded, attempt] = PublishedQuizId.safeParse(quizId).success
      ? await Promise.all([studentQuizView(store, database, quizId), attemptOf(c, quizId)])
      : [undefined, undefined]
    if (loaded === undefined)
      return renderProblem(c, { status: 404, title: 'No such quiz', code: 'NOT_FOUND' })
    if (attempt === undefined) return noAttempt(c)
    if (attempt.submittedAt !== null) {
      const answers = loaded.answersOf(attempt.attemptId) ?? {}
      if (wantsJson(c)) {
        const { grade } = markOf(loaded, attempt, answers)
        return c.json({
          submitted: true,
          total: grade.total,
          maxTotal: grade.maxTotal,
          percentage: grade.percentage,
        })
      }
      return resultPage(c, loaded, attempt, answers)
    }
    if (wantsJson(c)) {
      // The same form as the page: StudentQuiz holds no key, feedback or provenance by construction.
      return c.json({
        submitted: false,
        quiz: toStudentQuiz(loaded.seenBy(attempt.attemptId), attempt.seed),
      })
    }
    return answerPage(c, loaded, attempt, { chosen: {}, orders: {} })
  })
  .post('/q/:quizId', async (c) => {
    const { store, database } = c.var.deps
    const quizId = c.req.param('quizId')
    const loaded = PublishedQuizId.safeParse(quizId).success
      ? await studentQuizView(store, database, quizId)
      : undefined
    if (loaded === undefined)
      return renderProblem(c, { status: 404, title: 'No such quiz', code: 'NOT_FOUND' })
    // The attempt as its start was recorded in this quiz's stream (the cookie is issued only after that
    // append), so no row is read here; whether it was already submitted is settled by the claim below.
    const attemptId = attemptIdOf(c)
    const attempt = attemptId === undefined ? undefined : loaded.startedAttempt(attemptId)
    if (attempt === undefined) return noAttempt(c)
    if (loaded.answersOf(attempt.attemptId) !== undefined) return alreadySubmitted(c, quizId)
    const body = await formBody(c, { all: true })
    const student = toStudentQuiz(loaded.seenBy(attempt.attemptId), attempt.seed)
    const chosen: Record<string, string> = {}
    const orders: Record<string, string[]> = {}
    for (const question of student.questions) {
      if (question.kind === 'chronology') {
        orders[question.id] = orderOf(question, body[`order.${question.id}`])
      } else {
        const value = body[`answer.${question.id}`]
        if (typeof value === 'string') chosen[question.id] = value
      }
    }
    const move = body.move
    if (typeof move === 'string') {
      const [questionId, at, direction] = move.split(':')
      const order = orders[questionId ?? '']
      const index = Number(at)
      const target = direction === 'up' ? index - 1 : index + 1
      if (
        order === undefined ||
        !Number.isInteger(index) ||
        order[index] === undefined ||
        order[target] === undefined
      ) {
        return answerPage(c, loaded, attempt, { chosen, orders }, 400)
      }
      ;[order[index], order[target]] = [order[target] as string, order[index] as string]
      // Keep focus on the moved item's button in its new place (or its other button at either end).
      const edge = target === 0 ? 'down' : target === order.length - 1 ? 'up' : direction
      return answerPage(c, loaded, attempt, {
        chosen,
        orders,
        focus: `${questionId}:${target}:${edge}`,
      })
    }
    const answers = StudentAnswers.parse({ ...chosen, ...orders })
    const submitted = await submitAnswers(c.var.deps, loaded, attempt, answers)
    if (!submitted.ok) return alreadySubmitted(c, quizId)
    const { grade } = submitted
    if (wantsJson(c)) {
      const { total, maxTotal, percentage } = grade
      return c.json({ submitted: true, total, maxTotal, percentage })
    }
    return c.redirect(`/q/${quizId}`, 303)
  })
