import type { Migration } from 'kysely'
import { Migrator, sql } from 'kysely'
import { StoryledgerError } from '../errors.js'
import type { StoreDatabase } from './open-database.js'

// data and metadata are json, not jsonb: the log keeps the canonical text it hashed, byte for byte, and
// folds happen in the application; json also costs about a third less per insert than jsonb.
// Listed in code rather than read from files: vitest on Node 20 cannot import .ts migrations through
// kysely's FileMigrationProvider. The same migrations run on PGlite and on PostgreSQL.
const migrations: Record<string, Migration> = {
  '0001_story_log': {
    async up(db) {
      const statements = [
        sql`create table events (
          position bigint primary key check (position > 0),
          event_id uuid not null unique,
          stream_id text not null,
          stream_version integer not null check (stream_version > 0),
          type text not null,
          schema_version integer not null check (schema_version > 0),
          occurred_on text not null,
          reported_on text,
          recorded_at timestamptz not null,
          data json not null,
          metadata json not null,
          payload_salt bytea not null,
          payload_hash bytea not null check (length(payload_hash) = 32),
          leaf_hash bytea not null check (length(leaf_hash) = 32),
          unique (stream_id, stream_version)
        )`,
        sql`create table streams (
          stream_id text primary key,
          version integer not null,
          first_position bigint not null,
          last_position bigint not null,
          created_at timestamptz not null,
          updated_at timestamptz not null
        )`,
        sql`create table log_head (
          id smallint primary key check (id = 1),
          tree_size bigint not null,
          root bytea not null,
          peaks bytea not null,
          last_recorded_at timestamptz
        )`,
        sql`insert into log_head (id, tree_size, root, peaks) values (1, 0, sha256(''::bytea), ''::bytea)`,
        sql`create table tree_heads (
          tree_size bigint primary key,
          root bytea not null,
          recorded_at timestamptz not null
        )`,
        sql`create function storyledger_forbid_change() returns trigger language plpgsql as $$
          begin
            raise exception 'storyledger: % on % is not allowed: the log is append-only', tg_op, tg_table_name
              using errcode = 'SL001', hint = 'Record a DevelopmentCorrected or DevelopmentRetracted event instead.';
          end
        $$`,
        sql`create trigger events_append_only before update or delete on events
          for each row execute function storyledger_forbid_change()`,
        sql`create trigger events_no_truncate before truncate on events
          for each statement execute function storyledger_forbid_change()`,
        sql`create trigger tree_heads_append_only before update or delete on tree_heads
          for each row execute function storyledger_forbid_change()`,
        sql`create trigger tree_heads_no_truncate before truncate on tree_heads
          for each statement execute function storyledger_forbid_change()`,
      ]
      for (const statement of statements) await statement.execute(db)
    },
  },
  // Read models are caches derived from the log: they may be rewritten and rebuilt, so no append-only rule here.
  '0002_read_models': {
    async up(db) {
      const statements = [
        sql`create table projector_checkpoints (
          projector text primary key,
          position bigint not null check (position >= 0),
          updated_at timestamptz not null
        )`,
        sql`create table read_model_documents (
          projector text not null,
          key text not null,
          value json not null,
          position bigint not null,
          primary key (projector, key)
        )`,
      ]
      for (const statement of statements) await statement.execute(db)
    },
  },
}

export interface MigrationSet {
  readonly migrations: Record<string, Migration>
  /** Kysely's table of the migrations that ran, and its lock table (default `kysely_migration`, `…_lock`). */
  readonly table?: string
  readonly lockTable?: string
  /** Names the set in a failure ("Classroom migration 0002 failed"). */
  readonly label?: string
}

/**
 * Brings a set of migrations up to date with Kysely's migrator; safe to call on every start. When the database
 * has recorded exactly these migrations, one query says so and the migrator (which introspects every table,
 * a few hundred milliseconds on PGlite) is not run; anything else, a newer or an unknown migration included,
 * goes through the migrator and its checks.
 */
export async function runMigrations(database: StoreDatabase, set: MigrationSet): Promise<void> {
  const table = set.table ?? 'kysely_migration'
  if (await allRecorded(database, table, Object.keys(set.migrations))) return
  // Kysely looks for its migration table in every schema unless told which: name ours, or a log in another
  // schema of the same database would pass for this one.
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => set.migrations },
    migrationTableSchema: database.schema,
    migrationTableName: table,
    migrationLockTableName: set.lockTable ?? `${table}_lock`,
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    const reason = error instanceof Error ? error.message : String(error)
    throw new StoryledgerError(
      'MIGRATION_FAILED',
      `${set.label ?? 'Migration'} ${failed ?? '(setup)'} failed: ${reason}`,
      { migration: failed ?? null },
    )
  }
}

async function allRecorded(
  database: StoreDatabase,
  table: string,
  names: readonly string[],
): Promise<boolean> {
  const qualified = `${database.schema}.${table}`
  const exists = sql<{ present: boolean }>`select to_regclass(${qualified}) is not null as present`
  const { rows } = await exists.execute(database.db)
  if (rows[0]?.present !== true) return false
  const recorded = await sql<{ name: string }>`select name from ${sql.table(qualified)}`.execute(database.db)
  const wanted = new Set(names)
  return recorded.rows.length === wanted.size && recorded.rows.every((row) => wanted.has(row.name))
}

/** Brings the log's schema to the latest migration; safe to call on every start. */
export async function migrateToLatest(database: StoreDatabase): Promise<void> {
  await runMigrations(database, { migrations })
}
