import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lineLabel } from '../../web/src/attribution-shape.ts'
import { formatMoney } from '../../web/src/format.ts'
import { screenshot } from '../support/browser.ts'
import { callApi } from '../support/call-api.ts'
import { browserForFile, givePasswords, logIn, WAIT } from '../support/dashboard.ts'
import { DEALS_MAPPING, importCsv } from '../support/import-csv.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { sendAndProcess } from '../support/send-events.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The attribution view in a real browser over touches tracked with their campaigns and deals
// imported as a CRM would send them: every line shows the API's figures for the model and
// grouping chosen, and a line opens its deals with each one's share.

const day = (n: number) => new Date(Date.UTC(2026, 2, 2 + n, 10)).toISOString()
const PERIOD = 'from=2026-03-01&to=2026-03-31'

let t: TestStore
let server: RunningApp
let org: SalesOrg
const browser = browserForFile()

const webinar = { name: 'Spring Webinar', source: 'linkedin', medium: 'paid_social' }
const report = { name: 'RevOps Report', source: 'google', medium: 'cpc' }
const buyers = [
  { email: 'ines@fourth-coffee.example', deal: 'Fourth Coffee', amount: '1000', stage: 'Won' },
  { email: 'omar@lucerne-pub.example', deal: 'Lucerne', amount: '2500.50', stage: 'Lost' },
  { email: 'zoe@woodgrove.example', deal: 'Woodgrove', amount: '99.99', stage: 'Proposal' },
]

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, new Date(day(0)))
  org = await createSalesOrg(t.db, 'e2e-attribution', new Date(day(0)))
  for (const [i, buyer] of buyers.entries()) {
    const userId = randomUUID()
    const touches = [
      { type: 'page', userId, properties: { path: '/blog' }, context: { campaign: webinar } },
      { type: 'track', userId, event: 'Webinar Attended', context: { campaign: webinar } },
      { type: 'page', userId, properties: { path: '/pricing' } },
      { type: 'track', userId, event: 'Content Downloaded', context: { campaign: report } },
    ]
      // Zoe only read the report: the report sourced her deal.
      .slice(i === 2 ? 3 : 0, i === 0 ? 2 : 4)
      .map((touch, n) => ({ ...touch, timestamp: day(1 + n) }))
    await sendAndProcess(server, org.writeKey, [
      { type: 'identify', userId, traits: { email: buyer.email }, timestamp: day(1) },
      ...touches,
    ])
  }
  await importCsv(
    server,
    org.keys.marketing as string,
    'opportunities',
    DEALS_MAPPING,
    [
      'id,name,account,email,stage,amount,created,closed,loss_reason',
      ...buyers.map(
        (b, i) =>
          `o${i},${b.deal} deal,${b.deal},${b.email},${b.stage},${b.amount},${day(10)},${b.stage === 'Proposal' ? '' : day(20)},`,
      ),
    ].join('\n'),
  )
  server.clock.set(new Date(day(25)))
  await givePasswords(t.db, org.workspaceId, ['marketing@e2e-attribution.example'])
}, 120_000)

afterAll(async () => {
  await browser.close()
  await server?.close()
  await t?.close()
})

const read = async (path: string) => {
  const response = await callApi(server.url, path, org.keys.marketing as string)
  expect(response.status).toBe(200)
  return response.body
}

async function openView(): Promise<Page> {
  const page = await browser.openPage()
  await logIn(page, server.url, {
    workspace: 'e2e-attribution',
    email: 'marketing@e2e-attribution.example',
  })
  await page.getByRole('heading', { name: 'Radar', level: 1 }).waitFor(WAIT)
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('link', { name: 'Attribution' })
    .click()
  await page.getByRole('heading', { name: 'Attribution', level: 1 }).waitFor(WAIT)
  await page.goto(`${server.url}/attribution?${PERIOD}`)
  return page
}

type Line = {
  key: string | null
  opportunities: number
  attributedCents: number
  sourcedPipelineCents: number
  influencedPipelineCents: number
  sourcedRevenueCents: number
  influencedRevenueCents: number
}

/** Every line of the report, as the API gives it, is a row of the table with the same figures. */
async function expectLines(page: Page, model: string, by: 'campaign' | 'channel') {
  const body = await read(`/v1/reports/attribution?${PERIOD}&model=${model}&by=${by}`)
  expect(body.lines.length).toBeGreaterThan(1)
  const table = page.getByRole('table', { name: new RegExp(`^Per ${by}, under the`) })
  await table.waitFor(WAIT)
  expect(await table.locator('tbody tr').count()).toBe(body.lines.length)
  for (const line of body.lines as Line[]) {
    const label = lineLabel(line.key, by)
    const row = table.locator('tbody tr').filter({
      has: page.getByRole('rowheader', { name: label, exact: true }),
    })
    // A count of 0 has no deals to open: it is plain text, not a button.
    await (line.opportunities === 0
      ? row.getByTitle(`No deals behind ${label}`, { exact: true })
      : row.getByRole('button', {
          name: `${line.opportunities} deals behind ${label}: show them`,
        })
    ).waitFor(WAIT)
    expect((await row.locator('td').allTextContents()).slice(1)).toEqual(
      [
        line.attributedCents,
        line.sourcedPipelineCents,
        line.influencedPipelineCents,
        line.sourcedRevenueCents,
        line.influencedRevenueCents,
      ].map((cents) => formatMoney(cents)),
    )
  }
  return body.lines as Line[]
}

describe('the attribution view', () => {
  it('shows each line as the API does, under the model and grouping chosen', async () => {
    const page = await openView()
    const wShaped = await expectLines(page, 'w_shaped', 'campaign')
    expect(await page.getByRole('radio', { name: /^W-shaped/ }).isChecked()).toBe(true)
    expect(await page.getByRole('radio').count()).toBe(8)

    await page.getByRole('radio', { name: /^First touch/ }).check()
    await page.waitForURL(/model=first_touch/, WAIT)
    const firstTouch = await expectLines(page, 'first_touch', 'campaign')
    // The model moves credit: under first touch, the webinar gets what it sourced.
    const spring = (lines: Line[]) => lines.find((l) => l.key === 'Spring Webinar') as Line
    expect(spring(firstTouch).attributedCents).toBe(spring(firstTouch).sourcedPipelineCents)
    expect(spring(firstTouch).attributedCents).not.toBe(spring(wShaped).attributedCents)

    await page.getByLabel('Group by').selectOption('channel')
    await page.waitForURL(/by=channel/, WAIT)
    await expectLines(page, 'first_touch', 'channel')
    await page.getByRole('img', { name: /per channel/ }).waitFor(WAIT)
    await screenshot(page, 'attribution')
    await page.context().close()
  })

  it("opens the deals behind a line, with each deal's share of it", async () => {
    const page = await openView()
    await page.getByRole('radio', { name: /^Linear/ }).check()
    await page.waitForURL(/model=linear/, WAIT)
    const body = await read(`/v1/reports/attribution?${PERIOD}&model=linear&by=campaign`)
    const line = (body.lines as Line[]).find((l) => l.key === 'Spring Webinar') as Line
    const rows = await read(
      `/v1/reports/attribution/rows?${PERIOD}&model=linear&by=campaign&key=Spring%20Webinar`,
    )
    expect(rows.items).toHaveLength(line.opportunities)
    expect(rows.total).toBe(line.opportunities)
    const open = page.getByRole('button', {
      name: `${line.opportunities} deals behind Spring Webinar: show them`,
    })
    await open.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Deals behind Spring Webinar' })
    await dialog.waitFor(WAIT)
    await dialog.getByText(`${line.opportunities} deals`, { exact: true }).waitFor(WAIT)
    for (const deal of rows.items as {
      name: string
      amountCents: number
      shares: { campaign: string | null; cents: number }[]
    }[]) {
      const share = deal.shares
        .filter((s) => s.campaign === 'Spring Webinar')
        .reduce((sum, s) => sum + s.cents, 0)
      const cells = await dialog
        .locator('tbody tr')
        .filter({ has: page.getByRole('rowheader', { name: deal.name, exact: true }) })
        .locator('td')
        .allTextContents()
      expect(cells[0]).toBe(formatMoney(deal.amountCents))
      expect(cells[1]?.startsWith(formatMoney(share))).toBe(true)
    }
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden', ...WAIT })
    expect(await open.evaluate((button) => button.matches(':focus'))).toBe(true)

    // Touches without a campaign have a line too, and its deals are the server's to list.
    const none = (body.lines as Line[]).find((l) => l.key === null) as Line
    expect(none.opportunities).toBeGreaterThan(0)
    await page
      .getByRole('button', { name: `${none.opportunities} deals behind No campaign: show them` })
      .click()
    const uncampaigned = page.getByRole('dialog', { name: 'Deals behind No campaign' })
    const count = `${none.opportunities} ${none.opportunities === 1 ? 'deal' : 'deals'}`
    await uncampaigned.getByText(count, { exact: true }).waitFor(WAIT)
    expect(await uncampaigned.locator('tbody tr').count()).toBe(none.opportunities)
    await page.keyboard.press('Escape')
    await page.context().close()
  })
})
