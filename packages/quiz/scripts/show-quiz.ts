/**
 * Prints a quiz made from a bundled story, to read the English and check the keys against the sources:
 *
 *     pnpm --filter @storyledger/quiz show-quiz [story-id] [as-of YYYY-MM-DD] [count] [seed]
 *
 * The story's events get log positions and recorded times as an import would give them (no database).
 * A development tool, not part of the package: it reads files through @storyledger/stories.
 */
import { storedEventsOf } from '../src/fixtures/bundled-log.js'
import { generateQuiz, QuestionKind } from '../src/index.js'

const [storyId = 'tiktok-us-saga-2020-2026', asOf = '2020-09-20', count = '12', seed = 'show'] =
  process.argv.slice(2)

const events = await storedEventsOf(storyId)
const result = generateQuiz(
  { events, logPosition: events.length },
  {
    storyId: events[0]!.streamId,
    asOf,
    knownAt: '2026-12-31T00:00:00.000Z',
    count: Number(count),
    kinds: QuestionKind.options,
    difficulty: { easy: 1, medium: 1, hard: 1 },
    seed,
  },
)
if (!result.ok) {
  console.log(`${result.reason}: ${result.detail}`)
} else {
  for (const q of result.quiz.questions) {
    console.log(`\n${q.id} [${q.kind}, ${q.template.id}, ${q.difficulty}] ${q.stem}`)
    const options = q.kind === 'chronology' ? q.items : q.options
    for (const o of options) {
      const mark = q.kind === 'chronology' ? String(q.order.indexOf(o.id) + 1) : o.id === q.key ? '*' : ' '
      console.log(`  ${mark} ${o.text}\n      ${o.feedback}`)
    }
  }
}
