import { readFile } from 'node:fs/promises'
import { openTestStore, testBackends } from '@storyledger/core/testing'
import {
  BUNDLED_STORY_IDS,
  bundledStoryPath,
  exportStory,
  importStory,
  parseStoryFile,
  streamIdOf,
} from '../src/index.js'

/** Prints how long parsing, importing, re-importing and exporting the bundled stories take. */
const texts = await Promise.all(BUNDLED_STORY_IDS.map((id) => readFile(bundledStoryPath(id), 'utf8')))
const ms = (start: number) => `${(performance.now() - start).toFixed(1)} ms`

for (const [i, id] of BUNDLED_STORY_IDS.entries()) {
  const text = texts[i]!
  parseStoryFile(text) // warm up
  const runs = 20
  const start = performance.now()
  for (let run = 0; run < runs; run++) parseStoryFile(text)
  const lines = text.trim().split('\n').length
  console.log(`parse ${id}: ${lines} lines, ${((performance.now() - start) / runs).toFixed(2)} ms per parse`)
}

for (const backend of testBackends()) {
  const t = await openTestStore(backend)
  for (const [i, id] of BUNDLED_STORY_IDS.entries()) {
    const parsed = parseStoryFile(texts[i]!)
    if (!parsed.ok) throw new Error(`${id} does not parse`)
    let start = performance.now()
    const result = await importStory(t.store, parsed.story)
    const first = ms(start)
    start = performance.now()
    await importStory(t.store, parsed.story)
    const again = ms(start)
    start = performance.now()
    exportStory(await t.store.readStream(streamIdOf(id)))
    console.log(
      `${backend} ${id}: import ${result.written} events ${first}, re-import ${again}, read+export ${ms(start)}`,
    )
  }
  await t.close()
}
