import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { createPgConfig } from '@electric-sql/pglite/node-postgres'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { lockDataDirectory } from './data-dir-lock.js'
import { copyPgliteTemplate } from './pglite-template.js'
import type { Database } from './schema.js'

/** An open database for the log: the same Kysely code runs on both backends. */
export interface StoreDatabase {
  readonly db: Kysely<Database>
  readonly backend: 'pglite' | 'postgres'
  /** The schema the log's tables live in. */
  readonly schema: string
  close(): Promise<void>
}

export interface PostgresOptions {
  readonly connectionString: string
  readonly poolSize?: number
  /** A schema to work in instead of `public`, created if missing (tests give each store a fresh one). */
  readonly schema?: string
}

export async function openPostgres(options: PostgresOptions): Promise<StoreDatabase> {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
    throw new RangeError(`Not a plain schema name: ${options.schema}`)
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  })
  // An idle client that loses its connection must not crash the process; the next query reports it.
  pool.on('error', () => {})
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  if (options.schema !== undefined)
    await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db)
  return { db, backend: 'postgres', schema: options.schema ?? 'public', close: () => db.destroy() }
}

export interface PgliteOptions {
  /** A directory to keep the database in; in memory when absent. */
  readonly dataDir?: string
  /** A dump (`PGlite.dumpDataDir`) to start from, for in-memory copies of a prepared database. */
  readonly loadDataDir?: Blob | File
  /**
   * A folder made by `createPgliteTemplate`: a new data directory starts as a copy of its freshly initialised
   * cluster instead of running initdb. Ignored when the data directory holds a database already, or the
   * template was made by another PGlite version.
   */
  readonly template?: string
}

export interface PgliteDatabase extends StoreDatabase {
  /** A snapshot of the whole database, which `openPglite({ loadDataDir })` can start from. */
  dumpDataDir(): Promise<Blob>
  /** Where the cluster came from: the data directory, the template, a dump, or PGlite's initdb just now. */
  readonly origin: 'existing' | 'template' | 'dump' | 'initdb'
}

export async function openPglite(options: PgliteOptions = {}): Promise<PgliteDatabase> {
  const lock = options.dataDir === undefined ? undefined : lockDataDirectory(options.dataDir)
  try {
    const pgdata = options.dataDir === undefined ? undefined : join(options.dataDir, 'pgdata')
    const origin = await prepareCluster(options, pgdata)
    const pglite = await PGlite.create(
      pgdata,
      options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir },
    )
    const pool = new pg.Pool(createPgConfig(pglite))
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return {
      db,
      backend: 'pglite',
      schema: 'public',
      origin,
      dumpDataDir: () => pglite.dumpDataDir('none'),
      async close() {
        await db.destroy()
        await pglite.close()
        lock?.release()
      },
    }
  } catch (error) {
    lock?.release()
    throw error
  }
}

/** Copies the template into a new data directory (under its lock), and says where the cluster comes from. */
async function prepareCluster(
  options: PgliteOptions,
  pgdata: string | undefined,
): Promise<PgliteDatabase['origin']> {
  if (options.loadDataDir !== undefined) return 'dump'
  if (pgdata === undefined) return 'initdb'
  if (existsSync(join(pgdata, 'PG_VERSION'))) return 'existing'
  if (options.template !== undefined && (await copyPgliteTemplate(options.template, pgdata)))
    return 'template'
  return 'initdb'
}
