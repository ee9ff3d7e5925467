import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey, LAST_USED_PRECISION_MS } from '../../src/services/api-keys.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

let t: TestStore
let server: RunningApp
let workspaceId: string
const keys: Record<'admin' | 'read' | 'write', string> = { admin: '', read: '', write: '' }

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t)
  const workspace = await createWorkspace(t.db, { slug: 'acme', name: 'Acme Analytics' })
  workspaceId = workspace.id
  keys.admin = (
    await issueApiKey(t.db, { workspaceId, kind: 'api', name: 'a', scopes: ['admin'] })
  ).key
  keys.read = (
    await issueApiKey(t.db, { workspaceId, kind: 'api', name: 'r', scopes: ['read'] })
  ).key
  keys.write = (await issueApiKey(t.db, { workspaceId, kind: 'write', name: 'w', scopes: [] })).key
})
afterAll(async () => {
  await server.close()
  await t.close()
})

const get = (path: string, key?: string) =>
  fetch(`${server.url}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {})

describe('health', () => {
  it('answers liveness and readiness', async () => {
    const live = await get('/healthz')
    expect(live.status).toBe(200)
    expect(await live.json()).toEqual({ status: 'ok' })
    const ready = await get('/readyz')
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok' })
  })
})

describe('API documentation', () => {
  it('publishes OpenAPI JSON that lists the routes', async () => {
    const response = await get('/openapi.json')
    expect(response.status).toBe(200)
    const spec = (await response.json()) as { openapi: string; paths: Record<string, unknown> }
    expect(spec.openapi).toBe('3.1.0')
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/v1/workspace']),
    )
  })

  it('serves a docs page at /docs', async () => {
    const response = await get('/docs')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/text\/html/)
    expect(await response.text()).toMatch(/swagger/i)
  })
})

describe('errors', () => {
  it('answers an unknown route with the error shape and a pointer to the docs', async () => {
    const response = await get('/v1/nothing-here?x=1')
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({
      error: {
        code: 'not_found',
        message: 'There is no GET /v1/nothing-here. The API is described at /docs.',
      },
    })
  })

  it('answers an overlong path part with a 400 in the error shape, saying what ids look like', async () => {
    const response = await get(`/v1/contacts/${'x'.repeat(150)}`, keys.admin)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      error: {
        code: 'validation_failed',
        message: 'A part of the path is longer than 100 characters; ids in paths are UUIDs.',
      },
    })
  })

  it('answers text holding a NUL character with a 400 saying so', async () => {
    const response = await fetch(`${server.url}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: '\u0000', email: 'ada@acme.example', password: 'x' }),
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { code: string; message: string } }
    expect(body.error).toMatchObject({ code: 'validation_failed' })
    expect(body.error.message).toMatch(/NUL character/)
  })

  it('answers malformed JSON with a 400 in the error shape, never a 5xx', async () => {
    const response = await fetch(`${server.url}/v1/workspace`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken":',
    })
    expect(response.status).toBeLessThan(500)
    const body = (await response.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toEqual(expect.any(String))
    expect(body.error.message.length).toBeGreaterThan(0)
  })
})

describe('API keys', () => {
  it('asks for a key when none is sent', async () => {
    const response = await get('/v1/workspace')
    expect(response.status).toBe(401)
    const body = (await response.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('unauthorized')
    expect(body.error.message).toMatch(/Authorization: Bearer/)
  })

  it('refuses an unknown key and a key whose workspace part was altered', async () => {
    expect((await get('/v1/workspace', 'tdm_nope')).status).toBe(401)
    const otherWorkspace = keys.admin.replace(/^tdm_[0-9a-f]/, (m) =>
      m.endsWith('0') ? 'tdm_1' : 'tdm_0',
    )
    expect((await get('/v1/workspace', otherWorkspace)).status).toBe(401)
  })

  it('names the missing scope when a write key asks to read', async () => {
    const response = await get('/v1/workspace', keys.write)
    expect(response.status).toBe(403)
    const body = (await response.json()) as { error: { code: string; details: unknown } }
    expect(body.error.code).toBe('forbidden')
    expect(body.error.details).toEqual({ missingScope: 'read', scopes: ['ingest'] })
  })

  it('returns the workspace to a read key and to an admin key, also over HTTP Basic', async () => {
    for (const key of [keys.read, keys.admin]) {
      const response = await get('/v1/workspace', key)
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ id: workspaceId, slug: 'acme' })
    }
    const basic = Buffer.from(`${keys.read}:`).toString('base64')
    const response = await fetch(`${server.url}/v1/workspace`, {
      headers: { authorization: `Basic ${basic}` },
    })
    expect(response.status).toBe(200)
  })

  it('refuses a revoked key', async () => {
    const issued = await issueApiKey(t.db, {
      workspaceId,
      kind: 'api',
      name: 'x',
      scopes: ['read'],
    })
    expect((await get('/v1/workspace', issued.key)).status).toBe(200)
    await t.db
      .updateTable('api_keys')
      .set({ revoked_at: new Date() })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', issued.id)
      .execute()
    expect((await get('/v1/workspace', issued.key)).status).toBe(401)
  })

  it('records when a key was last used, to the minute, without a write per request', async () => {
    const issued = await issueApiKey(t.db, {
      workspaceId,
      kind: 'api',
      name: 'u',
      scopes: ['read'],
    })
    const lastUsed = async () =>
      (
        await t.db
          .selectFrom('api_keys')
          .select('last_used_at')
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', issued.id)
          .executeTakeFirstOrThrow()
      ).last_used_at
    const start = server.clock.now()
    expect(await lastUsed()).toBeNull()
    await get('/v1/workspace', issued.key)
    expect(await lastUsed()).toEqual(start)
    server.clock.set(new Date(start.getTime() + LAST_USED_PRECISION_MS - 1))
    await get('/v1/workspace', issued.key)
    expect(await lastUsed()).toEqual(start)
    const later = new Date(start.getTime() + LAST_USED_PRECISION_MS)
    server.clock.set(later)
    await get('/v1/workspace', issued.key)
    expect(await lastUsed()).toEqual(later)
  })

  it('stores only a hash of each key', async () => {
    const rows = await t.db.selectFrom('api_keys').select(['key_hash', 'key_hint']).execute()
    for (const row of rows) {
      expect(Object.values(keys)).not.toContain(row.key_hash)
      expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/)
    }
  })
})
