import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

// Builds the dashboard (web/) into dist/web, which the server serves at /. `npm start` runs it
// with --if-stale first, so a fresh clone gets a dashboard and an unchanged one costs nothing;
// the browser tests run it the same way. Prints the JavaScript's gzipped size against its budget.
// Every script and style is also written compressed (brotli and gzip) beside itself, so the
// server sends the small copy without compressing anything while a page waits.

const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const WEB_OUT = join(ROOT, 'dist', 'web')
/** The most JavaScript, gzipped, the dashboard may ask a browser to load (issue #7). */
export const SCRIPT_BUDGET_BYTES = 500 * 1024

function newestChange(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))))
}

/** Whether dist/web is missing or older than web/, the installed packages or this script. */
export function webBuildIsStale(): boolean {
  const page = join(WEB_OUT, 'index.html')
  if (!existsSync(page)) return true
  const sources = [
    join(ROOT, 'web'),
    join(ROOT, 'package-lock.json'),
    fileURLToPath(import.meta.url),
  ].filter(existsSync)
  return Math.max(...sources.map(newestChange)) > statSync(page).mtimeMs
}

/** The assets a browser downloads compressed. */
const COMPRESSIBLE = /\.(js|css|svg|json)$/

/** Writes NAME.br and NAME.gz beside every compressible asset, as the server serves them. */
export function precompressAssets(dir: string = join(WEB_OUT, 'assets')): void {
  for (const name of readdirSync(dir).filter((n) => COMPRESSIBLE.test(n))) {
    const content = readFileSync(join(dir, name))
    writeFileSync(
      join(dir, `${name}.br`),
      brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    )
    writeFileSync(join(dir, `${name}.gz`), gzipSync(content, { level: 9 }))
  }
}

/** The bytes of the dashboard's JavaScript once gzipped, as a browser downloads it. */
export function gzippedScriptBytes(): number {
  const assets = join(WEB_OUT, 'assets')
  return readdirSync(assets)
    .filter((name) => name.endsWith('.js'))
    .reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name))).length, 0)
}

export async function buildWeb(options: { readonly ifStale?: boolean } = {}): Promise<boolean> {
  if (options.ifStale && !webBuildIsStale()) return false
  const { build } = await import('vite')
  // Vite builds for the NODE_ENV it finds (vitest sets "test"): the dashboard ships React's
  // production build whoever asks for it.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({
      configFile: join(ROOT, 'web', 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
    })
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
  precompressAssets()
  const kb = (gzippedScriptBytes() / 1024).toFixed(1)
  console.log(
    `Dashboard built into dist/web: ${kb} KB of JavaScript gzipped (budget ${SCRIPT_BUDGET_BYTES / 1024} KB).`,
  )
  return true
}

if (import.meta.main) {
  const ifStale = process.argv.includes('--if-stale')
  try {
    await buildWeb({ ifStale })
  } catch (error) {
    // Starting the server goes on without a dashboard: the API works, and / says how to build.
    console.error(`Could not build the dashboard: ${String(error)}`)
    if (!ifStale) process.exitCode = 1
  }
}
