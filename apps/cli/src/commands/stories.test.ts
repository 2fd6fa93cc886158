import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { parseStoryFile } from '@storyledger/stories'
import { describe, expect, it } from 'vitest'
import { cli, SMALL_STORY, writeTemp } from '../fixtures/cli.js'
import { run } from '../run.js'

describe('storyledger import / export / stories', () => {
  it('imports a story file once, writes nothing on re-import, and exports the same story back', async () => {
    const c = cli()
    const file = writeTemp('acme.ndjson', SMALL_STORY)
    expect(await c.run('import', file)).toBe(0)
    expect(c.out[0]).toBe('acme-widgets: wrote 7 events to story/acme-widgets (0 were already there)')

    expect(await c.run('import', file, '--json')).toBe(0)
    expect(JSON.parse(c.out[0] ?? '')).toMatchObject({
      storyId: 'acme-widgets',
      written: 0,
      alreadyStored: 7,
    })

    const exported = join(mkdtempSync(join(tmpdir(), 'storyledger-out-')), 'out.ndjson')
    expect(await c.run('export', 'acme-widgets', '--out', exported)).toBe(0)
    const again = parseStoryFile(readFileSync(exported, 'utf8'))
    const original = parseStoryFile(SMALL_STORY)
    expect(again.ok && original.ok).toBe(true)
    if (again.ok && original.ok) expect(again.story).toEqual(original.story)

    expect(await c.run('stories', '--json')).toBe(0)
    const listed = JSON.parse(c.out[0] ?? '')
    expect(listed.stories).toEqual([
      expect.objectContaining({
        storyId: 'acme-widgets',
        title: 'Acme buys Widgets',
        events: 7,
        developments: 3,
      }),
    ])
    expect(listed.bundled.map((b: { id: string }) => b.id)).toContain('tiktok-oracle-2020')
  })

  it('names the line and field of every error in a bad file, exits 1 and writes nothing', async () => {
    const c = cli()
    const lines = SMALL_STORY.split('\n')
    lines[4] = lines[4]?.replace('"bidderId":"acme"', '"bidderId":"Not An Id"') ?? ''
    lines[5] = lines[5]?.replace('"2021-03-10"', '"2021-02-30"') ?? ''
    const file = writeTemp('bad.ndjson', lines.join('\n'))
    expect(await c.run('import', file)).toBe(1)
    expect(c.err).toContainEqual(expect.stringMatching(new RegExp(`^${file}:5: data\\.bidderId: `)))
    expect(c.err).toContainEqual(expect.stringMatching(new RegExp(`^${file}:6: occurredOn: `)))
    expect(c.err.at(-1)).toContain('nothing was written')

    expect(await c.run('stories', '--json')).toBe(0)
    expect(JSON.parse(c.out[0] ?? '').stories).toEqual([])
  })

  it('imports a bundled story by id and draws a progress bar on a terminal', async () => {
    const c = cli()
    const terminal = Object.assign(new PassThrough(), { isTTY: true })
    let drawn = ''
    terminal.on('data', (chunk: Buffer) => {
      drawn += chunk.toString()
    })
    const io = { out: () => {}, err: () => {}, env: { STORYLEDGER_DATA_DIR: c.dataDir }, progress: terminal }
    expect(await run(['import', 'tiktok-oracle-2020'], io)).toBe(0)
    expect(drawn).toMatch(/importing tiktok-oracle-2020 \[.*\] (\d+)\/\1 events/)

    expect(await c.run('stories')).toBe(0)
    expect(c.out[0]).toMatch(/^tiktok-oracle-2020\t\d+ developments\t/)
  })

  it('says which story is missing, and refuses an unknown bundled id', async () => {
    const c = cli()
    expect(await c.run('export', 'no-such-story')).toBe(2)
    expect(c.err[0]).toBe('storyledger: the log has no story "no-such-story" (see storyledger stories)')
    expect(await c.run('import', 'no-such-story')).toBe(2)
    expect(c.err[0]).toContain('ENOENT')
  })
})
