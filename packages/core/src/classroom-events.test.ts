import { describe, expect, it } from 'vitest'
import {
  AttemptGradedData,
  AttemptStartedData,
  AttemptSubmittedData,
  classroomDayOf,
  QuizGeneratedData,
  QuizPublishedData,
} from './classroom-events.js'
import { validateNewEvents } from './envelope.js'
import { EventValidationError } from './errors.js'
import { classroomEventTypes, isClassroomEventType, storyEventTypes } from './event-catalogue.js'

const quizId = 'quiz-0123456789abcdef-k3x9'
const teacherId = '0190a000-0000-4000-8000-000000000001'
const attemptId = '0190a000-0000-4000-8000-000000000002'

describe('the classroom events', () => {
  it('are kept apart from the story types', () => {
    expect(classroomEventTypes).toHaveLength(6)
    for (const type of classroomEventTypes) expect(storyEventTypes).not.toContain(type)
    expect(storyEventTypes).toContain('BidMade')
    expect(isClassroomEventType('AttemptGraded')).toBe(true)
    expect(isClassroomEventType('BidMade')).toBe(false)
  })

  it('keep a join code only as a hash', () => {
    const published = { quizId, joinCodeHash: 'a'.repeat(64), showAnswers: true, teacherId }
    expect(QuizPublishedData.safeParse(published).success).toBe(true)
    expect(QuizPublishedData.safeParse({ ...published, joinCodeHash: 'K3X9-7QWE' }).success).toBe(false)
    expect(QuizPublishedData.safeParse({ ...published, joinCode: 'K3X9-7QWE' }).success).toBe(false)
  })

  it('hold the generated quiz and its blueprint as JSON, and refuse what JSON cannot hold', () => {
    const generated = {
      quizId,
      storyId: 'story/tiktok',
      blueprint: { seed: 'form A', count: 2 },
      logPosition: 12,
      quiz: { id: 'quiz-0123456789abcdef', questions: [{ id: 'q1', options: [] }] },
      teacherId,
    }
    expect(QuizGeneratedData.parse(generated)).toEqual(generated)
    expect(QuizGeneratedData.safeParse({ ...generated, quiz: { n: Number.NaN } }).success).toBe(false)
    expect(QuizGeneratedData.safeParse({ ...generated, quizId: 'Quiz 1' }).success).toBe(false)
  })

  it('refuse a blank display name, a short seed and a percentage over 100', () => {
    const started = { quizId, attemptId, displayName: 'Ana', attemptSeed: 'f'.repeat(32) }
    expect(AttemptStartedData.safeParse(started).success).toBe(true)
    expect(AttemptStartedData.safeParse({ ...started, displayName: '   ' }).success).toBe(false)
    expect(AttemptStartedData.safeParse({ ...started, displayName: 'a\u0007b' }).success).toBe(false)
    expect(AttemptStartedData.safeParse({ ...started, attemptSeed: 'abc' }).success).toBe(false)
    const graded = { quizId, attemptId, marks: [], total: 1, maxTotal: 1, percentage: 100 }
    expect(AttemptGradedData.safeParse(graded).success).toBe(true)
    expect(AttemptGradedData.safeParse({ ...graded, percentage: 101 }).success).toBe(false)
    const submitted = { quizId, attemptId, answers: { q1: 'abcdefgh', q2: ['a', 'b', 'c'] } }
    expect(AttemptSubmittedData.safeParse(submitted).success).toBe(true)
    expect(AttemptSubmittedData.safeParse({ ...submitted, answers: { q1: 3 } }).success).toBe(false)
  })

  it('need no source, unlike a development', () => {
    const [validated] = validateNewEvents([
      {
        type: 'AttemptSubmitted',
        data: { quizId, attemptId, answers: {} },
        occurredOn: '2026-11-25',
        metadata: { recordedBy: 'student Ana', sources: [] },
      },
    ])
    expect(validated?.type).toBe('AttemptSubmitted')
    expect(() =>
      validateNewEvents([
        {
          type: 'AttemptSubmitted',
          data: { quizId, attemptId, answers: {}, grade: 'A' },
          occurredOn: '2026-11-25',
          metadata: { recordedBy: 'student Ana', sources: [] },
        },
      ]),
    ).toThrow(EventValidationError)
  })

  it('are dated by the day of the clock that recorded them', () => {
    expect(classroomDayOf(new Date('2026-11-25T23:59:59Z'))).toBe('2026-11-25')
  })
})
