import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey } from '../../src/services/api-keys.ts'
import { callApi } from '../support/call-api.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The audit log over HTTP, for admins: the sales org's three contracts were drafted, approved
// by marketing and by sales, and activated; every step is an entry, newest first, filtered and
// paged, and nobody without the admin scope reads it.

let t: TestStore
let server: RunningApp
let org: SalesOrg
let adminKey: string

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t)
  org = await createSalesOrg(t.db, 'audit', new Date())
  adminKey = (
    await issueApiKey(t.db, {
      workspaceId: org.workspaceId,
      kind: 'api',
      name: 'admin',
      scopes: ['admin'],
    })
  ).key
})

afterAll(async () => {
  await server?.close()
  await t?.close()
})

const entriesInDatabase = (action?: string) => {
  let query = t.db
    .selectFrom('audit_log')
    .select(['id', 'action'])
    .where('workspace_id', '=', org.workspaceId)
  if (action !== undefined) query = query.where('action', '=', action)
  return query.orderBy('id', 'desc').execute()
}

describe('GET /v1/audit', () => {
  it('lists who changed what, newest first, with the actor named', async () => {
    const { status, body } = await callApi(server.url, '/v1/audit', adminKey)
    expect(status, JSON.stringify(body)).toBe(200)
    const stored = await entriesInDatabase()
    expect(body.items.map((e: { id: string }) => e.id)).toEqual(stored.map((r) => String(r.id)))
    const approvals = body.items.filter((e: { action: string }) => e.action === 'contract.approved')
    expect(approvals.length).toBeGreaterThan(0)
    expect(new Set(approvals.map((e: { actorName: string }) => e.actorName))).toEqual(
      new Set(['Marketing', 'Vp']),
    )
    expect(approvals[0]).toMatchObject({ actorType: 'user', entityType: 'contract' })
  })

  it('filters by action and pages through everything exactly once', async () => {
    const activated = await callApi(server.url, '/v1/audit?action=contract.activated', adminKey)
    expect(activated.body.items.length).toBe((await entriesInDatabase('contract.activated')).length)
    expect(
      activated.body.items.every((e: { action: string }) => e.action === 'contract.activated'),
    ).toBe(true)

    const seen: string[] = []
    let after: string | null = null
    do {
      const page: { body: { items: { id: string }[]; next: string | null } } = await callApi(
        server.url,
        `/v1/audit?limit=2${after === null ? '' : `&after=${after}`}`,
        adminKey,
      )
      expect(page.body.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.body.items.map((e) => e.id))
      after = page.body.next
    } while (after !== null)
    expect(seen).toEqual((await entriesInDatabase()).map((r) => String(r.id)))
  })

  it('is for admins only, and says which scope is missing', async () => {
    const { status, body } = await callApi(server.url, '/v1/audit', org.keys.vp as string)
    expect(status).toBe(403)
    expect(body.error.message).toMatch(/"admin" scope/)
  })

  it('refuses a page cursor that is not one, saying what it expects', async () => {
    const { status, body } = await callApi(server.url, '/v1/audit?after=abc', adminKey)
    expect(status).toBe(400)
    expect(body.error.message).toMatch(/after/)
  })
})
