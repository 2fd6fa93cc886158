import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { PublishedQuizId } from '@storyledger/core'
import type { StoreDatabase } from '@storyledger/core/store'
import { sql } from 'kysely'
import { z } from 'zod'
import type { ClassroomTables } from './schema.js'
import type { ClockOption } from './teachers.js'

// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const CODE = /^[0-9A-HJKMNP-TV-Z]{8}$/

function tables(database: StoreDatabase) {
  return database.db.withTables<ClassroomTables>()
}

/**
 * A fresh join code: 8 characters of Crockford base32 from 40 random bits, shown as `K3X9-7QWE`. Only its
 * hash is kept (here and in the log).
 */
export function createJoinCode(): string {
  const bytes = randomBytes(5)
  let bits = 0n
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte)
  let code = ''
  for (let i = 7; i >= 0; i--) code += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)]
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

/**
 * A join code as typed, in its one canonical form (upper case, no spaces or dashes; O read as 0, I and L as
 * 1), or `undefined` when it cannot be a code.
 */
export function normaliseJoinCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replaceAll('O', '0').replace(/[IL]/g, '1')
  return CODE.test(code) ? code : undefined
}

/** SHA-256 of the canonical form of a join code, hex: what the classroom table and the log keep. */
export function joinCodeHash(code: string): string {
  return createHash('sha256')
    .update(normaliseJoinCode(code) ?? code)
    .digest('hex')
}

export interface PublishedQuiz {
  readonly quizId: string
  readonly teacherId: string
  readonly storyId: string
  readonly showAnswers: boolean
  readonly createdAt: string
}

const QuizRow = z
  .object({
    id: z.string(),
    teacher_id: z.string(),
    story_id: z.string(),
    show_answers: z.boolean(),
    created_at: z.date(),
  })
  .transform(
    (row): PublishedQuiz => ({
      quizId: row.id,
      teacherId: row.teacher_id,
      storyId: row.story_id,
      showAnswers: row.show_answers,
      createdAt: row.created_at.toISOString(),
    }),
  )
const quizColumns = ['id', 'teacher_id', 'story_id', 'show_answers', 'created_at'] as const

/** Keeps a published quiz's join code (as a hash) so students can find it; the quiz itself is in the log. */
export async function recordPublishedQuiz(
  database: StoreDatabase,
  input: {
    readonly quizId: string
    readonly teacherId: string
    readonly storyId: string
    readonly joinCode: string
    readonly showAnswers: boolean
  } & ClockOption,
): Promise<PublishedQuiz> {
  const row = await tables(database)
    .insertInto('classroom_quizzes')
    .values({
      id: PublishedQuizId.parse(input.quizId),
      teacher_id: input.teacherId,
      story_id: input.storyId,
      join_code_hash: Buffer.from(joinCodeHash(input.joinCode), 'hex'),
      show_answers: input.showAnswers,
      created_at: input.now ?? new Date(),
    })
    .returning(quizColumns)
    .executeTakeFirstOrThrow()
  return QuizRow.parse(row)
}

/** The quiz a join code opens, or `undefined` (a code that is malformed or unknown). */
export async function findQuizByJoinCode(
  database: StoreDatabase,
  code: string,
): Promise<PublishedQuiz | undefined> {
  const canonical = normaliseJoinCode(code)
  if (canonical === undefined) return undefined
  const row = await tables(database)
    .selectFrom('classroom_quizzes')
    .select(quizColumns)
    .where('join_code_hash', '=', Buffer.from(joinCodeHash(canonical), 'hex'))
    .executeTakeFirst()
  return row === undefined ? undefined : QuizRow.parse(row)
}

export async function findPublishedQuiz(
  database: StoreDatabase,
  quizId: string,
): Promise<PublishedQuiz | undefined> {
  if (!PublishedQuizId.safeParse(quizId).success) return undefined
  const row = await tables(database)
    .selectFrom('classroom_quizzes')
    .select(quizColumns)
    .where('id', '=', quizId)
    .executeTakeFirst()
  return row === undefined ? undefined : QuizRow.parse(row)
}

/** Published quizzes, newest first. */
export async function listPublishedQuizzes(database: StoreDatabase): Promise<PublishedQuiz[]> {
  const rows = await tables(database)
    .selectFrom('classroom_quizzes')
    .select(quizColumns)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute()
  return rows.map((row) => QuizRow.parse(row))
}

export interface Attempt {
  readonly attemptId: string
  readonly quizId: string
  readonly displayName: string
  /** The attempt's secret seed: it orders the options and draws their opaque ids. Never sent to the student. */
  readonly seed: string
  readonly startedAt: string
  readonly submittedAt: string | null
  readonly total: number | null
  readonly maxTotal: number | null
  readonly percentage: number | null
}

const AttemptRow = z
  .object({
    id: z.string(),
    quiz_id: z.string(),
    display_name: z.string(),
    seed: z.string(),
    started_at: z.date(),
    submitted_at: z.date().nullable(),
    total: z.coerce.number().nullable(),
    max_total: z.coerce.number().nullable(),
    percentage: z.coerce.number().nullable(),
  })
  .transform(
    (row): Attempt => ({
      attemptId: row.id,
      quizId: row.quiz_id,
      displayName: row.display_name,
      seed: row.seed,
      startedAt: row.started_at.toISOString(),
      submittedAt: row.submitted_at?.toISOString() ?? null,
      total: row.total,
      maxTotal: row.max_total,
      percentage: row.percentage,
    }),
  )
const attemptColumns = [
  'id',
  'quiz_id',
  'display_name',
  'seed',
  'started_at',
  'submitted_at',
  'total',
  'max_total',
  'percentage',
] as const

/** A student's display name as typed: no account, just a name the teacher will recognise. */
export const DisplayName = z
  .string()
  .trim()
  .min(1, 'a name is needed')
  .max(80, 'at most 80 characters')
  .refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters')

/** Starts an attempt: an unguessable id (UUIDv4, 122 random bits) and a fresh 128-bit seed. */
export async function startAttempt(
  database: StoreDatabase,
  input: { readonly quizId: string; readonly displayName: string } & ClockOption,
): Promise<Attempt> {
  const row = await tables(database)
    .insertInto('classroom_attempts')
    .values({
      id: randomUUID(),
      quiz_id: input.quizId,
      display_name: DisplayName.parse(input.displayName),
      seed: randomBytes(16).toString('hex'),
      started_at: input.now ?? new Date(),
      submitted_at: null,
      total: null,
      max_total: null,
      percentage: null,
    })
    .returning(attemptColumns)
    .executeTakeFirstOrThrow()
  return AttemptRow.parse(row)
}

export async function findAttempt(database: StoreDatabase, attemptId: string): Promise<Attempt | undefined> {
  if (!z.uuid().safeParse(attemptId).success) return undefined
  const row = await tables(database)
    .selectFrom('classroom_attempts')
    .select(attemptColumns)
    .where('id', '=', attemptId)
    .executeTakeFirst()
  return row === undefined ? undefined : AttemptRow.parse(row)
}

/**
 * Marks an attempt submitted, with its grade, if it was not already: `true` for the one call that wins, so
 * that submitting twice (or two tabs at once) never grades twice. Concurrent calls on one database are made
 * in one statement (a batch waits while the one before it runs), so a class submitting at once costs a few
 * round trips, not one each; within a batch, a second claim of the same attempt loses to the first.
 */
export function claimSubmission(
  database: StoreDatabase,
  attemptId: string,
  grade: { readonly total: number; readonly maxTotal: number; readonly percentage: number },
  options: ClockOption = {},
): Promise<boolean> {
  // No row has an id that is not a UUID: such a claim loses without a query (and cannot break a batch).
  if (!z.uuid().safeParse(attemptId).success) return Promise.resolve(false)
  let queue = claimQueues.get(database)
  if (queue === undefined) {
    queue = { pending: [], running: false }
    claimQueues.set(database, queue)
  }
  const claims = queue
  return new Promise((resolve, reject) => {
    claims.pending.push({
      attemptId: attemptId.toLowerCase(),
      grade,
      now: options.now ?? new Date(),
      resolve,
      reject,
    })
    if (!claims.running) {
      claims.running = true
      // On the next microtask, so that the claims made in this tick go together.
      void Promise.resolve().then(() => drainClaims(database, claims))
    }
  })
}

interface PendingClaim {
  readonly attemptId: string
  readonly grade: { readonly total: number; readonly maxTotal: number; readonly percentage: number }
  readonly now: Date
  resolve(won: boolean): void
  reject(error: unknown): void
}

const MAX_CLAIMS = 500
const claimQueues = new WeakMap<StoreDatabase, { pending: PendingClaim[]; running: boolean }>()

async function drainClaims(
  database: StoreDatabase,
  queue: { pending: PendingClaim[]; running: boolean },
): Promise<void> {
  while (queue.pending.length > 0) {
    const batch = queue.pending.splice(0, MAX_CLAIMS)
    try {
      const won = await claimBatch(database, batch)
      for (const [i, claim] of batch.entries()) claim.resolve(won[i] === true)
    } catch (error) {
      if (batch.length === 1) batch[0]?.reject(error)
      else {
        // Something in the batch broke the statement: claim each alone, so only its own caller fails.
        for (const claim of batch) {
          try {
            claim.resolve((await claimBatch(database, [claim]))[0] === true)
          } catch (alone) {
            claim.reject(alone)
          }
        }
      }
    }
  }
  queue.running = false
}

const ClaimedRow = z.object({ id: z.string() })

async function claimBatch(database: StoreDatabase, batch: readonly PendingClaim[]): Promise<boolean[]> {
  const first = new Map<string, number>()
  batch.forEach((claim, i) => {
    if (!first.has(claim.attemptId)) first.set(claim.attemptId, i)
  })
  const values = [...first.keys()].map((attemptId) => {
    const { grade, now } = batch[first.get(attemptId) ?? 0] as PendingClaim
    return sql`(${attemptId}::uuid, ${now}::timestamptz, ${grade.total}::float8, ${grade.maxTotal}::float8, ${grade.percentage}::float8)`
  })
  const result = await sql`update classroom_attempts as a
    set submitted_at = v.submitted_at, total = v.total, max_total = v.max_total, percentage = v.percentage
    from (values ${sql.join(values)}) as v (id, submitted_at, total, max_total, percentage)
    where a.id = v.id and a.submitted_at is null
    returning a.id`.execute(database.db)
  const claimed = new Set(result.rows.map((row) => ClaimedRow.parse(row).id))
  return batch.map((claim, i) => first.get(claim.attemptId) === i && claimed.has(claim.attemptId))
}

/**
 * Gives back a claim whose submission could not be recorded in the log (the append failed after the claim
 * won), so the student can submit again: the attempt is unsubmitted only if it is still the claim made at
 * `claimedAt`. `true` when it was given back.
 */
export async function releaseClaim(
  database: StoreDatabase,
  attemptId: string,
  claimedAt: Date,
): Promise<boolean> {
  if (!z.uuid().safeParse(attemptId).success) return false
  const result = await sql`update classroom_attempts
    set submitted_at = null, total = null, max_total = null, percentage = null
    where id = ${attemptId.toLowerCase()}::uuid and submitted_at = ${claimedAt}::timestamptz
    returning id`.execute(database.db)
  return result.rows.length === 1
}

/**
 * Keeps submitted attempts' rows in step with regrades the log recorded (`AttemptRegraded`), in one statement:
 * the rows are a copy for listing, the log the truth. Attempts not submitted are left alone; answers how many
 * rows changed.
 */
export async function recordRegrades(
  database: StoreDatabase,
  regrades: readonly {
    readonly attemptId: string
    readonly total: number
    readonly maxTotal: number
    readonly percentage: number
  }[],
): Promise<number> {
  const values = regrades
    .filter((r) => z.uuid().safeParse(r.attemptId).success)
    .map(
      (r) =>
        sql`(${r.attemptId.toLowerCase()}::uuid, ${r.total}::float8, ${r.maxTotal}::float8, ${r.percentage}::float8)`,
    )
  if (values.length === 0) return 0
  const result = await sql`update classroom_attempts as a
    set total = v.total, max_total = v.max_total, percentage = v.percentage
    from (values ${sql.join(values)}) as v (id, total, max_total, percentage)
    where a.id = v.id and a.submitted_at is not null
    returning a.id`.execute(database.db)
  return result.rows.length
}

/** A quiz's attempts, in the order they started. */
export async function listAttempts(database: StoreDatabase, quizId: string): Promise<Attempt[]> {
  const rows = await tables(database)
    .selectFrom('classroom_attempts')
    .select(attemptColumns)
    .where('quiz_id', '=', quizId)
    .orderBy('started_at')
    .orderBy('id')
    .execute()
  return rows.map((row) => AttemptRow.parse(row))
}

/**
 * Counts a try to join from one client (an address) and says whether it is within `limit` tries per
 * `windowMs`. Kept in the database, so every instance sees every try.
 */
export async function allowJoinTry(
  database: StoreDatabase,
  client: string,
  options: { readonly limit: number; readonly windowMs: number } & ClockOption,
): Promise<boolean> {
  const now = options.now ?? new Date()
  const since = new Date(now.getTime() - options.windowMs)
  const db = tables(database)
  await db.deleteFrom('classroom_join_tries').where('tried_at', '<', since).execute()
  await db.insertInto('classroom_join_tries').values({ client, tried_at: now }).execute()
  const { count } = await db
    .selectFrom('classroom_join_tries')
    .select(sql<string>`count(*)`.as('count'))
    .where('client', '=', client)
    .where('tried_at', '>=', since)
    .executeTakeFirstOrThrow()
  return Number(count) <= options.limit
}
