import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

const here = fileURLToPath(new URL('.', import.meta.url))

const LoadResult = z.object({
  requests: z.number(),
  seconds: z.number(),
  requestsPerSecond: z.number(),
  latency: z.object({
    p50: z.number(),
    p97_5: z.number(),
    p99: z.number(),
    max: z.number(),
    mean: z.number(),
  }),
  ok2xx: z.number(),
  non2xx: z.number(),
  errors: z.number(),
  timeouts: z.number(),
  sent: z.number(),
  /** The load generator's own CPU time. */
  cpuMs: z.number(),
})
export type LoadResult = z.infer<typeof LoadResult>

/** Runs autocannon on a plan (see autocannon-worker.ts) in a second process and returns what it measured. */
export function runLoadGenerator(plan: object): Promise<LoadResult> {
  const planFile = join(tmpdir(), `storyledger-load-${process.pid}-${randomBytes(3).toString('hex')}.json`)
  writeFileSync(planFile, JSON.stringify(plan))
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'autocannon-worker.ts'), planFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      rmSync(planFile, { force: true })
      if (code !== 0) reject(new Error(`the load generator exited with ${code}`))
      else resolve(LoadResult.parse(JSON.parse(out.trim().split('\n').at(-1) ?? '')))
    })
  })
}
