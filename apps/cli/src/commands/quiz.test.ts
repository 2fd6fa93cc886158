import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Quiz } from '@storyledger/quiz'
import { describe, expect, it } from 'vitest'
import { cli } from '../fixtures/cli.js'

describe('storyledger quiz', () => {
  it('writes the same quiz for the same seed, with its keys, and exports it for Moodle and Canvas', async () => {
    const c = cli()
    await c.run('import', 'tiktok-us-saga-2020-2026')
    const args = [
      'quiz',
      'tiktok-us-saga-2020-2026',
      '--as-of',
      '2020-09-13',
      '--count',
      '6',
      '--seed',
      'class-10b',
    ]
    expect(await c.run(...args, '--format', 'json')).toBe(0)
    const quiz = Quiz.parse(JSON.parse(c.out[0] ?? ''))
    expect(quiz.questions).toHaveLength(6)
    expect(quiz.blueprint).toMatchObject({ asOf: '2020-09-13', seed: 'class-10b' })
    expect(await c.run(...args, '--format', 'json')).toBe(0)
    expect(JSON.parse(c.out[0] ?? '')).toEqual(quiz)

    expect(await c.run(...args)).toBe(0)
    const preview = c.out.join('\n')
    expect(preview).toContain(`Quiz ${quiz.id}: as of 2020-09-13`)
    expect(preview.match(/^ {2}\* /gm)?.length).toBe(
      quiz.questions.filter((q) => q.kind !== 'chronology').length,
    )

    expect(await c.run(...args, '--format', 'moodle')).toBe(0)
    expect(c.out.join('\n')).toMatch(/<quiz>[\s\S]*<question type=/)

    const zip = join(mkdtempSync(join(tmpdir(), 'storyledger-qti-')), 'quiz.zip')
    expect(await c.run(...args, '--format', 'qti', '--out', zip)).toBe(0)
    expect(readFileSync(zip).subarray(0, 2).toString()).toBe('PK')
  })

  it('says why a quiz cannot be made, and refuses bad options', async () => {
    const c = cli()
    await c.run('import', 'tiktok-us-saga-2020-2026')
    expect(await c.run('quiz', 'tiktok-us-saga-2020-2026', '--as-of', '2020-07-01')).toBe(2)
    expect(c.err[0]).toMatch(/^storyledger: no quiz: NOT_ENOUGH_FACTS/)
    expect(await c.run('quiz', 'tiktok-us-saga-2020-2026')).toBe(2)
    expect(c.err[0]).toContain('quiz needs --as-of DAY')
    expect(
      await c.run('quiz', 'tiktok-us-saga-2020-2026', '--as-of', '2020-09-13', '--kinds', 'who,riddles'),
    ).toBe(2)
    expect(await c.run('quiz', 'tiktok-us-saga-2020-2026', '--as-of', '2020-09-13', '--format', 'qti')).toBe(
      2,
    )
    expect(c.err[0]).toContain('give --out FILE')
  })
})
