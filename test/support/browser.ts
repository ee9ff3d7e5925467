import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'

/** Debian's chromium package, which scripts/install-browser.sh installs. */
export const BROWSER_PATH = '/usr/bin/chromium'

/** Where screenshots of the dashboard's views go: test-results is what CI keeps. */
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots')

/** Headless Chromium; without it, an error that says how to install it (the tests never skip). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(BROWSER_PATH))
    throw new Error(
      `The dashboard's browser tests need Chromium at ${BROWSER_PATH}. Install it with "npm run install-browser" (scripts/install-browser.sh: apt-get install chromium), then run the tests again.`,
    )
  return chromium.launch({
    executablePath: BROWSER_PATH,
    headless: true,
    // Tests run as root in containers, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  })
}

/** A page of its own (cookies included) at laptop width. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } })
  return context.newPage()
}

/** Saves the page as test-results/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
}
