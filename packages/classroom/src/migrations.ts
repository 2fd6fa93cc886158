import { runMigrations, type StoreDatabase } from '@storyledger/core/store'
import { type Migration, sql } from 'kysely'

// Listed in code, like the log's: vitest on Node 20 cannot import .ts migration files through kysely's
// FileMigrationProvider. Their own migration tables keep them apart from the log's migrations.
const migrations: Record<string, Migration> = {
  '0001_teachers': {
    async up(db) {
      const statements = [
        sql`create table classroom_teachers (
          id uuid primary key,
          name text not null unique check (length(name) between 1 and 200),
          role text not null check (role in ('owner', 'teacher')),
          created_at timestamptz not null,
          last_signed_in_at timestamptz
        )`,
        // At most one owner, so two instances starting together on one database cannot both create one.
        sql`create unique index classroom_one_owner on classroom_teachers ((true)) where role = 'owner'`,
        sql`create table classroom_sign_in_tokens (
          id uuid primary key,
          teacher_id uuid not null references classroom_teachers (id) on delete cascade,
          salt bytea not null,
          hash bytea not null,
          created_at timestamptz not null,
          expires_at timestamptz not null,
          used_at timestamptz
        )`,
        sql`create index classroom_sign_in_tokens_teacher on classroom_sign_in_tokens (teacher_id)`,
        sql`create table classroom_secrets (
          name text primary key,
          value bytea not null,
          created_at timestamptz not null
        )`,
      ]
      for (const statement of statements) await statement.execute(db)
    },
  },
  '0002_quizzes': {
    async up(db) {
      const statements = [
        sql`create table classroom_quizzes (
          id text primary key,
          teacher_id uuid not null references classroom_teachers (id),
          story_id text not null,
          join_code_hash bytea not null unique,
          show_answers boolean not null,
          created_at timestamptz not null
        )`,
        sql`create table classroom_attempts (
          id uuid primary key,
          quiz_id text not null references classroom_quizzes (id),
          display_name text not null,
          seed text not null,
          started_at timestamptz not null,
          submitted_at timestamptz,
          total double precision,
          max_total double precision,
          percentage double precision
        )`,
        sql`create index classroom_attempts_quiz on classroom_attempts (quiz_id, started_at)`,
        sql`create table classroom_join_tries (
          client text not null,
          tried_at timestamptz not null
        )`,
        sql`create index classroom_join_tries_client on classroom_join_tries (client, tried_at)`,
      ]
      for (const statement of statements) await statement.execute(db)
    },
  },
}

/** Brings the classroom tables to the latest migration, in the log's database and schema; safe on every start. */
export async function migrateClassroom(database: StoreDatabase): Promise<void> {
  await runMigrations(database, {
    migrations,
    table: 'classroom_migration',
    lockTable: 'classroom_migration_lock',
    label: 'Classroom migration',
  })
}
