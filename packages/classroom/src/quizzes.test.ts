import { openTestStore, testBackends } from '@storyledger/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateClassroom } from './migrations.js'
import {
  allowJoinTry,
  claimSubmission,
  createJoinCode,
  findAttempt,
  findQuizByJoinCode,
  joinCodeHash,
  listAttempts,
  listPublishedQuizzes,
  normaliseJoinCode,
  recordPublishedQuiz,
  recordRegrades,
  releaseClaim,
  startAttempt,
} from './quizzes.js'
import { addTeacher } from './teachers.js'

describe('join codes', () => {
  it('are 8 characters of Crockford base32, drawn fresh each time', () => {
    const codes = new Set(Array.from({ length: 200 }, () => createJoinCode()))
    expect(codes.size).toBe(200)
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
  })

  it('read the same however they are typed, and hash to one value', () => {
    expect(normaliseJoinCode(' k3x9-7qwe ')).toBe('K3X97QWE')
    expect(normaliseJoinCode('O0IL-ABCD')).toBe('0011ABCD')
    expect(normaliseJoinCode('K3X9')).toBeUndefined()
    expect(normaliseJoinCode('K3X9-7QWU')).toBeUndefined()
    expect(joinCodeHash('k3x9 7qwe')).toBe(joinCodeHash('K3X9-7QWE'))
    expect(joinCodeHash('K3X9-7QWE')).toMatch(/^[0-9a-f]{64}$/)
    expect(joinCodeHash('K3X9-7QWE')).not.toContain('K3X9')
  })
})

describe.each(testBackends())('published quizzes and attempts on %s', (backend) => {
  let t: Awaited<ReturnType<typeof openTestStore>>
  let teacherId: string

  beforeAll(async () => {
    t = await openTestStore(backend)
    await migrateClassroom(t.database)
    const added = await addTeacher(t.database, { name: 'Ms Rivera' })
    if (!('token' in added)) throw new Error('expected a teacher')
    teacherId = added.teacher.id
  })
  afterAll(async () => {
    await t.close()
  })

  it('finds a quiz by its join code, however typed, and by nothing else', async () => {
    const joinCode = createJoinCode()
    await recordPublishedQuiz(t.database, {
      quizId: 'quiz-0000000000000001-aaaa',
      teacherId,
      storyId: 'story/x',
      joinCode,
      showAnswers: true,
    })
    expect(await findQuizByJoinCode(t.database, joinCode.toLowerCase())).toMatchObject({
      quizId: 'quiz-0000000000000001-aaaa',
      showAnswers: true,
    })
    expect(await findQuizByJoinCode(t.database, 'ZZZZ-ZZZZ')).toBeUndefined()
    expect(await findQuizByJoinCode(t.database, 'nonsense')).toBeUndefined()
    expect((await listPublishedQuizzes(t.database)).map((q) => q.quizId)).toContain(
      'quiz-0000000000000001-aaaa',
    )
  })

  it('gives back a claim whose submission was not recorded, and only that claim', async () => {
    await recordPublishedQuiz(t.database, {
      quizId: 'quiz-0000000000000004-dddd',
      teacherId,
      storyId: 'story/x',
      joinCode: createJoinCode(),
      showAnswers: false,
    })
    const attempt = await startAttempt(t.database, {
      quizId: 'quiz-0000000000000004-dddd',
      displayName: 'Bo',
    })
    const grade = { total: 1, maxTotal: 2, percentage: 50 }
    const claimedAt = new Date('2026-11-25T10:00:00.000Z')
    expect(await claimSubmission(t.database, attempt.attemptId, grade, { now: claimedAt })).toBe(true)
    // Another claim's time is not this claim: nothing is given back.
    expect(await releaseClaim(t.database, attempt.attemptId, new Date('2026-11-25T10:00:01.000Z'))).toBe(
      false,
    )
    expect(await findAttempt(t.database, attempt.attemptId)).toMatchObject({ total: 1 })
    expect(await releaseClaim(t.database, attempt.attemptId, claimedAt)).toBe(true)
    expect(await findAttempt(t.database, attempt.attemptId)).toMatchObject({ submittedAt: null, total: null })
    expect(await releaseClaim(t.database, 'not-an-id', claimedAt)).toBe(false)
    // The student can submit again, and that claim wins once.
    expect(await claimSubmission(t.database, attempt.attemptId, grade)).toBe(true)
    expect(await claimSubmission(t.database, attempt.attemptId, grade)).toBe(false)
    // A regrade recorded in the log is copied to the row of a submitted attempt only.
    const other = await startAttempt(t.database, { quizId: 'quiz-0000000000000004-dddd', displayName: 'Cy' })
    expect(
      await recordRegrades(t.database, [
        { attemptId: attempt.attemptId, total: 2, maxTotal: 2, percentage: 100 },
        { attemptId: other.attemptId, ...grade },
        { attemptId: 'not-an-id', ...grade },
      ]),
    ).toBe(1)
    expect(await recordRegrades(t.database, [])).toBe(0)
    expect(await findAttempt(t.database, attempt.attemptId)).toMatchObject({ total: 2, percentage: 100 })
    expect(await findAttempt(t.database, other.attemptId)).toMatchObject({ total: null, submittedAt: null })
  })

  it('grades an attempt once, however many times it is submitted', async () => {
    await recordPublishedQuiz(t.database, {
      quizId: 'quiz-0000000000000002-bbbb',
      teacherId,
      storyId: 'story/x',
      joinCode: createJoinCode(),
      showAnswers: false,
    })
    const attempt = await startAttempt(t.database, {
      quizId: 'quiz-0000000000000002-bbbb',
      displayName: ' Ana ',
    })
    expect(attempt).toMatchObject({ displayName: 'Ana', submittedAt: null })
    expect(attempt.seed).toMatch(/^[0-9a-f]{32}$/)
    const grade = { total: 1.5, maxTotal: 2, percentage: 75 }
    const claims = await Promise.all([
      claimSubmission(t.database, attempt.attemptId, grade),
      claimSubmission(t.database, attempt.attemptId, { total: 0, maxTotal: 2, percentage: 0 }),
    ])
    expect(claims.filter(Boolean)).toHaveLength(1)
    // The winner's grade is the one kept.
    const kept = claims[0] ? 1.5 : 0
    expect(await findAttempt(t.database, attempt.attemptId)).toMatchObject({ maxTotal: 2, total: kept })
    expect(await claimSubmission(t.database, attempt.attemptId, grade)).toBe(false)
    expect(await claimSubmission(t.database, 'not-an-id', grade)).toBe(false)
    expect(await findAttempt(t.database, 'not-an-id')).toBeUndefined()
    expect(await listAttempts(t.database, 'quiz-0000000000000002-bbbb')).toHaveLength(1)
    await expect(
      startAttempt(t.database, { quizId: 'quiz-0000000000000002-bbbb', displayName: ' ' }),
    ).rejects.toThrow()
  })

  it('claims a class submitting at once, each attempt with its own grade, and each only once', async () => {
    await recordPublishedQuiz(t.database, {
      quizId: 'quiz-0000000000000003-cccc',
      teacherId,
      storyId: 'story/x',
      joinCode: createJoinCode(),
      showAnswers: false,
    })
    const attempts = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        startAttempt(t.database, { quizId: 'quiz-0000000000000003-cccc', displayName: `Student ${i}` }),
      ),
    )
    const gradeOf = (i: number) => ({ total: i % 7, maxTotal: 6, percentage: ((i % 7) / 6) * 100 })
    // Every attempt twice in the same tick, and a third time after: only the first claim of each wins.
    const first = await Promise.all(
      attempts.flatMap((a, i) => [
        claimSubmission(t.database, a.attemptId, gradeOf(i)),
        claimSubmission(t.database, a.attemptId.toUpperCase(), { total: 99, maxTotal: 6, percentage: 0 }),
      ]),
    )
    expect(first.filter((won, i) => won && i % 2 === 0)).toHaveLength(40)
    expect(first.filter((won, i) => won && i % 2 === 1)).toHaveLength(0)
    const again = await Promise.all(
      attempts.map((a, i) => claimSubmission(t.database, a.attemptId, gradeOf(i))),
    )
    expect(again.some(Boolean)).toBe(false)
    const stored = new Map(
      (await listAttempts(t.database, 'quiz-0000000000000003-cccc')).map((a) => [a.attemptId, a]),
    )
    attempts.forEach((a, i) => {
      expect(stored.get(a.attemptId)).toMatchObject({ total: gradeOf(i).total, maxTotal: 6 })
      expect(stored.get(a.attemptId)?.submittedAt).not.toBeNull()
    })
  })

  it('lets a client try to join a few times a minute, then refuses until the window moves on', async () => {
    const now = new Date('2026-11-25T10:00:00Z')
    const options = { limit: 3, windowMs: 60_000, now }
    const tries = []
    for (let i = 0; i < 4; i++) tries.push(await allowJoinTry(t.database, '10.0.0.1', options))
    expect(tries).toEqual([true, true, true, false])
    expect(await allowJoinTry(t.database, '10.0.0.2', options)).toBe(true)
    const later = new Date(now.getTime() + 61_000)
    expect(await allowJoinTry(t.database, '10.0.0.1', { ...options, now: later })).toBe(true)
  })
})
