import { existsSync } from 'node:fs'
import { buildWeb } from '../../scripts/build-web.ts'
import { BROWSER_PATH } from './browser.ts'

// The browser tests need Chromium and a current dashboard build: without the browser they fail
// saying how to install it (they never skip), and the build is brought up to date first.
export default async function setup(): Promise<void> {
  if (!existsSync(BROWSER_PATH))
    throw new Error(
      `The dashboard's browser tests need Chromium at ${BROWSER_PATH}. Install it with "npm run install-browser" (scripts/install-browser.sh, apt-get install chromium), then run the tests again.`,
    )
  await buildWeb({ ifStale: true })
}
