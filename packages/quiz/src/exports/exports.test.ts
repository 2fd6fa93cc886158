import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { strFromU8, unzipSync } from 'fflate'
import { parse as parseGift } from 'gift-pegjs'
import { describe, expect, it } from 'vitest'
import { sampleQuiz } from '../fixtures/sample-quiz.js'
import { TIKTOK_STORY, tiktokLog } from '../fixtures/tiktok-log.js'
import { TWITTER_STORY, twitterLog } from '../fixtures/twitter-log.js'
import { generateQuiz } from '../generate/generate-quiz.js'
import type { ChronologyQuestion } from '../model.js'
import { QuestionKind, type Quiz } from '../model.js'
import { escapeGift, toGift } from './gift.js'
import { moodleIdNumber, toMoodleXml } from './moodle-xml.js'
import { toQtiPackage } from './qti.js'

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) =>
    ['question', 'answer', 'tag', 'resource', 'simpleChoice', 'modalFeedback', 'value'].includes(name),
})

/** Moodle keeps HTML in <text>: strip the paragraph the exporter wraps it in, and its entities. */
const plain = (html: string) =>
  html
    .replace(/^<p>|<\/p>$/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

describe('toMoodleXml', () => {
  const xml = toMoodleXml(sampleQuiz)
  const questions = parser.parse(xml).quiz.question

  it('is well-formed XML with a category then one question per question', () => {
    expect(XMLValidator.validate(xml)).toBe(true)
    expect(questions.map((q: { '@type': string }) => q['@type'])).toEqual([
      'category',
      'multichoice',
      'truefalse',
      'ordering',
      'multichoice',
    ])
    expect(questions[0].category.text).toBe('$course$/top/storyledger/story/tiktok-us/quiz-00000000000000aa')
  })

  it('keeps the key, every option with its feedback, the stem and the general feedback', () => {
    const who = questions[1]
    expect(plain(who.questiontext.text)).toBe(sampleQuiz.questions[0]!.stem)
    expect(
      who.answer.map((a: { text: string; '@fraction': string }) => [plain(a.text), a['@fraction']]),
    ).toEqual([
      ['Microsoft', '100'],
      ['Oracle', '0'],
      ['Twitter', '0'],
    ])
    expect(plain(who.answer[1].feedback.text)).toContain('trusted technical partner')
    expect(plain(who.generalfeedback.text)).toBe('Reported by The Wall Street Journal, 13 September 2020.')
    const quote = questions[4]
    expect(plain(quote.questiontext.text)).toContain('"We are confident')
  })

  it('writes a true/false question with the key on the right answer', () => {
    const tf = questions[2]
    expect(tf.answer.map((a: { text: string; '@fraction': string }) => [a.text, a['@fraction']])).toEqual([
      ['true', '0'],
      ['false', '100'],
    ])
  })

  it('writes the chronology as an ordering question in the correct order, graded by longest ordered subset', () => {
    const ordering = questions[3]
    const chronology = sampleQuiz.questions[2] as ChronologyQuestion
    expect(ordering.gradingtype).toBe('LONGEST_ORDERED_SUBSET')
    expect(ordering.answer.map((a: { '@fraction': string }) => a['@fraction'])).toEqual(['1', '2', '3', '4'])
    expect(ordering.answer.map((a: { text: string }) => plain(a.text))).toEqual(
      chronology.order.map((id) => chronology.items.find((i) => i.id === id)!.text),
    )
  })

  it('carries provenance in idnumber and tags', () => {
    const who = questions[1]
    expect(who.idnumber).toBe('who.bid-rejected@1:01900000-0000-7000-8000-000000000001')
    expect(who.idnumber).toBe(moodleIdNumber(sampleQuiz.questions[0]!))
    const tags = who.tags.tag.map((t: { text: string }) => t.text)
    expect(tags).toEqual(
      expect.arrayContaining([
        'kind:who',
        'template:who.bid-rejected@1',
        'event:01900000-0000-7000-8000-000000000001',
      ]),
    )
    expect(questions[3].tags.tag).toHaveLength(4 + 4)
  })
})

describe('toGift', () => {
  it('escapes the characters GIFT reserves', () => {
    expect(escapeGift('a ~ b = c # d { e } f : g \\ h')).toBe('a \\~ b \\= c \\# d \\{ e \\} f \\: g \\\\ h')
  })

  it('parses back with gift-pegjs into the same questions, keys and feedback', () => {
    const parsed = parseGift(toGift(sampleQuiz))
    expect(parsed.map((q) => q.type)).toEqual(['Category', 'MC', 'TF', 'Matching', 'MC'])
    const [, who, tf, order, quote] = parsed
    if (who?.type !== 'MC' || tf?.type !== 'TF' || order?.type !== 'Matching' || quote?.type !== 'MC')
      throw new Error('unexpected question types')
    expect(who.stem.text).toBe(sampleQuiz.questions[0]!.stem)
    expect(who.choices.map((c) => [c.text.text, c.isCorrect])).toEqual([
      ['Microsoft', true],
      ['Oracle', false],
      ['Twitter', false],
    ])
    expect(who.choices[0]!.feedback?.text).toBe(
      "Right: ByteDance rejected Microsoft's bid on 13 September 2020.",
    )
    expect(who.globalFeedback?.text).toBe('Reported by The Wall Street Journal, 13 September 2020.')
    expect(who.id).toBe('who.bid-rejected@1/01900000-0000-7000-8000-000000000001')
    expect(who.tags).toContain('event-01900000-0000-7000-8000-000000000001')
    // The stem of the true/false question is full of reserved characters: it must come back intact.
    expect(tf.stem.text).toBe(sampleQuiz.questions[1]!.stem)
    expect(tf.isTrue).toBe(false)
    expect(tf.trueFeedback?.text).toBe('No: the order of 6 August 2020 gave 45 days.')
    expect(order.matchPairs.map((p) => p.subanswer)).toEqual(['1st', '2nd', '3rd', '4th'])
    expect(order.matchPairs[0]!.subquestion.text).toBe('The President signed an executive order')
    expect(quote.stem.text).toBe(sampleQuiz.questions[3]!.stem)
  })
})

describe('toQtiPackage', () => {
  const files = unzipSync(toQtiPackage(sampleQuiz))

  it('is a zip with a manifest, a test and one item per question, all well-formed', () => {
    expect(Object.keys(files).sort()).toEqual([
      'assessment.xml',
      'imsmanifest.xml',
      'items/q1.xml',
      'items/q2.xml',
      'items/q3.xml',
      'items/q4.xml',
    ])
    for (const bytes of Object.values(files)) expect(XMLValidator.validate(strFromU8(bytes))).toBe(true)
  })

  it('lists every file in the manifest with QTI 2.1 resource types', () => {
    const manifest = parser.parse(strFromU8(files['imsmanifest.xml']!)).manifest
    expect(manifest.metadata.schema).toBe('QTIv2.1 Package')
    const resources = manifest.resources.resource
    expect(resources.map((r: { '@type': string }) => r['@type'])).toEqual([
      'imsqti_test_xmlv2p1',
      ...Array(4).fill('imsqti_item_xmlv2p1'),
    ])
    for (const resource of resources) expect(files[resource['@href']]).toBeDefined()
  })

  it('declares the key of a choice item and the order of a chronology', () => {
    const item = parser.parse(strFromU8(files['items/q1.xml']!)).assessmentItem
    expect(item.responseDeclaration.correctResponse.value).toEqual(['o_a'])
    expect(item.itemBody.choiceInteraction.simpleChoice.map((c: { '#text': string }) => c['#text'])).toEqual([
      'Microsoft',
      'Oracle',
      'Twitter',
    ])
    expect(item.modalFeedback).toHaveLength(3)
    const order = parser.parse(strFromU8(files['items/q3.xml']!)).assessmentItem
    expect(order.responseDeclaration['@cardinality']).toBe('ordered')
    expect(order.responseDeclaration.correctResponse.value).toEqual(['o_a', 'o_b', 'o_c', 'o_d'])
  })

  it('is the same bytes for the same quiz', () => {
    expect(toQtiPackage(sampleQuiz)).toEqual(toQtiPackage(sampleQuiz))
  })
})

describe('exports of generated quizzes', () => {
  const generated = (storyId: string, events: ReturnType<typeof tiktokLog>, asOf: string): Quiz => {
    const result = generateQuiz(
      { events, logPosition: events.length },
      {
        storyId,
        asOf,
        knownAt: '2030-01-01T00:00:00.000Z',
        count: 10,
        kinds: QuestionKind.options,
        difficulty: { easy: 1, medium: 1, hard: 1 },
        seed: 'exports',
      },
    )
    if (!result.ok) throw new Error(result.detail)
    return result.quiz
  }
  const quizzes = [
    generated(TIKTOK_STORY, tiktokLog(), '2020-11-30'),
    generated(TWITTER_STORY, twitterLog(), '2022-10-31'),
  ]

  it('round-trip every question through Moodle XML, GIFT and QTI with its stem and key intact', () => {
    for (const quiz of quizzes) {
      const xml = toMoodleXml(quiz)
      expect(XMLValidator.validate(xml)).toBe(true)
      const moodle = parser.parse(xml).quiz.question.slice(1)
      expect(moodle.map((q: { questiontext: { text: string } }) => plain(q.questiontext.text))).toEqual(
        quiz.questions.map((q) => q.stem),
      )
      const gift = parseGift(toGift(quiz)).slice(1)
      expect(gift.map((q) => ('stem' in q ? q.stem.text : ''))).toEqual(quiz.questions.map((q) => q.stem))
      gift.forEach((parsed, i) => {
        const question = quiz.questions[i]!
        if (question.kind === 'chronology' || question.kind === 'true_false') return
        if (parsed.type !== 'MC') throw new Error(`expected MC, got ${parsed.type}`)
        const key = question.options.find((o) => o.id === question.key)!.text
        expect(parsed.choices.filter((c) => c.isCorrect).map((c) => c.text.text)).toEqual([key])
      })
      const files = unzipSync(toQtiPackage(quiz))
      expect(Object.keys(files).filter((f) => f.startsWith('items/'))).toHaveLength(quiz.questions.length)
      for (const bytes of Object.values(files)) expect(XMLValidator.validate(strFromU8(bytes))).toBe(true)
    }
  })
})
