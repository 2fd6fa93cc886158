/**
 * The projection on a long story: the pure fold (events/s), a full as-of replay, building a replay index,
 * and as-of queries through the index (p50/p95), on a made-up story of BENCH_EVENTS events (default 100,000).
 * Prints medians; never asserts. Each timed call does only the work named: the story, its story order and the
 * prepared developments are built before the clock starts. The fold lines also give the CPU time of the
 * process, which a machine shared with other work disturbs less than the wall time.
 *
 *   pnpm --filter @storyledger/projection bench
 *   BENCH_EVENTS=1000000 BENCH_RUNS=5 pnpm --filter @storyledger/projection bench
 */
import { diff } from '../src/diff.js'
import { type FoldableEvent, fold } from '../src/evolve.js'
import { foldPrepared, prepareEvents } from '../src/fold-prepared.js'
import { createReplayIndex, restoreSnapshot, serializeSnapshot } from '../src/replay-index.js'
import { effectiveEventsOf, inStoryOrder, stateAsOf } from '../src/state-as-of.js'
import { longStory } from './long-story.js'

const total = Number(process.env.BENCH_EVENTS ?? 100_000)
const runs = Number(process.env.BENCH_RUNS ?? 15)
const queries = Number(process.env.BENCH_QUERIES ?? 2_000)
const now = '2026-11-25T00:00:00.000Z'

const events = longStory(total - 51)
const ordered = inStoryOrder(effectiveEventsOf(events))
const rows: [string, string, string][] = []
const report = (what: string, figure: string, detail = '') => {
  rows.push([what, figure, detail])
  console.log(`${what.padEnd(58)} ${figure.padStart(16)}  ${detail}`)
}

console.log(
  `Projection bench: ${events.length.toLocaleString('en')} events (${ordered.length.toLocaleString('en')} developments in story order), Node ${process.version}, ${runs} runs\n`,
)

// Prepared once, before the clock starts, as the replay index prepares its developments: what is prepared
// depends on each development alone, never on a state or an as-of date (every query folds a range of it).
const prepared = prepareEvents(ordered)
console.log(
  'prepared developments: built once from the story order, independent of the as-of date (each query folds a range of them)\n',
)
for (const [name, run] of [
  ['pure fold, prepared developments (as the replay index folds)', () => foldPrepared(prepared)],
  ['pure fold, events as given (supports built by the fold)', () => fold(ordered)],
  ['reference: read each development, keep one object for it', () => readAndKeep(ordered)],
] as const) {
  const { wall, cpu } = foldTimesOf(runs, run)
  report(
    name,
    `${perSecond(ordered.length, median(wall))} events/s`,
    `median ${ms(median(wall))}, fastest ${ms(Math.min(...wall))}; CPU median ${ms(median(cpu))} ` +
      `(${perSecond(ordered.length, median(cpu))}/s)`,
  )
}
const prepareTimes = timesOf(Math.min(runs, 7), () => prepareEvents(ordered))
report('prepareEvents (facts, bids and steps; once, before the folds)', ms(median(prepareTimes)), '')

const replayTimes = timesOf(Math.min(runs, 7), () => stateAsOf(events, { validAt: '2023-06-30', now }))
report(
  'stateAsOf, full replay (resolve, place, sort, fold)',
  ms(median(replayTimes)),
  `runs ${replayTimes.map(ms).join(', ')}`,
)

const heapBefore = heapUsed()
let index = createReplayIndex(events)
const heapAfter = heapUsed()
const buildTimes = timesOf(3, () => {
  index = createReplayIndex(events)
})
report(
  'createReplayIndex (snapshot every 1,000)',
  ms(median(buildTimes)),
  `${index.snapshots.length} snapshots, ≈ ${Math.round((heapAfter - heapBefore) / 2 ** 20)} MiB heap`,
)

const random = mulberry32(7)
const day = () =>
  new Date(Date.parse('2020-01-01') + Math.floor(random() * 6 * 365) * 86_400_000).toISOString().slice(0, 10)
const instant = () =>
  new Date(Date.parse('2020-01-02') + Math.floor(random() * total) * 1_800_000).toISOString()

for (const [name, options] of [
  ['index as-of, random validAt, knownAt = now', () => ({ validAt: day(), now })],
  ['index as-of, no validAt (everything), knownAt = now', () => ({ now })],
  [
    'index as-of, random validAt and random past knownAt',
    () => ({ validAt: day(), knownAt: instant(), now }),
  ],
] as const) {
  for (let i = 0; i < 50; i++) index.stateAsOf(options())
  const latencies = Array.from({ length: name.includes('past') ? Math.min(queries, 300) : queries }, () => {
    const query = options()
    const started = performance.now()
    index.stateAsOf(query)
    return performance.now() - started
  })
  report(
    name,
    `p50 ${ms(percentile(latencies, 0.5))}`,
    `p95 ${ms(percentile(latencies, 0.95))}, max ${ms(Math.max(...latencies))}, ${latencies.length} queries`,
  )
}

const last = index.snapshots[index.snapshots.length - 1]!
let text = ''
const serializeTimes = timesOf(5, () => {
  text = serializeSnapshot(last)
})
const restoreTimes = timesOf(5, () => restoreSnapshot(text))
report(
  'serializeSnapshot / restoreSnapshot, last snapshot',
  `${ms(median(serializeTimes))} / ${ms(median(restoreTimes))}`,
  `${(text.length / 2 ** 20).toFixed(1)} MiB of JSON`,
)

const september = index.stateAsOf({ validAt: '2022-09-01', now })
const october = index.stateAsOf({ validAt: '2022-10-01', now })
const diffTimes = timesOf(runs, () => diff(september, october))
report(
  'diff of two states a month apart',
  ms(median(diffTimes)),
  `${diff(september, october).length} changes`,
)

/**
 * Wall times, and the CPU times of the process (`process.cpuUsage`, user and system, every thread: the
 * collector's helpers too), which a machine shared with other work disturbs less than the wall time.
 */
function foldTimesOf(count: number, run: () => unknown): { wall: number[]; cpu: number[] } {
  run()
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < count; i++) {
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    run()
    wall.push(performance.now() - started)
    const used = process.cpuUsage(cpuBefore)
    cpu.push((used.user + used.system) / 1_000)
  }
  return { wall, cpu }
}

/** A floor for any fold that records every development: read its type and fields, keep one object for it. */
function readAndKeep(events: readonly FoldableEvent[]): unknown[] {
  const kept: unknown[] = []
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!
    kept.push({
      id: event.eventId,
      type: event.type,
      data: event.data,
      occurredOn: event.occurredOn,
      sources: event.metadata.sources,
      at: i,
    })
  }
  return kept
}

function timesOf(count: number, run: () => unknown): number[] {
  run()
  return Array.from({ length: count }, () => {
    const started = performance.now()
    run()
    return performance.now() - started
  })
}

function median(values: readonly number[]): number {
  return percentile(values, 0.5)
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

function ms(value: number): string {
  return value < 10 ? `${value.toFixed(2)} ms` : `${Math.round(value)} ms`
}

function perSecond(count: number, milliseconds: number): string {
  return Math.round((count / milliseconds) * 1_000).toLocaleString('en')
}

function heapUsed(): number {
  global.gc?.()
  return process.memoryUsage().heapUsed
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
