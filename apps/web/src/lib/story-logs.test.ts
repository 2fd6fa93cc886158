import { openTestStore, type TestStore } from '@storyledger/core/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FOUNDING_STORY_ID } from '../seed/founding-story.js'
import { seedFoundingStory } from '../seed/seed-story.js'
import { storyLogs } from './story-logs.js'

describe('storyLogs', () => {
  let t: TestStore
  beforeEach(async () => {
    t = await openTestStore('pglite')
    await seedFoundingStory(t.store)
  })
  afterEach(() => t.close())

  const statement = {
    type: 'StatementMade' as const,
    data: { speakerId: 'oracle', quote: 'We are pleased to be chosen.', channel: 'statement' as const },
    occurredOn: '2020-09-14',
    metadata: { recordedBy: 'test', sources: [{ outlet: 'Reuters', publishedOn: '2020-09-14' }] },
  }

  it('gives the story as the log holds it, and the same array while nothing new arrives', async () => {
    const logs = storyLogs(t.store)
    const first = await logs.read(FOUNDING_STORY_ID)
    expect(first.map((e) => e.eventId)).toEqual(
      (await t.store.readStream(FOUNDING_STORY_ID)).map((e) => e.eventId),
    )
    expect(first.length).toBeGreaterThan(20)
    expect(await logs.read(FOUNDING_STORY_ID)).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
  })

  it('adds what was appended since, in a new array, and leaves the one it gave before as it was', async () => {
    const logs = storyLogs(t.store)
    const before = await logs.read(FOUNDING_STORY_ID)
    const length = before.length
    await t.store.append(FOUNDING_STORY_ID, [statement], { expectedVersion: length })
    const after = await logs.read(FOUNDING_STORY_ID)
    expect(after).not.toBe(before)
    expect(before).toHaveLength(length)
    expect(after.slice(0, length)).toEqual(before)
    expect(after.map((e) => e.streamVersion)).toEqual(Array.from({ length: length + 1 }, (_, i) => i + 1))
    expect(after[length]).toMatchObject({ type: 'StatementMade', data: statement.data })
  })

  it('gives nothing for a story the log does not hold, and the story once it does', async () => {
    const logs = storyLogs(t.store)
    expect(await logs.read('story/none-such')).toEqual([])
    await t.store.append('story/none-such', [
      { ...statement, type: 'StoryOpened', data: { title: 'Later', subject: 'a deal' } },
    ])
    expect(await logs.read('story/none-such')).toHaveLength(1)
  })
})
