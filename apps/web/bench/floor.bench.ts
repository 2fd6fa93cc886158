/**
 * The floor under `pnpm bench:web` on this machine: the same load generator, connections and request shapes
 * against a Hono app on @hono/node-server that does nothing but what every request of the real app must do
 * anyway — parse the form of a submission (eight answers, a signed cookie) with the app's formBody and answer
 * with a small page, or answer a GET with a page the size of the student's quiz page. No database, no
 * grading, no log. A third route parses the form with Hono's parseBody, as the app did before formBody.
 *
 * What this reaches is an upper bound for the real routes on the same cores: whatever the app adds (the
 * attempt cookie's check, grading, the claim, the log's validation, hashing and insert, PostgreSQL's own
 * work) only lowers it.
 *
 *   pnpm --filter @storyledger/web bench:floor          # BENCH_REQUESTS=20000 BENCH_CONNECTIONS=64
 */
import type { AddressInfo } from 'node:net'
import { loadavg } from 'node:os'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { formBody } from '../src/lib/form-body.js'
import { runLoadGenerator } from './load-generator.js'

const connections = Number(process.env.BENCH_CONNECTIONS ?? 64)
const requests = Number(process.env.BENCH_REQUESTS ?? 20_000)

// About the size of the student's quiz page for eight questions, and of one submission.
const page = `<!DOCTYPE html><html><body>${'<fieldset><legend>Question</legend><label><input type="radio" name="a" value="b">An option of about forty characters</label></fieldset>'.repeat(60)}</body></html>`
const submission = new URLSearchParams()
for (let i = 1; i <= 8; i++) submission.append(`answer.q${i}`, 'abcdefghijkl'[i] ?? 'a')
submission.append('action', 'submit')

const app = new Hono()
app.get('/q/:quizId', (c) => c.html(page))
app.post('/q/:quizId', async (c) => {
  const form = await formBody(c, { all: true })
  return c.html(`<p>${Object.keys(form).length} answers received for ${c.req.param('quizId')}</p>`)
})
// What the app did before formBody: Hono's parseBody, through the Fetch API's formData().
app.post('/parse-body/q/:quizId', async (c) => {
  const form = await c.req.parseBody({ all: true })
  return c.html(`<p>${Object.keys(form).length} answers received for ${c.req.param('quizId')}</p>`)
})
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
await new Promise((resolve) => server.once('listening', resolve))
const { port } = server.address() as AddressInfo
const base = `http://127.0.0.1:${port}`
const quizPath = '/q/quiz-0123456789abcdef'
const cookie = `sl_attempt=${'x'.repeat(120)}`
const body = submission.toString()

console.log(
  `floor: a bare Hono app, ${requests} requests a route, ${connections} connections; load average ${loadavg()[0]?.toFixed(2)}`,
)
const failures: string[] = []
for (const [name, plan] of [
  ['GET  (a page, nothing else)', { url: `${base}${quizPath}`, method: 'GET', items: [{ cookie }] }],
  ['POST (formBody, as the app)', { url: `${base}${quizPath}`, method: 'POST', items: [{ cookie, body }] }],
  [
    'POST (parseBody, as before)',
    { url: `${base}/parse-body${quizPath}`, method: 'POST', items: [{ cookie, body }] },
  ],
] as const) {
  const before = process.cpuUsage()
  const result = await runLoadGenerator({
    connections,
    amount: requests,
    cycle: true,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    ...plan,
  })
  const cpu = process.cpuUsage(before)
  if (result.non2xx > 0 || result.errors > 0) failures.push(name)
  const perRequest = (ms: number) => `${((ms * 1000) / result.requests).toFixed(0)} µs`
  console.log(
    `${name.padEnd(30)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${result.latency.p50} ms  ` +
      `p99 ${result.latency.p99} ms  (non-2xx ${result.non2xx}, errors ${result.errors}); CPU a request: ` +
      `app ${perRequest((cpu.user + cpu.system) / 1000)}, load generator ${perRequest(result.cpuMs)}`,
  )
}
server.close()
if (failures.length > 0) {
  console.error(`not every request answered 2xx: ${failures.join(', ')}`)
  process.exitCode = 1
}
