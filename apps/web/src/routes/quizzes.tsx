import { listPublishedQuizzes } from '@storyledger/classroom'
import { PublishedQuizId } from '@storyledger/core'
import {
  itemStatistics,
  type Question,
  QuestionKind,
  type Quiz,
  toGift,
  toMoodleXml,
} from '@storyledger/quiz'
import type { Context } from 'hono'
import { Hono } from 'hono'
import type { AppEnv } from '../context.js'
import { formBody } from '../lib/form-body.js'
import { type GradedAttempt, gradedAttempts, loadPublishedQuiz } from '../lib/published-quiz.js'
import {
  affectedQuestions,
  ExportFormat,
  exportPublished,
  generateRequested,
  publishQuiz,
  QuizRequest,
  rekeyAndRegrade,
  rekeyOf,
} from '../lib/quiz-actions.js'
import { requireTeacher } from '../middleware/session.js'
import { renderProblem } from '../pages/problem-page.js'
import { renderPage } from '../pages/render.js'
import { Sources } from '../pages/sources.js'
import { STORY_PREFIX } from './stories.js'

const kindLabels: Record<QuestionKind, string> = {
  who: 'Who did it',
  what: 'What happened',
  numeric: 'Figures',
  quote_attribution: 'Who said it',
  source_attribution: 'Which outlet reported it',
  true_false: 'True or false',
  chronology: 'Put in order',
  as_of: 'As of a date',
  what_changed: 'What changed',
}

function queryOf(c: Context<AppEnv>): Record<string, unknown> {
  const { kinds: _kinds, rerolls: _rerolls, ...rest } = c.req.query()
  return { ...rest, kinds: c.req.queries('kinds') ?? [], rerolls: c.req.queries('rerolls') ?? [] }
}

function pinned(query: QuizRequest, quiz: Quiz): string {
  const params = new URLSearchParams({
    storyId: query.storyId,
    asOf: query.asOf,
    count: String(query.count),
    easy: String(query.easy),
    medium: String(query.medium),
    hard: String(query.hard),
    seed: query.seed,
    knownAt: quiz.blueprint.knownAt,
    logPosition: String(quiz.logPosition),
  })
  for (const kind of query.kinds) params.append('kinds', kind)
  for (const number of query.rerolls) params.append('rerolls', String(number))
  return params.toString()
}

function QuestionPreview(props: {
  question: Question
  number: number
  positionOf: (id: string) => number | undefined
  slug: string
  /** The pinned query of this quiz, so that a re-roll changes this question and no other. */
  pinned: string
}) {
  const { question } = props
  return (
    <article class="card" id={question.id}>
      <p class="small muted" style="margin:0 0 0.35rem">
        Question {props.number} · {kindLabels[question.kind]} · {question.difficulty} ·{' '}
        <a
          href={`/quizzes/new?${props.pinned}&rerolls=${props.number}#${question.id}`}
          aria-label={`Re-roll question ${props.number}: replace it with another question`}
        >
          Re-roll
        </a>
      </p>
      <h3 style="margin-top:0">{question.stem}</h3>
      {question.kind === 'chronology' ? (
        <>
          <p class="small muted">Key, earliest first:</p>
          <ol>
            {question.order.map((id) => {
              const item = question.items.find((i) => i.id === id)
              return <li>{item?.text ?? id}</li>
            })}
          </ol>
        </>
      ) : (
        <ul style="list-style:none;padding:0">
          {question.options.map((option) => (
            <li style="margin-bottom:0.5rem">
              {option.id === question.key ? (
                <span class="badge good">✔ key</span>
              ) : (
                <span class="badge">distractor</span>
              )}{' '}
              {option.text}
              <span class="sources">Feedback: {option.feedback}</span>
            </li>
          ))}
        </ul>
      )}
      <p class="small">
        <strong>After the attempt:</strong> {question.generalFeedback}
      </p>
      <p class="small" style="margin:0">
        From:{' '}
        {question.provenance.eventIds.map((id, index) => {
          const position = props.positionOf(id)
          return (
            <>
              {index > 0 ? ', ' : ''}
              {position === undefined ? (
                id
              ) : (
                <a href={`/stories/${props.slug}#event-${position}`}>event {position}</a>
              )}
            </>
          )
        })}
      </p>
      <Sources sources={question.provenance.sources} />
    </article>
  )
}

const defaults = { count: '8', easy: '1', medium: '2', hard: '1', seed: 'form A' }

/**
 * Quizzes (teachers): a blueprint form, a preview of every question with its key, feedback and provenance, and
 * the quiz as Moodle XML or GIFT. Nothing is stored yet: the same blueprint, log position and `knownAt` give the
 * same quiz, so the links carry them. Publishing to students comes with the classroom events (issue #5).
 */
export const quizRoutes = new Hono<AppEnv>()
  .use(requireTeacher())
  .get('/new', async (c) => {
    const { store } = c.var.deps
    const streams = (await store.listStreams({ prefix: STORY_PREFIX })).map((s) => s.streamId)
    const raw = queryOf(c)
    const submitted = c.req.query('storyId') !== undefined
    const parsed = submitted ? QuizRequest.safeParse(raw) : undefined
    const value = (name: string) => {
      const v = raw[name]
      return typeof v === 'string' ? v : (defaults[name as keyof typeof defaults] ?? '')
    }
    const chosenKinds = submitted
      ? new Set(raw.kinds as string[])
      : new Set(['who', 'what', 'chronology', 'true_false'])
    const errors = parsed && !parsed.success ? parsed.error.issues : []
    const errorOf = (name: string) => errors.find((i) => i.path[0] === name)?.message
    let preview = null
    let status: 200 | 400 | 422 = errors.length > 0 ? 400 : 200
    if (parsed?.success) {
      const { result, events } = await generateRequested(c.var.deps, parsed.data)
      if (!result.ok) {
        status = 422
        preview = (
          <p class="notice bad" role="alert">
            No quiz: {result.detail}
          </p>
        )
      } else {
        const positions = new Map(events.map((e) => [e.eventId, e.position]))
        const slug = parsed.data.storyId.slice(STORY_PREFIX.length)
        const link = pinned(parsed.data, result.quiz)
        preview = (
          <section aria-labelledby="preview-heading">
            <h2 id="preview-heading">
              Preview: {result.quiz.questions.length} questions ({result.quiz.id})
            </h2>
            <p class="actions">
              <a class="button secondary" href={`/quizzes/export/xml?${link}`}>
                Moodle XML
              </a>
              <a class="button secondary" href={`/quizzes/export/gift?${link}`}>
                GIFT
              </a>
              <a class="button secondary" href={`/quizzes/new?${link}`}>
                Link to this quiz
              </a>
            </p>
            <form method="post" action="/quizzes/publish" class="card inline-form">
              {[...new URLSearchParams(link)].map(([name, v]) => (
                <input type="hidden" name={name} value={v} />
              ))}
              <label class="check">
                <input type="checkbox" name="showAnswers" value="yes" checked /> Students see the right
                answers and feedback after submitting
              </label>
              <button type="submit">Publish to students</button>
            </form>
            {result.quiz.questions.map((question, index) => (
              <QuestionPreview
                question={question}
                number={index + 1}
                positionOf={(id) => positions.get(id)}
                slug={slug}
                pinned={link}
              />
            ))}
          </section>
        )
      }
    }
    const field = (name: string, label: string, type: 'text' | 'number' | 'date', hint?: string) => (
      <div class="field">
        <label for={`quiz-${name}`}>{label}</label>
        <input
          type={type}
          id={`quiz-${name}`}
          name={name}
          value={value(name)}
          aria-invalid={errorOf(name) ? 'true' : undefined}
          aria-describedby={errorOf(name) ? `quiz-${name}-error` : hint ? `quiz-${name}-hint` : undefined}
        />
        {hint ? (
          <span class="hint" id={`quiz-${name}-hint`}>
            {hint}
          </span>
        ) : null}
        {errorOf(name) ? (
          <span class="error" id={`quiz-${name}-error`}>
            {errorOf(name)}
          </span>
        ) : null}
      </div>
    )
    return renderPage(
      c,
      'Generate a quiz',
      <>
        <h1>Generate a quiz</h1>
        <p class="lede">
          Questions are written from the story as it stood on a date, and only from what the log knew. The
          same seed gives the same quiz; another seed, another quiz from the same facts. Quizzes already given
          to students: <a href="/quizzes">published quizzes</a>.
        </p>
        <form method="get" action="/quizzes/new" class="stacked card" novalidate>
          <div class="field">
            <label for="quiz-storyId">Story</label>
            <select id="quiz-storyId" name="storyId">
              {streams.map((stream) => (
                <option value={stream} selected={stream === value('storyId')}>
                  {stream}
                </option>
              ))}
            </select>
          </div>
          {field('asOf', 'As of', 'date')}
          {field('count', 'Number of questions', 'number')}
          <fieldset>
            <legend>Kinds of question</legend>
            {QuestionKind.options.map((kind) => (
              <label class="check">
                <input type="checkbox" name="kinds" value={kind} checked={chosenKinds.has(kind)} />{' '}
                {kindLabels[kind]}
              </label>
            ))}
            {errorOf('kinds') ? <span class="error">{errorOf('kinds')}</span> : null}
          </fieldset>
          <fieldset>
            <legend>Difficulty mix (relative weights)</legend>
            <div class="inline-form">
              {field('easy', 'Easy', 'number')}
              {field('medium', 'Medium', 'number')}
              {field('hard', 'Hard', 'number')}
            </div>
          </fieldset>
          {field('seed', 'Seed', 'text', 'Any words: the same seed gives the same quiz')}
          <div>
            <button type="submit">Preview the quiz</button>
          </div>
        </form>
        {preview}
      </>,
      status,
    )
  })
  .get('/export/:format{xml|gift}', async (c) => {
    const query = QuizRequest.parse(queryOf(c))
    const { result } = await generateRequested(c.var.deps, query)
    if (!result.ok) {
      return c.json({ type: 'about:blank', title: result.detail, status: 422, code: result.reason }, 422, {
        'content-type': 'application/problem+json',
      })
    }
    const xml = c.req.param('format') === 'xml'
    return c.body(xml ? toMoodleXml(result.quiz) : toGift(result.quiz), 200, {
      'content-type': xml ? 'application/xml; charset=utf-8' : 'text/plain; charset=utf-8',
      'content-disposition': `attachment; filename="${result.quiz.id}.${xml ? 'xml' : 'gift.txt'}"`,
    })
  })
  .post('/publish', async (c) => {
    const teacher = c.var.teacher
    if (teacher === undefined) throw new Error('requireTeacher lets only teachers through')
    const body = await formBody(c, { all: true })
    const { kinds, rerolls, showAnswers, ...rest } = body
    const all = (value: unknown) => (Array.isArray(value) ? value : value === undefined ? [] : [value])
    const query = QuizRequest.parse({ ...rest, kinds: all(kinds), rerolls: all(rerolls) })
    const { result } = await generateRequested(c.var.deps, query)
    if (!result.ok) {
      return renderProblem(c, { status: 422, title: `No quiz: ${result.detail}`, code: result.reason })
    }
    const { quizId, joinCode } = await publishQuiz(c.var.deps, teacher, result.quiz, {
      showAnswers: showAnswers === 'yes',
    })
    const link = new URL(`/join?code=${joinCode}`, c.req.url).href
    return renderPage(
      c,
      'Quiz published',
      <>
        <h1>Quiz published</h1>
        <p class="notice good" role="status">
          Students join with the code <strong class="join-code">{joinCode}</strong> or the link{' '}
          <a href={link}>{link}</a>.
        </p>
        <p>Write the code down now: only its hash is kept, so this page is the only place it is shown.</p>
        <p class="actions">
          <a class="button" href={`/quizzes/${quizId}/results`}>
            Results
          </a>
          <a class="button secondary" href="/quizzes">
            All published quizzes
          </a>
        </p>
      </>,
      201,
    )
  })
  .get('/', async (c) => {
    const quizzes = await listPublishedQuizzes(c.var.deps.database)
    return renderPage(
      c,
      'Published quizzes',
      <>
        <h1>Published quizzes</h1>
        <p class="actions">
          <a class="button" href="/quizzes/new">
            Generate a quiz
          </a>
        </p>
        {quizzes.length === 0 ? (
          <p>No quiz has been published yet.</p>
        ) : (
          <ul>
            {quizzes.map((quiz) => (
              <li>
                <a href={`/quizzes/${quiz.quizId}/results`}>{quiz.quizId}</a> — {quiz.storyId}, published{' '}
                {quiz.createdAt.slice(0, 16).replace('T', ' ')} UTC
              </li>
            ))}
          </ul>
        )}
      </>,
    )
  })
  .get('/:quizId/results', async (c) => {
    const loaded = await publishedOr404(c)
    if (loaded instanceof Response) return loaded
    const { graded, unsubmitted } = await gradedAttempts(c.var.deps.database, loaded)
    const statistics = itemStatistics(graded.map((g) => g.grade))
    const { quiz } = loaded
    const base = `/quizzes/${loaded.published.quizId}`
    const affected = affectedQuestions(await rekeyOf(c.var.deps, loaded))
    const regraded = c.req.query('regraded')
    return renderPage(
      c,
      'Results',
      <>
        <h1>Results</h1>
        <p class="lede">
          {quiz.questions.length} questions on {quiz.blueprint.storyId} as of {quiz.blueprint.asOf};{' '}
          {graded.length} submitted, {unsubmitted.length} still answering.
        </p>
        <p class="actions">
          <a class="button secondary" href={`${base}/export/csv`}>
            Results (CSV)
          </a>
          <a class="button secondary" href={`${base}/export/xml`}>
            Moodle XML
          </a>
          <a class="button secondary" href={`${base}/export/gift`}>
            GIFT
          </a>
          <a class="button secondary" href={`${base}/export/qti`}>
            QTI 2.1 (zip)
          </a>
        </p>
        <h2>Students</h2>
        {graded.length === 0 ? (
          <p>No attempt has been submitted yet.</p>
        ) : (
          <table class="results">
            <caption class="small muted">Each student's score; open a row's answers to see them.</caption>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Score</th>
                <th scope="col">Answers</th>
              </tr>
            </thead>
            <tbody>
              {graded.map((g) => (
                <tr>
                  <th scope="row">{g.attempt.displayName}</th>
                  <td>
                    {Number(g.grade.total.toFixed(2))} / {g.grade.maxTotal} ({Math.round(g.grade.percentage)}
                    %)
                  </td>
                  <td>
                    <StudentAnswersList quiz={quiz} graded={g} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {regraded !== undefined ? (
          <p class="notice good" role="status">
            Re-keyed against the log as it stands; {regraded} attempt(s) regraded.
          </p>
        ) : null}
        {affected.length > 0 ? (
          <section class="card" aria-labelledby="rekey-heading">
            <h2 id="rekey-heading">The log has changed since this quiz was written</h2>
            <p>
              A correction or retraction recorded since touches {affected.length} question(s). Re-keying
              writes the quiz again from the same seed on the log as it stands and regrades every submitted
              attempt; both are recorded in the log.
            </p>
            <ul>
              {affected.map((change) => (
                <li>
                  {change.questionId}: {change.status.replaceAll('_', ' ')} — key was “{change.keyBefore}”
                  {change.keyAfter !== undefined && change.keyAfter !== change.keyBefore
                    ? `, now “${change.keyAfter}”`
                    : ''}
                </li>
              ))}
            </ul>
            <form method="post" action={`${base}/rekey`}>
              <button type="submit">Re-key and regrade</button>
            </form>
          </section>
        ) : null}
        <h2>Item statistics</h2>
        <p class="small muted">
          Facility: the mean mark as a share of the maximum. Discrimination: how well the question separates
          students who did well on the rest of the quiz from those who did not (needs two attempts or more).
        </p>
        <ol class="item-stats">
          {quiz.questions.map((question, index) => {
            const item = statistics.items[index]
            return (
              <li>
                <p class="small" style="margin:0.5rem 0 0.25rem">
                  {question.stem}
                </p>
                <Bar label="Facility" value={item?.facilityIndex ?? null} />
                <Bar label="Discrimination" value={item?.discriminationIndex ?? null} />
              </li>
            )
          })}
        </ol>
      </>,
    )
  })
  .post('/:quizId/rekey', async (c) => {
    const loaded = await publishedOr404(c)
    if (loaded instanceof Response) return loaded
    const teacher = c.var.teacher
    if (teacher === undefined) throw new Error('requireTeacher lets only teachers through')
    const { regraded } = await rekeyAndRegrade(c.var.deps, teacher, loaded)
    return c.redirect(`/quizzes/${loaded.published.quizId}/results?regraded=${regraded}`, 303)
  })
  .get('/:quizId/export/:format{xml|gift|qti|csv}', async (c) => {
    const loaded = await publishedOr404(c)
    if (loaded instanceof Response) return loaded
    const file = await exportPublished(c.var.deps, loaded, ExportFormat.parse(c.req.param('format')))
    return c.body(file.body, 200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.filename}"`,
    })
  })

async function publishedOr404(c: Context<AppEnv>) {
  const quizId = c.req.param('quizId') ?? ''
  const loaded = PublishedQuizId.safeParse(quizId).success
    ? await loadPublishedQuiz(c.var.deps.store, c.var.deps.database, quizId)
    : undefined
  return loaded ?? renderProblem(c, { status: 404, title: 'No such quiz', code: 'NOT_FOUND' })
}

function Bar(props: { label: string; value: number | null }) {
  const { value } = props
  const text = value === null ? 'n/a (marks do not vary yet)' : `${Math.round(value)}%`
  const width = value === null ? 0 : Math.min(100, Math.abs(value))
  return (
    <div class="stat">
      <span class="stat-label">
        {props.label}: {text}
      </span>
      <span class="stat-track" aria-hidden="true">
        <span class={`stat-bar${value !== null && value < 0 ? ' negative' : ''}`} style={`width:${width}%`} />
      </span>
    </div>
  )
}

function answerText(question: Question, response: string | readonly string[] | undefined): string {
  const options = question.kind === 'chronology' ? question.items : question.options
  const textOf = (id: string) => options.find((o) => o.id === id)?.text ?? '?'
  if (response === undefined) return '(no answer)'
  return typeof response === 'string' ? textOf(response) : response.map(textOf).join(' → ')
}

function StudentAnswersList(props: { quiz: Quiz; graded: GradedAttempt }) {
  const { responses } = props.graded
  return (
    <details>
      <summary>Answers of {props.graded.attempt.displayName}</summary>
      <ol>
        {props.quiz.questions.map((question, index) => (
          <li>
            <span
              class={`badge ${props.graded.grade.questions[index]?.status === 'correct' ? 'good' : 'bad'}`}
            >
              {props.graded.grade.questions[index]?.status}
            </span>{' '}
            {answerText(question, responses[question.id])}
          </li>
        ))}
      </ol>
    </details>
  )
}
