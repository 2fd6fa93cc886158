/**
 * Load on the student's routes, through HTTP on 127.0.0.1: the app as main.ts builds it (createApp on
 * PostgreSQL from DATABASE_URL, in a fresh schema this bench creates and drops, or PGlite in a temporary
 * data directory), the founding story seeded, a teacher who publishes a quiz through the app, and students who
 * join through the app beforehand. autocannon runs in a second process (bench/autocannon-worker.ts) and
 * (a) GETs the student's quiz page, then (b) POSTs one submission per attempt: every request carries its own
 * attempt cookie and answers, so each one really claims, grades and appends its two events.
 *
 * After the run the log must hold exactly one AttemptSubmitted and one AttemptGraded per submission and the
 * Merkle log must verify; a submit that is not 2xx fails the bench.
 *
 *   pnpm bench:web                                            # PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:web
 *   BENCH_SUBMITS=20000 BENCH_GETS=20000 BENCH_CONNECTIONS=64 BENCH_POOL=10 pnpm bench:web
 *   BENCH_CPU_PROFILE=/tmp/prof pnpm bench:web                 # a .cpuprofile of the app per measured route
 *
 * Besides req/s and latency it prints the CPU time per request of this process (the app), of the
 * PostgreSQL backends that serve its connections (found by application_name with psql, CPU read from /proc)
 * and of the load generator: on a small machine where all three share the cores, that says where the time
 * goes.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import type { AddressInfo } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import {
  ensureFirstTeacher,
  listAttempts,
  migrateClassroom,
  storedSessionSecret,
} from '@storyledger/classroom'
import {
  createEventStore,
  migrateToLatest,
  openPglite,
  openPostgres,
  type StoreDatabase,
} from '@storyledger/core/store'
import { QuestionKind, StudentQuiz } from '@storyledger/quiz'
import { z } from 'zod'
import { createApp } from '../src/app.js'
import { quizStream } from '../src/lib/published-quiz.js'
import { FOUNDING_STORY_ID } from '../src/seed/founding-story.js'
import { seedFoundingStory } from '../src/seed/seed-story.js'
import { runLoadGenerator } from './load-generator.js'

const databaseUrl = process.env.DATABASE_URL
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64)
const submits = Number(process.env.BENCH_SUBMITS ?? 20_000)
const gets = Number(process.env.BENCH_GETS ?? 20_000)
const poolSize = process.env.BENCH_POOL === undefined ? undefined : Number(process.env.BENCH_POOL)
const profileDir = process.env.BENCH_CPU_PROFILE

interface Opened {
  readonly database: StoreDatabase
  readonly backend: string
  drop(): Promise<void>
}

async function openDatabase(): Promise<Opened> {
  if (databaseUrl) {
    // A fresh schema, as the store's own tests use: the bench's tables and nothing else's.
    const schema = `sl_load_${randomBytes(4).toString('hex')}`
    const connectionString = new URL(databaseUrl)
    connectionString.searchParams.set('application_name', applicationName)
    const database = await openPostgres({
      connectionString: connectionString.href,
      schema,
      ...(poolSize === undefined ? {} : { poolSize }),
    })
    return {
      database,
      backend: 'PostgreSQL',
      async drop() {
        const admin = await openPostgres({ connectionString: databaseUrl, poolSize: 1 })
        await admin.db.schema.dropSchema(schema).cascade().execute()
        await admin.close()
      },
    }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'storyledger-load-'))
  const database = await openPglite({ dataDir })
  return {
    database,
    backend: 'PGlite',
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  }
}

// Names this process's connections, so that the PostgreSQL backends serving this app (and not the other
// work on the same server) can be told apart in pg_stat_activity.
const applicationName = `storyledger-load-${process.pid}`

/** The pids of the PostgreSQL backends serving this bench's connections now (psql, as DATABASE_URL names). */
function ourBackends(): number[] {
  if (!databaseUrl) return []
  const query = `select pid from pg_stat_activity where application_name = '${applicationName}'`
  return execFileSync('psql', [databaseUrl, '-At', '-c', query], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => /^\d+$/.test(line))
    .map(Number)
}

/** CPU seconds used so far by each PostgreSQL server process, by pid (none when it runs elsewhere). */
function postgresCpu(): Map<number, number> {
  const seconds = new Map<number, number>()
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
      seconds.set(Number(pid), (Number(fields[11]) + Number(fields[12])) / 100)
    } catch {
      // The process ended between listing and reading.
    }
  }
  return seconds
}

/** CPU seconds between two readings: of the given pids, or of every process present at the end. */
function cpuBetween(before: Map<number, number>, after: Map<number, number>, pids?: readonly number[]) {
  let total = 0
  for (const pid of pids ?? after.keys()) total += (after.get(pid) ?? 0) - (before.get(pid) ?? 0)
  return total
}

/** A small seeded PRNG (mulberry32), so the answers, and so the grades, are the same on every run. */
function prng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

async function inParallel<T>(
  count: number,
  width: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count)
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const index = next++
        results[index] = await task(index)
      }
    }),
  )
  return results
}

const opened = await openDatabase()
const { database } = opened
let failed = false
try {
  await migrateToLatest(database)
  await migrateClassroom(database)
  const store = createEventStore(database)
  await seedFoundingStory(store)
  const sessionSecret = await storedSessionSecret(database)
  const first = await ensureFirstTeacher(database, { name: 'Bench Teacher' })
  if (!first) throw new Error('expected a first teacher on a fresh database')
  // Every student joins from this process: a window of 1 ms keeps the join tries table small.
  const app = createApp({
    store,
    database,
    sessionSecret,
    joinRateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 1 },
  })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const { port } = server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}`
  const form = (cookie: string | undefined, body: URLSearchParams, accept = 'text/html') => ({
    method: 'POST',
    headers: {
      origin: base,
      accept,
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
    },
    body,
  })

  const signIn = await fetch(`${base}/sign-in`, {
    ...form(undefined, new URLSearchParams({ token: first.token, next: '/' })),
    redirect: 'manual',
  })
  const teacherCookie = signIn.headers.get('set-cookie')?.split(';')[0]
  if (signIn.status !== 303 || !teacherCookie) throw new Error(`sign-in failed: ${signIn.status}`)
  const blueprint = new URLSearchParams({
    storyId: FOUNDING_STORY_ID,
    asOf: '2021-01-01',
    count: '8',
    seed: 'load bench',
  })
  for (const kind of QuestionKind.options) blueprint.append('kinds', kind)
  const published = await fetch(`${base}/quizzes/publish`, form(teacherCookie, blueprint))
  const publishedPage = await published.text()
  const joinCode = /class="join-code">([0-9A-Z-]+)</.exec(publishedPage)?.[1]
  const quizId = /href="\/quizzes\/(quiz-[a-z0-9-]+)\/results"/.exec(publishedPage)?.[1]
  if (published.status !== 201 || !joinCode || !quizId)
    throw new Error(`publish failed: ${published.status}: ${/<title>([^<]*)/.exec(publishedPage)?.[1]}`)

  const joinStarted = performance.now()
  const random = prng(20_200_920)
  // Joins go through the app in this process (the same routes, no sockets): setting up thousands of students
  // over HTTP on a loaded machine only adds time, and keep-alive sockets the server has dropped.
  const students = await inParallel(submits, 64, async (i) => {
    const joined = await app.request(`${base}/join`, {
      ...form(undefined, new URLSearchParams({ code: joinCode, name: `Student ${i + 1}` })),
      redirect: 'manual',
    })
    const cookie = joined.headers.get('set-cookie')?.split(';')[0]
    if (joined.status !== 303 || !cookie) throw new Error(`join failed: ${joined.status}`)
    const shown = await app.request(`${base}/q/${quizId}`, {
      headers: { cookie, accept: 'application/json' },
    })
    const { quiz } = z.object({ quiz: StudentQuiz }).parse(await shown.json())
    const answers = new URLSearchParams()
    for (const question of quiz.questions) {
      if (question.kind === 'chronology') {
        const order = question.items.map((item) => item.id).sort(() => random() - 0.5)
        for (const id of order) answers.append(`order.${question.id}`, id)
      } else {
        const option = question.options[Math.floor(random() * question.options.length)]
        if (option) answers.append(`answer.${question.id}`, option.id)
      }
    }
    answers.append('action', 'submit')
    return { cookie, body: answers.toString() }
  })
  const joinSeconds = (performance.now() - joinStarted) / 1000
  const questions = new URLSearchParams(students[0]?.body).size - 1
  console.log(
    `${opened.backend}: quiz ${quizId} (${questions} answers a submission), ${submits} students joined in ` +
      `${joinSeconds.toFixed(1)} s; ${connections} connections; pool ${poolSize ?? 'default (10)'}; ` +
      `load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
  )

  async function measure(name: string, plan: object) {
    // Only the measured run is profiled, not the setup before it.
    const profiler = profileDir === undefined ? undefined : new Session()
    if (profiler) {
      profiler.connect()
      await profiler.post('Profiler.enable')
      await profiler.post('Profiler.start')
    }
    const cpuBefore = process.cpuUsage()
    const pgBefore = postgresCpu()
    const result = await runLoadGenerator(plan)
    const cpu = process.cpuUsage(cpuBefore)
    const pgAfter = postgresCpu()
    if (profiler && profileDir) {
      const { profile } = await profiler.post('Profiler.stop')
      const file = join(profileDir, `${name.split(' ')[0]?.toLowerCase()}-${process.pid}.cpuprofile`)
      writeFileSync(file, JSON.stringify(profile))
      profiler.disconnect()
      console.log(`${''.padEnd(34)} profile: ${file}`)
    }
    const appMs = (cpu.user + cpu.system) / 1000
    // Backends that served this app (a backend that ended during the run is not counted), and the whole
    // server, which on a shared machine includes other work.
    const pgMs = cpuBetween(pgBefore, pgAfter, ourBackends()) * 1000
    const serverMs = cpuBetween(pgBefore, pgAfter) * 1000
    const perRequest = (ms: number) => `${((ms * 1000) / result.requests).toFixed(0)} µs`
    console.log(
      `${name.padEnd(34)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  ` +
        `p50 ${result.latency.p50} ms  p97.5 ${result.latency.p97_5} ms  p99 ${result.latency.p99} ms  ` +
        `max ${result.latency.max} ms  (${result.requests} in ${result.seconds.toFixed(1)} s; ` +
        `non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`,
    )
    console.log(
      `${''.padEnd(34)} CPU a request: app ${perRequest(appMs)}, PostgreSQL backends ${perRequest(pgMs)} ` +
        `(all its processes ${perRequest(serverMs)}), ` +
        `load generator ${perRequest(result.cpuMs)}; load average ${loadavg()[0]?.toFixed(2)}`,
    )
    return result
  }

  const url = `${base}/q/${quizId}`
  await measure('GET /q/:quizId (the answer page)', {
    url,
    method: 'GET',
    connections,
    headers: { accept: 'text/html' },
    items: students.slice(0, 1_000).map(({ cookie }) => ({ cookie })),
    amount: gets,
    cycle: true,
  })
  const submitted = await measure('POST /q/:quizId (submit and grade)', {
    url,
    method: 'POST',
    connections,
    headers: {
      origin: base,
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    },
    items: students,
    amount: submits,
    cycle: false,
  })
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))

  const events = await store.readStream(quizStream(quizId))
  const count = (type: string) => events.filter((e) => e.type === type).length
  const submittedIds = new Set(
    events.flatMap((e) => (e.type === 'AttemptSubmitted' ? [e.data.attemptId] : [])),
  )
  const claimed = (await listAttempts(database, quizId)).filter((a) => a.submittedAt !== null).length
  const verified = await store.verify()
  const checks = {
    'every submit answered 2xx':
      submitted.non2xx === 0 && submitted.errors === 0 && submitted.ok2xx === submits,
    'one AttemptSubmitted per submission':
      count('AttemptSubmitted') === submits && submittedIds.size === submits,
    'one AttemptGraded per submission': count('AttemptGraded') === submits,
    'one claimed attempt per submission': claimed === submits,
    'the Merkle log verifies': verified.ok,
  }
  for (const [check, ok] of Object.entries(checks)) console.log(`${ok ? 'ok  ' : 'FAIL'} ${check}`)
  console.log(
    `    log: ${count('AttemptStarted')} started, ${count('AttemptSubmitted')} submitted, ` +
      `${count('AttemptGraded')} graded; ${claimed} attempts claimed; 2xx ${submitted.ok2xx}`,
  )
  failed = Object.values(checks).includes(false)
  await store.close()
} catch (error) {
  await database.close()
  throw error
} finally {
  await opened.drop()
}
if (failed) process.exit(1)
