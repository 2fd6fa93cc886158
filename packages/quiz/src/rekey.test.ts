import type { StoredEvent } from '@storyledger/core'
import { describe, expect, it } from 'vitest'
import { storedEventsOf } from './fixtures/bundled-log.js'
import { buildLog } from './fixtures/log-builder.js'
import { TIKTOK_STORY, tiktokLog } from './fixtures/tiktok-log.js'
import { contextOf } from './generate/context.js'
import { factsOf } from './generate/facts.js'
import { buildQuestion, generateQuiz, withId } from './generate/generate-quiz.js'
import { templateById } from './generate/templates.js'
import { gradeResponses } from './grade.js'
import { type Question, QuestionKind, type Quiz, type Responses } from './model.js'
import { carryResponses, rekey } from './rekey.js'

const log = tiktokLog()
const knownAt = log[log.length - 1]!.recordedAt
const find = (type: string, test: (e: StoredEvent) => boolean = () => true) =>
  log.find((e) => e.type === type && test(e))!
const partner = find('PartnerSelected')
const deadline = find('DeadlineSet', (e) => e.type === 'DeadlineSet' && e.data.durationDays === 45)
const mayer = find('StatementMade', (e) => e.type === 'StatementMade' && e.data.speakerId === 'kevin-mayer')

function quizOf(anchors: [templateId: string, anchor: string][]): Quiz {
  const ctx = contextOf(factsOf(log, '2020-09-20', knownAt), 'longest_ordered_subset')
  const questions = anchors.map(([templateId, anchor], i) => {
    const question = buildQuestion(ctx, templateById(templateId)!, anchor, 'form A', `q${i + 1}`, {})
    if (question === null) throw new Error(`no question from ${templateId} on ${anchor}`)
    return question
  })
  return withId({
    blueprint: {
      storyId: TIKTOK_STORY,
      asOf: '2020-09-20',
      knownAt,
      count: questions.length,
      kinds: ['who', 'numeric', 'quote_attribution'],
      difficulty: { easy: 1, medium: 1, hard: 0 },
      seed: 'form A',
    },
    logPosition: log.length,
    questions,
  })
}

const corrections = buildLog(
  TIKTOK_STORY,
  [
    {
      event: {
        type: 'DevelopmentCorrected',
        data: {
          correctsEventId: partner.eventId,
          corrected: { data: { partnerId: 'walmart' } },
          reason: 'misread report',
        },
      },
      occurredOn: 'unknown',
    },
    {
      event: {
        type: 'DevelopmentCorrected',
        data: {
          correctsEventId: deadline.eventId,
          corrected: { data: { durationDays: 30 } },
          reason: 'typo',
        },
      },
      occurredOn: 'unknown',
    },
  ],
  { firstPosition: log.length + 1, recordedFrom: '2025-06-01T00:00:00.000Z' },
)

const keyResponses = (quiz: Quiz): Responses =>
  Object.fromEntries(quiz.questions.map((q: Question) => [q.id, q.kind === 'chronology' ? q.order : q.key]))

describe('rekey', () => {
  const quiz = quizOf([
    ['who.actor', partner.eventId],
    ['numeric.figure', deadline.eventId],
    ['quote.speaker', mayer.eventId],
  ])

  it('changes nothing when the log has not changed', () => {
    const result = rekey(quiz, log)
    expect(result.changes.map((c) => c.status)).toEqual(['unchanged', 'unchanged', 'unchanged'])
    expect(result.needsRegrade).toBe(false)
    expect(result.quiz.questions).toEqual(quiz.questions)
  })

  it('says which questions a correction changed, and their new keys', () => {
    const result = rekey(quiz, [...log, ...corrections])
    const [who, numeric, quote] = result.changes
    expect(who).toMatchObject({
      status: expect.stringMatching(/key_changed|rewritten/),
      keyBefore: 'Oracle',
      keyAfter: 'Walmart',
    })
    expect(numeric).toMatchObject({ keyBefore: '45 days', keyAfter: '30 days' })
    expect(['unchanged', 'feedback_changed']).toContain(quote!.status)
    expect(quote!.keyAfter).toBe('Kevin Mayer')
    expect(result.needsRegrade).toBe(true)
    expect(result.quiz.id).not.toBe(quiz.id)
    expect(result.quiz.blueprint.knownAt).toBe(corrections[1]!.recordedAt)
  })

  it('regrades old answers against the new keys', () => {
    const result = rekey(quiz, [...log, ...corrections])
    const answers = keyResponses(quiz)
    expect(gradeResponses(quiz, answers).total).toBe(3)
    const regraded = gradeResponses(result.quiz, carryResponses(quiz, result.quiz, answers))
    // Oracle and 45 days were right; after the corrections they are not (or no longer offered).
    expect(regraded.questions.map((q) => q.marks)).toEqual([0, 0, 1])
    // Whoever had answered what is now the key gets the mark.
    const now = gradeResponses(result.quiz, keyResponses(result.quiz))
    expect(now.total).toBe(3)
  })

  it('drops a question whose development was retracted', () => {
    const retraction = buildLog(
      TIKTOK_STORY,
      [
        {
          event: {
            type: 'DevelopmentRetracted',
            data: { retractsEventId: mayer.eventId, reason: 'misattributed' },
          },
          occurredOn: 'unknown',
        },
      ],
      { firstPosition: log.length + 1, recordedFrom: '2025-06-01T00:00:00.000Z' },
    )
    const result = rekey(quiz, [...log, ...retraction])
    expect(result.changes[2]).toMatchObject({ questionId: 'q3', status: 'dropped', keyBefore: 'Kevin Mayer' })
    expect(result.quiz.questions.map((q) => q.id)).toEqual(['q1', 'q2'])
  })
})

describe('rekey on an unchanged bundled story', () => {
  // Two developments can give a distractor the same text (two parties that expressed interest in TikTok, put
  // to the actor): the re-key must offer the one the quiz offered, with its feedback and its events.
  it.each([
    ['tiktok-us-saga-2020-2026', ['2020-09-20', '2021-06-30', '2026-01-01']],
    ['tiktok-oracle-2020', ['2020-12-31', '2026-01-01']],
  ])('reports no change for any question of %s', async (storyId, dates) => {
    const events = await storedEventsOf(storyId)
    const seeds = ['a', 'b', 'show', 'form A', ...Array.from({ length: 8 }, (_, i) => i)]
    const changed: string[] = []
    let questions = 0
    for (const asOf of dates) {
      for (const seed of seeds) {
        const generated = generateQuiz(
          { events, logPosition: events.length },
          {
            storyId: events[0]!.streamId,
            asOf,
            knownAt: '2026-12-31T00:00:00.000Z',
            count: 12,
            kinds: QuestionKind.options,
            difficulty: { easy: 1, medium: 1, hard: 1 },
            seed,
          },
        )
        if (!generated.ok) throw new Error(`${storyId} as of ${asOf}, seed ${seed}: ${generated.detail}`)
        const result = rekey(generated.quiz, events)
        for (const change of result.changes)
          if (change.status !== 'unchanged')
            changed.push(`${asOf} ${seed} ${change.questionId}: ${change.status}`)
        if (result.needsRegrade) changed.push(`${asOf} ${seed}: needs a regrade`)
        expect(result.quiz.questions).toEqual(generated.quiz.questions)
        questions += generated.quiz.questions.length
      }
    }
    expect(changed).toEqual([])
    expect(questions).toBe(dates.length * seeds.length * 12)
  })
})
