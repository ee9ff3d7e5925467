import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser.ts'
import {
  browserForFile,
  givePasswords,
  logIn as logInAs,
  PASSWORD,
  WAIT,
} from '../support/dashboard.ts'
import { type Person, sendQualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The dashboard in a real headless Chromium against the real server: a manager logs in, sees
// the handoffs waiting on the radar, watches a new MQL arrive without reloading, and answers
// from the queue with the keyboard; marketing sees the radar but has nothing to answer; an
// answer the server refuses says why. Each view is saved as a screenshot.

// Tuesday 3 March 2026, 10:00 in London: the volume SDRs are at work.
const tuesday10 = new Date('2026-03-03T10:00:00Z')

let t: TestStore
let server: RunningApp
let org: SalesOrg
const browser = browserForFile()
const openPage = browser.openPage
let managerEmail: string

const person = (firstName: string, lastName: string): Person => ({
  email: `${firstName}.${lastName}@fabrikam.example`.toLowerCase(),
  firstName,
  lastName,
  title: 'VP Marketing',
  country: 'United States',
})

const assignmentOf = (email: string) =>
  t.db
    .selectFrom('assignments as a')
    .innerJoin('contacts as c', (j) =>
      j.onRef('c.workspace_id', '=', 'a.workspace_id').onRef('c.id', '=', 'a.entity_id'),
    )
    .select(['a.id', 'a.status', 'a.reason_code', 'a.owner_id', 'c.lifecycle_stage'])
    .where('a.workspace_id', '=', org.workspaceId)
    .where('c.email', '=', email)
    .orderBy('a.assigned_at', 'desc')
    .executeTakeFirstOrThrow()

const logIn = (page: Page, email: string, password = PASSWORD) =>
  logInAs(page, server.url, { workspace: 'e2e', email, password })

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, tuesday10)
  org = await createSalesOrg(t.db, 'e2e', tuesday10)
  await sendQualifyingJourney(server, org.writeKey, person('Nadia', 'First'))
  // The manager of whoever the MQL was routed to answers for their team.
  const { owner_id } = await assignmentOf('nadia.first@fabrikam.example')
  const manager = await t.db
    .selectFrom('users as u')
    .innerJoin('users as m', (j) =>
      j.onRef('m.workspace_id', '=', 'u.workspace_id').onRef('m.id', '=', 'u.manager_id'),
    )
    .select('m.email')
    .where('u.workspace_id', '=', org.workspaceId)
    .where('u.id', '=', owner_id)
    .executeTakeFirstOrThrow()
  managerEmail = manager.email
  await givePasswords(t.db, org.workspaceId, [managerEmail, 'marketing@e2e.example'])
})

afterAll(async () => {
  await browser.close()
  await server?.close()
  await t?.close()
})

describe('the dashboard in a browser', () => {
  it('says so when the password is wrong, then logs in to the radar', async () => {
    const page = await openPage()
    await logIn(page, managerEmail, 'not the password at all')
    await page
      .getByRole('alert')
      .filter({ hasText: 'email or password is not right' })
      .waitFor(WAIT)
    await screenshot(page, 'login-refused')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByRole('heading', { name: 'Radar', level: 1 }).waitFor(WAIT)
    expect(new URL(page.url()).pathname).toBe('/')
    await page.context().close()
  })

  it('shows a waiting MQL with its countdown, and a new one arriving without a reload', async () => {
    const page = await openPage()
    await logIn(page, managerEmail)
    const waiting = page.getByRole('region', { name: 'Waiting for an answer' })
    const nadia = waiting.getByRole('listitem').filter({ hasText: 'Nadia First' })
    await nadia.waitFor(WAIT)
    expect(await nadia.textContent()).toMatch(/MQL/)
    expect(await nadia.locator('time').textContent()).toMatch(/left$/)
    await page.getByText('Live', { exact: true }).waitFor(WAIT)
    await page.evaluate('window.sameDocument = true')

    await sendQualifyingJourney(server, org.writeKey, person('Omar', 'Second'))
    await waiting.getByRole('listitem').filter({ hasText: 'Omar Second' }).waitFor(WAIT)
    expect(await page.evaluate('window.sameDocument')).toBe(true)
    await screenshot(page, 'radar')
    await page.context().close()
  })

  it('accepts from the queue with the keyboard, and the MQL leaves it for sales', async () => {
    const page = await openPage()
    await logIn(page, managerEmail)
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('link', { name: /My queue/ })
      .click()
    await page.getByRole('heading', { name: 'My queue' }).waitFor(WAIT)
    const accept = page.getByRole('button', { name: 'Accept Nadia First' })
    await accept.waitFor(WAIT)
    await screenshot(page, 'queue')

    await accept.focus()
    await page.keyboard.press('Enter')
    await page.getByRole('status').filter({ hasText: 'Accepted Nadia First.' }).waitFor(WAIT)
    await accept.waitFor({ state: 'detached', ...WAIT })
    // The keyboard goes on at the next handoff.
    expect(await page.evaluate('document.activeElement && document.activeElement.ariaLabel')).toBe(
      'Accept Omar Second',
    )
    const accepted = await assignmentOf('nadia.first@fabrikam.example')
    expect(accepted).toMatchObject({ status: 'accepted', lifecycle_stage: 'sal' })

    // Reject in two keys: R opens the reasons, Enter picks the first (not our ICP).
    await page.keyboard.press('r')
    await page.getByRole('group', { name: 'Why reject Omar Second?' }).waitFor(WAIT)
    await page.keyboard.press('Enter')
    await page
      .getByRole('status')
      .filter({ hasText: 'Rejected Omar Second (Not our ICP).' })
      .waitFor(WAIT)
    await page.getByText('Your queue is empty.').waitFor(WAIT)
    expect(await assignmentOf('omar.second@fabrikam.example')).toMatchObject({
      status: 'rejected',
      reason_code: 'not_icp',
      lifecycle_stage: 'recycled',
    })
    await screenshot(page, 'queue-empty')
    await page.context().close()
  })

  it('shows the reason when the server refuses an answer', async () => {
    const page = await openPage()
    await logIn(page, managerEmail)
    await page.getByRole('link', { name: /My queue/ }).click()
    await sendQualifyingJourney(server, org.writeKey, person('Pia', 'Third'))
    const accept = page.getByRole('button', { name: 'Accept Pia Third' })
    await accept.waitFor(WAIT)
    // Handed to someone outside the manager's team after the page showed it.
    const { id } = await assignmentOf('pia.third@fabrikam.example')
    const outsider = managerEmail.startsWith('max@') ? org.users.eve : org.users.sue
    await t.db
      .updateTable('assignments')
      .set({ owner_id: outsider as string })
      .where('workspace_id', '=', org.workspaceId)
      .where('id', '=', id)
      .execute()
    await accept.click()
    await page
      .getByRole('alert')
      .filter({ hasText: 'Could not accept Pia Third: Only the owner of this assignment' })
      .waitFor(WAIT)
    await screenshot(page, 'queue-refused')
    expect((await assignmentOf('pia.third@fabrikam.example')).status).toBe('pending')
    await page.context().close()
  })

  it('lets marketing watch the radar, with nothing to answer in the queue', async () => {
    const page = await openPage()
    await logIn(page, 'marketing@e2e.example')
    await page
      .getByRole('region', { name: 'Waiting for an answer' })
      .getByRole('listitem')
      .filter({ hasText: 'Pia Third' })
      .waitFor(WAIT)
    expect(await page.getByRole('link', { name: 'Answer' }).count()).toBe(0)
    await page.getByRole('link', { name: /My queue/ }).click()
    await page.getByText('Nothing here is yours to answer.').waitFor(WAIT)
    expect(await page.getByRole('button', { name: /^Accept/ }).count()).toBe(0)
    await screenshot(page, 'queue-marketing')

    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByText('You are logged out.').waitFor(WAIT)
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.context().close()
  })
})
