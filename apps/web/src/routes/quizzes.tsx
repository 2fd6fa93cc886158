import { CalendarDay, StreamId } from '@storyledger/core'
import {
  type Blueprint,
  generateQuiz,
  type Question,
  QuestionKind,
  type Quiz,
  toGift,
  toMoodleXml,
} from '@storyledger/quiz'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../context.js'
import { requireTeacher } from '../middleware/session.js'
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

const Weight = z.coerce.number().min(0).max(100)

/** The blueprint form as it arrives in the query string; `knownAt` and `logPosition` pin a generated quiz. */
const QuizQuery = z.strictObject({
  storyId: StreamId,
  asOf: CalendarDay,
  count: z.coerce.number().int().min(1).max(30),
  kinds: z.array(QuestionKind).min(1, 'choose at least one kind of question'),
  easy: Weight.default(1),
  medium: Weight.default(2),
  hard: Weight.default(1),
  seed: z.string().trim().min(1).max(200),
  knownAt: z.iso.datetime({ offset: false }).optional(),
  logPosition: z.coerce.number().int().min(0).optional(),
})
type QuizQuery = z.infer<typeof QuizQuery>

function queryOf(c: Context<AppEnv>): Record<string, unknown> {
  const { kinds: _kinds, ...rest } = c.req.query()
  return { ...rest, kinds: c.req.queries('kinds') ?? [] }
}

/** Generates the quiz a query describes, from the story as the log holds it (or held it at `logPosition`). */
async function quizFor(c: Context<AppEnv>, query: QuizQuery) {
  const { store, clock } = c.var.deps
  const events = await store.readStream(query.storyId)
  const logPosition = query.logPosition ?? (await store.head()).treeSize
  const blueprint: Blueprint = {
    storyId: query.storyId,
    asOf: query.asOf,
    knownAt: query.knownAt ?? clock().toISOString(),
    count: query.count,
    kinds: query.kinds,
    difficulty: { easy: query.easy, medium: query.medium, hard: query.hard },
    seed: query.seed,
  }
  return { result: generateQuiz({ events, logPosition }, blueprint), events }
}

function pinned(query: QuizQuery, quiz: Quiz): string {
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
  return params.toString()
}

function QuestionPreview(props: {
  question: Question
  number: number
  positionOf: (id: string) => number | undefined
  slug: string
}) {
  const { question } = props
  return (
    <article class="card" id={question.id}>
      <p class="small muted" style="margin:0 0 0.35rem">
        Question {props.number} · {kindLabels[question.kind]} · {question.difficulty}
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
    const parsed = submitted ? QuizQuery.safeParse(raw) : undefined
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
      const { result, events } = await quizFor(c, parsed.data)
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
            {result.quiz.questions.map((question, index) => (
              <QuestionPreview
                question={question}
                number={index + 1}
                positionOf={(id) => positions.get(id)}
                slug={slug}
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
          same seed gives the same quiz; another seed, another quiz from the same facts.
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
    const query = QuizQuery.parse(queryOf(c))
    const { result } = await quizFor(c, query)
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
