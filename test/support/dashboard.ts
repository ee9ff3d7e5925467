import type { Kysely } from 'kysely'
import type { Browser, Page } from 'playwright-core'
import { setPassword } from '../../src/services/auth/sessions.ts'
import type { Database } from '../../src/store/database.ts'
import { launchBrowser, newPage } from './browser.ts'

// What every browser test of the dashboard does: give users a password, open a page at laptop
// width in one shared Chromium, and log in through the form as a person would.

export const PASSWORD = 'correct horse battery staple'
/** How long a browser test waits for what it expects to appear. */
export const WAIT = { timeout: 15_000 } as const

export async function givePasswords(
  db: Kysely<Database>,
  workspaceId: string,
  emails: readonly string[],
): Promise<void> {
  for (const email of emails) await setPassword(db, { workspaceId, email, password: PASSWORD })
}

/**
 * One Chromium per test file, launched by the first test that needs it: without Chromium, every
 * test fails saying how to install it (a failing beforeAll would report them as skipped).
 */
export function browserForFile(): {
  readonly openPage: () => Promise<Page>
  readonly close: () => Promise<void>
} {
  let browser: Promise<Browser> | undefined
  return {
    openPage: async () => {
      browser ??= launchBrowser()
      return newPage(await browser)
    },
    close: async () => {
      await (await browser?.catch(() => undefined))?.close()
    },
  }
}

/** Logs in through the login form; the caller waits for what the login should lead to. */
export async function logIn(
  page: Page,
  url: string,
  login: { readonly workspace: string; readonly email: string; readonly password?: string },
): Promise<void> {
  await page.goto(url)
  await page.getByRole('heading', { name: 'Log in to Tandem' }).waitFor(WAIT)
  await page.getByLabel('Workspace').fill(login.workspace)
  await page.getByLabel('Email').fill(login.email)
  await page.getByLabel('Password').fill(login.password ?? PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).click()
}
