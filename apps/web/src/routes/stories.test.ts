import { anEvent } from '@storyledger/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, STORY, STORY_SLUG, type TestApp } from '../testing/test-app.js'

// A small story of its own, with day-precision dates, so that the replay has something to tell apart.
const DEMO = 'story/replay-demo'
const source = { outlet: 'Test Gazette' }
const meta = { recordedBy: 'test', sources: [source] }

describe('the story pages and the replay', () => {
  let h: TestApp
  beforeAll(async () => {
    h = await openTestApp()
    await h.t.store.append(DEMO, [
      anEvent({
        type: 'StoryOpened',
        occurredOn: 'unknown',
        data: { title: 'A demo deal', subject: 'Who buys Target Co' },
        metadata: { recordedBy: 'test', sources: [] },
      }),
      ...[
        ['target', 'Target Co', 'company'],
        ['acme', 'Acme', 'company'],
        ['globex', 'Globex', 'company'],
        ['gov', 'The Government', 'government'],
      ].map(([entityId, name, kind]) =>
        anEvent({
          type: 'EntityIntroduced',
          occurredOn: 'unknown',
          data: { entityId, name, kind },
          metadata: { recordedBy: 'test', sources: [] },
        }),
      ),
      anEvent({ occurredOn: '2020-09-01', data: { partyId: 'acme', targetId: 'target' }, metadata: meta }),
      anEvent({ occurredOn: '2020-09-05', data: { partyId: 'globex', targetId: 'target' }, metadata: meta }),
      anEvent({
        type: 'DeadlineSet',
        occurredOn: '2020-09-06',
        data: { deadlineId: 'sale', setById: 'gov', description: 'Sell within 30 days', durationDays: 30 },
        metadata: meta,
      }),
      anEvent({
        type: 'PartnerSelected',
        occurredOn: '2020-09-14',
        data: { partnerId: 'globex', selectedById: 'target', role: 'technology partner' },
        metadata: meta,
      }),
      anEvent({
        type: 'StatementMade',
        occurredOn: '2020-09-10',
        data: { speakerId: 'acme', quote: 'We remain interested.', channel: 'statement' },
        metadata: meta,
      }),
    ])
  })
  afterAll(async () => {
    await h.close()
  })

  const text = async (path: string) => {
    const response = await h.app.request(path)
    expect(response.status, path).toBe(200)
    return response.text()
  }

  it('lists the stories for anyone', async () => {
    const page = await text('/')
    expect(page).toContain(`href="/stories/${STORY_SLUG}"`)
    expect(page).toContain('<a href="/stories/replay-demo">A demo deal</a>')
  })

  it('replays the state as of a date: standings, partner, deadlines with due dates, statements', async () => {
    const page = await text('/stories/replay-demo?asOf=2020-09-13')
    expect(page).toContain('The state of the deal as of 2020-09-13')
    expect(page).toMatch(/Acme <span class="badge">interested<\/span>/)
    expect(page).toMatch(/Partner<\/dt><dd>none yet/)
    expect(page).toContain('Sell within 30 days — due <strong>2020-10-06</strong>')
    expect(page).toContain('“We remain interested.”')
    const later = await text('/stories/replay-demo?asOf=2020-09-20')
    expect(later).toMatch(/Globex, chosen by Target Co as technology partner/)
  })

  it('draws the timeline as SVG with the as-of line, and marks what comes after it', async () => {
    const page = await text('/stories/replay-demo?asOf=2020-09-13')
    expect(page).toContain('<svg class="timeline-svg"')
    expect(page.match(/<circle class="dot( future)?"/g)).toHaveLength(5)
    expect(page.match(/<circle class="dot future"/g)).toHaveLength(1)
    expect(page).toContain('as of 2020-09-13')
    expect(page).toMatch(
      /Target Co selected Globex as technology partner\s*<span class="badge">after 2020-09-13/,
    )
  })

  it('says what changed between two dates', async () => {
    const page = await text('/stories/replay-demo?since=2020-09-02&asOf=2020-09-20')
    expect(page).toContain('What changed from 2020-09-02 to 2020-09-20')
    const changes = page.slice(page.indexOf('What changed from'), page.indexOf('<h2>Developments</h2>'))
    expect(changes).toMatch(/Globex/)
    expect(changes).not.toContain('Nothing changed')
  })

  it('replays as known on a date: what was recorded later is not known yet', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    const known = await text(`/stories/replay-demo?asOf=2020-09-20&knownOn=${tomorrow}`)
    expect(known).toMatch(/Globex, chosen by/)
    const before = await text('/stories/replay-demo?asOf=2020-09-20&knownOn=2020-01-01')
    expect(before).toMatch(/Partner<\/dt><dd>none yet/)
  })

  it('answers a bad date with 400 and an unknown story with 404, not 500', async () => {
    expect((await h.app.request('/stories/replay-demo?asOf=2020-02-30')).status).toBe(400)
    expect((await h.app.request('/stories/replay-demo?asOf=yesterday')).status).toBe(400)
    expect((await h.app.request('/stories/replay-demo?colour=red')).status).toBe(400)
    expect((await h.app.request('/stories/no-such-story')).status).toBe(404)
    expect((await h.app.request(`/stories/${STORY_SLUG}`)).status).toBe(200)
    expect(STORY.endsWith(STORY_SLUG)).toBe(true)
  })

  it('serves the replay as JSON too', async () => {
    const response = await h.app.request('/api/stories/replay-demo/replay?asOf=2020-09-20&since=2020-09-02')
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      asOf: string
      state: { partner: { partnerId: string } | null }
      entries: unknown[]
      changes: { text: string }[]
    }
    expect(body.asOf).toBe('2020-09-20')
    expect(body.state.partner?.partnerId).toBe('globex')
    expect(body.entries).toHaveLength(5)
    expect(body.changes.length).toBeGreaterThan(0)
    const bad = await h.app.request('/api/stories/replay-demo/replay?asOf=2020-13-01')
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ code: 'INVALID_ARGUMENT', issues: [{ path: ['asOf'] }] })
    expect((await h.app.request('/api/stories/nothing/replay')).status).toBe(404)
  })
})
