/**
 * One digest of many quizzes: fixtures, the bundled stories and random logs of 80 to 10,000 events, at several
 * dates, known-at instants, kinds, counts and seeds, each quiz (or its failure) as canonical JSON. A change
 * meant only to make generation faster must leave the digest as it was:
 *
 *   pnpm --filter @storyledger/quiz digest            # prints the digest and how many quizzes it covers
 */
import { canonicalJson, type StoredEvent, sha256, toHex } from '@storyledger/core'
import { storedEventsOf } from '../src/fixtures/bundled-log.js'
import { RANDOM_STORY, randomLog } from '../src/fixtures/random-log.js'
import { TIKTOK_STORY, tiktokLog } from '../src/fixtures/tiktok-log.js'
import { TWITTER_STORY, twitterLog } from '../src/fixtures/twitter-log.js'
import { generateQuiz, QuestionKind } from '../src/index.js'

interface Story {
  readonly name: string
  readonly storyId: string
  readonly events: readonly StoredEvent[]
  readonly dates: readonly string[]
}

const bundled = async (id: string, dates: string[]): Promise<Story> => {
  const events = await storedEventsOf(id)
  return { name: id, storyId: events[0]!.streamId, events, dates }
}
const stories: Story[] = [
  {
    name: 'tiktok fixture',
    storyId: TIKTOK_STORY,
    events: tiktokLog(),
    dates: ['2020-08-15', '2020-09-20', '2020-12-31'],
  },
  {
    name: 'twitter fixture',
    storyId: TWITTER_STORY,
    events: twitterLog(),
    dates: ['2022-05-01', '2022-12-31'],
  },
  await bundled('tiktok-oracle-2020', ['2020-09-13', '2020-09-30']),
  await bundled('tiktok-us-saga-2020-2026', ['2020-09-13', '2020-12-31', '2026-02-01']),
  await bundled('microsoft-activision-2022-2023', ['2022-06-30', '2023-12-31']),
  ...[80, 300, 1_000].map((size, i) => ({
    name: `random ${size}`,
    storyId: RANDOM_STORY,
    events: randomLog(100 + i, size).events,
    dates: ['2020-06-30', '2020-12-31'],
  })),
  {
    name: 'random 10000',
    storyId: RANDOM_STORY,
    events: randomLog(1, 10_000, { chronological: true }).events,
    dates: ['2020-12-31'],
  },
]
const kindSets: (readonly QuestionKind[])[] = [
  QuestionKind.options,
  ['who', 'as_of', 'chronology'],
  ['numeric', 'true_false', 'what_changed'],
]
const knownAts = ['2999-01-01T00:00:00.000Z', '2026-01-01T00:01:00.000Z']

let count = 0
let failures = 0
const parts: string[] = []
for (const story of stories) {
  for (const asOf of story.dates)
    for (const knownAt of knownAts)
      for (const [k, kinds] of kindSets.entries())
        for (const seed of [0, 1, 'form B']) {
          const result = generateQuiz(
            { events: story.events, logPosition: story.events.length },
            {
              storyId: story.storyId,
              asOf,
              knownAt,
              count: k === 0 ? 20 : 6,
              kinds,
              difficulty: { easy: 1, medium: 1, hard: 1 },
              seed,
              ...(seed === 1 ? { rerolls: [2] } : {}),
            },
          )
          count++
          if (!result.ok) failures++
          parts.push(canonicalJson(result))
        }
}
console.log(
  `${toHex(sha256(parts.join('\n')))}  ${count} quizzes (${failures} could not be made) from ${stories.length} stories`,
)
