import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { moveAccount } from '../../src/services/lifecycle/move-stage.ts'
import { screenshot } from '../support/browser.ts'
import { callApi } from '../support/call-api.ts'
import { browserForFile, givePasswords, logIn as logInAs, WAIT } from '../support/dashboard.ts'
import { type Person, qualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { sendAndProcess } from '../support/send-events.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The double funnel in a real browser against the real server: MQLs made through the tracking
// API show in the lead funnel; accepting one in the queue moves it to SAL there; a cut by
// source gives a row per source; a count opens the people behind it. Every figure the page
// shows is checked against what the API says.

// Tuesday 3 March 2026, 10:00 in London: the volume SDRs are at work.
const tuesday10 = new Date('2026-03-03T10:00:00Z')
const minutesLater = (n: number) => new Date(tuesday10.getTime() + n * 60_000)

let t: TestStore
let server: RunningApp
let org: SalesOrg
const browser = browserForFile()
let managerEmail: string
const targetAccountId = randomUUID()

const person = (firstName: string, lastName: string): Person => ({
  email: `${firstName}.${lastName}@fabrikam.example`.toLowerCase(),
  firstName,
  lastName,
  title: 'VP Marketing',
  country: 'United States',
})

interface Step {
  readonly stage: string
  readonly reached: number
}
interface Line {
  readonly key: string | null
  readonly lead: Step | null
  readonly account: Step | null
}

/** The double funnel as the API gives it to the same person, under the page's default filters. */
async function apiFunnel(query = ''): Promise<{ lines: Line[] }> {
  const { status, body } = await callApi(
    server.url,
    `/v1/reports/double-funnel?${query}`,
    org.keys.vp as string,
  )
  expect(status, JSON.stringify(body)).toBe(200)
  return body
}
const leadReached = (report: { lines: Line[] }, stage: string) =>
  report.lines.find((l) => l.lead?.stage === stage)?.lead?.reached

const logIn = async (page: Page) => {
  await logInAs(page, server.url, { workspace: 'e2e', email: managerEmail })
  await page.getByRole('heading', { name: 'Radar', level: 1 }).waitFor(WAIT)
}

const openFunnel = async (page: Page) => {
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('link', { name: 'Funnel' })
    .click()
  await page.getByRole('heading', { name: 'Double funnel', level: 1 }).waitFor(WAIT)
}

/** The count the page shows for a lead stage, from the row that stage heads. */
const shownLeadCount = async (page: Page, stage: string) => {
  const row = page
    .getByRole('table', { name: /Both funnels line by line/ })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: stage, exact: true }) })
  return Number(await row.getByRole('cell').first().textContent())
}

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, tuesday10)
  org = await createSalesOrg(t.db, 'e2e', tuesday10)
  // Two MQLs: Nadia first came to a webinar, Omar first clicked an ad, so they have different
  // sources.
  const omar = randomUUID()
  await sendAndProcess(server, org.writeKey, [
    ...qualifyingJourney(person('Nadia', 'First'), randomUUID(), tuesday10),
    { type: 'identify', userId: omar, traits: { email: 'omar.second@fabrikam.example' } },
    { type: 'track', userId: omar, event: 'Ad Clicked', timestamp: minutesLater(-5) },
    ...qualifyingJourney(person('Omar', 'Second'), omar, tuesday10),
  ])
  // An account marketing chose as a target this morning.
  await t.db
    .insertInto('accounts')
    .values({
      workspace_id: org.workspaceId,
      id: targetAccountId,
      name: 'Northwind Traders',
      normalized_name: 'northwind traders',
    })
    .execute()
  await moveAccount(t.db, org.workspaceId, targetAccountId, {
    to: 'target',
    actor: { type: 'system', id: null },
    at: tuesday10,
  })
  // The report's period runs up to now: a minute on, they are all in it.
  server.clock.set(minutesLater(1))
  // The manager of whoever Nadia was routed to answers for their team.
  const manager = await t.db
    .selectFrom('assignments as a')
    .innerJoin('contacts as c', (j) =>
      j.onRef('c.workspace_id', '=', 'a.workspace_id').onRef('c.id', '=', 'a.entity_id'),
    )
    .innerJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'a.workspace_id').onRef('u.id', '=', 'a.owner_id'),
    )
    .innerJoin('users as m', (j) =>
      j.onRef('m.workspace_id', '=', 'u.workspace_id').onRef('m.id', '=', 'u.manager_id'),
    )
    .select('m.email')
    .where('a.workspace_id', '=', org.workspaceId)
    .where('c.email', '=', 'nadia.first@fabrikam.example')
    .executeTakeFirstOrThrow()
  managerEmail = manager.email
  await givePasswords(t.db, org.workspaceId, [managerEmail])
})

afterAll(async () => {
  await browser.close()
  await server?.close()
  await t?.close()
})

describe('the double funnel in a browser', () => {
  it('shows the MQLs, and one accepted in the queue moves to SAL', async () => {
    const before = await apiFunnel()
    expect(leadReached(before, 'mql')).toBe(2)
    const page = await browser.openPage()
    await logIn(page)
    await openFunnel(page)
    expect(await shownLeadCount(page, 'MQL')).toBe(leadReached(before, 'mql'))
    const salBefore = await shownLeadCount(page, 'SAL')
    expect(salBefore).toBe(leadReached(before, 'sal'))

    await page.getByRole('link', { name: /My queue/ }).click()
    await page.getByRole('button', { name: 'Accept Nadia First' }).click()
    await page.getByRole('status').filter({ hasText: 'Accepted Nadia First.' }).waitFor(WAIT)
    server.clock.set(minutesLater(2))

    await openFunnel(page)
    const after = await apiFunnel()
    expect(leadReached(after, 'sal')).toBe(salBefore + 1)
    await page
      .getByRole('button', {
        name: `${salBefore + 1} ${salBefore === 0 ? 'person' : 'people'} reached SAL`,
      })
      .waitFor(WAIT)
    expect(await shownLeadCount(page, 'SAL')).toBe(leadReached(after, 'sal'))
    expect(await shownLeadCount(page, 'MQL')).toBe(leadReached(after, 'mql'))
    await screenshot(page, 'funnel')
    await page.context().close()
  })

  it('cuts by source with a row per source, kept in the address', async () => {
    const bySource = await apiFunnel('cut=source')
    const sources = [...new Set(bySource.lines.map((l) => l.key ?? 'No source'))]
    expect(sources.length).toBeGreaterThan(1)
    const page = await browser.openPage()
    await logIn(page)
    await openFunnel(page)
    await page.getByRole('combobox', { name: 'Cut by' }).selectOption({ label: 'Source' })
    const table = page.getByRole('table', { name: /by source/ })
    await table.waitFor(WAIT)
    expect(new URL(page.url()).searchParams.get('cut')).toBe('source')
    const rowNames = await table.locator('tbody').getByRole('rowheader').allTextContents()
    expect(rowNames).toEqual(sources)
    await screenshot(page, 'funnel-by-source')

    // One source's own double funnel, with its conversion and velocity.
    const [first] = sources as [string]
    await table.getByRole('button', { name: first, exact: true }).click()
    await page.getByRole('table', { name: /Both funnels line by line/ }).waitFor(WAIT)
    expect(new URL(page.url()).searchParams.get('group')).toBe(first)
    const mqls = bySource.lines.find((l) => l.key === first && l.lead?.stage === 'mql')
    expect(await shownLeadCount(page, 'MQL')).toBe(mqls?.lead?.reached)
    await page.context().close()
  })

  it('opens the people behind a count, and Escape brings the keyboard back', async () => {
    const page = await browser.openPage()
    await logIn(page)
    await openFunnel(page)
    const sal = page.getByRole('button', { name: /reached SAL$/ })
    await sal.click()
    const dialog = page.getByRole('dialog', { name: /reached SAL/ })
    await dialog.waitFor(WAIT)
    const { body } = await callApi(
      server.url,
      '/v1/reports/funnel/rows?funnel=lead&stage=sal',
      org.keys.vp as string,
    )
    const people = body.items.map((r: { label: string }) => r.label)
    expect(people).toContain('Nadia First')
    await dialog.getByRole('rowheader', { name: 'Nadia First' }).waitFor(WAIT)
    expect(await dialog.locator('tbody').getByRole('rowheader').allTextContents()).toEqual(people)
    await screenshot(page, 'funnel-drill')

    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached', ...WAIT })
    expect(
      await page.evaluate('document.activeElement && document.activeElement.ariaLabel'),
    ).toMatch(/reached SAL$/)

    // Accounts behind a figure lead to their page.
    await page.getByRole('button', { name: /reached Target$/ }).click()
    const accounts = page.getByRole('dialog', { name: /reached Target/ })
    const northwind = accounts.getByRole('link', { name: 'Northwind Traders' })
    await northwind.waitFor(WAIT)
    expect(await northwind.getAttribute('href')).toBe(`/accounts/${targetAccountId}`)
    await accounts.getByRole('button', { name: 'Close' }).click()
    await accounts.waitFor({ state: 'detached', ...WAIT })
    await page.context().close()
  })

  it('takes custom dates, and says what to do when no one entered the funnel in them', async () => {
    const { body } = await callApi(server.url, '/v1/reports/double-funnel', org.keys.vp as string)
    const page = await browser.openPage()
    await logIn(page)
    await openFunnel(page)
    await page.getByRole('combobox', { name: 'Period' }).selectOption({ label: 'Custom dates' })
    // The dates start as the period on screen.
    const from = page.getByLabel('From', { exact: true })
    await from.waitFor(WAIT)
    expect(await from.inputValue()).toBe(body.from.slice(0, 10))
    await from.fill('2025-01-01')
    await page.getByLabel('To (included)').fill('2025-01-31')
    await page.getByText('No one entered either funnel in this period').waitFor(WAIT)
    await page.getByRole('heading', { name: /1 Jan 2025 – 31 Jan 2025/ }).waitFor(WAIT)
    const address = new URL(page.url()).searchParams
    expect([address.get('from'), address.get('to')]).toEqual(['2025-01-01', '2025-01-31'])
    await page.context().close()
  })
})
