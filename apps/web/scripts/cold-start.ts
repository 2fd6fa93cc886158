import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

/**
 * Prints how long the built app (`node dist/main.js`, as `pnpm start` runs it) takes from spawn to answering
 * `/` and the founding story's page with 200, on a fresh PGlite data directory (first start) and again on the
 * same directory (restart). With the build's PGlite template (`template`) and without it (`initdb`, as before
 * the template), alternated run by run so both see the same load. CPU is the app process's user + system
 * time at that moment, steadier than wall time on a shared machine.
 *
 *   pnpm --filter @storyledger/web bench:start [--runs 5] [--modes template,initdb]
 *   COLD_START_NODE_ARGS='--liftoff-only' pnpm --filter @storyledger/web bench:start   # flags for node
 */
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, modes: { type: 'string', default: 'template,initdb' } },
})
const runs = Number(values.runs)
const modes = values.modes.split(',').map((mode) => {
  if (mode !== 'template' && mode !== 'initdb') throw new Error(`Unknown mode ${mode}: template or initdb`)
  return mode
})

const webDir = fileURLToPath(new URL('..', import.meta.url))
const main = join(webDir, 'dist', 'main.js')
if (!existsSync(main)) {
  console.error('No dist/main.js: run `pnpm turbo run build --filter=@storyledger/web...` first.')
  process.exit(1)
}
const FOUNDING_STORY_PAGE = '/stories/tiktok-oracle-2020'
const CLOCK_TICKS_PER_SECOND = 100 // Linux's USER_HZ

interface Start {
  /** Spawn to `/` and the founding story both answering 200. */
  readonly wallMs: number
  readonly cpuMs: number
  readonly output: string
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

function cpuMsOf(pid: number): number {
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND
}

async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url)
    await response.arrayBuffer()
    return response.status === 200
  } catch {
    return false
  }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })
}

async function start(dataDir: string, mode: 'template' | 'initdb'): Promise<Start> {
  const port = await freePort()
  const { DATABASE_URL: _postgres, ...inherited } = process.env
  const began = performance.now()
  const child = spawn(
    process.execPath,
    [...(process.env.COLD_START_NODE_ARGS ?? '').split(' ').filter(Boolean), main],
    {
      cwd: webDir,
      env: {
        ...inherited,
        PORT: String(port),
        STORYLEDGER_DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        ...(mode === 'initdb' ? { STORYLEDGER_PGLITE_TEMPLATE: 'none' } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += String(chunk)
  })
  child.stderr?.on('data', (chunk) => {
    output += String(chunk)
  })
  try {
    const base = `http://127.0.0.1:${port}`
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${output}`)
      if (performance.now() - began > 120_000) throw new Error(`no first page after 120 s:\n${output}`)
      if (await answers200(`${base}/`)) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    if (!(await answers200(`${base}${FOUNDING_STORY_PAGE}`)))
      throw new Error(`${FOUNDING_STORY_PAGE} did not answer 200:\n${output}`)
    const wallMs = performance.now() - began
    const cpuMs = cpuMsOf(child.pid!)
    child.kill('SIGTERM')
    const code = await exitOf(child)
    if (code !== 0) throw new Error(`the app exited with ${code} on SIGTERM:\n${output}`)
    return { wallMs, cpuMs, output }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
  }
}

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')

console.log(`cold start of dist/main.js, ${runs} run(s) per mode; load average ${load()}`)
const results = new Map(modes.map((mode) => [mode, { first: [] as Start[], restart: [] as Start[] }]))
for (let run = 1; run <= runs; run++) {
  for (const mode of modes) {
    const dataDir = await mkdtemp(join(tmpdir(), 'storyledger-cold-start-'))
    try {
      const first = await start(dataDir, mode)
      const restart = await start(dataDir, mode)
      const expected = mode === 'template' ? 'new, from the PGlite template' : 'new, initialised now'
      if (!first.output.includes(expected))
        throw new Error(`expected "${expected}" on a first start:\n${first.output}`)
      if ((first.output.match(/sign-in\?token=/g) ?? []).length !== 1)
        throw new Error(`the first start did not print one sign-in link:\n${first.output}`)
      results.get(mode)!.first.push(first)
      results.get(mode)!.restart.push(restart)
      console.log(
        `run ${run} ${mode.padEnd(8)} first start ${first.wallMs.toFixed(0).padStart(6)} ms ` +
          `(cpu ${first.cpuMs.toFixed(0).padStart(5)} ms)  restart ${restart.wallMs.toFixed(0).padStart(6)} ms ` +
          `(cpu ${restart.cpuMs.toFixed(0).padStart(5)} ms)`,
      )
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}
console.log(`medians (load average now ${load()}):`)
for (const [mode, { first, restart }] of results) {
  console.log(
    `  ${mode.padEnd(8)} first start ${median(first.map((s) => s.wallMs)).toFixed(0)} ms ` +
      `(cpu ${median(first.map((s) => s.cpuMs)).toFixed(0)} ms), restart ` +
      `${median(restart.map((s) => s.wallMs)).toFixed(0)} ms (cpu ${median(restart.map((s) => s.cpuMs)).toFixed(0)} ms)`,
  )
}
