import type { StoredEvent, VerificationResult } from '@storyledger/core'
import { describeEvent, type Entity, entitiesOf } from '@storyledger/projection'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../context.js'
import { requireTeacher } from '../middleware/session.js'
import { renderPage } from '../pages/render.js'
import { Sources } from '../pages/sources.js'

export const PAGE_SIZE = 50

const LogQuery = z.strictObject({
  page: z.coerce.number().int().positive().max(1_000_000).default(1),
  recorded: z.coerce.number().int().positive().optional(),
})

const correctable = (event: StoredEvent) =>
  event.type !== 'DevelopmentCorrected' &&
  event.type !== 'DevelopmentRetracted' &&
  event.type !== 'StoryOpened' &&
  event.type !== 'EntityIntroduced'

/** Entities of every stream on the page, so each event can name who it is about. */
async function entitiesFor(
  events: readonly StoredEvent[],
  readStream: (id: string) => Promise<StoredEvent[]>,
): Promise<Map<string, Map<string, Entity>>> {
  const byStream = new Map<string, Map<string, Entity>>()
  for (const streamId of new Set(events.map((e) => e.streamId))) {
    byStream.set(streamId, entitiesOf(await readStream(streamId)))
  }
  return byStream
}

function formatRecorded(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`
}

export function VerificationStatus(props: { result: VerificationResult }) {
  const { result } = props
  return result.ok ? (
    <p class="notice good" role="status">
      <strong>Verified ✔</strong> — all {result.treeSize} events match their hashes and the Merkle root{' '}
      <span class="hash">{result.root}</span>.
    </p>
  ) : (
    <p class="notice bad" role="alert">
      <strong>Verification failed at position {result.position}</strong>
      {result.lastPosition ? ` (somewhere up to ${result.lastPosition})` : ''}: {result.reason}
    </p>
  )
}

/** The log page (teachers): every event, newest first, with the log's head and its verification on demand. */
export const logRoutes = new Hono<AppEnv>()
  .use(requireTeacher())
  .get('/', async (c) => {
    const { page, recorded } = LogQuery.parse(c.req.query())
    const { store } = c.var.deps
    const head = await store.head()
    const pages = Math.max(1, Math.ceil(head.treeSize / PAGE_SIZE))
    const last = head.treeSize - (page - 1) * PAGE_SIZE
    const first = Math.max(1, last - PAGE_SIZE + 1)
    const events =
      last >= 1 ? (await store.readAll({ fromPosition: first, limit: last - first + 1 })).reverse() : []
    const entities = await entitiesFor(events, (id) => store.readStream(id))
    return renderPage(
      c,
      'The log',
      <>
        <h1>The log</h1>
        <p class="lede">
          Every event ever recorded, newest first. Nothing here is ever changed or removed: a mistake is put
          right by a correction or a retraction, which is a new event.
        </p>
        {recorded ? (
          <p class="notice good" role="status">
            Recorded as position {recorded}.
          </p>
        ) : null}
        <section class="card" aria-labelledby="head-title">
          <h2 id="head-title" style="margin-top:0">
            State of the log
          </h2>
          <dl class="facts">
            <dt>Tree size</dt>
            <dd>{head.treeSize} events</dd>
            <dt>Merkle root</dt>
            <dd class="hash">{head.root}</dd>
            <dt>Last recorded</dt>
            <dd>{head.lastRecordedAt ? formatRecorded(head.lastRecordedAt) : 'never'}</dd>
          </dl>
          <form method="get" action="/log/verification" style="margin-top:1rem">
            <button type="submit">Verify the whole log now</button>{' '}
            <span class="hint">Recomputes every hash and the Merkle tree.</span>
          </form>
        </section>
        <div class="table-wrap">
          <table>
            <caption class="skip">
              Events of the log, page {page} of {pages}
            </caption>
            <thead>
              <tr>
                <th class="num" scope="col">
                  Position
                </th>
                <th scope="col">Recorded</th>
                <th scope="col">Type</th>
                <th scope="col">Development</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr id={`event-${event.position}`}>
                  <td class="num">{event.position}</td>
                  <td class="small">{formatRecorded(event.recordedAt)}</td>
                  <td>
                    <span class="badge">{event.type}</span>
                  </td>
                  <td>
                    <span class="when">
                      {event.occurredOn === 'unknown' ? 'date unknown' : event.occurredOn}
                    </span>
                    {describeEvent(event, (id) => entities.get(event.streamId)?.get(id)?.name ?? id)}
                    <Sources sources={event.metadata.sources} />
                    <span class="sources">
                      {event.streamId} · v{event.streamVersion} · recorded by {event.metadata.recordedBy}
                    </span>
                  </td>
                  <td>
                    {correctable(event) ? (
                      <div class="actions small">
                        <a
                          href={`/developments/new?type=DevelopmentCorrected&stream=${encodeURIComponent(event.streamId)}&data.correctsEventId=${event.eventId}`}
                        >
                          Correct<span class="skip"> position {event.position}</span>
                        </a>
                        <a
                          href={`/developments/new?type=DevelopmentRetracted&stream=${encodeURIComponent(event.streamId)}&data.retractsEventId=${event.eventId}`}
                        >
                          Retract<span class="skip"> position {event.position}</span>
                        </a>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <nav class="pager" aria-label="Pages of the log">
          {page > 1 ? <a href={`/log?page=${page - 1}`}>← Newer</a> : null}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? <a href={`/log?page=${page + 1}`}>Older →</a> : null}
        </nav>
      </>,
    )
  })
  .get('/verification', async (c) => {
    const result = await c.var.deps.store.verify()
    return renderPage(
      c,
      'Verification',
      <>
        <h1>Verification of the log</h1>
        <VerificationStatus result={result} />
        <p>
          <a href="/log">Back to the log</a>
        </p>
      </>,
    )
  })
