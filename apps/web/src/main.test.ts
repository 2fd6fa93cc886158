import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createPgliteTemplate } from '@storyledger/core/store'
import { BUNDLED_STORY_IDS, FOUNDING_STORY } from '@storyledger/stories'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prepareTemplate } from './startup/pglite-template.js'

const webDir = fileURLToPath(new URL('..', import.meta.url))
const tsx = join(webDir, 'node_modules', '.bin', 'tsx')

/** Starts `main.ts` as `pnpm dev` does, on the embedded database (never DATABASE_URL). */
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

async function waitFor(read: () => string, pattern: RegExp, ms = 90_000): Promise<RegExpMatchArray> {
  const until = Date.now() + ms
  for (;;) {
    const match = read().match(pattern)
    if (match) return match
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; output so far:\n${read()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const SIGN_IN_LINK = /http:\/\/[\d.]+:\d+\/sign-in\?token=[0-9a-f]{32}\.[A-Za-z0-9_-]{43}/g

async function treeSize(base: string): Promise<number> {
  const response = await fetch(new URL('/api/log/head', base))
  expect(response.status).toBe(200)
  const { treeSize } = (await response.json()) as { treeSize: number }
  return treeSize
}

/** The home page once it lists every bundled story (all but the founding one are written after the app listens). */
async function homeListingEveryStory(base: string, ms = 30_000): Promise<string> {
  const until = Date.now() + ms
  for (;;) {
    const home = await fetch(new URL('/', base))
    expect(home.status).toBe(200)
    const text = await home.text()
    if (BUNDLED_STORY_IDS.every((id) => text.includes(`/stories/${id}"`))) return text
    if (Date.now() > until) throw new Error(`the home page does not list every bundled story:\n${text}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM')
  expect(await exitOf(child)).toBe(0)
}

describe('the app as a process', () => {
  const folders: string[] = []
  let template: string
  beforeAll(async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sl-main-template-'))
    folders.push(folder)
    template = join(folder, 'template')
    // As the build makes it (the app's default is the build's copy in dist/, which tests do not rely on).
    await createPgliteTemplate(template, { prepare: prepareTemplate })
  }, 180_000)
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true })
  })

  it('starts an empty data directory from the template, seeds it, serves it, and seeds nothing on a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sl-main-'))
    folders.push(dataDir)
    const env = { STORYLEDGER_DATA_DIR: dataDir, STORYLEDGER_PGLITE_TEMPLATE: template }

    const first = start(env)
    let seeded: number
    try {
      await waitFor(first.output, SIGN_IN_LINK)
      expect(first.output()).toContain('new, from the PGlite template; founding story seeded')
      const [link, ...more] = first.output().match(SIGN_IN_LINK) ?? []
      expect(more).toEqual([])
      const home = await fetch(new URL('/', link))
      expect(home.status).toBe(200)
      expect(await home.text()).toContain(`/stories/${FOUNDING_STORY}`)
      expect((await fetch(new URL(`/stories/${FOUNDING_STORY}`, link))).status).toBe(200)
      const page = await fetch(link!)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('Sign in')
      expect((await fetch(new URL('/readyz', link))).status).toBe(200)
      await homeListingEveryStory(link!)
      seeded = await treeSize(link!)
      expect(seeded).toBeGreaterThan(0)
      await stop(first.child)
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL')
    }

    const again = start(env)
    try {
      await waitFor(again.output, SIGN_IN_LINK)
      expect(again.output()).toContain('founding story already there')
      expect(again.output()).not.toContain(', new,')
      // Nobody signed in: a fresh link, again printed once.
      const links = again.output().match(SIGN_IN_LINK) ?? []
      expect(links).toHaveLength(1)
      await homeListingEveryStory(links[0]!)
      expect(await treeSize(links[0]!)).toBe(seeded)
      await stop(again.child)
    } finally {
      if (again.child.exitCode === null) again.child.kill('SIGKILL')
    }
  }, 180_000)

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
