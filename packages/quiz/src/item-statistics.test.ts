import { describe, expect, it } from 'vitest'
import type { Grade } from './grade.js'
import { AttemptsMismatchError, itemStatistics } from './item-statistics.js'

function gradeOf(marks: number[], quizId = 'quiz-1'): Grade {
  const total = marks.reduce((s, m) => s + m, 0)
  return {
    quizId,
    questions: marks.map((m, i) => ({
      questionId: `q${i + 1}`,
      marks: m,
      maxMarks: 1,
      status: m === 1 ? 'correct' : 'incorrect',
      feedback: [],
    })),
    total,
    maxTotal: marks.length,
    percentage: (100 * total) / marks.length,
  }
}

describe('itemStatistics', () => {
  it('matches hand-computed values on a perfect scale', () => {
    // Attempts × items; totals 3, 2, 1, 0.
    const stats = itemStatistics([
      gradeOf([1, 1, 1]),
      gradeOf([1, 1, 0]),
      gradeOf([1, 0, 0]),
      gradeOf([0, 0, 0]),
    ])
    const [q1, q2, q3] = stats.items
    // q1: marks 1 1 1 0, mean 0.75; V = 0.75/3 = 0.25 → SD 50 %.
    expect(q1!.facilityIndex).toBeCloseTo(75, 10)
    expect(q1!.standardDeviation).toBeCloseTo(50, 10)
    // Rest of the quiz 2 1 0 0: C = 0.25, V(rest) = 2.75/3 → r = 0.25/√(0.25 · 0.91667) = 0.52223.
    expect(q1!.discriminationIndex).toBeCloseTo(52.2233, 3)
    // The marks are already in the order of the rest: the covariance is the largest it can be.
    expect(q1!.discriminativeEfficiency).toBeCloseTo(100, 10)
    // q2: marks 1 1 0 0 against rest 2 1 1 0: C = 1/3, V = 1/3 and 2/3 → r = 1/√2.
    expect(q2!.facilityIndex).toBeCloseTo(50, 10)
    expect(q2!.discriminationIndex).toBeCloseTo(70.7107, 3)
    expect(q3!.facilityIndex).toBeCloseTo(25, 10)
    // ΣV(x) = 0.25 + 1/3 + 0.25; V(total) = 5/3 → alpha = 3/2 · (1 − 0.5) = 0.75.
    expect(stats.internalConsistency).toBeCloseTo(75, 10)
    expect(stats.errorRatio).toBeCloseTo(50, 10)
    expect(stats.meanTotal).toBe(1.5)
    expect(stats.standardError).toBeCloseTo(0.5 * Math.sqrt(5 / 3), 10)
  })

  it('gives a negative discrimination when weaker students do better on the item', () => {
    const stats = itemStatistics([
      gradeOf([0, 1, 1]),
      gradeOf([1, 1, 0]),
      gradeOf([1, 0, 0]),
      gradeOf([0, 0, 0]),
    ])
    const q1 = stats.items[0]!
    // q1: marks 0 1 1 0 against rest 2 1 0 0: C = −0.5/3; V = 1/3 and 2.75/3 → r = −0.30151.
    expect(q1.discriminationIndex).toBeCloseTo(-30.1511, 3)
    // Sorted: 0 0 1 1 against 0 0 1 2 → C_max = 1.5/3 = 0.5, so DE = (−1/6)/0.5 = −33.33 %.
    expect(q1.discriminativeEfficiency).toBeCloseTo(-33.3333, 3)
  })

  it('answers null where a formula would divide by zero', () => {
    const stats = itemStatistics([gradeOf([1, 0]), gradeOf([1, 1])])
    expect(stats.items[0]!.facilityIndex).toBe(100)
    expect(stats.items[0]!.discriminationIndex).toBeNull()
    expect(itemStatistics([gradeOf([1, 1])]).internalConsistency).toBeNull()
    expect(itemStatistics([]).items).toEqual([])
  })

  it('refuses attempts of different quizzes', () => {
    expect(() => itemStatistics([gradeOf([1]), gradeOf([0], 'quiz-2')])).toThrow(AttemptsMismatchError)
  })
})
