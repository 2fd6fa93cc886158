import type { ChronologyGrading, Question, Quiz, Responses } from './model.js'
import { responsesFromStudent, type StudentAnswers } from './student-quiz.js'

export type MarkStatus = 'correct' | 'partial' | 'incorrect' | 'unanswered' | 'invalid'

export interface QuestionMark {
  readonly questionId: string
  readonly marks: number
  readonly maxMarks: number
  readonly status: MarkStatus
  /** The feedback of the chosen option (or of each misplaced item), then the question's general feedback. */
  readonly feedback: readonly string[]
}

export interface Grade {
  readonly quizId: string
  readonly questions: readonly QuestionMark[]
  readonly total: number
  readonly maxTotal: number
  /** 0–100. */
  readonly percentage: number
}

/**
 * Marks a set of responses (in the quiz's own option ids; see `responsesFromStudent`). Every question is
 * worth one mark; a chronology earns a fraction of it by the quiz's grading type. Pure: the same responses
 * always get the same grade.
 */
export function gradeResponses(quiz: Quiz, responses: Responses): Grade {
  const questions = quiz.questions.map((question) => markQuestion(question, responses[question.id]))
  const total = questions.reduce((sum, q) => sum + q.marks, 0)
  const maxTotal = questions.reduce((sum, q) => sum + q.maxMarks, 0)
  return {
    quizId: quiz.id,
    questions,
    total,
    maxTotal,
    percentage: maxTotal === 0 ? 0 : (100 * total) / maxTotal,
  }
}

/**
 * Grades a student's attempt: the answers as the student form sent them (opaque ids of the attempt), mapped
 * back with the attempt's seed, then marked with {@link gradeResponses}.
 */
export function gradeAttempt(quiz: Quiz, attemptSeed: string, answers: StudentAnswers): Grade {
  return gradeResponses(quiz, responsesFromStudent(quiz, attemptSeed, answers))
}

function markQuestion(question: Question, response: string | readonly string[] | undefined): QuestionMark {
  const base = { questionId: question.id, maxMarks: 1 }
  if (response === undefined) {
    return { ...base, marks: 0, status: 'unanswered', feedback: [question.generalFeedback] }
  }
  if (question.kind === 'chronology') {
    const order = typeof response === 'string' ? [response] : response
    const ids = new Set(question.items.map((i) => i.id))
    if (order.length !== ids.size || new Set(order).size !== ids.size || order.some((id) => !ids.has(id))) {
      return { ...base, marks: 0, status: 'invalid', feedback: [question.generalFeedback] }
    }
    const marks = chronologyFraction(question.order, order, question.grading)
    const misplaced = question.items.filter(
      (item) => order.indexOf(item.id) !== question.order.indexOf(item.id),
    )
    return {
      ...base,
      marks,
      status: marks === 1 ? 'correct' : marks === 0 ? 'incorrect' : 'partial',
      feedback: [...misplaced.map((item) => item.feedback), question.generalFeedback],
    }
  }
  const chosen = typeof response === 'string' ? question.options.find((o) => o.id === response) : undefined
  if (chosen === undefined)
    return { ...base, marks: 0, status: 'invalid', feedback: [question.generalFeedback] }
  const correct = chosen.id === question.key
  return {
    ...base,
    marks: correct ? 1 : 0,
    status: correct ? 'correct' : 'incorrect',
    feedback: [chosen.feedback, question.generalFeedback],
  }
}

/**
 * The fraction of a chronology's mark that a response earns, as Moodle's ordering question computes it:
 *
 * - `longest_ordered_subset`: the length of the longest run of items, not necessarily adjacent, that the
 *   response puts in their correct relative order, over the number of items; a run of one item counts as none.
 * - `relative_to_next_excluding_last`: each item but the last of the correct order scores when the response
 *   puts right after it the item that follows it in the correct order; over n − 1.
 * - `relative_to_next_including_last`: the same, and the last item also scores when the response puts it last;
 *   over n.
 *
 * `correct` and `response` must be permutations of the same ids.
 */
export function chronologyFraction(
  correct: readonly string[],
  response: readonly string[],
  grading: ChronologyGrading,
): number {
  const n = correct.length
  if (n === 0) return 0
  switch (grading) {
    case 'longest_ordered_subset': {
      const positions = response.map((id) => correct.indexOf(id))
      const longest = longestIncreasingRun(positions)
      return longest < 2 ? 0 : longest / n
    }
    case 'relative_to_next_excluding_last':
    case 'relative_to_next_including_last': {
      const includeLast = grading === 'relative_to_next_including_last'
      let scored = 0
      const checked = includeLast ? n : n - 1
      for (let i = 0; i < checked; i++) {
        const item = correct[i]!
        const expectedNext = correct[i + 1]
        const at = response.indexOf(item)
        if (at >= 0 && response[at + 1] === expectedNext) scored += 1
      }
      return checked === 0 ? 0 : scored / checked
    }
  }
}

/** The length of the longest strictly increasing subsequence (patience sorting, O(n log n)). */
function longestIncreasingRun(values: readonly number[]): number {
  const tails: number[] = []
  for (const value of values) {
    let low = 0
    let high = tails.length
    while (low < high) {
      const mid = (low + high) >> 1
      if (tails[mid]! < value) low = mid + 1
      else high = mid
    }
    tails[low] = value
  }
  return tails.length
}
