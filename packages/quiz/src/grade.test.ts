import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sampleQuiz } from './fixtures/sample-quiz.js'
import { chronologyFraction, gradeResponses } from './grade.js'

describe('chronologyFraction', () => {
  const correct = ['a', 'b', 'c', 'd', 'e']

  it('counts the longest ordered subset, as hand-computed', () => {
    // a c b d e: longest ordered subset a b d e (or a c d e) = 4 of 5.
    expect(chronologyFraction(correct, ['a', 'c', 'b', 'd', 'e'], 'longest_ordered_subset')).toBe(4 / 5)
    // e d c b a: no two items in order, so every ordered subset has one item, which counts as none.
    expect(chronologyFraction(correct, ['e', 'd', 'c', 'b', 'a'], 'longest_ordered_subset')).toBe(0)
    // b a d c e: b d e = 3 of 5.
    expect(chronologyFraction(correct, ['b', 'a', 'd', 'c', 'e'], 'longest_ordered_subset')).toBe(3 / 5)
    // d e a b c: a b c = 3 of 5.
    expect(chronologyFraction(correct, ['d', 'e', 'a', 'b', 'c'], 'longest_ordered_subset')).toBe(3 / 5)
    expect(chronologyFraction(correct, correct, 'longest_ordered_subset')).toBe(1)
  })

  it('counts items followed by their right successor, excluding the last, as hand-computed', () => {
    // a c b d e: a→c ✘ (b), b→d ✘ (c), c→b ✘ (d), d→e ✔ → 1 of 4.
    expect(chronologyFraction(correct, ['a', 'c', 'b', 'd', 'e'], 'relative_to_next_excluding_last')).toBe(
      1 / 4,
    )
    // d e a b c: a→b ✔, b→c ✔, c→(end) ✘ (d), d→e ✔ → 3 of 4.
    expect(chronologyFraction(correct, ['d', 'e', 'a', 'b', 'c'], 'relative_to_next_excluding_last')).toBe(
      3 / 4,
    )
  })

  it('also scores the last item when it comes last, including the last', () => {
    // d e a b c: a→b ✔, b→c ✔, c→d ✘, d→e ✔, e last ✘ → 3 of 5.
    expect(chronologyFraction(correct, ['d', 'e', 'a', 'b', 'c'], 'relative_to_next_including_last')).toBe(
      3 / 5,
    )
    // c a b d e: a→b ✔, b→c ✘, c→d ✘, d→e ✔, e last ✔ → 3 of 5.
    expect(chronologyFraction(correct, ['c', 'a', 'b', 'd', 'e'], 'relative_to_next_including_last')).toBe(
      3 / 5,
    )
  })

  it('gives full marks only to the correct order, and stays within [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(correct, { minLength: 5, maxLength: 5 }),
        fc.constantFrom(
          'longest_ordered_subset',
          'relative_to_next_excluding_last',
          'relative_to_next_including_last',
        ),
        (response, grading) => {
          const fraction = chronologyFraction(correct, response, grading)
          expect(fraction).toBeGreaterThanOrEqual(0)
          expect(fraction).toBeLessThanOrEqual(1)
          expect(fraction === 1).toBe(response.join() === correct.join())
        },
      ),
    )
  })
})

describe('gradeResponses', () => {
  it('marks each question, totals and gives a percentage', () => {
    const grade = gradeResponses(sampleQuiz, { q1: 'a', q2: 'true', q3: ['a', 'c', 'b', 'd'] })
    expect(grade.questions.map((q) => [q.questionId, q.marks, q.status])).toEqual([
      ['q1', 1, 'correct'],
      ['q2', 0, 'incorrect'],
      ['q3', 3 / 4, 'partial'],
      ['q4', 0, 'unanswered'],
    ])
    expect(grade.total).toBe(1.75)
    expect(grade.maxTotal).toBe(4)
    expect(grade.percentage).toBe(43.75)
    expect(grade.questions[1]!.feedback[0]).toContain('45 days')
  })

  it('gives no marks for an option or an order the question does not have', () => {
    const grade = gradeResponses(sampleQuiz, { q1: 'z', q3: ['a', 'a', 'b', 'c'], q4: ['a'] })
    expect(grade.questions.map((q) => q.status)).toEqual(['invalid', 'unanswered', 'invalid', 'invalid'])
    expect(grade.total).toBe(0)
  })

  it('grades the same answers the same way twice', () => {
    const responses = { q1: 'b', q2: 'false', q3: ['d', 'c', 'b', 'a'], q4: 'a' }
    expect(gradeResponses(sampleQuiz, responses)).toEqual(gradeResponses(sampleQuiz, responses))
    expect(gradeResponses(sampleQuiz, responses).total).toBe(2)
  })
})
