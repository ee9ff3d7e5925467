import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { buildWeb, gzippedScriptBytes } from '../scripts/build-web.ts'
import { createDemoWorkspace } from '../src/services/demo/create-demo-workspace.ts'
import type { DemoSize } from '../src/services/demo/generate-demo-workspace.ts'
import { migrateToLatest } from '../src/store/migrate.ts'
import { openStore } from '../src/store/open-store.ts'
import { launchBrowser } from '../test/support/browser.ts'
import { startBenchServer } from './bench-app.ts'
import { envNumber } from './env-number.ts'

// The dashboard's budget (issue #7) in a real headless Chromium against the real server on its
// embedded database with the demo workspace, as `npm start` makes it: the first load of each view
// with an empty cache, moving between views by the navigation, and answering from the queue.
// The baseline, in the same run: the browser loading the server's smallest document (/healthz).

export interface DashboardOptions {
  readonly size: DemoSize
  /** Loads of each view, each in a fresh browser context (nothing cached). */
  readonly runs: number
}

export function dashboardOptionsFromEnv(): DashboardOptions {
  const size = (process.env.BENCH_DASHBOARD_SIZE ?? 'default') as DemoSize
  return { size, runs: envNumber(process.env, 'BENCH_DASHBOARD_RUNS', 7) }
}

export interface Timings {
  readonly name: string
  readonly ms: readonly number[]
}

export interface DashboardResult {
  readonly browserVersion: string
  readonly demoSeconds: number
  readonly gzippedScriptKb: number
  readonly baseline: Timings
  readonly roundTrip: Timings
  readonly firstLoads: readonly Timings[]
  /** From a click in the navigation until the view answers with its heading. */
  readonly answeredMoves: readonly Timings[]
  /** From a click in the navigation until the view shows its figures. */
  readonly navigations: readonly Timings[]
  readonly answers: Timings
}

// Timed inside the page, so the figures are the browser's and not the driver's round trips. A
// view is shown once its heading is on the page, nothing is loading and every chart is drawn.
const IN_PAGE = `
const shown = (previousHeading) => {
  const heading = document.querySelector('main h1')
  return heading !== null && heading !== previousHeading &&
    document.querySelector('main .spinner') === null &&
    [...document.querySelectorAll('figure.chart [role="img"]')].every((c) => c.querySelector('svg') !== null)
}
const until = (condition) => new Promise((resolve, reject) => {
  const started = performance.now()
  const tick = () => {
    if (condition()) resolve(performance.now())
    else if (performance.now() - started > 30000) reject(new Error('not shown within 30 s'))
    else requestAnimationFrame(tick)
  }
  tick()
})
const clickThenWait = async (target, condition) => {
  const started = performance.now()
  target.click()
  return (await until(condition)) - started
}
window.tandemBench = {
  shownSinceNavigation: () => until(() => shown(null)),
  navigationDuration: () => performance.getEntriesByType('navigation')[0].duration,
  fetchHealth: async () => {
    const started = performance.now()
    await (await fetch('/healthz')).text()
    return performance.now() - started
  },
  views: () => [...document.querySelectorAll('nav[aria-label="Views"] a')].map((a) => ({
    path: new URL(a.href).pathname,
    name: a.firstChild.textContent.trim(),
  })),
  // Two moments: the view answers (its own heading is up, whatever it is still loading), then it
  // shows its figures.
  moveTo: async (path) => {
    const before = document.querySelector('main h1')
    const started = performance.now()
    document.querySelector('nav[aria-label="Views"] a[href="' + path + '"]').click()
    const answered = await until(() => {
      const heading = document.querySelector('main h1')
      return location.pathname === path && heading !== null && heading !== before
    })
    const shownAt = await until(() => location.pathname === path && shown(before))
    return { answered: answered - started, shown: shownAt - started }
  },
  acceptFirst: () => {
    const accept = document.querySelector('button[aria-label^="Accept "]')
    if (accept === null) return null
    const said = 'Accepted ' + accept.getAttribute('aria-label').slice('Accept '.length) + '.'
    return clickThenWait(accept, () =>
      [...document.querySelectorAll('[role="status"]')].some((s) => s.textContent.includes(said)))
  },
}`

/** Calls one of the timing functions above in the page. */
const inPage = <T>(page: Page, call: string): Promise<T> =>
  page.evaluate(`window.tandemBench.${call}`) as Promise<T>

export async function benchDashboard(
  options: DashboardOptions,
  log: (line: string) => void,
): Promise<DashboardResult> {
  await buildWeb({ ifStale: true })
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-dashboard-'))
  const store = await openStore({ kind: 'pglite', dataDir: join(dataDir, 'db') })
  const browser = await launchBrowser()
  try {
    await migrateToLatest(store.db)
    log(`Making the ${options.size} demo workspace…`)
    const demoStarted = performance.now()
    const demo = await createDemoWorkspace(store.db, {
      slug: 'demo',
      size: options.size,
      seed: 42,
      now: new Date(),
    })
    const demoSeconds = (performance.now() - demoStarted) / 1000
    const { app, url } = await startBenchServer(store)
    try {
      const loggedIn = async (): Promise<BrowserContext> => {
        const context = await browser.newContext({ viewport: { width: 1366, height: 800 } })
        await context.addInitScript(IN_PAGE)
        const answer = await context.request.post(`${url}/v1/session`, {
          data: { workspace: 'demo', ...demo.adminLogin },
        })
        if (!answer.ok())
          throw new Error(`Could not log in: ${answer.status()} ${await answer.text()}`)
        return context
      }

      // The views the navigation offers, read off the page itself.
      const first = await loggedIn()
      const page = await first.newPage()
      await page.goto(url)
      await inPage(page, 'shownSinceNavigation()')
      const views = await inPage<{ path: string; name: string }[]>(page, 'views()')
      await first.close()

      const baseline: number[] = []
      const roundTrips: number[] = []
      const firstLoads = new Map<string, number[]>(views.map((v) => [v.name, []]))
      for (let run = 0; run < options.runs; run++) {
        log(`First loads, run ${run + 1} of ${options.runs}…`)
        const context = await loggedIn()
        const plain = await context.newPage()
        await plain.goto(`${url}/healthz`)
        baseline.push(await inPage(plain, 'navigationDuration()'))
        roundTrips.push(await inPage(plain, 'fetchHealth()'))
        await context.close()
        for (const view of views) {
          const cold = await loggedIn()
          const viewPage = await cold.newPage()
          await viewPage.goto(`${url}${view.path}`)
          firstLoads.get(view.name)?.push(await inPage(viewPage, 'shownSinceNavigation()'))
          await cold.close()
        }
      }

      log('Moving between views…')
      const navigations = new Map<string, number[]>(views.map((v) => [v.name, []]))
      const answeredMoves = new Map<string, number[]>(views.map((v) => [v.name, []]))
      const moving = await loggedIn()
      const movingPage = await moving.newPage()
      await movingPage.goto(url)
      await inPage(movingPage, 'shownSinceNavigation()')
      for (let run = 0; run < options.runs; run++)
        for (const view of [...views.slice(1), views[0]]) {
          if (view === undefined) continue
          const move = await inPage<{ answered: number; shown: number }>(
            movingPage,
            `moveTo(${JSON.stringify(view.path)})`,
          )
          answeredMoves.get(view.name)?.push(move.answered)
          navigations.get(view.name)?.push(move.shown)
        }

      log('Answering from the queue…')
      const answers: number[] = []
      await movingPage.goto(`${url}/queue`)
      await inPage(movingPage, 'shownSinceNavigation()')
      for (let n = 0; n < options.runs; n++) {
        const ms = await inPage<number | null>(movingPage, 'acceptFirst()')
        if (ms === null) break
        answers.push(ms)
      }
      await moving.close()

      const timings = (map: Map<string, number[]>) => [...map].map(([name, ms]) => ({ name, ms }))
      return {
        browserVersion: browser.version(),
        demoSeconds,
        gzippedScriptKb: gzippedScriptBytes() / 1024,
        baseline: { name: 'the browser loading /healthz (baseline)', ms: baseline },
        roundTrip: { name: 'fetch of /healthz from the page (baseline)', ms: roundTrips },
        firstLoads: timings(firstLoads),
        answeredMoves: timings(answeredMoves),
        navigations: timings(navigations),
        answers: { name: 'Accept in the queue, until it says so', ms: answers },
      }
    } finally {
      await app.close()
    }
  } finally {
    await browser.close()
    await store.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
