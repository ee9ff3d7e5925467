import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { TandemApp } from './app-deps.ts'

// The dashboard (web/, built by Vite) served by the API's own server: its hashed assets under
// /assets/, and its page at / and at every other address the API does not answer, so the
// dashboard's own addresses (/queue, /login) load it too. Without a build, a page says how to
// make one; the API works either way.

/** Where `npm run build:web` puts the dashboard: dist/web of the package, from src/ or dist/. */
export const WEB_BUILD_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url))

/** Paths the API owns: an unknown one there is the API's 404, never the dashboard's page. */
const API_PATHS = /^\/(v1|docs|openapi\.json|healthz|readyz|assets)(\/|$|\?)/

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Tandem: the dashboard is not built</title></head>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; color: #1a1a1a">
<h1>The dashboard is not built yet</h1>
<p>This server answers the API (see <a href="/docs">/docs</a>), but it found no dashboard build to
serve. Build it from the repository with <code>npm run build:web</code> (<code>npm start</code>
does it for you), then reload this page.</p>
</body>
</html>
`

export type DashboardPage = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>

/** Whether a request the API has no route for is for a page of the dashboard. */
export const isDashboardRequest = (request: FastifyRequest) =>
  request.method === 'GET' && !API_PATHS.test(request.url)

/** Answers with the dashboard's page (its client-side routes decide what it shows). */
export function dashboardPage(dir: string = WEB_BUILD_DIR): DashboardPage {
  return async (_request, reply) => {
    const page = await readFile(join(dir, 'index.html'), 'utf8').catch(() => undefined)
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8')
    // 503: a script that checks the page learns the dashboard is not there.
    if (page === undefined) return reply.status(503).send(NOT_BUILT)
    return reply.status(200).send(page)
  }
}

/** Serves the dashboard's scripts and styles, when it is built. */
export async function registerWebAssets(app: TandemApp, dir: string = WEB_BUILD_DIR) {
  const assets = join(dir, 'assets')
  if (!existsSync(assets)) return
  await app.register(fastifyStatic, {
    root: assets,
    prefix: '/assets/',
    // Vite names every asset by its content's hash: a name never changes what it serves.
    immutable: true,
    maxAge: '365d',
    index: false,
    // The build writes each script and style compressed beside itself (NAME.br, NAME.gz).
    preCompressed: true,
  })
}
