import { parseArgs } from 'node:util'
import {
  addTeacher,
  type IssuedToken,
  issueSignInToken,
  listTeachers,
  migrateClassroom,
  TeacherName,
} from '@storyledger/classroom'
import { type Io, withStore } from '../open-store.js'
import { CommandError, UsageError } from '../usage-error.js'

function signInLink(io: Io, baseUrl: string | undefined, issued: IssuedToken): string {
  const base = baseUrl ?? io.env.PUBLIC_URL ?? 'http://127.0.0.1:3000'
  return new URL(`/sign-in?token=${issued.token}`, base).href
}

/** `add-teacher NAME [--base-url URL] [--json]`: a teacher account, and its one-time sign-in link. */
export async function addTeacherCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'base-url': { type: 'string' }, json: { type: 'boolean' } },
  })
  const parsed = TeacherName.safeParse(positionals.join(' '))
  if (!parsed.success)
    throw new UsageError(`add-teacher needs the teacher's NAME (${parsed.error.issues[0]?.message})`)
  const name = parsed.data
  return withStore(io, async (_store, database) => {
    await migrateClassroom(database)
    const added = await addTeacher(database, { name })
    if (!('token' in added))
      throw new CommandError(`a teacher named "${name}" already exists (see storyledger sign-in-link)`)
    const link = signInLink(io, values['base-url'], added)
    if (values.json) io.out(JSON.stringify({ teacher: added.teacher, link, expiresAt: added.expiresAt }))
    else {
      io.out(`Added ${added.teacher.name}. One-time sign-in link (valid until ${added.expiresAt}):`)
      io.out(`  ${link}`)
    }
    return 0
  })
}

/** `sign-in-link NAME [--base-url URL]`: a new one-time link for an existing teacher (a lost link, a new device). */
export async function signInLinkCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'base-url': { type: 'string' }, json: { type: 'boolean' } },
  })
  const name = positionals.join(' ').trim()
  if (name === '') throw new UsageError("sign-in-link needs the teacher's NAME")
  return withStore(io, async (_store, database) => {
    await migrateClassroom(database)
    const teacher = (await listTeachers(database)).find((t) => t.name === name)
    if (teacher === undefined)
      throw new CommandError(`there is no teacher named "${name}" (see storyledger teachers)`)
    const issued = await issueSignInToken(database, teacher)
    const link = signInLink(io, values['base-url'], issued)
    if (values.json) io.out(JSON.stringify({ teacher, link, expiresAt: issued.expiresAt }))
    else {
      io.out(`One-time sign-in link for ${teacher.name} (valid until ${issued.expiresAt}):`)
      io.out(`  ${link}`)
    }
    return 0
  })
}

/** `teachers [--json]`: the teacher accounts (never their secrets: only hashes are stored). */
export async function teachersCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } })
  return withStore(io, async (_store, database) => {
    await migrateClassroom(database)
    const teachers = await listTeachers(database)
    if (values.json) io.out(JSON.stringify(teachers))
    else if (teachers.length === 0)
      io.out('No teacher yet: the app creates the first one on its first start.')
    else
      for (const t of teachers)
        io.out(
          `${t.name}\t${t.role}\t${t.lastSignedInAt === null ? 'never signed in' : `last signed in ${t.lastSignedInAt}`}`,
        )
    return 0
  })
}
