import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey, type Scope } from '../../src/services/api-keys.ts'
import { ROLE_SCOPES, setPassword } from '../../src/services/auth/sessions.ts'
import { addUser, ROLES } from '../../src/services/users.ts'
import type { Role } from '../../src/store/database.ts'
import type { Answer } from '../support/call-api.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// Every route of the published API, called by every kind of caller: API keys with each scope and
// a logged-in person of each role. Each route declares the scope it needs (openapi.json, taken
// from its guard); a caller without it gets 403 naming that scope, a caller with it is let in,
// and nobody learns even how their input was wrong before being let in.

const PASSWORD = 'route access passphrase'

interface Caller {
  readonly name: string
  readonly scopes: readonly Scope[]
  readonly headers: Record<string, string>
}

let t: TestStore
let server: RunningApp
let org: SalesOrg
const callers: Caller[] = []
let operations: { method: string; path: string; scope: Scope }[] = []

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t)
  org = await createSalesOrg(t.db, 'access', server.clock.now())
  const ws = org.workspaceId
  const vp = org.users.vp as string
  for (const scope of ['read', 'write', 'admin'] as const) {
    const { key } = await issueApiKey(t.db, {
      workspaceId: ws,
      kind: 'api',
      name: scope,
      scopes: [scope],
      userId: vp,
    })
    callers.push({
      name: `${scope} key`,
      scopes: [scope],
      headers: { authorization: `Bearer ${key}` },
    })
  }
  callers.push({
    name: 'write key',
    scopes: ['ingest'],
    headers: { authorization: `Basic ${Buffer.from(`${org.writeKey}:`).toString('base64')}` },
  })
  for (const role of ROLES) {
    const email = `${role}.person@access.example`
    await addUser(t.db, { workspaceId: ws, email, name: `${role} person`, role: role as Role })
    await setPassword(t.db, { workspaceId: ws, email, password: PASSWORD })
    const response = await fetch(`${server.url}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: 'access', email, password: PASSWORD }),
    })
    expect(response.status).toBe(200)
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] as string
    callers.push({ name: `${role} session`, scopes: ROLE_SCOPES[role], headers: { cookie } })
  }
  const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { security?: { apiKey?: Scope[] }[] }>>
  }
  operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      scope: op.security?.[0]?.apiKey?.[0] as Scope,
    })),
  )
})

afterAll(async () => {
  await server?.close()
  await t?.close()
})

// Health, logging in, and the published JSON Schemas of the contracts.
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'POST /v1/session',
  'GET /v1/session',
  'DELETE /v1/session',
  'GET /v1/contract-schemas/{kind}',
])

describe('access to every route', () => {
  it('declares the scope each guarded route needs; only health, login and schemas are open', () => {
    const open = operations.filter((op) => op.scope === undefined)
    expect(open.map((op) => `${op.method} ${op.path}`).sort()).toEqual([...PUBLIC].sort())
    expect(operations.length).toBeGreaterThan(40)
  })

  it('refuses a caller without the scope with 403 naming it, and lets one with it in', async () => {
    const wrong: string[] = []
    for (const op of operations.filter((o) => o.scope !== undefined)) {
      const path = op.path.replaceAll(/\{\w+\}/g, randomUUID())
      for (const caller of callers) {
        const hasBody = !['GET', 'HEAD', 'DELETE'].includes(op.method)
        const response = await fetch(`${server.url}${path}`, {
          method: op.method,
          headers: {
            ...caller.headers,
            ...(hasBody ? { 'content-type': 'application/json' } : {}),
          },
          // Invalid for every route: only the guard decides whether it is read at all.
          ...(hasBody ? { body: JSON.stringify({ notAField: true }) } : {}),
        })
        const text = await bodyText(response)
        const allowed = caller.scopes.includes(op.scope) || caller.scopes.includes('admin')
        const refusedForScope =
          response.status === 403 &&
          ((JSON.parse(text) as Answer).error?.message ?? '').includes(`"${op.scope}" scope`)
        const what = `${op.method} ${op.path} as ${caller.name} -> ${response.status} ${text.slice(0, 200)}`
        // The tracking API takes write keys only, never a person's session.
        const sessionAtTracking = op.scope === 'ingest' && 'cookie' in caller.headers
        if (response.status >= 500) wrong.push(`5xx: ${what}`)
        else if (sessionAtTracking) {
          if (response.status !== 401 || !text.includes('write key'))
            wrong.push(`session at tracking: ${what}`)
        } else if (allowed && (refusedForScope || response.status === 401))
          wrong.push(`kept out: ${what}`)
        else if (!allowed && !refusedForScope) wrong.push(`let in: ${what}`)
      }
    }
    expect(wrong).toEqual([])
  }, 300_000)
})

/** The body, or nothing for a live event stream (which never ends): its status says enough. */
async function bodyText(response: Response): Promise<string> {
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) return response.text()
  await response.body?.cancel()
  return ''
}
