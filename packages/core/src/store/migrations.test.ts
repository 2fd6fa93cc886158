import { type Migration, sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StoryledgerError } from '../errors.js'
import { openTestStore, type TestStore, testBackends } from '../testing/index.js'
import { runMigrations } from './migrations.js'
import type { StoreDatabase } from './open-database.js'

const table = 'test_migration'

function creating(name: string, runs: string[]): Migration {
  return {
    async up(db) {
      runs.push(name)
      await sql`create table ${sql.table(name)} (id integer primary key)`.execute(db)
    },
  }
}

async function tablesNamed(database: StoreDatabase, names: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ tablename: string }>`select tablename from pg_catalog.pg_tables
    where schemaname = ${database.schema} and tablename = any(${names})`.execute(database.db)
  return rows.map((row) => row.tablename).sort()
}

describe.each(testBackends())('runMigrations on %s', (backend) => {
  let t: TestStore
  beforeEach(async () => {
    t = await openTestStore(backend)
  })
  afterEach(async () => {
    await t.close()
  })

  it('runs each migration once, and a migration added later when it is called again', async () => {
    const runs: string[] = []
    const first = { m1: creating('mig_one', runs) }
    await runMigrations(t.database, { migrations: first, table })
    await runMigrations(t.database, { migrations: first, table })
    expect(runs).toEqual(['mig_one'])
    await runMigrations(t.database, { migrations: { ...first, m2: creating('mig_two', runs) }, table })
    expect(runs).toEqual(['mig_one', 'mig_two'])
    expect(await tablesNamed(t.database, ['mig_one', 'mig_two'])).toEqual(['mig_one', 'mig_two'])
  })

  it('refuses a database that ran a migration this code does not know, even when every known one ran', async () => {
    const runs: string[] = []
    await runMigrations(t.database, {
      migrations: { m1: creating('mig_one', runs), m2: creating('mig_two', runs) },
      table,
    })
    const older = runMigrations(t.database, { migrations: { m1: creating('mig_one', runs) }, table })
    await expect(older).rejects.toBeInstanceOf(StoryledgerError)
    await expect(older).rejects.toMatchObject({ code: 'MIGRATION_FAILED' })
  })

  it('names the set and the migration that failed, and records nothing of it', async () => {
    const failing: Migration = {
      async up(db) {
        await sql`select * from no_such_table`.execute(db)
      },
    }
    const attempt = runMigrations(t.database, { migrations: { m1: failing }, table, label: 'Test migration' })
    await expect(attempt).rejects.toThrow(/^Test migration m1 failed/)
    const { rows } = await sql<{
      n: string
    }>`select count(*) as n from ${sql.table(`${t.database.schema}.${table}`)}`.execute(t.database.db)
    expect(Number(rows[0]?.n)).toBe(0)
  })
})
