import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnTandem, stopTandem, type TandemProcess } from '../support/tandem-process.ts'
import { emptyPostgresDatabase } from '../support/test-database.ts'

// `tandem start` on a fresh database, as in the README: it migrates, creates the demo workspace,
// prints the URL and an admin key, serves /healthz and /docs, and closes cleanly on SIGTERM.
// Runs on the embedded database and, in the PostgreSQL project, with DATABASE_URL.

let dataDir: string
let postgres: Awaited<ReturnType<typeof emptyPostgresDatabase>>
let target: { args: string[]; env: Record<string, string> }

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tandem-start-'))
  postgres = await emptyPostgresDatabase()
  target =
    postgres === undefined
      ? { args: ['--data', join(dataDir, 'db')], env: {} }
      : { args: [], env: { DATABASE_URL: postgres.url } }
})
afterAll(async () => {
  await postgres?.drop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('tandem start', () => {
  let server: TandemProcess | undefined
  afterAll(async () => {
    if (server !== undefined) await stopTandem(server)
  })

  it('creates the demo workspace on first start, prints the URL and an admin key', async () => {
    server = spawnTandem(
      ['start', '--port', '0', '--demo-size', 'small', ...target.args],
      target.env,
    )
    const [, url] = await server.waitFor(/Tandem is running at (http:\/\/\S+)/)
    const [, adminKey] =
      /Admin API key \(shown once, keep it\): (tdm_\S+)/.exec(server.output()) ?? []
    expect(server.output()).toContain(
      postgres === undefined ? 'embedded database in' : 'PostgreSQL at',
    )
    expect(server.output()).toContain('applied 0001-domain-schema')
    expect(adminKey).toBeDefined()

    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    expect((await fetch(`${url}/readyz`)).status).toBe(200)
    expect(await (await fetch(`${url}/docs`)).text()).toMatch(/swagger/i)
    const workspace = await fetch(`${url}/v1/workspace`, {
      headers: { authorization: `Bearer ${adminKey}` },
    })
    expect(await workspace.json()).toMatchObject({ slug: 'demo' })

    // The dashboard's login works, and the radar answers the logged-in admin.
    const [, email, password] =
      /Dashboard login \(shown once\): +workspace demo, (\S+), password (\S+)/.exec(
        server.output(),
      ) ?? []
    expect(server.output()).toContain(`Dashboard: ${url}/`)
    const login = await fetch(`${url}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: 'demo', email, password }),
    })
    expect(login.status).toBe(200)
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string
    const radar = await fetch(`${url}/v1/radar`, { headers: { cookie } })
    expect(radar.status).toBe(200)
    expect(await radar.json()).toMatchObject({ pendingTotal: expect.any(Number) })
  })

  it('closes cleanly on SIGTERM', async () => {
    if (server === undefined) throw new Error('the server did not start')
    const ended = await stopTandem(server)
    expect(ended.code).toBe(0)
    expect(server.output()).toContain('Stopped cleanly.')
  })

  it('starts again on the same data without creating a second demo', async () => {
    server = spawnTandem(['start', '--port', '0', ...target.args], target.env)
    const [, url] = await server.waitFor(/Tandem is running at (http:\/\/\S+)/)
    expect(server.output()).toContain('Schema: up to date')
    expect(server.output()).not.toContain('Creating the demo workspace')
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    expect((await stopTandem(server)).code).toBe(0)
  })
})
