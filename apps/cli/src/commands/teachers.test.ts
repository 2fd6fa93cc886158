import { redeemSignInToken } from '@storyledger/classroom'
import { migrateToLatest, openPglite } from '@storyledger/core/store'
import { describe, expect, it } from 'vitest'
import { cli } from '../fixtures/cli.js'

describe('storyledger add-teacher / sign-in-link / teachers', () => {
  it('adds a teacher with a one-time link that signs them in once, and lists them without secrets', async () => {
    const c = cli()
    expect(await c.run('add-teacher', 'Ms', 'Rivera', '--base-url', 'https://class.example', '--json')).toBe(
      0,
    )
    const added = JSON.parse(c.out[0] ?? '')
    expect(added.teacher).toMatchObject({ name: 'Ms Rivera', role: 'teacher' })
    const link = new URL(added.link)
    expect(link.origin + link.pathname).toBe('https://class.example/sign-in')

    expect(await c.run('add-teacher', 'Ms Rivera')).toBe(2)
    expect(c.err[0]).toContain('a teacher named "Ms Rivera" already exists')

    expect(await c.run('sign-in-link', 'Mr Nobody')).toBe(2)
    expect(await c.run('sign-in-link', 'Ms Rivera')).toBe(0)
    expect(c.out[0]).toMatch(/^One-time sign-in link for Ms Rivera/)
    const second = new URL(c.out[1]?.trim() ?? '')

    expect(await c.run('teachers', '--json')).toBe(0)
    const listed = c.out[0] ?? ''
    expect(JSON.parse(listed)).toEqual([expect.objectContaining({ name: 'Ms Rivera', lastSignedInAt: null })])
    expect(listed).not.toContain(link.searchParams.get('token') ?? 'no token')

    const database = await openPglite({ dataDir: c.dataDir })
    try {
      await migrateToLatest(database)
      const token = link.searchParams.get('token') ?? ''
      expect(await redeemSignInToken(database, token)).toMatchObject({ ok: true })
      expect(await redeemSignInToken(database, token)).toMatchObject({ ok: false, reason: 'TOKEN_USED' })
      expect(await redeemSignInToken(database, second.searchParams.get('token') ?? '')).toMatchObject({
        ok: true,
      })
    } finally {
      await database.close()
    }
  })

  it('refuses an empty name with the usage', async () => {
    const c = cli()
    expect(await c.run('add-teacher', ' ')).toBe(2)
    expect(c.err[0]).toContain("add-teacher needs the teacher's NAME")
  })
})
