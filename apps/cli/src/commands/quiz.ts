import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { generateQuiz, QuestionKind, type Quiz, toGift, toMoodleXml, toQtiPackage } from '@storyledger/quiz'
import { type Io, withStore } from '../open-store.js'
import { CommandError, UsageError } from '../usage-error.js'
import { readStory } from './stories.js'

const FORMATS = ['text', 'json', 'moodle', 'gift', 'qti'] as const
type Format = (typeof FORMATS)[number]

/**
 * `quiz STORY --as-of DAY [--known-at INSTANT] [--count N] [--kinds a,b] [--seed S] [--format F] [--out FILE]`:
 * a quiz on the story as of a day, for the teacher (keys and feedback included), or exported for Moodle or Canvas.
 */
export async function quizCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'as-of': { type: 'string' },
      'known-at': { type: 'string' },
      count: { type: 'string', default: '10' },
      kinds: { type: 'string' },
      seed: { type: 'string', default: 'storyledger' },
      format: { type: 'string', default: 'text' },
      out: { type: 'string' },
    },
  })
  const [story] = positionals
  if (story === undefined || positionals.length > 1) throw new UsageError('quiz needs exactly one STORY')
  const asOf = values['as-of']
  if (asOf === undefined) throw new UsageError('quiz needs --as-of DAY')
  const format = values.format as Format
  if (!FORMATS.includes(format)) throw new UsageError(`--format is one of ${FORMATS.join(', ')}`)
  if (format === 'qti' && values.out === undefined)
    throw new UsageError('--format qti writes a zip: give --out FILE')
  const kinds = QuestionKind.array().safeParse(
    values.kinds?.split(',').map((k) => k.trim()) ?? QuestionKind.options,
  )
  if (!kinds.success)
    throw new UsageError(`--kinds takes a comma-separated list of ${QuestionKind.options.join(', ')}`)
  const knownAt = new Date(values['known-at'] ?? (io.now?.() ?? new Date()).toISOString())
  if (Number.isNaN(knownAt.getTime())) throw new UsageError('--known-at needs a day or an ISO instant')

  return withStore(io, async (store) => {
    const events = await readStory(store, story)
    const result = generateQuiz(
      { events, logPosition: Math.max(...events.map((e) => e.position)) },
      {
        storyId: events[0]?.streamId ?? story,
        asOf,
        knownAt: knownAt.toISOString(),
        count: Number(values.count),
        kinds: kinds.data,
        difficulty: { easy: 1, medium: 1, hard: 1 },
        seed: values.seed,
      },
    )
    if (!result.ok) throw new CommandError(`no quiz: ${result.reason}: ${result.detail}`)
    const output = render(result.quiz, format)
    if (values.out === undefined) io.out(typeof output === 'string' ? output : '')
    else {
      await writeFile(values.out, output)
      io.err(`wrote ${values.out} (${result.quiz.questions.length} questions)`)
    }
    return 0
  })
}

function render(quiz: Quiz, format: Format): string | Uint8Array {
  switch (format) {
    case 'json':
      return JSON.stringify(quiz)
    case 'moodle':
      return toMoodleXml(quiz)
    case 'gift':
      return toGift(quiz)
    case 'qti':
      return toQtiPackage(quiz)
    case 'text':
      return preview(quiz)
  }
}

/** The teacher's preview: every question with its key (*) or order, and the feedback that cites the sources. */
function preview(quiz: Quiz): string {
  const lines = [`Quiz ${quiz.id}: as of ${quiz.blueprint.asOf}, seed ${String(quiz.blueprint.seed)}`]
  for (const q of quiz.questions) {
    lines.push('', `${q.id} [${q.kind}, ${q.difficulty}] ${q.stem}`)
    if (q.kind === 'chronology') {
      for (const item of q.items) lines.push(`  ${q.order.indexOf(item.id) + 1}. ${item.text}`)
    } else {
      for (const option of q.options) lines.push(`  ${option.id === q.key ? '*' : ' '} ${option.text}`)
    }
    lines.push(`  Feedback: ${q.generalFeedback}`)
  }
  return lines.join('\n')
}
