import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addAccount } from '../support/accounts.ts'
import { screenshot } from '../support/browser.ts'
import { browserForFile, givePasswords, logIn as logInAs, WAIT } from '../support/dashboard.ts'
import { sendQualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The accounts views in a real browser against the real server: an SDR finds an account in the
// list by searching, opens it and sees why it is tier 1, its people, and a person's score
// explained rule by rule; marketing, who may not start plans, is told who does.

// Tuesday 3 March 2026, 10:00 in London.
const tuesday10 = new Date('2026-03-03T10:00:00Z')

let t: TestStore
let server: RunningApp
let org: SalesOrg
const browser = browserForFile()
const openPage = browser.openPage

const logIn = async (page: Page, who: string) => {
  await logInAs(page, server.url, {
    workspace: 'e2e-accounts',
    email: `${who}@e2e-accounts.example`,
  })
  await page.getByRole('heading', { name: 'Radar', level: 1 }).waitFor(WAIT)
}

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, tuesday10)
  org = await createSalesOrg(t.db, 'e2e-accounts', tuesday10)
  await addAccount(t.db, org.workspaceId, {
    name: 'Fabrikam, Inc.',
    domain: 'fabrikam.example',
    industry: 'Software',
    employees: 800,
    country: 'United States',
  })
  await addAccount(t.db, org.workspaceId, {
    name: 'Northwind Traders',
    domain: 'northwind.example',
  })
  await sendQualifyingJourney(server, org.writeKey, {
    email: 'nadia.account@fabrikam.example',
    firstName: 'Nadia',
    lastName: 'Account',
    title: 'VP Marketing',
    country: 'United States',
  })
  await givePasswords(t.db, org.workspaceId, [
    'sue@e2e-accounts.example',
    'marketing@e2e-accounts.example',
  ])
})

afterAll(async () => {
  await browser.close()
  await server?.close()
  await t?.close()
})

describe('accounts in a browser', () => {
  it('finds an account by searching, opens it and sees why it is tier 1', async () => {
    const page = await openPage()
    await logIn(page, 'sue')
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('link', { name: 'Accounts' })
      .click()
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor(WAIT)
    const table = page.getByRole('table')
    await table.getByRole('link', { name: 'Northwind Traders' }).waitFor(WAIT)
    await screenshot(page, 'accounts')

    await page.getByLabel('Search').fill('fabrik')
    await table
      .getByRole('link', { name: 'Northwind Traders' })
      .waitFor({ state: 'detached', ...WAIT })
    expect(new URL(page.url()).searchParams.get('q')).toBe('fabrik')
    const fabrikam = table.getByRole('row').filter({ hasText: 'Fabrikam, Inc.' })
    expect(await fabrikam.textContent()).toContain('Tier 1')
    await fabrikam.getByRole('link', { name: 'Fabrikam, Inc.' }).click()

    await page.getByRole('heading', { name: 'Fabrikam, Inc.', level: 1 }).waitFor(WAIT)
    const why = page.getByRole('region', { name: 'Why tier 1' })
    await why.waitFor(WAIT)
    // The example ICP's reasons: a Software company of 800 people in the United States.
    const reasons = await why.getByRole('listitem').allTextContents()
    expect(reasons).toEqual([
      expect.stringMatching(/^\+30 core industry/),
      expect.stringMatching(/^\+25 200 to 10,000 employees/),
      expect.stringMatching(/^\+10 served market/),
    ])
    const engagement = page.getByRole('region', { name: 'Engagement by function' })
    await engagement.getByRole('img', { name: /^Activities with Fabrikam/ }).waitFor(WAIT)
    await engagement.getByText('Show the figures as a table').click()
    // This week (from 24 Feb): Nadia's webinar, event and three pricing page views, marketing's.
    const thisWeek = engagement.getByRole('row').filter({ hasText: '24 Feb' })
    expect(await thisWeek.getByRole('cell').allTextContents()).toEqual(['5', '0', '0', '0'])

    const people = page.getByRole('region', { name: 'People' })
    const nadia = people.getByRole('row').filter({ hasText: 'Nadia Account' })
    expect(await nadia.textContent()).toMatch(/VP Marketing.*decision maker.*MQL/)
    await nadia.getByRole('button', { name: 'Explain the score of Nadia Account' }).click()
    const explanation = page.getByRole('region', { name: /^Why Nadia Account is [A-D]1$/ })
    await explanation.getByRole('heading', { name: /^Engagement band 1/ }).waitFor(WAIT)
    expect(await explanation.textContent()).toMatch(/Qualification version 1/)
    expect(
      await explanation.getByRole('row').filter({ hasText: 'pricing page' }).textContent(),
    ).toMatch(/3/)
    await screenshot(page, 'account')

    await page.getByRole('button', { name: 'Hide the score of Nadia Account' }).click()
    await explanation.waitFor({ state: 'detached', ...WAIT })
    await page.context().close()
  })

  it('tells marketing who starts account plans, and says so for an unknown account', async () => {
    const page = await openPage()
    await logIn(page, 'marketing')
    await page.goto(`${server.url}/accounts?tier=1`)
    await page.getByRole('link', { name: 'Fabrikam, Inc.' }).click()
    const plan = page.getByRole('region', { name: 'Account plan' })
    await plan.getByText('Sales starts account plans').waitFor(WAIT)
    await page.goto(`${server.url}/accounts/${crypto.randomUUID()}`)
    await page.getByRole('alert').filter({ hasText: 'There is no account' }).waitFor(WAIT)
    await page.context().close()
  })
})
