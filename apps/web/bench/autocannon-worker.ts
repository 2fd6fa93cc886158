/**
 * The load generator, run by load.bench.ts as a second process so that its work is not counted in the app's
 * event loop. Reads a plan (JSON) from the file named on the command line, runs autocannon once and prints
 * the result as one JSON line on stdout.
 *
 * Each planned request is sent exactly once: autocannon's `amount` spreads the total over the connections, and
 * `setupRequest` hands every request the next item, so no attempt is submitted twice.
 */
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import { z } from 'zod'

const Plan = z.strictObject({
  url: z.url(),
  method: z.enum(['GET', 'POST']),
  connections: z.number().int().positive(),
  headers: z.record(z.string(), z.string()),
  items: z.array(z.strictObject({ cookie: z.string(), body: z.string().optional() })).min(1),
  /** How many requests to send; items are reused in turn only when `cycle` says so (GETs). */
  amount: z.number().int().positive(),
  cycle: z.boolean(),
})

const plan = Plan.parse(JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')))
if (!plan.cycle && plan.amount > plan.items.length) throw new Error('more requests than items to send')

let next = 0
const result = await autocannon({
  url: plan.url,
  method: plan.method,
  connections: plan.connections,
  amount: plan.amount,
  timeout: 30,
  headers: plan.headers,
  requests: [
    {
      setupRequest(request) {
        const item = plan.items[next++ % plan.items.length]
        if (item === undefined) throw new Error('no item')
        return { ...request, headers: { ...plan.headers, cookie: item.cookie }, body: item.body }
      },
    },
  ],
})
process.stdout.write(
  `${JSON.stringify({
    requests: result.requests.total,
    seconds: result.duration,
    requestsPerSecond: result.requests.total / result.duration,
    latency: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    sent: next,
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  })}\n`,
)
