import { CalendarDay, type StoredEvent } from '@storyledger/core'
import {
  type Change,
  type DealState,
  diff,
  nameOf,
  stateAsOf,
  type TimelineEntry,
  timeline,
} from '@storyledger/projection'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../context.js'
import { renderPage } from '../pages/render.js'
import { Sources } from '../pages/sources.js'
import { TimelineSvg } from '../pages/timeline-svg.js'

export const STORY_PREFIX = 'story/'

/** The replay controls, as the story page's form sends them; a blank field means "not asked". */
export const ReplayQuery = z.strictObject({
  asOf: z.union([z.literal(''), CalendarDay]).optional(),
  knownOn: z.union([z.literal(''), CalendarDay]).optional(),
  since: z.union([z.literal(''), CalendarDay]).optional(),
})
export type ReplayQuery = z.infer<typeof ReplayQuery>

export interface Replay {
  readonly asOf: string | undefined
  readonly knownOn: string | undefined
  readonly since: string | undefined
  readonly state: DealState
  /** Every development known on `knownOn` (the ones after `asOf` too, drawn apart). */
  readonly entries: readonly TimelineEntry[]
  readonly changes: readonly Change[] | undefined
}

const blankToUndefined = (value: string | undefined) => (value === '' ? undefined : value)

/** Replays a story: its state as of a date (as known on another), its timeline, and what changed since a date. */
export function replay(events: readonly StoredEvent[], query: ReplayQuery, now: Date): Replay {
  const asOf = blankToUndefined(query.asOf)
  const knownOn = blankToUndefined(query.knownOn)
  const since = blankToUndefined(query.since)
  const base = { now: now.toISOString(), ...(knownOn ? { knownAt: knownOn } : {}) }
  const state = stateAsOf(events, { ...base, ...(asOf ? { validAt: asOf } : {}) })
  const entries = timeline(events, base)
  const changes = since ? diff(stateAsOf(events, { ...base, validAt: since }), state) : undefined
  return { asOf, knownOn, since, state, entries, changes }
}

const standingLabel: Record<string, string> = {
  interested: 'interested',
  bidding: 'bidding',
  rejected: 'bid rejected',
  withdrawn: 'withdrew',
  partner: 'partner',
  buyer: 'buyer',
  party: 'party to the deal',
  blocked: 'blocked',
}
const standingTone = (standing: string) =>
  standing === 'partner' || standing === 'buyer'
    ? 'badge good'
    : standing === 'rejected' || standing === 'withdrawn' || standing === 'blocked'
      ? 'badge bad'
      : 'badge'

function spanDays(points: readonly { day: string | null }[]): number {
  const days = points.flatMap((p) => (p.day === null ? [] : [Date.parse(p.day)]))
  return days.length === 0 ? 0 : (Math.max(...days) - Math.min(...days)) / 86_400_000
}

const dayOf = (entry: TimelineEntry) => (entry.placement.kind === 'day' ? entry.placement.day : null)

function ReplayForm(props: { slug: string; replay: Replay }) {
  return (
    <form
      method="get"
      action={`/stories/${props.slug}`}
      class="inline-form card"
      aria-label="Replay the story"
    >
      <div class="field">
        <label for="asOf">As of</label>
        <input type="date" id="asOf" name="asOf" value={props.replay.asOf ?? ''} />
      </div>
      <div class="field">
        <label for="knownOn">As known on (optional)</label>
        <input type="date" id="knownOn" name="knownOn" value={props.replay.knownOn ?? ''} />
      </div>
      <div class="field">
        <label for="since">What changed since (optional)</label>
        <input type="date" id="since" name="since" value={props.replay.since ?? ''} />
      </div>
      <button type="submit">Replay</button>
    </form>
  )
}

function StatePanel(props: { state: DealState; asOf: string | undefined }) {
  const { state } = props
  const name = (id: string) => nameOf(state, id)
  const parties = Object.values(state.parties)
  const deadlines = Object.values(state.deadlines)
  const statements = state.statements.slice(-3).reverse()
  return (
    <section aria-labelledby="state-heading">
      <h2 id="state-heading">The state of the deal {props.asOf ? `as of ${props.asOf}` : 'today'}</h2>
      <div class="grid">
        <div class="card">
          <h3 style="margin-top:0">Where it stands</h3>
          <dl class="facts">
            <dt>Phase</dt>
            <dd>{state.phase.replaceAll('_', ' ')}</dd>
            <dt>Partner</dt>
            <dd>
              {state.partner
                ? `${name(state.partner.partnerId)}, chosen by ${name(state.partner.selectedById)} as ${state.partner.role} (${state.partner.occurredOn})`
                : 'none yet'}
            </dd>
            <dt>Developments</dt>
            <dd>{state.developments}</dd>
          </dl>
        </div>
        <div class="card">
          <h3 style="margin-top:0">Parties and standings</h3>
          {parties.length === 0 ? (
            <p class="muted">No party has made a move yet.</p>
          ) : (
            <ul style="list-style:none;padding:0;margin:0">
              {parties.map((party) => (
                <li style="margin-bottom:0.35rem">
                  {name(party.partyId)}{' '}
                  <span class={standingTone(party.standing)}>
                    {standingLabel[party.standing] ?? party.standing}
                  </span>{' '}
                  <span class="small muted">since {party.history.at(-1)?.occurredOn ?? 'unknown'}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div class="card">
          <h3 style="margin-top:0">Deadlines</h3>
          {deadlines.length === 0 ? (
            <p class="muted">No deadline set.</p>
          ) : (
            <ul style="padding-left:1.1rem;margin:0">
              {deadlines.map((deadline) => (
                <li>
                  {deadline.description} — due <strong>{deadline.dueOn ?? 'date unknown'}</strong>
                  {deadline.approximate ? ' (approximately)' : ''}
                  {deadline.originalDueOn !== deadline.dueOn && deadline.originalDueOn
                    ? `, first ${deadline.originalDueOn}`
                    : ''}
                  <span class="sources">set by {name(deadline.setById)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <h3>Latest statements</h3>
      {statements.length === 0 ? (
        <p class="muted">None yet.</p>
      ) : (
        <div class="grid">
          {statements.map((statement) => (
            <blockquote class="card" style="margin:0">
              <p style="font-family:var(--serif);font-size:1.1rem">
                {statement.paraphrased ? statement.quote : `“${statement.quote}”`}
              </p>
              <p class="small muted" style="margin:0">
                {name(statement.speakerId)}, {statement.occurredOn} ({statement.channel.replaceAll('_', ' ')})
              </p>
              <Sources sources={statement.support.flatMap((s) => s.sources)} />
            </blockquote>
          ))}
        </div>
      )}
    </section>
  )
}

function DevelopmentList(props: { entries: readonly TimelineEntry[]; after?: string }) {
  return (
    <ol class="developments">
      {props.entries.map((entry) => (
        <li id={`event-${entry.position}`} class={props.after ? 'future' : undefined}>
          <span class="when">{entry.occurredOn === 'unknown' ? 'date unknown' : entry.occurredOn}</span>
          {entry.description}
          {props.after ? (
            <>
              {' '}
              <span class="badge">after {props.after}</span>
            </>
          ) : null}
          {entry.correctedBy.length > 0 ? (
            <>
              {' '}
              <span class="badge">corrected</span>
            </>
          ) : null}
          <Sources sources={entry.sources} />
        </li>
      ))}
    </ol>
  )
}

function storyInfoOf(events: readonly StoredEvent[], fallback: string): { title: string; subject?: string } {
  const opened = events.find((e) => e.type === 'StoryOpened')
  return opened?.type === 'StoryOpened'
    ? { title: opened.data.title, subject: opened.data.subject }
    : { title: fallback }
}

function titleOf(events: readonly StoredEvent[], fallback: string): string {
  const opened = events.find((e) => e.type === 'StoryOpened')
  return opened?.type === 'StoryOpened' ? opened.data.title : fallback
}

/** The stories (anyone): the list, and each story's timeline and replay as of any date. */
export const storyRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { store } = c.var.deps
    const streams = await store.listStreams({ prefix: STORY_PREFIX })
    const stories = await Promise.all(
      streams.map(async (s) => ({
        slug: s.streamId.slice(STORY_PREFIX.length),
        ...storyInfoOf(await store.readStream(s.streamId, { toVersion: 1 }), s.streamId),
        events: s.version,
      })),
    )
    const head = await store.head()
    return renderPage(
      c,
      'Stories',
      <>
        <h1>Stories</h1>
        <p class="lede">
          Each story is kept as a log of dated, sourced developments. Open one to see its timeline and replay
          it as of any date.
        </p>
        <div class="grid">
          {stories.map((story) => (
            <article class="card">
              <h2 style="margin-top:0">
                <a href={`/stories/${story.slug}`}>{story.title}</a>
              </h2>
              {story.subject ? <p>{story.subject}</p> : null}
              <p class="muted small" style="margin:0">
                {story.events} events in the log
              </p>
            </article>
          ))}
        </div>
        <p class="small muted">
          The log holds {head.treeSize} events; its Merkle root is <span class="hash">{head.root}</span>.
        </p>
      </>,
    )
  })
  .get('/stories/:slug{.+}', async (c) => {
    const slug = c.req.param('slug')
    const query = ReplayQuery.parse(c.req.query())
    const { store, clock } = c.var.deps
    const events = await store.readStream(STORY_PREFIX + slug)
    if (events.length === 0) return c.notFound()
    const result = replay(events, query, clock())
    const title = titleOf(events, slug)
    const points = result.entries.map((entry) => ({
      position: entry.position,
      occurredOn: entry.occurredOn,
      day: dayOf(entry),
      label: entry.description,
    }))
    const future = (entry: TimelineEntry) => {
      const day = dayOf(entry)
      return result.asOf !== undefined && (day === null || day > result.asOf)
    }
    return renderPage(
      c,
      title,
      <>
        <h1>{title}</h1>
        {result.state.story ? <p class="lede">{result.state.story.subject}</p> : null}
        <ReplayForm slug={slug} replay={result} />
        <StatePanel state={result.state} asOf={result.asOf} />
        <section class="card" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading" style="margin-top:0">
            Timeline
          </h2>
          <TimelineSvg
            id="timeline-all"
            title="Timeline of every development"
            points={points}
            asOf={result.asOf}
          />
          {result.asOf && spanDays(points) > 180 ? (
            <>
              <h3>Six weeks either side of {result.asOf}</h3>
              <TimelineSvg
                id="timeline-near"
                title={`Developments within six weeks of ${result.asOf}`}
                points={points}
                asOf={result.asOf}
                aroundDays={42}
              />
            </>
          ) : null}
        </section>
        {result.changes ? (
          <section class="card" aria-labelledby="changes-heading">
            <h2 id="changes-heading" style="margin-top:0">
              What changed from {result.since} to {result.asOf ?? 'today'}
            </h2>
            {result.changes.length === 0 ? (
              <p class="muted">Nothing changed.</p>
            ) : (
              <ul>
                {result.changes.map((change) => (
                  <li>{change.text}</li>
                ))}
              </ul>
            )}
          </section>
        ) : null}
        <h2>Developments</h2>
        <DevelopmentList entries={result.entries.filter((entry) => !future(entry))} />
        {result.asOf && result.entries.some(future) ? (
          <details class="later card">
            <summary>
              {result.entries.filter(future).length} developments after {result.asOf}, or undated, which the
              replay does not count yet
            </summary>
            <DevelopmentList entries={result.entries.filter(future)} after={result.asOf} />
          </details>
        ) : null}
      </>,
    )
  })
