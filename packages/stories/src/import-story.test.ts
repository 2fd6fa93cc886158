import { EventValidationError } from '@storyledger/core'
import { openTestStore, type TestStore, testBackends } from '@storyledger/core/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { exportStory } from './export-story.js'
import { entity, header, interest, smallStory, storyFile } from './fixtures/story-lines.js'
import { type ImportProgress, importStory, StoryConflictError } from './import-story.js'
import { parseStoryFile } from './parse-story-file.js'
import type { Story } from './story.js'
import { streamIdOf } from './story-id.js'

function parse(text: string): Story {
  const parsed = parseStoryFile(text)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return parsed.story
}

describe.each(testBackends())('importStory and exportStory on %s', (backend) => {
  let t: TestStore
  beforeEach(async () => {
    t = await openTestStore(backend)
  })
  afterEach(async () => {
    await t.close()
  })

  it('appends the story to story/<id> in batches and reports progress after each', async () => {
    const story = parse(smallStory())
    const progress: ImportProgress[] = []
    const result = await importStory(t.store, story, { batchSize: 5, onProgress: (p) => progress.push(p) })
    expect(result).toEqual({ streamId: 'story/test-story', total: 12, written: 12, alreadyStored: 0 })
    expect(progress).toEqual([
      { done: 0, total: 12 },
      { done: 5, total: 12 },
      { done: 10, total: 12 },
      { done: 12, total: 12 },
    ])
    const events = await t.store.readStream('story/test-story')
    expect(events.map((e) => e.type)).toEqual([
      'StoryOpened',
      'EntityIntroduced',
      'EntityIntroduced',
      'EntityIntroduced',
      'EntityIntroduced',
      'InterestExpressed',
      'BidMade',
      'GovernmentActionTaken',
      'DeadlineSet',
      'DeadlineExtended',
      'DevelopmentCorrected',
      'DevelopmentRetracted',
    ])
    const bid = events[6]!
    expect(bid.metadata).toEqual({
      recordedBy: 'a test',
      correlationId: 'acme-bid',
      sources: [
        {
          outlet: 'The Daily Ledger',
          publishedOn: '2021-03-03',
          url: 'https://example.org/bid',
          attribution: 'two people familiar with the matter',
        },
      ],
    })
    expect(events[5]!.metadata.reason).toBe('[certainty: uncertain] only "this month"')
    expect(events[9]!.metadata.recordedBy).toBe('another teacher')
    const correction = events[10]!
    expect(correction.type === 'DevelopmentCorrected' && correction.data.correctsEventId).toBe(bid.eventId)
    const deadline = events[8]!
    expect(deadline.type === 'DeadlineSet' && deadline.data.basisEventId).toBe(events[7]!.eventId)
  })

  it('writes nothing when the same story is imported again', async () => {
    const story = parse(smallStory())
    await importStory(t.store, story)
    const head = await t.store.head()
    const progress: ImportProgress[] = []
    const again = await importStory(t.store, parse(smallStory()), { onProgress: (p) => progress.push(p) })
    expect(again).toEqual({ streamId: 'story/test-story', total: 12, written: 0, alreadyStored: 12 })
    expect(progress).toEqual([{ done: 12, total: 12 }])
    expect(await t.store.head()).toEqual(head)
  })

  it('appends only the lines added at the end of an imported file', async () => {
    const base = [header(), entity('acme'), interest('a', 'acme')]
    await importStory(t.store, parse(storyFile(...base)))
    const result = await importStory(t.store, parse(storyFile(...base, interest('b', 'acme'))))
    expect(result).toMatchObject({ written: 1, alreadyStored: 3 })
    expect((await t.store.readStream('story/test-story')).map((e) => e.metadata.correlationId)).toEqual([
      undefined,
      undefined,
      'a',
      'b',
    ])
  })

  it('resumes an import that stopped halfway', async () => {
    const story = parse(smallStory())
    const partial: Story = { ...story, lines: story.lines.slice(0, 6) }
    await importStory(t.store, partial)
    const result = await importStory(t.store, story)
    expect(result).toMatchObject({ written: 5, alreadyStored: 7 })
    expect((await t.store.verify()).ok).toBe(true)
  })

  it('refuses, writing nothing, a file whose imported development was edited', async () => {
    await importStory(t.store, parse(storyFile(header(), entity('acme'), interest('a', 'acme'))))
    const edited = parse(
      storyFile(
        header(),
        entity('acme'),
        interest('a', 'acme', { occurredOn: '2021-03-09' }),
        interest('b', 'acme'),
      ),
    )
    const head = await t.store.head()
    const error = await importStory(t.store, edited).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoryConflictError)
    expect(error).toMatchObject({ code: 'STORY_CONFLICT', key: 'a' })
    expect((error as StoryConflictError).message).toContain('occurredOn')
    expect(await t.store.head()).toEqual(head)
  })

  it('gives each story its own event ids, so two stories may use the same keys', async () => {
    await importStory(t.store, parse(storyFile(header({ id: 'one' }), entity('acme'), interest('a', 'acme'))))
    const other = await importStory(
      t.store,
      parse(storyFile(header({ id: 'two' }), entity('acme'), interest('a', 'acme'))),
    )
    expect(other.written).toBe(3)
    expect((await t.store.listStreams()).map((s) => s.streamId)).toEqual(['story/one', 'story/two'])
  })

  it('round-trips: parse, import, read, export and parse again give the same story', async () => {
    const story = parse(smallStory())
    await importStory(t.store, story)
    const exported = exportStory(await t.store.readStream(streamIdOf(story.id)))
    expect(parse(exported)).toEqual(story)
    expect(exported.split('\n')[0]).toContain('"format":"storyledger-story","version":1')
  })

  it('exports events recorded outside a file with their ids pinned, so re-importing them writes nothing', async () => {
    await importStory(t.store, parse(storyFile(header(), entity('acme'), interest('a', 'acme'))))
    await t.store.append('story/test-story', [
      {
        type: 'BidMade',
        occurredOn: '2021-04',
        data: { bidderId: 'acme' },
        metadata: { recordedBy: 'the web form', reason: 'typed in class', sources: [{ outlet: 'Radio' }] },
      },
    ])
    const exported = exportStory(await t.store.readStream('story/test-story'))
    const last = JSON.parse(exported.trim().split('\n').at(-1)!)
    expect(last).toMatchObject({ type: 'BidMade', recordedBy: 'the web form', note: 'typed in class' })
    expect(last.key).toBe(`event-${last.eventId}`)
    const head = await t.store.head()
    expect(await importStory(t.store, parse(exported))).toMatchObject({ written: 0, alreadyStored: 4 })
    expect(await t.store.head()).toEqual(head)
  })

  it('leaves the catalogue checks to the store as well: a Story built by hand cannot bypass them', async () => {
    const story = parse(storyFile(header(), entity('acme'), interest('a', 'acme')))
    const broken: Story = {
      ...story,
      lines: [
        ...story.lines,
        { ...story.lines[1]!, kind: 'development', key: 'b', type: 'BidMade', data: {} },
      ],
    } as Story
    await expect(importStory(t.store, broken)).rejects.toBeInstanceOf(EventValidationError)
  })
})
