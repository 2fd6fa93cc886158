import {
  InvalidArgumentError,
  issuesFrom,
  type StoredEvent,
  StoryledgerError,
  StreamId,
} from '@storyledger/core'
import type { EventStore } from '@storyledger/core/store'
import { entitiesOf } from '@storyledger/projection'
import { Hono } from 'hono'
import { html } from 'hono/html'
import { secureHeaders } from 'hono/secure-headers'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { z } from 'zod'
import { describeEvent } from './describe-event.js'
import { FOUNDING_STORY_ID } from './seed/founding-story.js'

export interface AppDeps {
  readonly store: EventStore
}

const EventsQuery = z.strictObject({
  stream: StreamId.optional(),
  fromPosition: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1_000).optional(),
})

const statusByCode: Record<string, ContentfulStatusCode> = {
  EVENT_INVALID: 400,
  INVALID_ARGUMENT: 400,
  STREAM_VERSION_CONFLICT: 409,
  EVENT_ID_REUSED: 409,
  UNKNOWN_EVENT_REFERENCE: 422,
}

/** The web app: a read-only view of the log for now (issue #5 adds teachers, quizzes and students). */
export function createApp({ store }: AppDeps) {
  const app = new Hono()
  app.use(secureHeaders())

  app.onError((error, c) => {
    const status = error instanceof StoryledgerError ? statusByCode[error.code] : undefined
    if (error instanceof StoryledgerError && status !== undefined) {
      const problem = {
        type: 'about:blank',
        title: error.message,
        status,
        code: error.code,
        ...error.details,
      }
      return c.json(problem, status, { 'content-type': 'application/problem+json' })
    }
    // Not the client's doing: log it, and tell the client nothing about the inside.
    console.error(error)
    return c.json({ type: 'about:blank', title: 'Internal Server Error', status: 500 }, 500, {
      'content-type': 'application/problem+json',
    })
  })

  app.get('/healthz', (c) => c.json({ ok: true }))

  app.get('/api/log/head', async (c) => c.json(await store.head()))
  app.get('/api/log/verify', async (c) => c.json(await store.verify()))
  app.get('/api/streams', async (c) => c.json(await store.listStreams()))
  app.get('/api/events', async (c) => {
    const query = EventsQuery.safeParse(c.req.query())
    if (!query.success) {
      throw new InvalidArgumentError(
        'Invalid query',
        query.error.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message })),
      )
    }
    const { stream, fromPosition, limit } = query.data
    const events = stream
      ? await store.readStream(stream)
      : await store.readAll({ ...(fromPosition ? { fromPosition } : {}), ...(limit ? { limit } : {}) })
    return c.json(events)
  })

  app.get('/', async (c) => {
    // Not verify(): it recomputes the whole log, too much for every page view; the page links to it instead.
    const [events, head] = await Promise.all([store.readStream(FOUNDING_STORY_ID), store.head()])
    return c.html(
      html`<!DOCTYPE html>${<StoryPage events={events} treeSize={head.treeSize} root={head.root} />}`,
    )
  })

  return app
}

function StoryPage(props: { events: StoredEvent[]; treeSize: number; root: string }) {
  const entities = entitiesOf(props.events)
  const opened = props.events.find((e) => e.type === 'StoryOpened')
  const title = opened?.type === 'StoryOpened' ? opened.data.title : 'storyledger'
  const developments = props.events.filter((e) => e.type !== 'EntityIntroduced' && e.type !== 'StoryOpened')
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title} — storyledger</title>
      </head>
      <body>
        <header>
          <h1>{title}</h1>
          <p>
            {props.events.length} events in the story. The log holds {props.treeSize} events, Merkle root{' '}
            <code>{props.root}</code> (<a href="/api/log/verify">verify it now</a>).
          </p>
        </header>
        <main>
          <h2>Developments</h2>
          <ol>
            {developments.map((event) => (
              <li id={`event-${event.position}`}>
                <time>{event.occurredOn === 'unknown' ? 'date unknown' : event.occurredOn}</time>{' '}
                {describeEvent(event, entities)}{' '}
                <small>
                  (
                  {event.metadata.sources
                    .map((s) => (s.attribution ? `${s.outlet}, citing ${s.attribution}` : s.outlet))
                    .join('; ')}
                  )
                </small>
              </li>
            ))}
          </ol>
        </main>
      </body>
    </html>
  )
}
