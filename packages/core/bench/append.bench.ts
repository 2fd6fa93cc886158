/**
 * Append throughput of the store on PGlite (a data directory, as the app uses it) and on PostgreSQL
 * (when DATABASE_URL is set). Prints events/s per scenario, the median of several runs, each on a fresh log,
 * and the CPU time this process used per 1,000 events (JavaScript, and PGlite's own work on PGlite): a figure
 * that, unlike events/s, holds still when other work shares the machine.
 *
 *   pnpm bench                                   # PGlite only
 *   DATABASE_URL=postgres://… pnpm bench         # both
 *   BENCH_RUNS=5 pnpm bench
 *   BENCH_ONLY=bulk pnpm bench                   # only the scenarios whose name contains "bulk"
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEventStore, type EventStore, migrateToLatest, openPglite } from '../src/store/index.js'
import { openTestStore } from '../src/testing/index.js'
import { benchEvent } from './bench-event.js'

type Backend = 'pglite' | 'postgres'
interface Scenario {
  readonly name: string
  readonly events: Record<Backend, number>
  run(store: EventStore, events: number): Promise<void>
}

const runs = Number(process.env.BENCH_RUNS ?? 3)
const event = benchEvent

const scenarios: Scenario[] = [
  {
    name: 'one writer, single-event appends',
    events: { pglite: 2_000, postgres: 2_000 },
    async run(store, events) {
      for (let i = 0; i < events; i++) await store.append('story/bench', [event(i)])
    },
  },
  {
    name: '64 concurrent single-event appenders, 8 streams',
    events: { pglite: 19_200, postgres: 19_200 },
    async run(store, events) {
      const perWriter = events / 64
      await Promise.all(
        Array.from({ length: 64 }, async (_, w) => {
          for (let i = 0; i < perWriter; i++) await store.append(`story/bench-${w % 8}`, [event(i)])
        }),
      )
    },
  },
  {
    name: 'bulk import, batches of 1,000, one at a time',
    events: { pglite: 50_000, postgres: 100_000 },
    async run(store, events) {
      for (let start = 0; start < events; start += 1_000) {
        await store.append(
          'story/import',
          Array.from({ length: 1_000 }, (_, i) => event(start + i)),
        )
      }
    },
  },
  {
    name: 'bulk import, batches of 1,000, 4 in flight',
    events: { pglite: 50_000, postgres: 100_000 },
    async run(store, events) {
      // An importer that keeps a few batches queued: group commit writes them together, and the next batch is
      // validated and hashed while the database writes the last. Order is kept: the queue is first in, first out.
      const inFlight = new Set<Promise<unknown>>()
      for (let start = 0; start < events; start += 1_000) {
        if (inFlight.size >= 4) await Promise.race(inFlight)
        const append = store.append(
          'story/import',
          Array.from({ length: 1_000 }, (_, i) => event(start + i)),
        )
        inFlight.add(append)
        void append.then(() => inFlight.delete(append))
      }
      await Promise.all(inFlight)
    },
  },
]

async function freshStore(backend: Backend): Promise<{ store: EventStore; close(): Promise<void> }> {
  if (backend === 'postgres') {
    const t = await openTestStore('postgres')
    return { store: t.store, close: () => t.close() }
  }
  const dir = mkdtempSync(join(tmpdir(), 'storyledger-bench-'))
  const database = await openPglite({ dataDir: dir })
  await migrateToLatest(database)
  const store = createEventStore(database)
  return {
    store,
    async close() {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const only = process.env.BENCH_ONLY
const backends: Backend[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']
console.log(
  `append bench: ${runs} runs per figure, median shown; node ${process.version}; ${new Date().toISOString()}`,
)
for (const backend of backends) {
  for (const scenario of scenarios.filter((s) => only === undefined || s.name.includes(only))) {
    const rates: number[] = []
    const cpu: number[] = []
    for (let r = 0; r < runs; r++) {
      const { store, close } = await freshStore(backend)
      const events = scenario.events[backend]
      const started = performance.now()
      const cpuBefore = process.cpuUsage()
      await scenario.run(store, events)
      const seconds = (performance.now() - started) / 1000
      const used = process.cpuUsage(cpuBefore)
      cpu.push((used.user + used.system) / 1000 / (events / 1000))
      const head = await store.head()
      if (head.treeSize !== events) throw new Error(`expected ${events} events, the log has ${head.treeSize}`)
      rates.push(events / seconds)
      await close()
    }
    const shown = rates.map((r) => Math.round(r).toLocaleString('en-US')).join(', ')
    console.log(
      `${backend.padEnd(8)} ${scenario.name.padEnd(50)} ${Math.round(median(rates)).toLocaleString('en-US').padStart(9)} events/s  (runs: ${shown}); ` +
        `this process's CPU ${median(cpu).toFixed(1)} ms per 1,000 events`,
    )
  }
}
