import type { StoredEvent } from '@storyledger/core'
import { openTestStore } from '@storyledger/core/testing'
import { type Blueprint, generateQuiz, type Question, QuestionKind, type Quiz } from '@storyledger/quiz'
import { type BundledStoryId, importStory, loadBundledStory } from '@storyledger/stories'
import { beforeAll, describe, expect, it } from 'vitest'

// Quizzes on the stories teachers get out of the box, checked against what the sources say on each date.
// Long after the import, whose events are recorded by the real clock: everything recorded is known.
const KNOWN_AT = '2100-01-01T00:00:00.000Z'
const ALL_KINDS = QuestionKind.options
const logs = new Map<BundledStoryId, StoredEvent[]>()

beforeAll(async () => {
  const t = await openTestStore('pglite')
  try {
    for (const id of ['tiktok-us-saga-2020-2026', 'microsoft-activision-2022-2023'] as const) {
      const { streamId } = await importStory(t.store, await loadBundledStory(id))
      logs.set(id, await t.store.readStream(streamId))
    }
  } finally {
    await t.close()
  }
})

function quiz(story: BundledStoryId, blueprint: Partial<Blueprint>): Quiz {
  const events = logs.get(story) ?? []
  const result = generateQuiz(
    { events, logPosition: Math.max(...events.map((e) => e.position)) },
    {
      storyId: `story/${story}`,
      asOf: '2020-09-20',
      knownAt: KNOWN_AT,
      count: 12,
      kinds: ALL_KINDS,
      difficulty: { easy: 1, medium: 1, hard: 1 },
      seed: 'class-10b',
      ...blueprint,
    },
  )
  if (!result.ok) throw new Error(`no quiz: ${result.reason} ${result.detail}`)
  return result.quiz
}

const keyText = (q: Question) =>
  q.kind === 'chronology' ? q.order.join(',') : q.options.find((o) => o.id === q.key)?.text
const everything = (q: Question) =>
  [
    q.stem,
    q.generalFeedback,
    ...(q.kind === 'chronology' ? q.items : q.options).flatMap((o) => [o.text, o.feedback]),
  ].join('\n')

describe('quizzes on the bundled TikTok saga', () => {
  it('as of 13 September 2020, the partner ByteDance chose is Oracle, in every form of the class', () => {
    for (const seed of ['form-a', 'form-b', 'form-c', 'form-d']) {
      const questions = quiz('tiktok-us-saga-2020-2026', {
        asOf: '2020-09-13',
        kinds: ['who', 'what', 'as_of'],
        count: 8,
        seed,
      }).questions
      for (const q of questions.filter(
        (q) => /trusted tech(nical|nology)? partner/.test(q.stem) && /Which/.test(q.stem),
      ))
        expect(keyText(q)).toBe('Oracle')
    }
    const all = ['s1', 's2', 's3', 's4', 's5', 's6'].flatMap(
      (seed) =>
        quiz('tiktok-us-saga-2020-2026', { asOf: '2020-09-13', kinds: ['who'], count: 6, seed }).questions,
    )
    expect(all.some((q) => /trusted tech partner/.test(q.stem) && keyText(q) === 'Oracle')).toBe(true)
  })

  it("asks for Triller's $20 billion bid, and the 15 September due date Trump set on 3 August", () => {
    const [numeric] = quiz('tiktok-us-saga-2020-2026', {
      asOf: '2020-09-01',
      kinds: ['numeric'],
      count: 1,
    }).questions
    expect(numeric?.stem).toMatch(/Triller/)
    expect(numeric && keyText(numeric)).toBe('$20 billion')
    const asOf = ['d1', 'd2', 'd3', 'd4'].flatMap(
      (seed) =>
        quiz('tiktok-us-saga-2020-2026', { asOf: '2020-09-01', kinds: ['as_of'], count: 3, seed }).questions,
    )
    const dueDates = asOf.filter((q) =>
      /due date of the deadline Donald Trump set on 3 August 2020/.test(q.stem),
    )
    expect(dueDates.length).toBeGreaterThan(0)
    for (const q of dueDates) expect(keyText(q)).toBe('15 September 2020')
  })

  it('as of 1 August 2020, mentions nothing that happened later: no Oracle, no Walmart, no executive order', () => {
    const result = generateQuiz(
      { events: logs.get('tiktok-us-saga-2020-2026') ?? [], logPosition: 10_000 },
      {
        storyId: 'story/tiktok-us-saga-2020-2026',
        asOf: '2020-08-03',
        knownAt: KNOWN_AT,
        count: 5,
        kinds: ALL_KINDS,
        difficulty: { easy: 1, medium: 1, hard: 1 },
        seed: 1,
      },
    )
    const text = result.ok ? result.quiz.questions.map(everything).join('\n') : ''
    expect(text).not.toMatch(/Oracle|Walmart|13942|divest/)
  })

  it('writes every kind of question at the latest date', () => {
    const kinds = new Set(
      ['k1', 'k2', 'k3'].flatMap((seed) =>
        quiz('tiktok-us-saga-2020-2026', { asOf: '2026-01-31', count: 27, seed }).questions.map(
          (q) => q.kind,
        ),
      ),
    )
    expect([...kinds].sort()).toEqual([...ALL_KINDS].sort())
  })
})

describe('quizzes on the bundled Microsoft–Activision story, with no code for it', () => {
  it('names the CMA as the regulator that blocked the deal, and writes every kind', () => {
    const questions = ['a', 'b', 'c', 'd'].flatMap(
      (seed) => quiz('microsoft-activision-2022-2023', { asOf: '2023-10-13', count: 18, seed }).questions,
    )
    expect(new Set(questions.map((q) => q.kind)).size).toBeGreaterThanOrEqual(7)
    for (const q of questions.filter((q) => q.kind === 'who' && /blocked/.test(q.stem)))
      expect(keyText(q)).toMatch(/Competition and Markets Authority|CMA/)
    const beforeBlock = quiz('microsoft-activision-2022-2023', { asOf: '2023-03-31', count: 10, seed: 'x' })
    expect(beforeBlock.questions.map(everything).join('\n')).not.toMatch(/darkest day|Ubisoft/)
  })
})
