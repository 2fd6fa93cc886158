import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { anEvent, openTestStore } from '@storyledger/core/testing'
import { describe, expect, it } from 'vitest'
import { run } from './run.js'

function capture() {
  const out: string[] = []
  const err: string[] = []
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: {} }, out, err }
}

describe('storyledger verify FILE', () => {
  it('passes an intact export, and names the position of a changed one, with exit codes', async () => {
    const t = await openTestStore('pglite')
    await t.store.append('story/x', [anEvent(), anEvent({ data: { partyId: 'oracle' } }), anEvent()])
    const lines: string[] = []
    for await (const line of t.store.exportLog()) lines.push(line)
    const head = await t.store.head()
    await t.close()

    const dir = mkdtempSync(join(tmpdir(), 'storyledger-cli-'))
    const intact = join(dir, 'log.ndjson')
    writeFileSync(intact, `${lines.join('\n')}\n`)
    const ok = capture()
    expect(await run(['verify', intact, '--root', head.root], ok.io)).toBe(0)
    expect(ok.out).toEqual([`ok: 3 events, root ${head.root}`])

    const tampered = join(dir, 'tampered.ndjson')
    writeFileSync(tampered, lines.map((l) => l.replace('"oracle"', '"0racle"')).join('\n'))
    const bad = capture()
    expect(await run(['verify', tampered, '--json'], bad.io)).toBe(1)
    expect(JSON.parse(bad.out[0]!)).toMatchObject({ ok: false, position: 2 })
  })

  it('explains bad usage with exit code 2', async () => {
    const missing = capture()
    expect(await run(['verify'], missing.io)).toBe(2)
    expect(missing.err[0]).toContain('verify needs exactly one FILE')
    const unknown = capture()
    expect(await run(['frobnicate'], unknown.io)).toBe(2)
    const noFile = capture()
    expect(await run(['verify', '/nonexistent/file.ndjson'], noFile.io)).toBe(2)
    expect(noFile.err[0]).toContain('ENOENT')
  })
})
