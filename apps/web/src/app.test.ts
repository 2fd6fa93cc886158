import type { StoredEvent } from '@storyledger/core'
import { anEvent, openTestStore, type TestStore } from '@storyledger/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from './app.js'
import { FOUNDING_STORY_ID, foundingStory } from './seed/founding-story.js'
import { seedFoundingStory } from './seed/seed-story.js'

describe('the web app', () => {
  let t: TestStore
  let app: ReturnType<typeof createApp>

  beforeAll(async () => {
    t = await openTestStore('pglite')
    app = createApp({ store: t.store })
  })
  afterAll(async () => {
    await t.close()
  })

  it('seeds the founding story once, however often it starts', async () => {
    expect(await seedFoundingStory(t.store)).toEqual({ written: true })
    expect(await seedFoundingStory(t.store)).toEqual({ written: false })
    expect((await t.store.head()).treeSize).toBe(foundingStory.length)
  })

  it('shows the story with its sources and the state of the log', async () => {
    const response = await app.request('/')
    expect(response.status).toBe(200)
    const page = await response.text()
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(page).toContain('ByteDance chooses Oracle as trusted technical partner')
    expect(page).toContain('The Wall Street Journal, citing a source familiar with the matter')
    const head = await t.store.head()
    expect(page).toContain(
      `The log holds ${foundingStory.length} events, Merkle root <code>${head.root}</code>`,
    )
  })

  it('escapes what users wrote', async () => {
    await t.store.append(FOUNDING_STORY_ID, [
      anEvent({ type: 'BidWithdrawn', data: { bidderId: 'walmart', reason: '<script>alert(1)</script>' } }),
      anEvent({
        data: { partyId: 'walmart', description: 'x' },
        metadata: { recordedBy: 't', sources: [{ outlet: '<b>Gazette</b>' }] },
      }),
    ])
    const page = await (await app.request('/')).text()
    expect(page).not.toContain('<b>Gazette</b>')
    expect(page).toContain('&lt;b&gt;Gazette&lt;/b&gt;')
  })

  it('serves the log as JSON', async () => {
    const response = await app.request(`/api/events?stream=${encodeURIComponent(FOUNDING_STORY_ID)}`)
    const events = (await response.json()) as StoredEvent[]
    expect(events[0]).toMatchObject({ type: 'StoryOpened', position: 1, streamVersion: 1 })
    const page = (await (await app.request('/api/events?fromPosition=2&limit=3')).json()) as StoredEvent[]
    expect(page.map((e) => e.position)).toEqual([2, 3, 4])
    expect(await (await app.request('/api/log/verify')).json()).toMatchObject({ ok: true })
    expect(await (await app.request('/healthz')).json()).toEqual({ ok: true })
  })

  it('answers a bad query with problem+json, not a 500', async () => {
    const response = await app.request('/api/events?limit=0')
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toContain('application/problem+json')
    expect(await response.json()).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT' })
    expect((await app.request('/api/events?stream=has%20space')).status).toBe(400)
  })
})
