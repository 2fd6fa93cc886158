import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anEvent } from '../testing/index.js'
import { createEventStore } from './event-store.js'
import { migrateToLatest } from './migrations.js'
import { openPglite } from './open-database.js'
import { copyPgliteTemplate, createPgliteTemplate } from './pglite-template.js'

let root: string
let template: string

// One initdb for the file: it is the slow part of a first start, which is why templates exist.
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'storyledger-template-'))
  template = join(root, 'template')
  await createPgliteTemplate(template, { prepare: migrateToLatest })
}, 180_000)
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('a PGlite template', () => {
  it('lists every file and directory of the cluster', async () => {
    const manifest = JSON.parse(await readFile(join(template, 'template.json'), 'utf8'))
    expect(manifest.files).toContain('PG_VERSION')
    expect(manifest.directories).toContain('pg_tblspc')
    expect(await readdir(template)).toEqual(['pgdata', 'template.json'])
  })

  it('starts a new data directory with what it was prepared with, and is not used again once it exists', async () => {
    const dataDir = join(root, 'data-1')
    const database = await openPglite({ dataDir, template })
    expect(database.origin).toBe('template')
    // Migrated when the template was made: the log's tables are there before any migration runs here.
    const { rows } = await sql<{ treeSize: string }>`select tree_size as "treeSize" from log_head`.execute(
      database.db,
    )
    expect(rows).toEqual([{ treeSize: '0' }])
    await migrateToLatest(database)
    const store = createEventStore(database)
    await store.append('story/template', [anEvent()])
    await store.close()

    const again = await openPglite({ dataDir, template })
    expect(again.origin).toBe('existing')
    const reopened = createEventStore(again)
    expect(await reopened.readStream('story/template')).toHaveLength(1)
    await reopened.close()
  })

  it('recreates the empty directories a build cache may drop', async () => {
    const copy = join(root, 'without-empty-dirs')
    await mkdir(copy)
    const manifestText = await readFile(join(template, 'template.json'), 'utf8')
    await writeFile(join(copy, 'template.json'), manifestText)
    // The files only, as a cache that stores files (and not directories) would restore them.
    const manifest = JSON.parse(manifestText) as { files: string[] }
    for (const file of manifest.files) {
      const target = join(copy, 'pgdata', file)
      await mkdir(join(target, '..'), { recursive: true })
      await writeFile(target, await readFile(join(template, 'pgdata', file)))
    }
    expect(existsSync(join(copy, 'pgdata', 'pg_tblspc'))).toBe(false)

    const dataDir = join(root, 'data-2')
    const database = await openPglite({ dataDir, template: copy })
    expect(database.origin).toBe('template')
    expect(existsSync(join(dataDir, 'pgdata', 'pg_tblspc'))).toBe(true)
    await migrateToLatest(database)
    await database.close()
  })

  it('is ignored when another PGlite version made it', async () => {
    const other = join(root, 'other-version')
    await mkdir(other)
    const manifest = JSON.parse(await readFile(join(template, 'template.json'), 'utf8'))
    await writeFile(join(other, 'template.json'), JSON.stringify({ ...manifest, pglite: '0.0.1' }))
    const pgdata = join(root, 'data-3', 'pgdata')
    expect(await copyPgliteTemplate(other, pgdata)).toBe(false)
    expect(existsSync(pgdata)).toBe(false)
  })

  it('leaves a data directory with content alone', async () => {
    const pgdata = join(root, 'data-4', 'pgdata')
    await mkdir(pgdata, { recursive: true })
    await writeFile(join(pgdata, 'left-by-a-stopped-initdb'), '')
    expect(await copyPgliteTemplate(template, pgdata)).toBe(false)
    expect(await readdir(pgdata)).toEqual(['left-by-a-stopped-initdb'])
    expect(await readdir(join(root, 'data-4'))).toEqual(['pgdata'])
  })
})
