import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exampleQualificationDefinition } from '../../src/services/scoring/example-contracts.ts'
import { addUser } from '../../src/services/users.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import { SCREENSHOT_DIR, screenshot } from '../support/browser.ts'
import { callApi } from '../support/call-api.ts'
import { browserForFile, givePasswords, logIn as logInAs, WAIT } from '../support/dashboard.ts'
import { type Person, sendQualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The Contracts view in a real browser against the real server: marketing drafts a slower fade
// for pricing-page visits, sees what it changes from the active definition and backtests it;
// marketing and sales each approve it for their side, then it is activated. Customer success
// reads the contracts but is offered no approval.

const tuesday10 = new Date('2026-03-03T10:00:00Z')

let t: TestStore
let server: RunningApp
let org: SalesOrg
let draftId: string
const browser = browserForFile()

const person = (firstName: string, country: string): Person => ({
  email: `${firstName}@fabrikam.example`.toLowerCase(),
  firstName,
  lastName: 'Buyer',
  title: 'VP Marketing',
  country,
})

const logIn = async (page: Page, short: string, workspace = 'contracts') => {
  await logInAs(page, server.url, { workspace, email: `${short}@${workspace}.example` })
  await page.getByRole('heading', { name: 'Radar', level: 1 }).waitFor(WAIT)
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('link', { name: 'Contracts' })
    .click()
  await page.getByRole('heading', { name: 'Contracts', level: 1 }).waitFor(WAIT)
}

const versionRow = (page: Page, version: number) =>
  page.getByRole('row').filter({ has: page.getByRole('button', { name: `Version ${version}` }) })

const approvalsOf = (id: string) =>
  t.db
    .selectFrom('definition_approvals')
    .select(['side', 'user_id'])
    .where('workspace_id', '=', org.workspaceId)
    .where('definition_id', '=', id)
    .orderBy('side')
    .execute()

const statusOf = async (version: number) =>
  (
    await t.db
      .selectFrom('definitions')
      .select('status')
      .where('workspace_id', '=', org.workspaceId)
      .where('kind', '=', 'qualification')
      .where('version', '=', version)
      .executeTakeFirstOrThrow()
  ).status

/** The example definition with pricing-page visits fading over 21 days instead of 14. */
function slowerFade() {
  const definition = exampleQualificationDefinition()
  const pricing = definition.engagement.rules.find((r) => r.id === 'pricing-page')
  if (pricing === undefined) throw new Error('The example definition has a pricing-page rule.')
  pricing.halfLifeDays = 21
  return { ...definition, name: 'Slower pricing fade, 2026' }
}

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, tuesday10)
  org = await createSalesOrg(t.db, 'contracts', tuesday10)
  await sendQualifyingJourney(server, org.writeKey, person('Nadia', 'United States'))
  await sendQualifyingJourney(server, org.writeKey, person('Omar', 'Germany'))
  await addUser(t.db, {
    workspaceId: org.workspaceId,
    email: 'cam@contracts.example',
    name: 'Cam',
    role: 'cs',
  })
  await givePasswords(t.db, org.workspaceId, [
    'marketing@contracts.example',
    'vp@contracts.example',
    'cam@contracts.example',
  ])
  const draft = await callApi(server.url, '/v1/contracts', org.keys.marketing as string, {
    method: 'POST',
    body: slowerFade(),
  })
  expect(draft.status).toBe(201)
  draftId = draft.body.id
})

afterAll(async () => {
  await browser.close()
  await server?.close()
  await t?.close()
})

describe('the Contracts view', () => {
  it('lists the draft and shows what it changes from the active definition', async () => {
    const page = await browser.openPage()
    await logIn(page, 'marketing')
    const tab = page.getByRole('tab', { name: 'Qualification definition' })
    expect(await tab.getAttribute('aria-selected')).toBe('true')
    await versionRow(page, 2).filter({ hasText: 'Draft, awaiting approval' }).waitFor(WAIT)
    await versionRow(page, 1).filter({ hasText: 'Active' }).waitFor(WAIT)
    expect(await versionRow(page, 1).textContent()).toMatch(/Marketing, .*Vp, /)

    const diff = page.getByRole('region', {
      name: 'What version 2 changes from version 1 (active)',
    })
    const change = diff.getByRole('listitem')
    await change.first().waitFor(WAIT)
    expect(await change.allTextContents()).toEqual([
      '~ Changed name: Volume and ABM leads, 2026 → Slower pricing fade, 2026',
      "~ Changed behaviour rule 'pricing-page': half-life 14 → 21 days",
    ])
    await screenshot(page, 'contracts')
    await diff.screenshot({ path: join(SCREENSHOT_DIR, 'contracts-diff.png') })

    // The other kinds have their own versions: routing's only one is active.
    await tab.focus()
    await page.keyboard.press('End')
    expect(
      await page.getByRole('tab', { name: 'Routing rules' }).getAttribute('aria-selected'),
    ).toBe('true')
    await versionRow(page, 1).filter({ hasText: 'Active' }).waitFor(WAIT)
    await page
      .getByText('This is the first version: there is nothing to compare it with yet.')
      .waitFor(WAIT)
    expect(new URL(page.url()).searchParams.get('kind')).toBe('routing')
    await page.context().close()
  })

  it('backtests the draft against the active definition, as the API does', async () => {
    const expected = await callApi(server.url, '/v1/backtests', org.keys.vp as string, {
      method: 'POST',
      body: slowerFade(),
    })
    expect(expected.status).toBe(200)
    expect(expected.body.active.totals.mqls).toBeGreaterThan(0)

    const page = await browser.openPage()
    await logIn(page, 'vp')
    await page.getByRole('button', { name: 'Backtest version 2' }).click()
    const result = page.getByRole('region', { name: 'Backtest result' })
    await result.waitFor(WAIT)
    const totals = result.getByRole('table', { name: /^Totals/ })
    const row = (name: string) => totals.getByRole('row').filter({ hasText: name }).locator('td')
    const { active, proposed } = expected.body
    expect(await row('Active (version 1)').allTextContents()).toEqual([
      String(active.totals.mqls),
      String(active.totals.laterSal),
      String(active.totals.laterSql),
      String(active.totals.laterWon),
      expect.any(String),
      expect.any(String),
    ])
    expect((await row('Proposed (version 2)').allTextContents())[0]).toBe(
      String(proposed.totals.mqls),
    )
    await result
      .getByRole('img', { name: /^MQLs per month/ })
      .locator('svg')
      .waitFor(WAIT)
    await screenshot(page, 'contracts-backtest')
    await page.context().close()
  })

  it('offers customer success no approval, and says why', async () => {
    const page = await browser.openPage()
    await logIn(page, 'cam')
    await versionRow(page, 2).waitFor(WAIT)
    await page.getByText('your role is cs', { exact: false }).first().waitFor(WAIT)
    expect(await page.getByRole('button', { name: /^Approve/ }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Activate' }).isDisabled()).toBe(true)
    await page.context().close()
  })

  it('approve a contract version as marketing and as sales', async () => {
    const marketing = await browser.openPage()
    await logIn(marketing, 'marketing')
    expect(await marketing.getByRole('button', { name: 'Approve as sales' }).count()).toBe(0)
    await marketing.getByRole('button', { name: 'Approve as marketing' }).click()
    await marketing
      .getByRole('status')
      .filter({ hasText: 'Approved version 2 as marketing.' })
      .waitFor(WAIT)
    expect(await approvalsOf(draftId)).toEqual([
      { side: 'marketing', user_id: org.users.marketing },
    ])
    await versionRow(marketing, 2).filter({ hasText: 'Draft, approved by marketing' }).waitFor(WAIT)
    expect(await marketing.getByRole('button', { name: 'Approve as marketing' }).isDisabled()).toBe(
      true,
    )
    const activate = marketing.getByRole('button', { name: 'Activate' })
    expect(await activate.isDisabled()).toBe(true)
    expect(await activate.getAttribute('aria-describedby')).toBeTruthy()
    await marketing.getByText('It still needs approval by sales.').waitFor(WAIT)
    await marketing.context().close()

    const sales = await browser.openPage()
    await logIn(sales, 'vp')
    expect(await sales.getByRole('button', { name: 'Approve as marketing' }).count()).toBe(0)
    await sales.getByRole('button', { name: 'Approve as sales' }).click()
    await sales
      .getByRole('status')
      .filter({ hasText: 'Approved version 2 as sales.' })
      .waitFor(WAIT)
    expect(await approvalsOf(draftId)).toEqual([
      { side: 'marketing', user_id: org.users.marketing },
      { side: 'sales', user_id: org.users.vp },
    ])
    expect(await statusOf(2)).toBe('approved')
    await versionRow(sales, 2).filter({ hasText: 'Approved by both sides' }).waitFor(WAIT)

    await sales.getByRole('button', { name: 'Activate' }).click()
    await sales
      .getByRole('status')
      .filter({ hasText: 'Version 2 is active; version 1 is retired.' })
      .waitFor(WAIT)
    await versionRow(sales, 2).filter({ hasText: 'Active' }).waitFor(WAIT)
    await versionRow(sales, 1).filter({ hasText: 'Retired' }).waitFor(WAIT)
    expect([await statusOf(1), await statusOf(2)]).toEqual(['retired', 'active'])
    await sales.getByText('Everyone is re-scored under the new version.').waitFor(WAIT)
    // Version 1 is history now: it is shown, not offered for approval.
    await versionRow(sales, 1).getByRole('button').click()
    await sales
      .getByText('Version 1 is retired: it is no longer approved or activated.')
      .waitFor(WAIT)
    expect(await sales.getByRole('button', { name: /^(Approve|Activate)/ }).count()).toBe(0)
    await sales.context().close()
  })

  it('says how to draft a first version in a workspace that has none', async () => {
    const { id } = await createWorkspace(t.db, { slug: 'blank', name: 'Blank' })
    await addUser(t.db, {
      workspaceId: id,
      email: 'ana@blank.example',
      name: 'Ana',
      role: 'marketing',
    })
    await givePasswords(t.db, id, ['ana@blank.example'])
    const page = await browser.openPage()
    await logIn(page, 'ana', 'blank')
    const empty = page.getByText('There is no version of the qualification definition yet.')
    await empty.waitFor(WAIT)
    expect(await empty.textContent()).toContain('tandem contract draft FILE')
    await page.context().close()
  })
})
