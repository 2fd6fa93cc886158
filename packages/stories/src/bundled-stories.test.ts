import { openTestStore, type TestStore, testBackends } from '@storyledger/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BUNDLED_STORY_IDS,
  bundledStories,
  FOUNDING_STORY,
  loadBundledStory,
  UnknownStoryError,
} from './bundled-stories.js'
import { exportStory } from './export-story.js'
import { importStory } from './import-story.js'
import { parseStoryFile } from './parse-story-file.js'
import type { Story, StoryDevelopment } from './story.js'
import { streamIdOf } from './story-id.js'

const developmentsOf = (story: Story) =>
  story.lines.filter((line): line is StoryDevelopment => line.kind === 'development')
const byKey = (story: Story, key: string) => {
  const found = developmentsOf(story).find((d) => d.key === key)
  if (!found) throw new Error(`no development "${key}" in ${story.id}`)
  return found
}

describe('the bundled stories', () => {
  it('are listed founding article first, each with its title and file', async () => {
    const stories = await bundledStories()
    expect(stories.map((s) => s.id)).toEqual([...BUNDLED_STORY_IDS])
    expect(stories[0]!.id).toBe(FOUNDING_STORY)
    expect(stories[0]!.path).toMatch(/stories[/\\]tiktok-oracle-2020\.ndjson$/)
    expect(stories.every((s) => s.title.length > 0)).toBe(true)
  })

  it('refuses an id that is not bundled', async () => {
    await expect(loadBundledStory('no-such-story')).rejects.toBeInstanceOf(UnknownStoryError)
  })

  it.each(BUNDLED_STORY_IDS)('%s parses without an error', async (id) => {
    const story = await loadBundledStory(id)
    expect(story.id).toBe(id)
    expect(developmentsOf(story).length).toBeGreaterThan(0)
  })
})

describe('the founding article (tiktok-oracle-2020)', () => {
  let story: Story
  beforeAll(async () => {
    story = await loadBundledStory('tiktok-oracle-2020')
  })

  it('invents no day: the article dates nothing more precisely than "this weekend" or "the last few weeks"', () => {
    const dates = new Set(developmentsOf(story).map((d) => d.occurredOn))
    expect([...dates].sort()).toEqual(['2020', '2020-09', 'unknown'])
    for (const development of developmentsOf(story)) {
      if (development.occurredOn !== 'unknown') expect(development.note).toBeDefined()
    }
  })

  it('has Oracle as trusted technical partner, on the word of the WSJ citing a source familiar with the matter', () => {
    const partner = byKey(story, 'oracle-partner')
    expect(partner).toMatchObject({
      type: 'PartnerSelected',
      occurredOn: '2020-09',
      data: { partnerId: 'oracle', role: 'trusted technical partner' },
    })
    expect(partner.sources[0]).toEqual({
      outlet: 'The Wall Street Journal',
      attribution: 'a source familiar with the matter',
    })
    expect(partner.note).toContain('this weekend')
  })

  it('has the rejection of Microsoft and its statement, attributed to Microsoft', () => {
    expect(byKey(story, 'microsoft-rejected')).toMatchObject({
      type: 'BidRejected',
      data: { bidderId: 'microsoft', rejectedById: 'bytedance' },
    })
    expect(byKey(story, 'microsoft-proposal-quote').data.quote).toBe(
      'We believe our proposal would have been good for TikTok users while safeguarding national security interests',
    )
    expect(byKey(story, 'microsoft-proposal-quote').sources[0]!.outlet).toBe('Microsoft')
  })

  it('has Twitter, Netflix and Walmart interested, undated beyond the year', () => {
    for (const party of ['twitter', 'netflix', 'walmart']) {
      expect(byKey(story, `${party}-interest`)).toMatchObject({
        occurredOn: '2020',
        data: { partyId: party },
      })
    }
  })

  it("has the SCMP's source on the algorithm, the 90 days, Moorhead's tweet, Zoom and Ellison", () => {
    expect(byKey(story, 'car-and-engine')).toMatchObject({
      data: { quote: 'The car can be sold but the engine cannot.' },
      sources: [{ outlet: 'South China Morning Post' }, expect.anything()],
    })
    expect(byKey(story, 'sale-deadline')).toMatchObject({
      type: 'DeadlineSet',
      occurredOn: 'unknown',
      data: { durationDays: 90, basis: 'sale-order' },
    })
    expect(byKey(story, 'moorhead-tweet').data.quote).toContain('TikTok needs a trusted US data partner')
    expect(byKey(story, 'moorhead-tweet').sources[0]).toEqual({
      outlet: 'Twitter',
      attribution: "Patrick Moorhead's tweet",
    })
    expect(byKey(story, 'zoom-on-oracle-cloud').data).toMatchObject({ fromId: 'zoom', toId: 'oracle' })
    expect(byKey(story, 'ellison-endorsed-trump').data).toMatchObject({
      fromId: 'larry-ellison',
      toId: 'donald-trump',
    })
  })

  it('cites the article on every line, published in September 2020', () => {
    for (const line of story.lines) {
      expect(line.sources.at(-1)).toMatchObject({
        title: 'TikTok: Oracle has surpassed the Microsoft pole',
        publishedOn: '2020-09',
      })
    }
  })
})

describe('the wider saga (tiktok-us-saga-2020-2026)', () => {
  let story: Story
  beforeAll(async () => {
    story = await loadBundledStory('tiktok-us-saga-2020-2026')
  })

  it('has every one of the 73 developments of the source data, by its id', () => {
    const ids = new Set(developmentsOf(story).map((d) => d.key.slice(0, 6)))
    expect(ids.size).toBe(73)
    expect(ids.has('tt-001') && ids.has('tt-073')).toBe(true)
  })

  it('has Oracle selected as trusted tech partner on 13 September 2020, with its sources', () => {
    const partner = byKey(story, 'tt-013')
    expect(partner).toMatchObject({
      type: 'PartnerSelected',
      occurredOn: '2020-09-13',
      data: { partnerId: 'oracle', selectedById: 'bytedance', role: 'trusted tech partner' },
    })
    expect(partner.sources.map((s) => [s.outlet, s.url])).toEqual([
      [
        'DBTA',
        'https://www.dbta.com/Editorial/News-Flashes/Oracle-Said-to-Be-TikToks-New-Partner-142815.aspx',
      ],
      [
        'LA Times',
        'https://www.latimes.com/entertainment-arts/business/story/2020-09-13/microsoft-offer-tiktok-u-s-operations-rejected',
      ],
    ])
  })

  it("has the 2020 orders' 45 and 90 days, and the CFIUS extensions of the 90", () => {
    expect(byKey(story, 'tt-005-deadline').data).toMatchObject({
      durationDays: 45,
      startsOn: '2020-08-06',
      dueOn: '2020-09-20',
    })
    expect(byKey(story, 'tt-006-deadline').data).toMatchObject({
      deadlineId: 'divestment-order',
      durationDays: 90,
      dueOn: '2020-11-12',
    })
    expect(byKey(story, 'tt-026').data).toMatchObject({
      deadlineId: 'divestment-order',
      newDueOn: '2020-11-27',
    })
    expect(byKey(story, 'tt-027').data).toMatchObject({
      deadlineId: 'divestment-order',
      newDueOn: '2020-12-04',
    })
  })

  it("has the 2024 law's 270 days and the 2025 non-enforcement orders", () => {
    expect(byKey(story, 'tt-041-deadline').data).toMatchObject({ durationDays: 270, dueOn: '2025-01-19' })
    expect(byKey(story, 'tt-054-deadline').data).toMatchObject({ durationDays: 75, dueOn: '2025-04-05' })
    const extensions = ['tt-058', 'tt-060', 'tt-062'].map((key) => byKey(story, key).data.newDueOn)
    expect(extensions).toEqual(['2025-06-19', '2025-09-17', '2025-12-16'])
    expect(byKey(story, 'tt-064-deadline')).toMatchObject({
      certainty: 'disputed',
      data: { newDueOn: '2026-01-23' },
    })
  })

  it('keeps the uncertain, date-uncertain and disputed markers', () => {
    expect(byKey(story, 'tt-020').certainty).toBe('disputed')
    expect(byKey(story, 'tt-025').certainty).toBe('uncertain')
    expect(byKey(story, 'tt-035')).toMatchObject({ certainty: 'date_uncertain', occurredOn: '2023-01' })
    expect(byKey(story, 'tt-071').certainty).toBe('date_uncertain')
  })

  it('keeps quotes verbatim and every development sourced with a dated or linked publication', () => {
    expect(byKey(story, 'tt-012-quote').data.quote).toBe(
      "ByteDance let us know today they would not be selling TikTok's U.S. operations to Microsoft. We are confident our proposal would have been good for TikTok's users, while protecting national security interests.",
    )
    for (const development of developmentsOf(story)) {
      expect(development.sources.some((s) => s.url !== undefined)).toBe(true)
    }
  })

  it('ends with the joint venture closed on 22 January 2026', () => {
    expect(byKey(story, 'tt-067')).toMatchObject({ type: 'DealClosed', occurredOn: '2026-01-22' })
  })
})

describe('the third story (microsoft-activision-2022-2023)', () => {
  it('is a small story of a different deal, from announcement to closing', async () => {
    const story = await loadBundledStory('microsoft-activision-2022-2023')
    const developments = developmentsOf(story)
    expect(developments.length).toBeGreaterThanOrEqual(10)
    expect(developments.length).toBeLessThanOrEqual(25)
    expect(byKey(story, 'deal-announced').data).toMatchObject({
      value: { amount: 68_700_000_000, currency: 'USD' },
    })
    expect(byKey(story, 'cma-blocks')).toMatchObject({ type: 'DealBlocked', occurredOn: '2023-04-26' })
    expect(byKey(story, 'deal-closed')).toMatchObject({ type: 'DealClosed', occurredOn: '2023-10-13' })
  })
})

describe.each(testBackends())('the bundled stories on %s', (backend) => {
  let t: TestStore
  beforeAll(async () => {
    t = await openTestStore(backend)
  })
  afterAll(async () => {
    await t.close()
  })

  it.each(BUNDLED_STORY_IDS)(
    '%s imports, re-imports writing nothing, and exports back to the same story',
    async (id) => {
      const story = await loadBundledStory(id)
      const first = await importStory(t.store, story)
      expect(first.written).toBe(first.total)
      const head = await t.store.head()
      expect(await importStory(t.store, story)).toMatchObject({ written: 0, alreadyStored: first.total })
      expect(await t.store.head()).toEqual(head)
      const exported = parseStoryFile(exportStory(await t.store.readStream(streamIdOf(id))))
      expect(exported.ok && exported.story).toEqual(story)
    },
  )
})
