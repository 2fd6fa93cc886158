import { anEvent, openTestStore, testBackends } from '@storyledger/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { loadBundledStory } from './bundled-stories.js'
import { importStory } from './import-story.js'
import { openStoryCatalogue } from './story-catalogue.js'
import { toNewEvents } from './to-new-events.js'

describe.each(testBackends())('the story catalogue read model on %s', (backend) => {
  const opened: { close(): Promise<void> }[] = []
  afterEach(async () => {
    for (const t of opened.splice(0)) await t.close()
  })

  it('lists each imported story with its title, counts and date range, and skips other streams', async () => {
    const t = await openTestStore(backend)
    opened.push(t)
    const story = await loadBundledStory('microsoft-activision-2022-2023')
    await importStory(t.store, story)
    await t.store.append('classroom/quiz-1', [anEvent()])
    const catalogue = openStoryCatalogue(t.database)

    const [entry, ...others] = await catalogue.list()
    expect(others).toEqual([])
    const { events } = toNewEvents(story)
    expect(entry).toMatchObject({
      storyId: 'microsoft-activision-2022-2023',
      streamId: 'story/microsoft-activision-2022-2023',
      title: story.opening.data.title,
      events: events.length,
      corrections: 0,
      retractions: 0,
    })
    const dated = story.lines.filter((l) => l.kind === 'development' && l.occurredOn !== 'unknown')
    expect(entry?.developments).toBeGreaterThanOrEqual(dated.length)
    expect(entry?.firstOccurredOn?.startsWith('2022')).toBe(true)
    expect(entry?.lastOccurredOn?.startsWith('2023')).toBe(true)
  })

  it('keeps up with later appends, counts a retraction, and rebuilds to the same documents', async () => {
    const t = await openTestStore(backend)
    opened.push(t)
    const first = await t.store.append('story/small', [
      {
        ...anEvent(),
        type: 'StoryOpened',
        occurredOn: 'unknown',
        data: { title: 'Small', subject: 'A test' },
      },
      anEvent({ occurredOn: '2021-05' }),
    ])
    const catalogue = openStoryCatalogue(t.database)
    expect((await catalogue.list())[0]).toMatchObject({ title: 'Small', developments: 1, lastPosition: 2 })

    const developmentId = first.eventIds[1] ?? ''
    await t.store.append('story/small', [
      anEvent({ occurredOn: '2021-04-30' }),
      {
        type: 'DevelopmentRetracted',
        occurredOn: 'unknown',
        data: { retractsEventId: developmentId, reason: 'the source withdrew it' },
        metadata: { recordedBy: 'test', sources: [] },
      },
    ])
    const updated = await catalogue.list()
    expect(updated[0]).toMatchObject({
      developments: 2,
      retractions: 1,
      firstOccurredOn: '2021-04-30',
      lastOccurredOn: '2021-05',
      lastPosition: 4,
    })
    await catalogue.projector.rebuild()
    expect(await catalogue.list()).toEqual(updated)
  })
})
