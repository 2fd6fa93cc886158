import { storyEventTypes } from '@storyledger/core'
import { testBackends } from '@storyledger/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, STORY, STORY_SLUG, type TestApp } from '../testing/test-app.js'

describe.each(testBackends())('recording a development on %s', (backend) => {
  let h: TestApp
  beforeAll(async () => {
    h = await openTestApp(backend)
  })
  afterAll(async () => {
    await h.close()
  })

  const get = (path: string) => h.app.request(path, { headers: { cookie: h.teacherCookie } })
  const post = (type: string, fields: Record<string, string>) =>
    h.postForm(`/developments?type=${type}`, fields, h.teacherCookie)

  it('is for teachers only', async () => {
    expect((await h.app.request('/developments/new')).status).toBe(303)
    const json = await h.app.request('/developments?type=BidWithdrawn', {
      method: 'POST',
      headers: {
        origin: 'http://localhost',
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'stream=x',
    })
    expect(json.status).toBe(401)
  })

  it('has a form for every story event type of the catalogue, and none for the classroom’s', async () => {
    for (const type of storyEventTypes) {
      const response = await get(`/developments/new?type=${type}`)
      expect(response.status, type).toBe(200)
      expect(await response.text()).toContain(`<legend>${type}</legend>`)
    }
    const graded = await (await get('/developments/new?type=AttemptGraded')).text()
    expect(graded).not.toContain('<legend>AttemptGraded</legend>')
    expect(graded).not.toContain('value="AttemptGraded"')
    const bid = await (await get('/developments/new?type=BidMade')).text()
    expect(bid).toContain('name="data.amount.currency"')
    expect(bid).toContain('<option value="oracle">Oracle</option>')
  })

  it('records a valid development and shows it in the log', async () => {
    const response = await post('StatementMade', {
      stream: STORY,
      'data.speakerId': 'oracle',
      'data.quote': 'We are pleased to be the trusted technology provider.',
      'data.channel': 'press_release',
      'data.aboutIds': 'tiktok, bytedance',
      occurredOn: '2020-09-14',
      'source.outlet': 'Reuters',
      'source.url': 'https://example.org/oracle',
    })
    expect(response.status).toBe(303)
    const location = response.headers.get('location') ?? ''
    const position = Number(/recorded=(\d+)/.exec(location)?.[1])
    const [event] = await h.t.store.readAll({ fromPosition: position, limit: 1 })
    expect(event).toMatchObject({
      type: 'StatementMade',
      streamId: STORY,
      occurredOn: '2020-09-14',
      data: { speakerId: 'oracle', channel: 'press_release', aboutIds: ['tiktok', 'bytedance'] },
      metadata: {
        recordedBy: 'Second Teacher',
        sources: [{ outlet: 'Reuters', url: 'https://example.org/oracle' }],
      },
    })
    const log = await (await get(location)).text()
    expect(log).toContain(`Recorded as position ${position}`)
  })

  it('shows every error beside its field and records nothing', async () => {
    const before = (await h.t.store.head()).treeSize
    const response = await post('DeadlineSet', {
      stream: STORY,
      'data.deadlineId': 'Not An Id',
      'data.setById': 'donald-trump',
      'data.description': 'Sell within 90 days',
      'data.durationDays': 'ninety',
      occurredOn: '2020-13-45',
      'source.url': 'javascript:alert(1)',
    })
    expect(response.status).toBe(400)
    const page = await response.text()
    for (const field of [
      'data.deadlineId',
      'data.durationDays',
      'occurredOn',
      'source.outlet',
      'source.url',
    ]) {
      expect(page, field).toContain(`id="${field}-error"`)
      expect(page, field).toMatch(new RegExp(`id="${field.replace('.', '\\.')}"[^>]*aria-invalid="true"`))
    }
    expect(page).toContain('value="Not An Id"')
    expect((await h.t.store.head()).treeSize).toBe(before)
  })

  it('asks for a source, since a development must cite one', async () => {
    const page = await (
      await post('BidWithdrawn', { stream: STORY, 'data.bidderId': 'walmart', occurredOn: '2020-09' })
    ).text()
    expect(page).toMatch(/id="source.outlet-error">[^<]*must cite at least one source/)
  })

  it('escapes what a teacher wrote, everywhere it is shown', async () => {
    const payload = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
    const response = await post('AnalysisPublished', {
      stream: STORY,
      'data.analystId': 'patrick-moorhead',
      'data.summary': payload,
      occurredOn: '2020-09-15',
      'source.outlet': payload,
    })
    expect(response.status).toBe(303)
    for (const path of ['/log', `/stories/${STORY_SLUG}`]) {
      const page = await (await get(path)).text()
      expect(page, path).not.toContain('<script>alert')
      expect(page, path).not.toContain('<img src=x')
      expect(page, path).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;')
    }
    const invalid = await (await post('AnalysisPublished', { stream: STORY, 'data.summary': payload })).text()
    expect(invalid).not.toContain('<script>alert')
  })

  it('retracts and corrects an earlier development, prefilled from the log', async () => {
    const events = await h.t.store.readStream(STORY)
    const target = events.find((e) => e.type === 'BidMade')
    if (!target) throw new Error('the story has a bid')
    const form = await (
      await get(
        `/developments/new?type=DevelopmentRetracted&stream=${STORY}&data.retractsEventId=${target.eventId}`,
      )
    ).text()
    expect(form).toContain(`value="${target.eventId}"`)
    const retracted = await post('DevelopmentRetracted', {
      stream: STORY,
      'data.retractsEventId': target.eventId,
      'data.reason': 'The outlet withdrew the report',
      occurredOn: 'unknown',
    })
    expect(retracted.status).toBe(303)

    const statement = events.find((e) => e.type === 'StatementMade')
    if (!statement) throw new Error('the story has a statement')
    const corrected = await post('DevelopmentCorrected', {
      stream: STORY,
      'data.correctsEventId': statement.eventId,
      'data.corrected.occurredOn': '2020-09-12',
      'data.reason': 'The statement came a day earlier',
      occurredOn: 'unknown',
    })
    expect(corrected.status).toBe(303)
    const badJson = await post('DevelopmentCorrected', {
      stream: STORY,
      'data.correctsEventId': statement.eventId,
      'data.corrected.data': '{not json',
      'data.reason': 'x',
      occurredOn: 'unknown',
    })
    expect(badJson.status).toBe(400)
    expect(await badJson.text()).toMatch(/id="data.corrected.data-error">not valid JSON/)
  })

  it('says so when a retraction points at an event the log does not hold', async () => {
    const response = await post('DevelopmentRetracted', {
      stream: STORY,
      'data.retractsEventId': '01748a00-0000-7000-8000-ffffffffffff',
      'data.reason': 'no such event',
      occurredOn: 'unknown',
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('not in the log')
  })
})
