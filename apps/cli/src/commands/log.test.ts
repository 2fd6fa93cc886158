import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { anEvent, openTestStore } from '@storyledger/core/testing'
import { describe, expect, it } from 'vitest'
import { cli, writeTemp } from '../fixtures/cli.js'

describe('storyledger verify', () => {
  it('passes an intact export, and names the position of a changed one, with exit codes', async () => {
    const t = await openTestStore('pglite')
    await t.store.append('story/x', [anEvent(), anEvent({ data: { partyId: 'oracle' } }), anEvent()])
    const lines: string[] = []
    for await (const line of t.store.exportLog()) lines.push(line)
    const head = await t.store.head()
    await t.close()

    const intact = writeTemp('log.ndjson', `${lines.join('\n')}\n`)
    const c = cli()
    expect(await c.run('verify', intact, '--root', head.root)).toBe(0)
    expect(c.out).toEqual([`ok: 3 events, root ${head.root}`])

    const tampered = writeTemp(
      'tampered.ndjson',
      lines.map((l) => l.replace('"oracle"', '"0racle"')).join('\n'),
    )
    expect(await c.run('verify', tampered, '--json')).toBe(1)
    expect(JSON.parse(c.out[0] ?? '')).toMatchObject({ ok: false, position: 2 })
  })

  it('verifies the database when no FILE is given, and its export offline', async () => {
    const c = cli()
    await c.run('import', 'tiktok-oracle-2020')
    expect(await c.run('verify', '--json')).toBe(0)
    const result = JSON.parse(c.out[0] ?? '')
    expect(result).toMatchObject({ ok: true })
    expect(result.treeSize).toBeGreaterThan(10)

    const file = join(mkdtempSync(join(tmpdir(), 'storyledger-log-')), 'log.ndjson')
    expect(await c.run('export-log', '--out', file)).toBe(0)
    expect(await c.run('verify', file, '--root', result.root)).toBe(0)
  })

  it('explains bad usage with exit code 2', async () => {
    const c = cli()
    expect(await c.run('verify', 'a', 'b')).toBe(2)
    expect(c.err[0]).toContain('verify takes at most one FILE')
    expect(await c.run('frobnicate')).toBe(2)
    expect(c.err[0]).toContain('unknown command "frobnicate"')
    expect(await c.run('verify', '/nonexistent/file.ndjson')).toBe(2)
    expect(c.err[0]).toContain('ENOENT')
    expect(await c.run('streams', '--bogus')).toBe(2)
  })
})
