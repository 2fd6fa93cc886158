import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const webDir = fileURLToPath(new URL('..', import.meta.url))
const tsx = join(webDir, 'node_modules', '.bin', 'tsx')

/** Starts `main.ts` as `pnpm dev` does, on the embedded database in a fresh folder (never DATABASE_URL). */
function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const { DATABASE_URL: _ignored, ...inherited } = process.env
  const child = spawn(tsx, ['--conditions=@storyledger/source', 'src/main.ts'], {
    cwd: webDir,
    env: { ...inherited, PORT: '0', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += String(chunk)
  })
  child.stderr?.on('data', (chunk) => {
    output += String(chunk)
  })
  return { child, output: () => output }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })
}

async function waitFor(read: () => string, pattern: RegExp, ms = 45_000): Promise<RegExpMatchArray> {
  const until = Date.now() + ms
  for (;;) {
    const match = read().match(pattern)
    if (match) return match
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; output so far:\n${read()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('the app as a process', () => {
  const folders: string[] = []
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true })
  })

  it('prints a one-time sign-in link on its first start, serves, and stops cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sl-main-'))
    folders.push(dataDir)
    const { child, output } = start({ STORYLEDGER_DATA_DIR: dataDir })
    try {
      const [link] = await waitFor(
        output,
        /http:\/\/[\d.]+:\d+\/sign-in\?token=[0-9a-f]{32}\.[A-Za-z0-9_-]{43}/,
      )
      const page = await fetch(link)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('Sign in')
      expect((await fetch(new URL('/readyz', link))).status).toBe(200)
      child.kill('SIGTERM')
      expect(await exitOf(child)).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  })

  it('refuses to start in production without a session secret, and says why in one line', async () => {
    const { child, output } = start({
      NODE_ENV: 'production',
      STORYLEDGER_DATA_DIR: join(tmpdir(), 'sl-unused'),
    })
    expect(await exitOf(child)).toBe(1)
    expect(output()).toContain('SESSION_SECRET')
    expect(output()).not.toMatch(/\n\s+at /)
  })
})
