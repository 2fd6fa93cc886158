/**
 * Quiz generation on a long story: a 20-question quiz of every kind from a 10,000-event log, as of the end of
 * the story. Prints the median and the 95th percentile over BENCH_RUNS runs (default 200), each with its own
 * seed, after BENCH_WARMUP warm-up runs (default 50, seeds of their own too): cold (a new events array each
 * time, so every run reads the log afresh), fresh (new event objects too, parsed from JSON before the clock
 * starts, as a request that reads the log from the database gets them) and warm (the same array, as when a
 * teacher makes parallel forms of one quiz).
 * Then the same for the projection bench's long story (six years, 50 parties, every event type, corrections
 * and retractions), a log of another shape: many more figures, dates and parties, one outlet behind it all.
 * Run: `pnpm --filter @storyledger/quiz bench`.
 */
import { performance } from 'node:perf_hooks'
// The projection bench's generator, so that both benches can measure the same long log.
import { longStory } from '../../projection/bench/long-story.js'
import { RANDOM_STORY, randomLog } from '../src/fixtures/random-log.js'
import { generateQuiz, QuestionKind } from '../src/index.js'

const runs = Number(process.env.BENCH_RUNS ?? 200)
// A server makes quizzes all day: the figures are of code the JIT has compiled, which takes some fifty quizzes.
const warmUps = Number(process.env.BENCH_WARMUP ?? 50)
const size = Number(process.env.BENCH_EVENTS ?? 10_000)
const { events } = randomLog(1, size, { chronological: true })
const blueprint = (seed: number, storyId = RANDOM_STORY, asOf = '2020-12-31') => ({
  storyId,
  asOf,
  knownAt: '2999-01-01T00:00:00.000Z',
  count: 20,
  kinds: QuestionKind.options,
  difficulty: { easy: 1, medium: 1, hard: 1 },
  seed,
})

/**
 * A yardstick, timed just before each quiz on the same events: one pass that reads what any reading of the
 * log must (stream, position, recorded instant, type, date, the data's keys), the floor under a cold quiz.
 * It also tells whether a slow run is the processor (the pass slows too) or memory and collection (it does not).
 */
function readEveryEvent(log: readonly (typeof events)[number][]): number {
  let sum = 0
  for (let i = 0; i < log.length; i++) {
    const event = log[i]!
    sum += event.streamId.length + event.position + event.recordedAt.length + event.type.length
    sum += event.occurredOn.length + Object.keys(event.data).length
  }
  return sum
}

function measure(label: string, eventsFor: () => typeof events, story = RANDOM_STORY, asOf = '2020-12-31') {
  const logPosition = Number.MAX_SAFE_INTEGER
  for (let i = 0; i < warmUps; i++)
    generateQuiz({ events: eventsFor(), logPosition }, blueprint(-i - 1, story, asOf))
  const times: number[] = []
  const passes: number[] = []
  let sink = 0
  for (let seed = 0; seed < runs; seed++) {
    const input = { events: eventsFor(), logPosition }
    let start = performance.now()
    sink += readEveryEvent(input.events)
    passes.push(performance.now() - start)
    start = performance.now()
    const result = generateQuiz(input, blueprint(seed, story, asOf))
    times.push(performance.now() - start)
    if (!result.ok) throw new Error(`run ${seed}: ${result.detail}`)
  }
  if (sink === 0) throw new Error('the yardstick read nothing')
  const sorted = (list: number[]) => [...list].sort((a, b) => a - b)
  const at = (list: number[], q: number) =>
    sorted(list)[Math.min(list.length - 1, Math.floor(q * list.length))]!
  console.log(
    `  ${label.padEnd(5)} p50 ${at(times, 0.5).toFixed(2)} ms   p95 ${at(times, 0.95).toFixed(2)} ms   ` +
      `min ${sorted(times)[0]!.toFixed(2)} ms   (one pass over the log: p50 ${at(passes, 0.5).toFixed(2)} ms, ` +
      `quiz/pass ${(at(times, 0.5) / at(passes, 0.5)).toFixed(1)})`,
  )
}

console.log(
  `quiz generation: ${events.length} events, 20 questions of every kind, ${runs} runs (goal p50 ≤ 10 ms)`,
)
const json = JSON.stringify(events)
measure('cold', () => [...events])
measure('fresh', () => JSON.parse(json) as typeof events)
measure('warm', () => events)

const long = longStory(size)
console.log(`the long story: ${long.length} events over 2020–2026, as of 31 December 2026`)
measure('cold', () => [...long], long[0]!.streamId, '2026-12-31')
measure('warm', () => long, long[0]!.streamId, '2026-12-31')
