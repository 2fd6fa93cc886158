import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureFirstTeacher, migrateClassroom } from '@storyledger/classroom'
import { openTestStore, type TestStore } from '@storyledger/core/testing'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.js'
import { seedBundledStories } from '../seed/seed-story.js'
import {
  type Browser,
  hasChromium,
  openBrowser,
  seriousAxeViolations,
  serveOnFreePort,
} from '../testing/browser.js'

// In CI a missing browser is a failure (.ci/run installs it); on a laptop without one, the test says so and skips.
if (!hasChromium && process.env.CI) throw new Error('chromium is missing: .ci/run installs it with apt-get')
if (!hasChromium)
  console.warn('e2e: no /usr/bin/chromium (apt-get install chromium); skipping the browser tests')

// The bundled saga: dated to the day, so the replay of 13 September 2020 has a state to show.
const SAGA = 'tiktok-us-saga-2020-2026'
const SAGA_TITLE = 'TikTok in the United States, 2020–2026'
const XSS = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`

describe.skipIf(!hasChromium)('a teacher in a real browser', () => {
  let t: TestStore
  let server: Awaited<ReturnType<typeof serveOnFreePort>>
  let browser: Browser
  let page: Page
  let teacherPage: Page
  let students: Browser
  let joinCode = ''
  let resultsUrl = ''
  let signInLink: string
  let shots: string

  beforeAll(async () => {
    t = await openTestStore('pglite')
    await migrateClassroom(t.database)
    await seedBundledStories(t.store)
    const first = await ensureFirstTeacher(t.database, { name: 'Ms Rivera' })
    if (!first) throw new Error('expected a first teacher')
    const app = createApp({ store: t.store, database: t.database, sessionSecret: 'e2e-secret-'.repeat(4) })
    server = await serveOnFreePort(app.fetch)
    signInLink = `${server.url}/sign-in?token=${first.token}`
    browser = await openBrowser()
    page = await browser.context.newPage()
    teacherPage = page
    // Screenshots go into the docs when asked for (pnpm --filter @storyledger/web screenshots), else to a temp dir.
    shots = process.env.STORYLEDGER_SCREENSHOTS
      ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
      : await mkdtemp(join(tmpdir(), 'sl-shots-'))
    await mkdir(shots, { recursive: true })
  })
  afterAll(async () => {
    await students?.close()
    await browser?.close()
    await server?.close()
    await t?.close()
    if (!process.env.STORYLEDGER_SCREENSHOTS && shots) await rm(shots, { recursive: true, force: true })
  })

  async function check(name: string, fullPage = true) {
    // Long pages are cut at 2,400 pixels: the top is what a reader sees first.
    const height = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { body: { scrollHeight: number } } }).document.body
          .scrollHeight,
    )
    await page.screenshot({
      path: join(shots, `${name}.png`),
      fullPage,
      ...(fullPage && height > 2400 ? { clip: { x: 0, y: 0, width: 1280, height: 2400 } } : {}),
    })
    const violations = await seriousAxeViolations(page)
    expect(violations, `${name}: ${JSON.stringify(violations, null, 1)}`).toEqual([])
  }

  it('signs in with the printed one-time link', async () => {
    await page.goto(signInLink)
    await check('sign-in')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${server.url}/`)
    expect(await page.getByText('Signed in as Ms Rivera').isVisible()).toBe(true)
    await check('stories')
  })

  it('replays the story as of 13 September 2020', async () => {
    await page.goto(`${server.url}/`)
    await page.getByRole('link', { name: SAGA_TITLE }).click()
    await page.getByLabel('As of').fill('2020-09-13')
    await page.getByLabel('What changed since (optional)').fill('2020-08-01')
    await page.getByRole('button', { name: 'Replay' }).click()
    await page.waitForURL(/asOf=2020-09-13/)
    expect(
      await page.getByRole('heading', { name: 'The state of the deal as of 2020-09-13' }).isVisible(),
    ).toBe(true)
    expect(await page.locator('svg.timeline-svg .asof-label').first().textContent()).toBe('as of 2020-09-13')
    expect(await page.getByText('Oracle, chosen by ByteDance').isVisible()).toBe(true)
    expect(await page.locator('svg.timeline-svg circle.dot').count()).toBeGreaterThan(0)
    expect(await page.getByRole('heading', { name: /What changed from 2020-08-01/ }).isVisible()).toBe(true)
    await check('story')
  })

  it('records a development whose text is an XSS payload and sees it shown inert', async () => {
    await page.getByRole('link', { name: 'Record a development' }).click()
    await page.getByLabel('Kind of development').selectOption('AnalysisPublished')
    await page.getByRole('button', { name: 'Show its form' }).click()
    await page.waitForURL(/type=AnalysisPublished/)
    await page.getByRole('button', { name: 'Record it' }).click()
    await page.waitForLoadState()
    expect(await page.locator('[aria-invalid="true"]').count()).toBeGreaterThan(1)
    await check('record-errors')

    await page.getByLabel('Story', { exact: true }).selectOption(`story/${SAGA}`)
    await page.getByLabel('Analyst (required)').fill('patrick-moorhead')
    await page.getByLabel('Summary (required)').fill(XSS)
    // After the quiz's date (20 September), so the quiz and its screenshot in the README stay about the story.
    await page.getByLabel('Happened on (required)').fill('2020-09-25')
    await page.getByLabel('Outlet').fill('Test Gazette')
    await page.getByRole('button', { name: 'Record it' }).click()
    await page.waitForURL(/\/log\?recorded=\d+/)
    expect(await page.getByText(/Recorded as position \d+/).isVisible()).toBe(true)
    expect(await page.getByText(XSS, { exact: false }).first().isVisible()).toBe(true)
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(await page.locator('main img').count()).toBe(0)
    await check('log', false)

    await page.goto(`${server.url}/stories/${SAGA}`)
    expect(await page.locator('ol.developments').getByText(XSS, { exact: false }).isVisible()).toBe(true)
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined()
  })

  it('previews a quiz on the story as of 20 September 2020, every question with its key', async () => {
    await page.getByRole('link', { name: 'Quizzes' }).click()
    await page.getByLabel('Story', { exact: true }).selectOption(`story/${SAGA}`)
    await page.getByLabel('As of', { exact: true }).fill('2020-09-20')
    await page.getByRole('button', { name: 'Preview the quiz' }).click()
    await page.waitForURL(/asOf=2020-09-20/)
    expect(await page.locator('article[id^="q"]').count()).toBe(8)
    expect(await page.getByText('✔ key').count()).toBeGreaterThan(0)
    await check('quiz-preview')
  })

  it('publishes the quiz: a join code and a link', async () => {
    await page.getByRole('button', { name: 'Publish to students' }).click()
    await page.waitForURL(/\/quizzes\/publish/)
    joinCode = (await page.locator('.join-code').textContent()) ?? ''
    expect(joinCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    resultsUrl = `${server.url}${await page.getByRole('link', { name: 'Results' }).getAttribute('href')}`
    await check('quiz-published')
  })

  it('lets a student join with the code and answer with the mouse', async () => {
    students = await openBrowser()
    const student = await students.context.newPage()
    await student.goto(`${server.url}/join?code=${joinCode}`)
    await student.getByLabel('Your name').fill('Ana')
    await student.getByRole('button', { name: 'Start the quiz' }).click()
    await student.waitForURL(/\/q\/quiz-/)
    const html = await student.content()
    expect(html).not.toContain('✔ key')
    expect(html).not.toContain('Feedback:')
    expect(await student.locator('fieldset').count()).toBe(8)
    page = student
    await check('student-quiz')
    for (const fieldset of await student.locator('fieldset').all()) {
      const radio = fieldset.getByRole('radio').first()
      if ((await radio.count()) > 0) await radio.check()
    }
    const down = student.getByRole('button', { name: /down$/ }).first()
    if ((await down.count()) > 0) {
      await down.click()
      await student.waitForLoadState()
    }
    await student.getByRole('button', { name: 'Submit my answers' }).click()
    await student.waitForURL(/\/q\/quiz-/)
    expect(await student.getByText(/You scored [\d.]+ of 8/).isVisible()).toBe(true)
    expect(await student.getByText('The right answer:').count()).toBeGreaterThan(0)
    await check('student-result')
    await student.close()
  })

  it('lets a second student join and answer with the keyboard only', async () => {
    const student = await students.context.newPage()
    page = student
    const active = () =>
      student.evaluate(() => {
        const el = (globalThis as unknown as { document: { activeElement: Record<string, unknown> | null } })
          .document.activeElement
        return {
          id: String(el?.id ?? ''),
          type: String(el?.type ?? ''),
          checked: Boolean(el?.checked),
          text: String(el?.textContent ?? '').trim(),
          disabled: Boolean(el?.disabled),
        }
      })
    await student.goto(`${server.url}/join?code=${joinCode}`)
    for (let i = 0; i < 30 && (await active()).id !== 'join-name'; i++) await student.keyboard.press('Tab')
    await student.keyboard.type('Ben')
    await student.keyboard.press('Enter')
    await student.waitForURL(/\/q\/quiz-/)
    let moved = false
    for (let i = 0; i < 200; i++) {
      await student.keyboard.press('Tab')
      const el = await active()
      if (el.type === 'radio' && !el.checked) await student.keyboard.press('Space')
      if (!moved && el.type === 'submit' && el.text.includes('Down')) {
        moved = true
        await Promise.all([student.waitForNavigation(), student.keyboard.press('Enter')])
      }
      if (el.type === 'submit' && el.text === 'Submit my answers') {
        await Promise.all([student.waitForNavigation(), student.keyboard.press('Enter')])
        break
      }
    }
    await student.waitForURL(/\/q\/quiz-/)
    expect(moved).toBe(true)
    expect(await student.getByText(/You scored [\d.]+ of 8/).isVisible()).toBe(true)
    expect(await student.getByText('Your answer: (no answer)').count()).toBe(0)
    await student.close()
    await students.close()
  })

  it('shows the teacher both results and the item statistics', async () => {
    page = teacherPage
    await page.goto(resultsUrl)
    expect(await page.getByRole('rowheader', { name: 'Ana' }).isVisible()).toBe(true)
    expect(await page.getByRole('rowheader', { name: 'Ben' }).isVisible()).toBe(true)
    expect(await page.getByText('2 submitted').isVisible()).toBe(true)
    expect(await page.locator('.stat-track').count()).toBe(16)
    await check('quiz-results')
  })

  it('verifies the log from the log page', async () => {
    await page.goto(`${server.url}/log`)
    await page.getByRole('button', { name: 'Verify the whole log now' }).click()
    await page.waitForURL(/\/log\/verification/)
    expect(await page.getByText('Verified ✔').isVisible()).toBe(true)
    await check('verification')
  })

  it('shows the owner the teachers page, and the API docs without any outside host', async () => {
    await page.goto(`${server.url}/teachers`)
    await check('teachers')
    await page.goto(`${server.url}/docs`)
    await page.locator('.swagger-ui .info').waitFor({ timeout: 10_000 })
    expect(await page.locator('.opblock').count()).toBeGreaterThan(3)
    await page.screenshot({ path: join(shots, 'api-docs.png'), fullPage: false })
  })

  it('signs out', async () => {
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${server.url}/`)
    expect(await page.getByRole('link', { name: 'Teacher sign-in' }).isVisible()).toBe(true)
    await page.goto(`${server.url}/log`)
    expect(page.url()).toContain('/sign-in?next=%2Flog')
  })
})
