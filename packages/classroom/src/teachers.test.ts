import { openTestStore, testBackends } from '@storyledger/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateClassroom } from './migrations.js'
import { storedSessionSecret } from './session-secret.js'
import {
  addTeacher,
  ensureFirstTeacher,
  findTeacher,
  type IssuedToken,
  listTeachers,
  redeemSignInToken,
} from './teachers.js'

function issued(outcome: Awaited<ReturnType<typeof addTeacher>>): IssuedToken {
  if (!('token' in outcome)) throw new Error(`expected a token, got ${outcome.reason}`)
  return outcome
}

describe.each(testBackends())('teacher accounts on %s', (backend) => {
  let t: Awaited<ReturnType<typeof openTestStore>>

  beforeAll(async () => {
    t = await openTestStore(backend)
    await migrateClassroom(t.database)
    await migrateClassroom(t.database)
  })
  afterAll(async () => {
    await t.close()
  })

  it('creates the owner on the first start and keeps offering a link until someone signs in', async () => {
    const first = await ensureFirstTeacher(t.database, { name: 'First Teacher' })
    expect(first).toMatchObject({ created: true, teacher: { name: 'First Teacher', role: 'owner' } })
    const second = await ensureFirstTeacher(t.database)
    expect(second).toMatchObject({ created: false, teacher: { id: first?.teacher.id } })
    expect(second?.token).not.toBe(first?.token)
    expect(await redeemSignInToken(t.database, first?.token ?? '')).toMatchObject({ ok: true })
    expect(await ensureFirstTeacher(t.database)).toBeUndefined()
    expect((await listTeachers(t.database)).filter((x) => x.role === 'owner')).toHaveLength(1)
  })

  it('says so, instead of looping, when the first teacher name is taken and there is no owner', async () => {
    const other = await openTestStore(backend)
    try {
      await migrateClassroom(other.database)
      issued(await addTeacher(other.database, { name: 'Teacher' }))
      await expect(ensureFirstTeacher(other.database)).rejects.toMatchObject({
        code: 'FIRST_TEACHER_NAME_TAKEN',
      })
      expect(await ensureFirstTeacher(other.database, { name: 'Head Teacher' })).toMatchObject({
        created: true,
        teacher: { role: 'owner' },
      })
    } finally {
      await other.close()
    }
  })

  it('lets a token sign in once, and never after it expires', async () => {
    const now = new Date('2026-01-01T00:00:00Z')
    const added = issued(await addTeacher(t.database, { name: 'Ms Rivera', now, validForMs: 60_000 }))
    expect(added.teacher.role).toBe('teacher')
    const signedIn = await redeemSignInToken(t.database, added.token, { now })
    expect(signedIn).toMatchObject({ ok: true, teacher: { name: 'Ms Rivera' } })
    expect(await redeemSignInToken(t.database, added.token, { now })).toEqual({
      ok: false,
      reason: 'TOKEN_USED',
    })

    const late = issued(await addTeacher(t.database, { name: 'Mr Late', now, validForMs: 60_000 }))
    const later = new Date(now.getTime() + 60_000)
    expect(await redeemSignInToken(t.database, late.token, { now: later })).toEqual({
      ok: false,
      reason: 'TOKEN_EXPIRED',
    })
  })

  it('refuses a token whose secret is wrong, malformed or unknown', async () => {
    const added = issued(await addTeacher(t.database, { name: 'Dr Guess' }))
    const [id, secret] = added.token.split('.') as [string, string]
    const wrongSecret = `${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`
    expect(await redeemSignInToken(t.database, wrongSecret)).toEqual({ ok: false, reason: 'UNKNOWN_TOKEN' })
    expect(await redeemSignInToken(t.database, 'nonsense')).toEqual({ ok: false, reason: 'UNKNOWN_TOKEN' })
    expect(await redeemSignInToken(t.database, `${'0'.repeat(32)}.${secret}`)).toEqual({
      ok: false,
      reason: 'UNKNOWN_TOKEN',
    })
    expect(await redeemSignInToken(t.database, added.token)).toMatchObject({ ok: true })
  })

  it('lets only one of two concurrent redemptions of a token win', async () => {
    const added = issued(await addTeacher(t.database, { name: 'Twice' }))
    const outcomes = await Promise.all([
      redeemSignInToken(t.database, added.token),
      redeemSignInToken(t.database, added.token),
    ])
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
  })

  it('stores only a hash of the token', async () => {
    const added = issued(await addTeacher(t.database, { name: 'Hash Check' }))
    const secret = added.token.split('.')[1] ?? ''
    const rows = await t.database.db
      .withTables<{ classroom_sign_in_tokens: { salt: Uint8Array; hash: Uint8Array } }>()
      .selectFrom('classroom_sign_in_tokens')
      .select(['salt', 'hash'])
      .execute()
    for (const row of rows) {
      expect(Buffer.from(row.hash).toString('base64url')).not.toBe(secret)
      expect(row.hash.length).toBe(32)
    }
  })

  it('reports a taken name as an outcome and finds teachers by id', async () => {
    expect(await addTeacher(t.database, { name: 'Ms Rivera' })).toEqual({ ok: false, reason: 'NAME_TAKEN' })
    const teachers = await listTeachers(t.database)
    const rivera = teachers.find((x) => x.name === 'Ms Rivera')
    expect(await findTeacher(t.database, rivera?.id ?? '')).toEqual(rivera)
    expect(await findTeacher(t.database, 'not-a-uuid')).toBeUndefined()
    await expect(addTeacher(t.database, { name: '   ' })).rejects.toThrow()
  })

  it('keeps one session secret for every instance on the database', async () => {
    const [a, b] = await Promise.all([storedSessionSecret(t.database), storedSessionSecret(t.database)])
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(b).toBe(a)
  })
})
