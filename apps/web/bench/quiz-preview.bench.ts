/**
 * A teacher's quiz through the app: the preview page (`GET /quizzes/new?…`, which reads the story, generates
 * the quiz and renders every question with its key), signed in, on the embedded database. Prints the first
 * request after start, the median of the next ones (each with its own seed, as parallel forms for a class),
 * and the median of requests that each follow an append to the story (the log has changed: the story's new
 * event is read, the facts afresh).
 *
 *   pnpm --filter @storyledger/web bench:preview                  # the founding story, 8 questions
 *   BENCH_EVENTS=10000 pnpm --filter @storyledger/web bench:preview  # a made-up story of 10,000 developments, 20 questions
 */
import { performance } from 'node:perf_hooks'
import type { NewEventInput } from '@storyledger/core'
// The projection bench's long story (the same generator, so both benches measure the same kind of log).
import { longStory } from '../../../packages/projection/bench/long-story.js'
import { openTestApp, STORY } from '../src/testing/test-app.js'

const size = Number(process.env.BENCH_EVENTS ?? 0)
const requests = Number(process.env.BENCH_REQUESTS ?? 40)
const { app, t, ownerCookie, close } = await openTestApp('pglite')

let storyId = STORY
if (size > 0) {
  storyId = 'story/bench'
  // Corrections and retractions name the generator's event ids, which the store does not keep: left out.
  const events: NewEventInput[] = longStory(size)
    .filter((e) => e.type !== 'DevelopmentCorrected' && e.type !== 'DevelopmentRetracted')
    .map(({ type, data, occurredOn, reportedOn, metadata }) =>
      Object.assign({ type, data, occurredOn, metadata }, reportedOn === undefined ? {} : { reportedOn }),
    ) as NewEventInput[]
  for (let i = 0; i < events.length; i += 1_000) await t.store.append(storyId, events.slice(i, i + 1_000))
}
const count = size > 0 ? 20 : 8
const kinds = [
  'who',
  'what',
  'numeric',
  'quote_attribution',
  'source_attribution',
  'true_false',
  'chronology',
]
const url = (seed: string) =>
  `/quizzes/new?${new URLSearchParams([
    ['storyId', storyId],
    ['asOf', '2026-12-31'],
    ['count', String(count)],
    ...kinds.map((kind): [string, string] => ['kinds', kind]),
    ['seed', seed],
  ])}`

async function timed(seed: string): Promise<number> {
  const start = performance.now()
  const response = await app.request(url(seed), { headers: { cookie: ownerCookie } })
  const page = await response.text()
  const elapsed = performance.now() - start
  if (response.status !== 200 || !page.includes('Question 1'))
    throw new Error(`preview failed: ${response.status}`)
  return elapsed
}

const median = (times: number[]) => [...times].sort((a, b) => a - b)[times.length >> 1]!.toFixed(1)
const first = await timed('form 0')
const next: number[] = []
for (let i = 1; i <= requests; i++) next.push(await timed(`form ${i}`))
const afterAppend: number[] = []
for (let i = 0; i < Math.min(10, requests); i++) {
  const { streamVersion } = (await t.store.readStream(storyId)).at(-1)!
  await t.store.append(
    storyId,
    [
      {
        type: 'StatementMade',
        data: {
          speakerId: size > 0 ? 'party-0' : 'oracle',
          quote: `A word more, ${i}.`,
          channel: 'statement',
        },
        occurredOn: '2026-12-01',
        metadata: { recordedBy: 'bench', sources: [{ outlet: 'Reuters', publishedOn: '2026-12-01' }] },
      },
    ],
    { expectedVersion: streamVersion },
  )
  afterAppend.push(await timed(`after append ${i}`))
}
console.log(
  `quiz preview, ${storyId} (${size > 0 ? `${size} developments` : 'founding story'}), ${count} questions: ` +
    `first ${first.toFixed(1)} ms, next ${requests} p50 ${median(next)} ms, after an append p50 ${median(afterAppend)} ms`,
)
await close()
