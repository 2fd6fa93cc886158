import { describe, expect, it } from 'vitest'
import { sampleQuiz } from './fixtures/sample-quiz.js'
import { gradeAttempt, gradeResponses } from './grade.js'
import type { ChoiceQuestion } from './model.js'
import { responsesFromStudent, StudentQuiz, toStudentQuiz } from './student-quiz.js'

describe('toStudentQuiz', () => {
  it('carries no key, feedback or provenance, only stems and option texts', () => {
    const form = StudentQuiz.parse(toStudentQuiz(sampleQuiz, 'attempt-1'))
    const text = JSON.stringify(form)
    const fields = ['"key"', '"order"', '"feedback"', '"provenance"', '"template"', '"generalFeedback"']
    for (const forbidden of [...fields, 'Right:', 'Reported by']) {
      expect(text).not.toContain(forbidden)
    }
    expect(form.questions.map((q) => q.stem)).toEqual(sampleQuiz.questions.map((q) => q.stem))
  })

  it('gives the same form for the same attempt seed and new ids for another attempt', () => {
    expect(toStudentQuiz(sampleQuiz, 'attempt-1')).toEqual(toStudentQuiz(sampleQuiz, 'attempt-1'))
    const idsOf = (seed: string) =>
      toStudentQuiz(sampleQuiz, seed).questions.flatMap((q) =>
        ('options' in q ? q.options : q.items).map((o) => o.id),
      )
    const first = idsOf('attempt-1')
    const second = idsOf('attempt-2')
    expect(first.filter((id) => second.includes(id))).toEqual([])
  })

  it('puts the key in every position and under unrelated ids across attempts', () => {
    const question = sampleQuiz.questions[3] as ChoiceQuestion
    const keyText = question.options.find((o) => o.id === question.key)!.text
    const positions = new Set<number>()
    const keyIds = new Set<string>()
    for (let attempt = 0; attempt < 60; attempt++) {
      const shown = toStudentQuiz(sampleQuiz, `attempt-${attempt}`).questions[3]!
      if (!('options' in shown)) throw new Error('expected options')
      const index = shown.options.findIndex((o) => o.text === keyText)
      positions.add(index)
      keyIds.add(shown.options[index]!.id)
    }
    expect(positions).toEqual(new Set([0, 1, 2, 3]))
    expect(keyIds.size).toBe(60)
  })

  it('never shows a chronology already in order', () => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const shown = toStudentQuiz(sampleQuiz, `a${attempt}`).questions[2]!
      if (!('items' in shown)) throw new Error('expected items')
      expect(shown.items.map((i) => i.text.slice(0, 30))).not.toEqual(
        sampleQuiz.questions[2]!.kind === 'chronology'
          ? sampleQuiz.questions[2]!.items.map((i) => i.text.slice(0, 30))
          : [],
      )
    }
  })
})

describe('responsesFromStudent', () => {
  it("maps an attempt's opaque ids back so that the right answers get full marks", () => {
    const seed = 'attempt-7'
    const form = toStudentQuiz(sampleQuiz, seed)
    const answers: Record<string, string | string[]> = {}
    for (const [index, question] of sampleQuiz.questions.entries()) {
      const shown = form.questions[index]!
      if (question.kind === 'chronology' && 'items' in shown) {
        const textOf = new Map(question.items.map((i) => [i.id, i.text]))
        answers[question.id] = question.order.map(
          (id) => shown.items.find((s) => s.text === textOf.get(id))!.id,
        )
      } else if (question.kind !== 'chronology' && 'options' in shown) {
        const keyText = question.options.find((o) => o.id === question.key)!.text
        answers[question.id] = shown.options.find((o) => o.text === keyText)!.id
      }
    }
    const grade = gradeResponses(sampleQuiz, responsesFromStudent(sampleQuiz, seed, answers))
    expect(grade.percentage).toBe(100)
    expect(gradeAttempt(sampleQuiz, seed, answers)).toEqual(grade)
    // The same opaque ids mean nothing under another attempt's seed.
    const elsewhere = gradeResponses(sampleQuiz, responsesFromStudent(sampleQuiz, 'attempt-8', answers))
    expect(elsewhere.total).toBe(0)
  })
})
