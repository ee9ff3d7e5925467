import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser.ts'
import { callApi } from '../support/call-api.ts'
import { browserForFile, givePasswords, logIn, WAIT } from '../support/dashboard.ts'
import { DEALS_MAPPING, importCsv } from '../support/import-csv.ts'
import { sendQualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The SLA and closed-loop view in a real browser over handoffs made and answered through the
// API: the figures it shows are the API's for the same period, a count opens the handoffs behind
// it in a dialog the keyboard can leave, and the closed loop regroups by campaign.

// Tuesday 3 March 2026 in London: the volume SDRs are at work.
const at = (hhmm: string) => new Date(`2026-03-03T${hhmm}:00Z`)
const PERIOD = 'from=2026-03-01&to=2026-03-31'

let t: TestStore
let server: RunningApp
let org: SalesOrg
const browser = browserForFile()

const people = ['Ada', 'Ben', 'Cas', 'Dov', 'Eli'] as const
const emailOf = (name: string) => `${name.toLowerCase()}@tailspin-${name.toLowerCase()}.example`

const read = async (path: string) => {
  const response = await callApi(server.url, path, org.keys.marketing as string)
  expect(response.status).toBe(200)
  return response.body
}

async function handoffOf(email: string) {
  return t.db
    .selectFrom('assignments as a')
    .innerJoin('contacts as c', (j) =>
      j.onRef('c.workspace_id', '=', 'a.workspace_id').onRef('c.id', '=', 'a.entity_id'),
    )
    .select(['a.id', 'a.owner_id', 'c.id as contactId'])
    .where('a.workspace_id', '=', org.workspaceId)
    .where('c.email', '=', email)
    .executeTakeFirstOrThrow()
}

async function answer(name: string, action: string, reasonCode?: string) {
  const handoff = await handoffOf(emailOf(name))
  const owner = Object.entries(org.users).find(([, id]) => id === handoff.owner_id)?.[0]
  const response = await callApi(
    server.url,
    `/v1/assignments/${handoff.id}/${action}`,
    org.keys[owner as string] as string,
    { method: 'POST', ...(reasonCode === undefined ? {} : { body: { reasonCode } }) },
  )
  expect(response.status).toBe(200)
}

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, at('09:30'))
  org = await createSalesOrg(t.db, 'e2e-sla', at('09:30'))
  for (const name of people)
    await sendQualifyingJourney(server, org.writeKey, {
      email: emailOf(name),
      firstName: name,
      lastName: 'Lead',
      title: 'VP Marketing',
      country: 'United Kingdom',
    })
  // Where they came from, as a CRM sync would have set it: Ada, Ben and Cas from the webinar.
  const campaignId = crypto.randomUUID()
  await t.db
    .insertInto('campaigns')
    .values({
      workspace_id: org.workspaceId,
      id: campaignId,
      key: 'spring-webinar',
      name: 'Spring webinar',
      channel: 'webinar',
    })
    .execute()
  for (const name of people) {
    const webinar = ['Ada', 'Ben', 'Cas'].includes(name)
    await t.db
      .updateTable('contacts')
      .set({
        source: webinar ? 'webinar' : 'paid_search',
        source_campaign_id: webinar ? campaignId : null,
      })
      .where('workspace_id', '=', org.workspaceId)
      .where('email', '=', emailOf(name))
      .execute()
  }

  server.clock.set(at('10:00'))
  await answer('Ada', 'accept')
  await answer('Ada', 'touch')
  server.clock.set(at('10:30'))
  await answer('Ben', 'reject', 'not_icp')
  await answer('Cas', 'recycle', 'wrong_timing')
  server.clock.set(at('11:00'))
  await answer('Dov', 'accept')
  // Eli waits. Ada's deal is lost on price the same afternoon.
  server.clock.set(at('15:00'))
  await importCsv(
    server,
    org.keys.marketing as string,
    'opportunities',
    DEALS_MAPPING,
    [
      'id,name,account,email,stage,amount,created,closed,loss_reason',
      `d1,Tailspin pilot,Tailspin,${emailOf('Ada')},Lost,4000,2026-03-03T11:00:00Z,2026-03-03T14:00:00Z,Price`,
    ].join('\n'),
  )
  // Nobody answered Eli by the deadline: the SLA sweep escalates and hands Eli on now, so the
  // figures stay still while the page and the API are read.
  await server.app.jobs.sweepSlaTimers()
  await givePasswords(t.db, org.workspaceId, ['marketing@e2e-sla.example'])
}, 120_000)

afterAll(async () => {
  await browser.close()
  await server?.close()
  await t?.close()
})

async function openView(query: string): Promise<Page> {
  const page = await browser.openPage()
  await logIn(page, server.url, { workspace: 'e2e-sla', email: 'marketing@e2e-sla.example' })
  await page.getByRole('heading', { name: 'Radar', level: 1 }).waitFor(WAIT)
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('link', { name: 'SLA & closed loop' })
    .click()
  await page.getByRole('heading', { name: 'SLA and closed loop', level: 1 }).waitFor(WAIT)
  // The filters live in the address: reload the view with them, as a shared link would.
  await page.goto(`${server.url}/sla?${query}`)
  await page.getByRole('heading', { name: 'SLA and closed loop', level: 1 }).waitFor(WAIT)
  return page
}

const figure = (scope: Page | Locator, count: number, what: string) =>
  scope.getByRole('button', { name: `${count} ${what}: show them`, exact: true })

/** A count is a button that opens its rows; a count of 0 has none to open and is plain text. */
async function expectShown(scope: Page | Locator, count: number, what: string) {
  if (count === 0) await scope.getByTitle(`No ${what}`, { exact: true }).waitFor(WAIT)
  else await figure(scope, count, what).waitFor(WAIT)
}

describe('the SLA and closed-loop view', () => {
  it("shows both sides' figures as the API gives them, per team and per rep", async () => {
    const page = await openView(`${PERIOD}&mqlTarget=10`)
    const sla = await read(`/v1/reports/sla?${PERIOD}&mqlTarget=10&groupBy=team`)
    const byRep = await read(`/v1/reports/sla?${PERIOD}&groupBy=owner`)
    const m = sla.marketing
    expect(m.mqlDelivered).toBe(people.length)
    // Eli's breach handed Eli on: one more handoff for sales, still one MQL for marketing.
    expect(sla.sales.total.acceptBreaches).toBe(1)
    expect(sla.sales.total.handoffs).toBe(people.length + 1)

    const marketing = page.getByRole('region', { name: "Marketing's promise: MQLs delivered" })
    await expectShown(marketing, m.mqlDelivered, 'MQLs delivered')
    await marketing.getByText(`50% of the target of 10`).waitFor(WAIT)
    for (const [field, what] of [
      ['accepted', 'accepted MQLs'],
      ['rejected', 'rejected MQLs'],
      ['recycled', 'recycled MQLs'],
      ['pending', 'not answered yet MQLs'],
    ] as const)
      await expectShown(marketing, m[field], what)

    const sales = page.getByRole('region', { name: "Sales' promise: answered and touched in time" })
    const teams = sales.getByRole('table', { name: 'Per team' })
    const reps = sales.getByRole('table', { name: 'Per rep' })
    for (const [table, report] of [
      [teams, sla],
      [reps, byRep],
    ] as const) {
      expect(report.sales.groups.length).toBeGreaterThan(0)
      for (const g of report.sales.groups) {
        await expectShown(table, g.handoffs, `handoffs (${g.label})`)
        await expectShown(table, g.accepted, `accepted (${g.label})`)
        await expectShown(table, g.answeredWithinSla, `answered within SLA (${g.label})`)
      }
      await expectShown(table, report.sales.total.handoffs, 'handoffs (all)')
      await expectShown(table, report.sales.total.acceptBreaches, 'accept breaches (all)')
    }
    await sales
      .getByRole('img', { name: /answered and first touched within the SLA, per rep/ })
      .waitFor(WAIT)
    await screenshot(page, 'sla')
    await page.context().close()
  })

  it('opens the handoffs behind a count, and Escape gives the focus back', async () => {
    const page = await openView(PERIOD)
    const rows = await read(`/v1/reports/sla/rows?${PERIOD}&measure=mql_rejected`)
    expect(rows.total).toBe(1)
    const rejected = figure(page, 1, 'rejected MQLs')
    await rejected.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Rejected MQLs' })
    await dialog.waitFor(WAIT)
    for (const item of rows.items)
      await dialog.getByRole('row').filter({ hasText: item.contactName }).waitFor(WAIT)
    expect(await dialog.getByRole('row').filter({ hasText: 'Not our ICP' }).count()).toBe(1)
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden', ...WAIT })
    expect(await rejected.evaluate((button) => button.matches(':focus'))).toBe(true)

    // A rep's figure lists only that rep's handoffs.
    const byRep = await read(`/v1/reports/sla?${PERIOD}&groupBy=owner`)
    const rep = byRep.sales.groups.find((g: { handoffs: number }) => g.handoffs > 0)
    const repRows = await read(
      `/v1/reports/sla/rows?${PERIOD}&measure=handoffs&groupBy=owner&group=${rep.key}`,
    )
    await figure(
      page.getByRole('table', { name: 'Per rep' }),
      rep.handoffs,
      `handoffs (${rep.label})`,
    ).click()
    const repDialog = page.getByRole('dialog', { name: `Handoffs: ${rep.label}` })
    await repDialog.waitFor(WAIT)
    await repDialog.getByText(`${repRows.total} handoffs`, { exact: true }).waitFor(WAIT)
    expect(await repDialog.locator('tbody tr').count()).toBe(repRows.items.length)
    await repDialog.getByRole('button', { name: 'Close' }).click()
    await repDialog.waitFor({ state: 'hidden', ...WAIT })
    await page.context().close()
  })

  it('shows the closed loop by source, then by campaign, and the answers behind a reason', async () => {
    const page = await openView(PERIOD)
    const loop = page.getByRole('region', { name: /Closed loop/ })
    const bySource = await read(`/v1/reports/feedback?${PERIOD}&by=source`)
    expect(bySource.totals).toEqual({ rejected: 1, recycled: 1, disqualified: 0, lost: 1 })
    await expectShown(loop, bySource.totals.rejected, 'rejected')
    await expectShown(loop, bySource.totals.recycled, 'recycled')
    await expectShown(loop, bySource.totals.lost, 'lost deals')
    const reasons = loop.getByRole('table', { name: 'Reasons per source' })
    await reasons.waitFor(WAIT)
    expect(await reasons.locator('tbody tr').count()).toBe(bySource.rows.length)

    await loop.getByLabel('Group by').selectOption('campaign')
    await page.waitForURL(/by=campaign/, WAIT)
    const byCampaign = await read(`/v1/reports/feedback?${PERIOD}&by=campaign`)
    const perCampaign = loop.getByRole('table', { name: 'Reasons per campaign' })
    await perCampaign.waitFor(WAIT)
    expect(await perCampaign.locator('tbody tr').count()).toBe(byCampaign.rows.length)
    for (const row of byCampaign.rows)
      await perCampaign.getByRole('row').filter({ hasText: row.label }).first().waitFor(WAIT)
    await screenshot(page, 'closed-loop')

    const notIcp = byCampaign.rows.find((r: { reason: string }) => r.reason === 'not_icp')
    const behind = await read(
      `/v1/reports/feedback/rows?${PERIOD}&by=campaign&group=${encodeURIComponent(notIcp.key)}&outcome=rejected&reason=not_icp`,
    )
    await figure(perCampaign, notIcp.count, `Rejected: Not our ICP (${notIcp.label})`).click()
    const dialog = page.getByRole('dialog', { name: `Rejected: Not our ICP (${notIcp.label})` })
    await dialog.waitFor(WAIT)
    expect(await dialog.locator('tbody tr').count()).toBe(behind.total)
    await dialog.getByRole('row').filter({ hasText: 'Ben Lead' }).waitFor(WAIT)
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden', ...WAIT })
    await page.context().close()
  })
})
