import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { DataDirectoryLockedError } from '../errors.js'
import { createEventStore } from './event-store.js'
import { migrateToLatest } from './migrations.js'
import { openPglite } from './open-database.js'

const fixture = join(import.meta.dirname, 'fixtures', 'child-store.ts')
const dirs: string[] = []
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'storyledger-lock-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function startChild(...args: string[]): { child: ChildProcess; lines: AsyncIterableIterator<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return { child, lines: createInterface({ input: child.stdout! })[Symbol.asyncIterator]() }
}

async function nextMessage(lines: AsyncIterableIterator<string>): Promise<Record<string, unknown>> {
  const { value, done } = await lines.next()
  if (done) throw new Error('the child process ended without a message')
  return JSON.parse(value)
}

describe('the embedded data directory', () => {
  it('refuses a second process with a clear error while the first has it open', async () => {
    const dir = freshDir()
    const first = await openPglite({ dataDir: dir })
    try {
      const { lines } = startChild('open', dir)
      const message = await nextMessage(lines)
      expect(message).toMatchObject({ error: 'DATA_DIR_LOCKED' })
      expect(message.message).toContain(`in use by process ${process.pid}`)
      await expect(openPglite({ dataDir: dir })).rejects.toBeInstanceOf(DataDirectoryLockedError)
    } finally {
      await first.close()
    }
    const { lines } = startChild('open', dir)
    expect(await nextMessage(lines)).toEqual({ opened: true })
  })

  it('takes over a lock left by a process that is gone', async () => {
    const dir = freshDir()
    const { child, lines } = startChild('open', dir)
    expect(await nextMessage(lines)).toEqual({ opened: true })
    await new Promise((resolve) => child.once('exit', resolve))
    writeFileSync(join(dir, 'storyledger.lock'), String(child.pid))
    const database = await openPglite({ dataDir: dir })
    await database.close()
  })

  it('keeps every acknowledged append when the process is killed mid-stream', async () => {
    const dir = freshDir()
    const { child, lines } = startChild('append', dir, '400')
    expect(await nextMessage(lines)).toEqual({ opened: true })
    const acked: number[] = []
    while (acked.length < 25) acked.push((await nextMessage(lines)).acked as number)
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))

    const database = await openPglite({ dataDir: dir })
    await migrateToLatest(database)
    const store = createEventStore(database)
    try {
      const head = await store.head()
      expect(head.treeSize).toBeGreaterThanOrEqual(acked.at(-1)!)
      const positions = (await store.readAll({ limit: 10_000 })).map((e) => e.position)
      for (const position of acked) expect(positions).toContain(position)
      expect(await store.verify()).toMatchObject({ ok: true, treeSize: head.treeSize })
    } finally {
      await store.close()
    }
  })
})
