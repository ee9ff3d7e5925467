import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTION_RULES, type Action, whoMay } from '../../src/domain/role-permissions.ts'
import { issueApiKey, type Scope } from '../../src/services/api-keys.ts'
import { ROLE_SCOPES, setPassword } from '../../src/services/auth/sessions.ts'
import { addUser, ROLES } from '../../src/services/users.ts'
import type { Role } from '../../src/store/database.ts'
import type { Answer } from '../support/call-api.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// Every route of the published API, called by every kind of caller: API keys with each scope, a
// logged-in person of each role, and a key acting for a person of each role. Each route declares
// the scope it needs and, for a change a role narrows, the action (openapi.json, taken from its
// guard). A caller without the scope gets 403 naming it; a person (or a key acting for one) whose
// role may not do the action gets 403 naming who may, by the rule table in role-permissions.ts;
// anyone else is let in; and nobody learns even how their input was wrong before being let in.

const PASSWORD = 'route access passphrase'

interface Caller {
  readonly name: string
  readonly scopes: readonly Scope[]
  /** The role of the person it acts as; null for a key that acts for no one. */
  readonly role: Role | null
  readonly headers: Record<string, string>
}

interface Operation {
  readonly method: string
  readonly path: string
  readonly scope: Scope
  readonly action: Action | undefined
  readonly roles: readonly Role[] | undefined
}

let t: TestStore
let server: RunningApp
let org: SalesOrg
const callers: Caller[] = []
let operations: Operation[] = []

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
      name: `${scope} key of a sales person`,
      scopes: [scope],
      role: 'sales',
      headers: { authorization: `Bearer ${key}` },
    })
  }
  const { key: systemKey } = await issueApiKey(t.db, {
    workspaceId: ws,
    kind: 'api',
    name: 'system',
    scopes: ['read', 'write'],
  })
  callers.push({
    name: 'read, write key acting for no one',
    scopes: ['read', 'write'],
    role: null,
    headers: { authorization: `Bearer ${systemKey}` },
  })
  callers.push({
    name: 'write key',
    scopes: ['ingest'],
    role: null,
    headers: { authorization: `Basic ${Buffer.from(`${org.writeKey}:`).toString('base64')}` },
  })
  for (const role of ROLES) {
    const email = `${role}.person@access.example`
    const user = await addUser(t.db, { workspaceId: ws, email, name: `${role} person`, role })
    const { key } = await issueApiKey(t.db, {
      workspaceId: ws,
      kind: 'api',
      name: `${role} person's`,
      scopes: ['read', 'write'],
      userId: user.id,
    })
    callers.push({
      name: `read, write key of a ${role} person`,
      scopes: ['read', 'write'],
      role,
      headers: { authorization: `Bearer ${key}` },
    })
    await setPassword(t.db, { workspaceId: ws, email, password: PASSWORD })
    const response = await fetch(`${server.url}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: 'access', email, password: PASSWORD }),
    })
    expect(response.status).toBe(200)
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] as string
    callers.push({ name: `${role} session`, scopes: ROLE_SCOPES[role], role, headers: { cookie } })
  }
  const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<
      string,
      Record<string, { security?: { apiKey?: Scope[] }[]; 'x-action'?: Action; 'x-roles'?: Role[] }>
    >
  }
  operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      scope: op.security?.[0]?.apiKey?.[0] as Scope,
      action: op['x-action'],
      roles: op['x-roles'],
    })),
  )
})

afterAll(async () => {
  await server?.close()
  await t?.close()
})

// Health, logging in, the published JSON Schemas of the contracts, and alert tracking (its
// token is its credential).
const PUBLIC = new Set([
  'GET /t/o/{file}',
  'GET /t/c/{token}',
  'GET /t/a/{token}',
  'POST /t/a/{token}',
  'GET /healthz',
  'GET /readyz',
  'POST /v1/session',
  'GET /v1/session',
  'DELETE /v1/session',
  'GET /v1/contract-schemas/{kind}',
])

describe('access to every route', () => {
  it('declares the scope each guarded route needs; only health, login, schemas and tracking are open', () => {
    const open = operations.filter((op) => op.scope === undefined)
    expect(open.map((op) => `${op.method} ${op.path}`).sort()).toEqual([...PUBLIC].sort())
    expect(operations.length).toBeGreaterThan(40)
  })

  it('names the action and its roles, from the rule table, on every route that changes things', () => {
    const changes = operations.filter((op) => op.scope === 'write')
    expect(changes.filter((op) => op.action === undefined).map((op) => op.path)).toEqual([])
    for (const op of operations.filter((o) => o.action !== undefined))
      expect(op.roles).toEqual(ACTION_RULES[op.action as Action].by.roles)
    // Every rule is used by some route.
    expect(new Set(operations.map((op) => op.action))).toEqual(
      new Set([undefined, ...Object.keys(ACTION_RULES)]),
    )
  })

  it('refuses a caller without the scope or the role with 403 naming it, and lets others in', async () => {
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
        const error = response.status === 403 ? (JSON.parse(text) as Answer).error : undefined
        const hasScope = caller.scopes.includes(op.scope) || caller.scopes.includes('admin')
        // The expected answer, from the rule table: admins may do everything, a key acting for
        // no one is held to its scopes alone.
        const roleMayDoIt =
          op.action === undefined ||
          caller.role === null ||
          caller.role === 'admin' ||
          (ACTION_RULES[op.action].by.roles as readonly Role[]).includes(caller.role)
        const refusedForScope = (error?.message ?? '').includes(`"${op.scope}" scope`)
        const refusedForRole =
          op.action !== undefined &&
          error?.details?.action === op.action &&
          error?.message ===
            `${ACTION_RULES[op.action].doing} is done by ${whoMay(op.action)}; your role is ${caller.role}.`
        const what = `${op.method} ${op.path} as ${caller.name} -> ${response.status} ${text.slice(0, 200)}`
        // The tracking API takes write keys only, never a person's session.
        const sessionAtTracking = op.scope === 'ingest' && 'cookie' in caller.headers
        if (response.status >= 500) wrong.push(`5xx: ${what}`)
        else if (sessionAtTracking) {
          if (response.status !== 401 || !text.includes('write key'))
            wrong.push(`session at tracking: ${what}`)
        } else if (!hasScope) {
          if (!refusedForScope) wrong.push(`let in without the scope: ${what}`)
        } else if (!roleMayDoIt) {
          if (!refusedForRole) wrong.push(`let in without the role: ${what}`)
        } else if (refusedForScope || refusedForRole || response.status === 401)
          wrong.push(`kept out: ${what}`)
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
