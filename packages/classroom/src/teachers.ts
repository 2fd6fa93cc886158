import { randomBytes, randomUUID } from 'node:crypto'
import { StoryledgerError } from '@storyledger/core'
import type { StoreDatabase } from '@storyledger/core/store'
import { z } from 'zod'
import type { ClassroomTables } from './schema.js'
import { hashSecret, secretMatches } from './secret-hash.js'

export const TeacherRole = z.enum(['owner', 'teacher'])
export type TeacherRole = z.infer<typeof TeacherRole>

/** A teacher's name as typed in a form or on the command line. */
export const TeacherName = z
  .string()
  .trim()
  .min(1, 'a name is needed')
  .max(200)
  .refine((s) => !s.includes('\u0000'), 'must not contain a NUL character')

export interface Teacher {
  readonly id: string
  readonly name: string
  /** The owner (the first teacher) may add other teachers. */
  readonly role: TeacherRole
  readonly createdAt: string
  readonly lastSignedInAt: string | null
}

export interface ClockOption {
  /** The time to act at (default: now). */
  readonly now?: Date
}

export interface IssueTokenOptions extends ClockOption {
  /** How long the sign-in link stays valid (default 7 days). */
  readonly validForMs?: number
}

/** A one-time sign-in token, to be put in a link (`/sign-in?token=…`); only its scrypt hash is stored. */
export interface IssuedToken {
  readonly teacher: Teacher
  readonly token: string
  readonly expiresAt: string
}

export type RedeemOutcome =
  | { readonly ok: true; readonly teacher: Teacher }
  | { readonly ok: false; readonly reason: 'UNKNOWN_TOKEN' | 'TOKEN_USED' | 'TOKEN_EXPIRED' }

export type AddTeacherOutcome = IssuedToken | { readonly ok: false; readonly reason: 'NAME_TAKEN' }

const WEEK_MS = 7 * 24 * 60 * 60 * 1000
const TOKEN = /^([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/

const TeacherRow = z
  .object({
    id: z.string(),
    name: z.string(),
    role: TeacherRole,
    created_at: z.date(),
    last_signed_in_at: z.date().nullable(),
  })
  .transform(
    (row): Teacher => ({
      id: row.id,
      name: row.name,
      role: row.role,
      createdAt: row.created_at.toISOString(),
      lastSignedInAt: row.last_signed_in_at?.toISOString() ?? null,
    }),
  )
const TokenRow = z.object({
  teacher_id: z.string(),
  salt: z.instanceof(Uint8Array),
  hash: z.instanceof(Uint8Array),
  expires_at: z.date(),
  used_at: z.date().nullable(),
})

function tables(database: StoreDatabase) {
  return database.db.withTables<ClassroomTables>()
}

const teacherColumns = ['id', 'name', 'role', 'created_at', 'last_signed_in_at'] as const

/**
 * Adds a teacher and issues a one-time sign-in token for them. A name already in use is an outcome, not an
 * exception, so the CLI and the app can say so.
 * @example const added = await addTeacher(database, { name: 'Ms Rivera' }); if ('token' in added) print(added.token)
 */
export async function addTeacher(
  database: StoreDatabase,
  input: { readonly name: string; readonly role?: TeacherRole } & IssueTokenOptions,
): Promise<AddTeacherOutcome> {
  const name = TeacherName.parse(input.name)
  const now = input.now ?? new Date()
  const row = await tables(database)
    .insertInto('classroom_teachers')
    .values({
      id: randomUUID(),
      name,
      role: input.role ?? 'teacher',
      created_at: now,
      last_signed_in_at: null,
    })
    .onConflict((oc) => oc.doNothing())
    .returning(teacherColumns)
    .executeTakeFirst()
  if (row === undefined) return { ok: false, reason: 'NAME_TAKEN' }
  return issueSignInToken(database, TeacherRow.parse(row), input)
}

/** Issues another one-time sign-in token for an existing teacher (a lost link, a new device). */
export async function issueSignInToken(
  database: StoreDatabase,
  teacher: Teacher,
  options: IssueTokenOptions = {},
): Promise<IssuedToken> {
  const now = options.now ?? new Date()
  const id = randomUUID()
  const secret = randomBytes(32).toString('base64url')
  const { salt, hash } = await hashSecret(secret)
  const expiresAt = new Date(now.getTime() + (options.validForMs ?? WEEK_MS))
  await tables(database)
    .insertInto('classroom_sign_in_tokens')
    .values({ id, teacher_id: teacher.id, salt, hash, created_at: now, expires_at: expiresAt, used_at: null })
    .execute()
  return { teacher, token: `${id.replaceAll('-', '')}.${secret}`, expiresAt: expiresAt.toISOString() }
}

/**
 * What the first start does: with no teacher yet, creates the owner and issues a sign-in token; while no
 * teacher has ever signed in, issues a fresh token on every start (as Jupyter prints its token); afterwards,
 * nothing (`undefined`), since more links come from the CLI or from the owner in the app.
 */
export async function ensureFirstTeacher(
  database: StoreDatabase,
  options: { readonly name?: string } & IssueTokenOptions = {},
): Promise<(IssuedToken & { readonly created: boolean }) | undefined> {
  const db = tables(database)
  const existing = await db.selectFrom('classroom_teachers').select(teacherColumns).execute()
  if (existing.some((row) => row.last_signed_in_at !== null)) return undefined
  const ownerRow = existing.find((row) => row.role === 'owner')
  if (ownerRow !== undefined) {
    return { ...(await issueSignInToken(database, TeacherRow.parse(ownerRow), options)), created: false }
  }
  const name = options.name ?? 'Teacher'
  const added = await addTeacher(database, { ...options, name, role: 'owner' })
  if ('token' in added) return { ...added, created: true }
  // Either another instance created the owner between our read and our write, or a teacher (added from the
  // command line) already has the name: only the first is worth another look.
  const owner = (await listTeachers(database)).find((teacher) => teacher.role === 'owner')
  if (owner !== undefined) return { ...(await issueSignInToken(database, owner, options)), created: false }
  throw new StoryledgerError(
    'FIRST_TEACHER_NAME_TAKEN',
    `A teacher named "${name}" exists but there is no owner yet: give the first teacher another name`,
    { name },
  )
}

/** Exchanges a one-time token for the teacher it was issued to; a token works once, before it expires. */
export async function redeemSignInToken(
  database: StoreDatabase,
  token: string,
  options: ClockOption = {},
): Promise<RedeemOutcome> {
  const [, compactId, secret] = TOKEN.exec(token) ?? []
  if (compactId === undefined || secret === undefined) return { ok: false, reason: 'UNKNOWN_TOKEN' }
  const id = `${compactId.slice(0, 8)}-${compactId.slice(8, 12)}-${compactId.slice(12, 16)}-${compactId.slice(16, 20)}-${compactId.slice(20)}`
  const now = options.now ?? new Date()
  const db = tables(database)
  const found = await db
    .selectFrom('classroom_sign_in_tokens')
    .select(['teacher_id', 'salt', 'hash', 'expires_at', 'used_at'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (found === undefined) return { ok: false, reason: 'UNKNOWN_TOKEN' }
  const row = TokenRow.parse(found)
  if (!(await secretMatches(secret, row.salt, row.hash))) return { ok: false, reason: 'UNKNOWN_TOKEN' }
  if (row.used_at !== null) return { ok: false, reason: 'TOKEN_USED' }
  if (row.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'TOKEN_EXPIRED' }
  // Marking it used only where it is still unused makes a second, concurrent redemption lose.
  const claimed = await db
    .updateTable('classroom_sign_in_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  if (claimed.numUpdatedRows === 0n) return { ok: false, reason: 'TOKEN_USED' }
  const teacher = await db
    .updateTable('classroom_teachers')
    .set({ last_signed_in_at: now })
    .where('id', '=', row.teacher_id)
    .returning(teacherColumns)
    .executeTakeFirst()
  if (teacher === undefined) return { ok: false, reason: 'UNKNOWN_TOKEN' }
  return { ok: true, teacher: TeacherRow.parse(teacher) }
}

/** A teacher by id, or `undefined` (a session whose teacher was removed). */
export async function findTeacher(database: StoreDatabase, id: string): Promise<Teacher | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined
  const row = await tables(database)
    .selectFrom('classroom_teachers')
    .select(teacherColumns)
    .where('id', '=', id)
    .executeTakeFirst()
  return row === undefined ? undefined : TeacherRow.parse(row)
}

export async function listTeachers(database: StoreDatabase): Promise<Teacher[]> {
  const rows = await tables(database)
    .selectFrom('classroom_teachers')
    .select(teacherColumns)
    .orderBy('created_at')
    .orderBy('name')
    .execute()
  return rows.map((row) => TeacherRow.parse(row))
}
