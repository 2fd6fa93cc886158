import { StoryledgerError } from '@storyledger/core'
import type { Grade } from './grade.js'

/** Graded attempts of different quizzes, or of different questions, were mixed in one analysis. */
export class AttemptsMismatchError extends StoryledgerError {
  constructor(message: string) {
    super('ATTEMPTS_MISMATCH', message)
  }
}

/** Moodle's statistics for one question, as percentages; `null` where the formula divides by zero. */
export interface ItemStatistics {
  readonly questionId: string
  /** How easy the question was: the mean mark as a share of the maximum. */
  readonly facilityIndex: number | null
  /** The spread of marks as a share of the maximum. */
  readonly standardDeviation: number | null
  /** Correlation between the marks on this question and on the rest of the quiz. */
  readonly discriminationIndex: number | null
  /** The discrimination as a share of the most this question could have, given its marks. */
  readonly discriminativeEfficiency: number | null
}

export interface QuizStatistics {
  readonly attempts: number
  readonly meanTotal: number | null
  readonly standardDeviationOfTotal: number | null
  /** Cronbach's alpha as a percentage: Moodle's coefficient of internal consistency. */
  readonly internalConsistency: number | null
  /** 100 · √(1 − alpha): how much of the spread of totals is noise. */
  readonly errorRatio: number | null
  /** The standard error of a total, in marks. */
  readonly standardError: number | null
  readonly items: readonly ItemStatistics[]
}

/**
 * Moodle's quiz statistics over graded attempts of one quiz, with its documented formulas (sample variances,
 * over S − 1 attempts): facility F = 100·mean/max; SD = 100·√V(x)/max; discrimination D = 100·r(x, X − x),
 * the item against the rest of the quiz; discriminative efficiency DE = 100·C(x, X − x)/C_max, where C_max is
 * the covariance of the two lists each sorted ascending; alpha = k/(k − 1)·(1 − ΣV(x)/V(X)).
 */
export function itemStatistics(grades: readonly Grade[]): QuizStatistics {
  const first = grades[0]
  if (first === undefined) {
    return {
      attempts: 0,
      meanTotal: null,
      standardDeviationOfTotal: null,
      internalConsistency: null,
      errorRatio: null,
      standardError: null,
      items: [],
    }
  }
  const questionIds = first.questions.map((q) => q.questionId)
  const maxMarks = first.questions.map((q) => q.maxMarks)
  for (const grade of grades) {
    if (grade.quizId !== first.quizId)
      throw new AttemptsMismatchError('All attempts must be of the same quiz')
    if (grade.questions.map((q) => q.questionId).join() !== questionIds.join())
      throw new AttemptsMismatchError('All attempts must have the same questions')
  }
  const marks = questionIds.map((_, i) => grades.map((g) => g.questions[i]!.marks))
  const totals = grades.map((g) => g.questions.reduce((sum, q) => sum + q.marks, 0))
  const totalVariance = variance(totals)
  const items = questionIds.map((questionId, i): ItemStatistics => {
    const x = marks[i]!
    const max = maxMarks[i]!
    const rest = totals.map((t, s) => t - x[s]!)
    const vx = variance(x)
    const vRest = variance(rest)
    const c = covariance(x, rest)
    const cMax = covariance(
      [...x].sort((a, b) => a - b),
      [...rest].sort((a, b) => a - b),
    )
    return {
      questionId,
      facilityIndex: max > 0 ? (100 * mean(x)) / max : null,
      standardDeviation: vx === null || max <= 0 ? null : (100 * Math.sqrt(vx)) / max,
      discriminationIndex: c === null || !vx || !vRest ? null : (100 * c) / Math.sqrt(vx * vRest),
      discriminativeEfficiency: c === null || !cMax ? null : (100 * c) / cMax,
    }
  })
  const k = questionIds.length
  const itemVariances = marks.map(variance)
  const alpha =
    k < 2 || !totalVariance || itemVariances.some((v) => v === null)
      ? null
      : (k / (k - 1)) * (1 - itemVariances.reduce((s: number, v) => s + v!, 0) / totalVariance)
  const errorRatio = alpha === null || alpha > 1 || alpha < 0 ? null : 100 * Math.sqrt(1 - alpha)
  return {
    attempts: grades.length,
    meanTotal: mean(totals),
    standardDeviationOfTotal: totalVariance === null ? null : Math.sqrt(totalVariance),
    internalConsistency: alpha === null ? null : 100 * alpha,
    errorRatio,
    standardError:
      errorRatio === null || totalVariance === null ? null : (errorRatio / 100) * Math.sqrt(totalVariance),
    items,
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length
}

function variance(values: readonly number[]): number | null {
  return covariance(values, values)
}

function covariance(a: readonly number[], b: readonly number[]): number | null {
  if (a.length < 2) return null
  const ma = mean(a)
  const mb = mean(b)
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += (a[i]! - ma) * (b[i]! - mb)
  return sum / (a.length - 1)
}
