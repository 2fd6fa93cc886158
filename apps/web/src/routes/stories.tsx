import type { StoredEvent } from '@storyledger/core'
import { entitiesOf } from '@storyledger/projection'
import { Hono } from 'hono'
import type { AppEnv } from '../context.js'
import { describeEvent } from '../describe-event.js'
import { renderPage } from '../pages/render.js'
import { Sources } from '../pages/sources.js'
import { TimelineSvg } from '../pages/timeline-svg.js'

const STORY_PREFIX = 'story/'

function titleOf(events: readonly StoredEvent[], fallback: string): string {
  const opened = events.find((e) => e.type === 'StoryOpened')
  return opened?.type === 'StoryOpened' ? opened.data.title : fallback
}

/** The stories (anyone): the list, and each story's timeline of developments with their sources. */
export const storyRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { store } = c.var.deps
    const streams = await store.listStreams({ prefix: STORY_PREFIX })
    const stories = await Promise.all(
      streams.map(async (s) => ({
        slug: s.streamId.slice(STORY_PREFIX.length),
        title: titleOf(await store.readStream(s.streamId, { toVersion: 1 }), s.streamId),
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
              <p class="muted">{story.events} events</p>
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
    const streamId = STORY_PREFIX + c.req.param('slug')
    const { store } = c.var.deps
    const events = await store.readStream(streamId)
    if (events.length === 0) return c.notFound()
    const entities = entitiesOf(events)
    const title = titleOf(events, streamId)
    const developments = events.filter((e) => e.type !== 'EntityIntroduced' && e.type !== 'StoryOpened')
    const points = developments.map((event) => ({ event, label: describeEvent(event, entities) }))
    return renderPage(
      c,
      title,
      <>
        <h1>{title}</h1>
        <p class="lede">{events.length} events in the story.</p>
        <section class="card" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading" style="margin-top:0">
            Timeline
          </h2>
          <TimelineSvg points={points} />
        </section>
        <h2>Developments</h2>
        <ol class="developments">
          {points.map(({ event, label }) => (
            <li id={`event-${event.position}`}>
              <span class="when">{event.occurredOn === 'unknown' ? 'date unknown' : event.occurredOn}</span>
              {label}
              <Sources sources={event.metadata.sources} />
            </li>
          ))}
        </ol>
      </>,
    )
  })
