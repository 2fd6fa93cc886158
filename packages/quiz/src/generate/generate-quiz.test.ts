import { actorsOf, canonicalJson, dayRangeOf, type StoredEvent } from '@storyledger/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { storedEventsOf } from '../fixtures/bundled-log.js'
import { RANDOM_STORY, randomLog } from '../fixtures/random-log.js'
import { TIKTOK_STORY, tiktokLog } from '../fixtures/tiktok-log.js'
import { TWITTER_STORY, twitterLog } from '../fixtures/twitter-log.js'
import { type Blueprint, type ChoiceQuestion, type Question, QuestionKind, Quiz } from '../model.js'
import { createSeededRandom } from '../seeded-random.js'
import { contextOf } from './context.js'
import { allAnchors } from './drafts.js'
import { factsOf } from './facts.js'
import { buildQuestion, difficultyTargets, generateQuiz } from './generate-quiz.js'
import { templateById } from './templates.js'

const LATER = '2030-01-01T00:00:00.000Z'
const ALL_KINDS = QuestionKind.options

/** Every question a template can write from a log as of a day (the quiz generator draws among these). */
function questionsOf(templateId: string, events: readonly StoredEvent[], asOf: string, seed = 'seed') {
  const ctx = contextOf(factsOf(events, asOf, LATER), 'longest_ordered_subset')
  const template = templateById(templateId)!
  return allAnchors(template.anchors(ctx, createSeededRandom(seed)))
    .map((anchor) => buildQuestion(ctx, template, anchor, seed, 'q1', {}))
    .filter((q): q is Question => q !== null)
}

const choice = (q: Question | undefined): ChoiceQuestion => {
  if (q === undefined || q.kind === 'chronology')
    throw new Error(`expected a choice question, got ${q?.kind}`)
  return q
}
const keyOf = (q: Question | undefined) => {
  const c = choice(q)
  return c.options.find((o) => o.id === c.key)!.text
}
const textsOf = (q: Question | undefined) => choice(q).options.map((o) => o.text)
const withStem = (questions: Question[], stem: string) => questions.find((q) => q.stem === stem)

const blueprint = (overrides: Partial<Blueprint> = {}): Blueprint => ({
  storyId: TIKTOK_STORY,
  asOf: '2020-09-20',
  knownAt: LATER,
  count: 8,
  kinds: ALL_KINDS,
  difficulty: { easy: 1, medium: 1, hard: 1 },
  seed: 'class 3B, form A',
  ...overrides,
})

describe('questions on the TikTok story, checked against the sources', () => {
  const log = tiktokLog()

  it('asks whose bid ByteDance rejected on 13 September 2020: Microsoft', () => {
    const question = withStem(
      questionsOf('who.actor', log, '2020-09-13'),
      'Whose bid did ByteDance reject on 13 September 2020?',
    )
    expect(keyOf(question)).toBe('Microsoft')
    expect(textsOf(question)).toHaveLength(3)
    expect(question?.generalFeedback).toBe(
      "On 13 September 2020, ByteDance rejected Microsoft's bid. Reported by the Wall Street Journal (13 September 2020) and Microsoft (13 September 2020).",
    )
  })

  it('asks who chose Oracle as trusted technical partner, as of two dates', () => {
    const questions = questionsOf('as-of.partner', log, '2020-09-20')
    const first = withStem(
      questions,
      'As of 14 September 2020, which company had ByteDance chosen as its trusted technical partner?',
    )
    const later = withStem(
      questions,
      'As of 19 September 2020, which company had ByteDance chosen as its trusted technical partner?',
    )
    expect(keyOf(first)).toBe('Oracle')
    expect(keyOf(later)).toBe('Oracle')
    expect(questionsOf('as-of.partner', log, '2020-09-13')).toEqual([])
  })

  it('says where Microsoft’s bid stood: open in August, rejected by 13 September', () => {
    const questions = questionsOf('as-of.bid-status', log, '2020-09-20')
    const open = questions.find((q) => q.stem.startsWith('As of 28 August 2020'))
    const rejected = questions.find((q) => q.stem.startsWith('As of 13 September 2020'))
    expect(keyOf(open)).toBe('It was still open')
    expect(choice(open).options.find((o) => o.text === 'It had been rejected')!.feedback).toContain(
      'Not yet on 28 August 2020',
    )
    expect(keyOf(rejected)).toBe('It had been rejected')
  })

  it('asks how many days each 2020 order allowed: 45, then 90', () => {
    const early = questionsOf('numeric.figure', log, '2020-08-10')
    expect(early.map(keyOf)).toEqual(['45 days'])
    const later = questionsOf('numeric.figure', log, '2020-08-20')
    const divestment = later.find((q) => q.stem.includes('to divest'))
    expect(keyOf(divestment)).toBe('90 days')
    // The other order's figure is a temporal distractor that says what it was.
    const feedback = choice(divestment).options.find((o) => o.text === '45 days')?.feedback
    expect(feedback ?? 'not offered').toMatch(/^(No: 45 days was the time allowed for the ban|not offered)/)
  })

  it('places a numeric key anywhere among its options, never as the only round figure', () => {
    const positions = new Set<number>()
    for (let seed = 0; seed < 40; seed++) {
      const question = questionsOf('numeric.figure', log, '2020-08-20', `seed ${seed}`).find((q) =>
        q.stem.includes('to divest'),
      )
      const options = textsOf(question)
      expect(options).toHaveLength(3)
      positions.add(options.indexOf(keyOf(question)))
      const values = options.map((o) => Number.parseFloat(o))
      expect([...values].sort((a, b) => a - b)).toEqual(values)
      expect(values.filter((v) => v % 5 === 0).length).toBeGreaterThanOrEqual(2)
    }
    expect(positions).toEqual(new Set([0, 1, 2]))
  })

  it('gives the due date of the divestment order as it stood before and after its extension', () => {
    const november = questionsOf('as-of.deadline', log, '2020-11-20')
    const extended = withStem(
      november,
      "As of 13 November 2020, what was the due date of the deadline Donald Trump set on 14 August 2020 (ByteDance to divest TikTok's US business)?",
    )
    expect(keyOf(extended)).toBe('27 November 2020')
    const original = choice(extended).options.find((o) => o.text === '12 November 2020')
    expect(original?.feedback).toMatch(/^No longer on 13 November 2020/)
    const september = questionsOf('as-of.deadline', log, '2020-09-01')
    const set = withStem(
      september,
      "As of 14 August 2020, what was the due date of the deadline Donald Trump set on 14 August 2020 (ByteDance to divest TikTok's US business)?",
    )
    expect(keyOf(set)).toBe('12 November 2020')
    expect(JSON.stringify(september)).not.toContain('27 November 2020')
  })

  it('attributes quotes and reports to the right speaker and outlets', () => {
    const quotes = questionsOf('quote.speaker', log, '2020-09-20')
    expect(keyOf(quotes.find((q) => q.stem.includes('significant reflection')))).toBe('Kevin Mayer')
    // A quote that names its speaker would answer itself: no question is made of it.
    expect(quotes.find((q) => q.stem.includes('let us know today'))).toBeUndefined()
    const sources = questionsOf('source.outlet', log, '2020-09-20', 'other seed')
    const twitter = sources.find((q) =>
      q.stem.startsWith('On 8 August 2020, Twitter expressed interest in TikTok.'),
    )
    expect(keyOf(twitter)).toBe('The Wall Street Journal')
    expect(choice(twitter).options.find((o) => o.text === 'The Wall Street Journal')!.feedback).toBe(
      'Right. Reported by the Wall Street Journal, citing people familiar with the matter, 8 August 2020.',
    )
  })

  it('asks what ByteDance did on 13 September 2020, without offering anything else it did that day', () => {
    const question = withStem(
      questionsOf('what.action-on-day', log, '2020-09-20'),
      'What did ByteDance do on 13 September 2020?',
    )
    expect(keyOf(question)).toBe("ByteDance rejected Microsoft's bid.")
  })

  it('writes true/false questions whose key matches the record', () => {
    const questions = questionsOf('true-false.swap', log, '2020-11-30')
    expect(questions.length).toBeGreaterThan(5)
    for (const q of questions) {
      const statement = q.stem.replace('True or false? ', '')
      expect(choice(q).key === 'true').toBe(q.generalFeedback.startsWith(statement))
    }
    expect(questions.some((q) => choice(q).key === 'false')).toBe(true)
  })

  it('orders chronology items by date, never two of the same day', () => {
    const questions = questionsOf('chronology.developments', log, '2020-11-30')
    expect(questions.length).toBeGreaterThan(0)
    for (const q of questions) {
      if (q.kind !== 'chronology') throw new Error('expected a chronology')
      const dayOf = (id: string) =>
        Date.parse(/^On (\d+ \w+ \d{4})/.exec(q.items.find((i) => i.id === id)!.feedback)![1]!)
      const days = q.order.map(dayOf)
      expect([...days].sort((a, b) => a - b)).toEqual(days)
      expect(new Set(days).size).toBe(days.length)
    }
  })

  it('mentions nothing about Oracle before the story does', () => {
    const quiz = generateQuiz(
      { events: log, logPosition: log.length },
      blueprint({ asOf: '2020-09-12', count: 10 }),
    )
    if (!quiz.ok) throw new Error(quiz.detail)
    expect(JSON.stringify(quiz.quiz.questions)).not.toContain('Oracle')
    expect(JSON.stringify(quiz.quiz.questions)).not.toContain('rejected Microsoft')
  })
})

describe('generality: the same engine on another deal', () => {
  const log = twitterLog()

  it('asks what Musk offered and where his bid stood', () => {
    const amount = questionsOf('numeric.figure', log, '2022-04-20').find((q) =>
      q.stem.startsWith("How much was Elon Musk's bid"),
    )
    expect(keyOf(amount)).toBe('$43 billion')
    const status = questionsOf('as-of.bid-status', log, '2022-07-10').find((q) =>
      q.stem.startsWith('As of 8 July 2022'),
    )
    expect(keyOf(status)).toBe('Elon Musk had withdrawn it')
  })

  it('makes a full quiz of several kinds, and nothing of the bid before it was made', () => {
    const result = generateQuiz(
      { events: log, logPosition: log.length },
      blueprint({ storyId: TWITTER_STORY, asOf: '2022-10-31', count: 8 }),
    )
    if (!result.ok) throw new Error(result.detail)
    expect(new Set(result.quiz.questions.map((q) => q.kind)).size).toBeGreaterThanOrEqual(5)
    const early = generateQuiz(
      { events: log, logPosition: log.length },
      blueprint({
        storyId: TWITTER_STORY,
        asOf: '2022-04-10',
        count: 1,
        kinds: ['true_false', 'source_attribution'],
      }),
    )
    if (!early.ok) throw new Error(early.detail)
    expect(JSON.stringify(early.quiz)).not.toMatch(/billion|Bret Taylor|poison/)
  })
})

describe('generateQuiz', () => {
  const log = tiktokLog()
  const input = { events: log, logPosition: log.length }

  it('gives a byte-identical quiz for the same log position and blueprint', () => {
    const a = generateQuiz(input, blueprint())
    const later = [
      ...log,
      ...twitterLog().map((e, i) => ({ ...e, streamId: TIKTOK_STORY, position: log.length + i + 1 })),
    ]
    const b = generateQuiz({ events: later, logPosition: log.length }, blueprint())
    if (!a.ok || !b.ok) throw new Error('expected quizzes')
    expect(canonicalJson(a.quiz)).toBe(canonicalJson(b.quiz))
    expect(Quiz.parse(a.quiz)).toEqual(a.quiz)
  })

  it('gives another valid quiz for another seed', () => {
    const ids = new Set<string>()
    for (let seed = 0; seed < 10; seed++) {
      const result = generateQuiz(input, blueprint({ seed }))
      if (!result.ok) throw new Error(result.detail)
      Quiz.parse(result.quiz)
      ids.add(canonicalJson(result.quiz.questions))
    }
    expect(ids.size).toBe(10)
  })

  it('keeps to the kinds and the difficulty mix asked for', () => {
    const result = generateQuiz(
      input,
      blueprint({
        kinds: ['who', 'numeric', 'true_false'],
        count: 5,
        difficulty: { easy: 1, medium: 0, hard: 0 },
      }),
    )
    if (!result.ok) throw new Error(result.detail)
    expect(result.quiz.questions.every((q) => ['who', 'true_false'].includes(q.kind))).toBe(true)
    expect(result.quiz.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5'])
  })

  it('splits the count by the difficulty mix, largest remainder first', () => {
    expect(difficultyTargets(10, { easy: 1, medium: 1, hard: 1 })).toEqual({ easy: 4, medium: 3, hard: 3 })
    expect(difficultyTargets(7, { easy: 0.2, medium: 0.5, hard: 0.3 })).toEqual({
      easy: 1,
      medium: 4,
      hard: 2,
    })
  })

  it('answers with a reason, not an exception, when it cannot make the quiz', () => {
    expect(generateQuiz(input, blueprint({ count: 0 }))).toMatchObject({
      ok: false,
      reason: 'INVALID_BLUEPRINT',
    })
    expect(generateQuiz(input, blueprint({ storyId: 'story/none' }))).toMatchObject({
      ok: false,
      reason: 'STORY_NOT_FOUND',
    })
    const tooEarly = generateQuiz(input, blueprint({ asOf: '2020-07-01' }))
    expect(tooEarly).toMatchObject({ ok: false, reason: 'NOT_ENOUGH_FACTS' })
    expect(generateQuiz(input, blueprint({ count: 100 }))).toMatchObject({
      ok: false,
      reason: 'NOT_ENOUGH_FACTS',
    })
  })
})

describe('properties over random logs and dates', () => {
  const day = fc
    .integer({ min: 0, max: 380 })
    .map((n) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10))
  const knownAt = fc
    .integer({ min: 0, max: 200 })
    .map((n) => new Date(Date.UTC(2021, 0, 1) + n * 86_400_000).toISOString())
  const cases = fc.record({
    log: fc.integer({ min: 0, max: 40 }),
    asOf: day,
    knownAt,
    seed: fc.integer(),
    count: fc.integer({ min: 1, max: 8 }),
  })

  it('never mentions what happened after the quiz date or was recorded after knownAt, and keeps every quiz sound', () => {
    let made = 0
    fc.assert(
      fc.property(cases, ({ log: logSeed, asOf, knownAt, seed, count }) => {
        const { events, tokensOf, entityNames, outlets } = randomLog(logSeed)
        const result = generateQuiz(
          { events, logPosition: events.length },
          blueprint({ storyId: RANDOM_STORY, asOf, knownAt, seed, count }),
        )
        if (!result.ok) {
          expect(result.reason).toBe('NOT_ENOUGH_FACTS')
          return
        }
        made += 1
        const quiz = Quiz.parse(result.quiz)
        // An independent statement of the rule: recorded by knownAt, and surely happened by the end of asOf.
        const visible = events.filter((e) => {
          if (e.recordedAt > knownAt) return false
          const ends = [e.occurredOn, e.reportedOn]
            .filter((d): d is string => d !== undefined && d !== 'unknown')
            .map((d) => dayRangeOf(d).last)
          return (
            ends.length > 0 &&
            ends.sort()[0]! <= asOf &&
            e.type !== 'EntityIntroduced' &&
            e.type !== 'StoryOpened'
          )
        })
        const visibleIds = new Set(visible.map((e) => e.eventId))
        const named = new Set(visible.flatMap((e) => actorsOf(e)))
        const cited = new Set(
          visible.flatMap((e) =>
            e.metadata.sources
              .filter((s) => !s.publishedOn || dayRangeOf(s.publishedOn).last <= asOf)
              .map((s) => s.outlet),
          ),
        )
        const text = JSON.stringify(quiz.questions)
        for (const event of events) {
          if (visibleIds.has(event.eventId)) continue
          for (const token of tokensOf.get(event.eventId) ?? []) expect(text).not.toContain(token)
        }
        for (const [id, name] of entityNames) if (!named.has(id)) expect(text).not.toContain(name)
        for (const outlet of outlets) if (!cited.has(outlet)) expect(text).not.toContain(outlet)
        for (const question of quiz.questions) {
          for (const eventId of question.provenance.eventIds) expect(visibleIds.has(eventId)).toBe(true)
          const options = question.kind === 'chronology' ? question.items : question.options
          expect(new Set(options.map((o) => o.text)).size).toBe(options.length)
          if (question.kind === 'true_false') expect(options).toHaveLength(2)
          else if (question.kind !== 'chronology') expect(options.length).toBeGreaterThanOrEqual(3)
          expect(text).not.toMatch(/all of the above|none of the above/i)
        }
        const again = generateQuiz(
          { events, logPosition: events.length },
          blueprint({ storyId: RANDOM_STORY, asOf, knownAt, seed, count }),
        )
        expect(again.ok && canonicalJson(again.quiz)).toBe(canonicalJson(quiz))
      }),
      { numRuns: 150 },
    )
    expect(made).toBeGreaterThan(30)
  })

  it('gives, from one log read once, the quiz each scope gives from a log read afresh', () => {
    // One events array serves a run of requests (other dates, later instants and log positions, as a teacher
    // asks "as the log knows it now"); the facts it keeps must never stand in for facts that differ.
    const scope = fc.record({
      asOf: fc.constantFrom('2020-06-30', '2020-12-31'),
      at: fc.integer({ min: 0, max: 59 }),
      shift: fc.constantFrom(-1, 0, 1),
      position: fc.integer({ min: 30, max: 70 }),
      seed: fc.integer({ min: 0, max: 3 }),
    })
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.array(scope, { minLength: 2, maxLength: 8 }),
        (logSeed, scopes) => {
          const { events } = randomLog(logSeed)
          for (const { asOf, at, shift, position, seed } of scopes) {
            const knownAt = new Date(Date.parse(events[at]!.recordedAt) + shift).toISOString()
            const plan = blueprint({ storyId: RANDOM_STORY, asOf, knownAt, seed, count: 4 })
            const kept = generateQuiz({ events, logPosition: position }, plan)
            const afresh = generateQuiz({ events: [...events], logPosition: position }, plan)
            expect(canonicalJson(kept)).toBe(canonicalJson(afresh))
          }
        },
      ),
      { numRuns: 60 },
    )
  })

  it('never offers, in a who or quote question, a distractor that the visible log makes right too', () => {
    let checked = 0
    fc.assert(
      fc.property(cases, ({ log: logSeed, asOf, knownAt, seed }) => {
        const { events, entityNames } = randomLog(logSeed)
        const result = generateQuiz(
          { events, logPosition: events.length },
          blueprint({
            storyId: RANDOM_STORY,
            asOf,
            knownAt,
            seed,
            count: 4,
            kinds: ['who', 'quote_attribution'],
          }),
        )
        if (!result.ok) return
        const idOf = new Map([...entityNames].map(([id, name]) => [name, id]))
        const visible = factsOf(events, asOf, knownAt).developments.map((d) => d.event)
        for (const question of result.quiz.questions) {
          if (question.kind === 'chronology') continue
          const anchor = events.find((e) => e.eventId === question.template.anchor.split('@')[0])!
          for (const option of question.options) {
            if (option.id === question.key) continue
            const id = idOf.get(option.text)!
            const alsoRight = visible.some((e) => {
              if (anchor.type === 'BidRejected' && e.type === 'BidRejected')
                return e.data.bidderId === id && e.data.rejectedById === anchor.data.rejectedById
              if (anchor.type === 'PartnerSelected' && e.type === 'PartnerSelected')
                return (
                  e.data.partnerId === id &&
                  e.data.selectedById === anchor.data.selectedById &&
                  e.data.role === anchor.data.role
                )
              if (anchor.type === 'BidWithdrawn' && e.type === 'BidWithdrawn') return e.data.bidderId === id
              if (anchor.type === 'GovernmentActionTaken' && e.type === 'GovernmentActionTaken')
                return e.data.actorId === id && e.data.title === anchor.data.title
              if (anchor.type === 'StatementMade' && e.type === 'StatementMade')
                return e.data.speakerId === id && e.data.quote === anchor.data.quote
              if ((anchor.type === 'BidMade' || anchor.type === 'InterestExpressed') && e.type === 'BidMade')
                return e.data.bidderId === id || (e.data.partnerIds ?? []).includes(id)
              if (anchor.type === 'InterestExpressed' && e.type === 'InterestExpressed')
                return e.data.partyId === id
              return false
            })
            expect(alsoRight).toBe(false)
            checked += 1
          }
        }
      }),
      { numRuns: 80 },
    )
    expect(checked).toBeGreaterThan(20)
  })
})

describe('re-rolling a question', () => {
  const events = tiktokLog()
  const input = { events, logPosition: events.length }
  const quizOf = (overrides: Partial<Blueprint> = {}) => {
    const result = generateQuiz(input, blueprint(overrides))
    if (!result.ok) throw new Error(result.detail)
    return result.quiz
  }

  it('replaces only that question, under the same number, with one the quiz did not have', () => {
    const before = quizOf()
    const after = quizOf({ rerolls: [3] })
    expect(after.questions.map((q) => q.id)).toEqual(before.questions.map((q) => q.id))
    after.questions.forEach((question, index) => {
      if (index === 2) expect(question.stem).not.toBe(before.questions[2]?.stem)
      else expect(canonicalJson(question)).toBe(canonicalJson(before.questions[index]))
    })
    expect(before.questions.map((q) => q.stem)).not.toContain(after.questions[2]?.stem)
    expect(after.blueprint.rerolls).toEqual([3])
    expect(after.id).not.toBe(before.id)
  })

  it('gives the same quiz for the same re-rolls, and never brings a replaced question back', () => {
    const twice = quizOf({ rerolls: [3, 3] })
    expect(canonicalJson(quizOf({ rerolls: [3, 3] }))).toBe(canonicalJson(twice))
    const stems = [quizOf().questions[2]?.stem, quizOf({ rerolls: [3] }).questions[2]?.stem]
    expect(stems).not.toContain(twice.questions[2]?.stem)
  })

  it('refuses a number outside the quiz, and says so when nothing is left to draw', () => {
    expect(generateQuiz(input, blueprint({ rerolls: [9] }))).toMatchObject({
      ok: false,
      reason: 'INVALID_BLUEPRINT',
    })
    const exhausted = generateQuiz(
      input,
      blueprint({ count: 3, kinds: ['numeric'], rerolls: Array(50).fill(1) }),
    )
    expect(exhausted).toMatchObject({
      ok: false,
      reason: 'NOT_ENOUGH_FACTS',
      detail: expect.stringContaining('take the place of question 1'),
    })
  })
})

describe('source questions on the founding article', () => {
  it('never ask which outlet reported what the class read in the article itself', async () => {
    const events = await storedEventsOf('tiktok-oracle-2020')
    const asked: string[] = []
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const result = generateQuiz(
        { events, logPosition: events.length },
        {
          storyId: events[0]!.streamId,
          asOf: '2020-09-30',
          knownAt: LATER,
          count: 1,
          kinds: ['source_attribution'],
          difficulty: { easy: 1, medium: 1, hard: 1 },
          seed,
        },
      )
      if (!result.ok) throw new Error(result.detail)
      for (const question of result.quiz.questions) asked.push(...textsOf(question))
    }
    // The outlets named beside the article (the Wall Street Journal, the SCMP, Microsoft, Twitter) are asked.
    expect(asked.length).toBeGreaterThan(0)
    expect(asked.filter((text) => /founding article/i.test(text))).toEqual([])
    expect(new Set(asked)).toContain('The Wall Street Journal')
  })
})
