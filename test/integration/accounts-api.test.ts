import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addAccount } from '../support/accounts.ts'
import { type Answer, callApi } from '../support/call-api.ts'
import { sendQualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// Accounts to find and open: the list searched by name or domain and narrowed by tier or
// stage, the most engaged first, page by page; one account with its people and their buying
// roles and score cells, its stage history, its engagement by function week by week, its plan.

// Tuesday 3 March 2026, 10:00 in London.
const tuesday10 = new Date('2026-03-03T10:00:00Z')
const DAY = 86_400_000
let t: TestStore
let server: RunningApp
let org: SalesOrg
let fabrikam: string
let contoso: string
let northwind: string

const api = (path: string, key = org.keys.marketing as string, init = {}) =>
  callApi(server.url, path, key, init)
const names = (body: Answer) => body.items.map((a: { name: string }) => a.name)

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, tuesday10)
  org = await createSalesOrg(t.db, 'accounts', tuesday10)
  const ws = org.workspaceId
  fabrikam = await addAccount(t.db, ws, {
    name: 'Fabrikam, Inc.',
    domain: 'fabrikam.example',
    industry: 'Software',
    employees: 800,
    country: 'United States',
  })
  contoso = await addAccount(t.db, ws, {
    name: 'Contoso Pharmaceuticals',
    domain: 'contoso.example',
    industry: 'Pharmaceuticals',
    employees: 40,
    country: 'Brazil',
  })
  northwind = await addAccount(t.db, ws, { name: 'Northwind Traders', domain: 'northwind.example' })
  // Twenty days ago one person from Fabrikam qualified; today two more did.
  server.clock.set(new Date(tuesday10.getTime() - 20 * DAY))
  await sendQualifyingJourney(server, org.writeKey, {
    email: 'ada.early@fabrikam.example',
    firstName: 'Ada',
    lastName: 'Early',
    title: 'Marketing Manager',
    country: 'United States',
  })
  server.clock.set(tuesday10)
  for (const [firstName, title] of [
    ['Nadia', 'VP Marketing'],
    ['Omar', 'Software Engineer'],
  ] as const)
    await sendQualifyingJourney(server, org.writeKey, {
      email: `${firstName.toLowerCase()}@fabrikam.example`,
      firstName,
      lastName: 'Buyer',
      title,
      country: 'United States',
    })
  await sendQualifyingJourney(server, org.writeKey, {
    email: 'carla@contoso.example',
    firstName: 'Carla',
    lastName: 'Small',
    title: 'Intern',
    country: 'Brazil',
  })
})

afterAll(async () => {
  await server?.close()
  await t?.close()
})

describe('GET /v1/accounts', () => {
  it('lists the most engaged accounts first, with tier, stage, engagement and momentum', async () => {
    const { status, body } = await api('/v1/accounts')
    expect(status).toBe(200)
    expect(names(body)).toEqual(['Fabrikam, Inc.', 'Contoso Pharmaceuticals', 'Northwind Traders'])
    const [first, second, third] = body.items
    expect(first).toMatchObject({ id: fabrikam, domain: 'fabrikam.example', icpTier: 1 })
    expect(first.engagementScore).toBeGreaterThan(second.engagementScore)
    expect(second).toMatchObject({ id: contoso, icpTier: 3 })
    expect(third).toMatchObject({ id: northwind, icpTier: null, engagementScore: 0 })
    expect(body.next).toBeUndefined()
  })

  it('finds accounts by part of the name or of the domain, whatever the case', async () => {
    expect(names((await api('/v1/accounts?q=FABRIKAM%20inc')).body)).toEqual(['Fabrikam, Inc.'])
    expect(names((await api('/v1/accounts?q=northwind.ex')).body)).toEqual(['Northwind Traders'])
    expect(names((await api('/v1/accounts?q=pharma')).body)).toEqual(['Contoso Pharmaceuticals'])
    expect((await api('/v1/accounts?q=globex')).body.items).toEqual([])
  })

  it('narrows to a tier or a stage, or to accounts without either', async () => {
    expect(names((await api('/v1/accounts?tier=1')).body)).toEqual(['Fabrikam, Inc.'])
    expect(names((await api('/v1/accounts?tier=none')).body)).toEqual(['Northwind Traders'])
    const moved = await api(`/v1/accounts/${northwind}/stage`, org.keys.vp as string, {
      method: 'POST',
      body: { to: 'target', reason: 'On the named list for the quarter' },
    })
    expect(moved.status).toBe(200)
    expect(names((await api('/v1/accounts?stage=target')).body)).toEqual(['Northwind Traders'])
    expect(names((await api('/v1/accounts?stage=target&tier=1')).body)).toEqual([])
    const refused = await api('/v1/accounts?tier=4')
    expect(refused.status).toBe(400)
  })

  it('pages on in the same order, and refuses an unknown `after`', async () => {
    const first = await api('/v1/accounts?limit=2')
    expect(names(first.body)).toEqual(['Fabrikam, Inc.', 'Contoso Pharmaceuticals'])
    expect(first.body.next).toBe(contoso)
    const second = await api(`/v1/accounts?limit=2&after=${first.body.next}`)
    expect(names(second.body)).toEqual(['Northwind Traders'])
    expect(second.body.next).toBeUndefined()
    const unknown = await api(`/v1/accounts?after=${randomUUID()}`)
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.message).toMatch(/names no account/)
  })

  it('keeps every workspace to its own accounts', async () => {
    const other = await createSalesOrg(t.db, 'accounts-other', tuesday10)
    const { body } = await api('/v1/accounts', other.keys.marketing as string)
    expect(body.items).toEqual([])
    const opened = await api(`/v1/accounts/${fabrikam}`, other.keys.marketing as string)
    expect(opened.status).toBe(404)
  })
})

describe('GET /v1/accounts/:id', () => {
  it('opens an account: profile, people with roles and cells, engagement by week', async () => {
    const { status, body } = await api(`/v1/accounts/${fabrikam}`, org.keys.sue as string)
    expect(status).toBe(200)
    expect(body).toMatchObject({
      id: fabrikam,
      name: 'Fabrikam, Inc.',
      domain: 'fabrikam.example',
      domains: ['fabrikam.example'],
      industry: 'Software',
      employees: 800,
      icpTier: 1,
      plan: null,
    })
    expect(body.contacts.total).toBe(3)
    const nadia = body.contacts.items.find((c: Answer) => c.email === 'nadia@fabrikam.example')
    expect(nadia).toMatchObject({
      name: 'Nadia Buyer',
      title: 'VP Marketing',
      role: 'decision_maker',
      leadStage: 'mql',
      mql: true,
    })
    expect(nadia.cell).toMatch(/^[A-D]1$/)
    const omar = body.contacts.items.find((c: Answer) => c.email === 'omar@fabrikam.example')
    expect(omar.role).toBe('influencer')

    expect(body.engagementByWeek).toHaveLength(12)
    const thisWeek = body.engagementByWeek[11]
    // Twenty days ago falls in the third week back (14 to 21 days before now).
    const twentyDaysAgo = body.engagementByWeek[9]
    expect(thisWeek.weekStart).toBe(new Date(tuesday10.getTime() - 7 * DAY).toISOString())
    expect(thisWeek.marketing).toBeGreaterThan(0)
    expect(thisWeek.marketing).toBe(2 * twentyDaysAgo.marketing)
    expect(thisWeek.sales + thisWeek.sdr + thisWeek.cs).toBe(0)
    expect(body.engagementByWeek[0].marketing).toBe(0)
  })

  it('lists the stage history with who moved it, and the plan once it has one', async () => {
    await api(`/v1/accounts/${fabrikam}/stage`, org.keys.vp as string, {
      method: 'POST',
      body: { to: 'qualified', reason: 'Budget confirmed' },
    })
    const plan = await api('/v1/account-plans', org.keys.vp as string, {
      method: 'POST',
      body: {
        accountId: fabrikam,
        periodStart: '2026-03-01',
        periodEnd: '2026-05-31',
        goals: [{ kind: 'pipeline', amount: 50_000 }],
      },
    })
    expect(plan.status).toBe(201)
    const { body } = await api(`/v1/accounts/${fabrikam}`)
    expect(body.stage).toBe('qualified')
    expect(body.stageHistory[body.stageHistory.length - 1]).toMatchObject({
      to: 'qualified',
      actorType: 'user',
      actorName: 'Vp',
      reason: 'Budget confirmed',
      at: tuesday10.toISOString(),
    })
    expect(body.stageHistoryContinues).toBe(false)
    expect(body.plan).toMatchObject({ id: plan.body.id, periodStart: '2026-03-01' })
  })

  it('says there is no such account, and where to find one', async () => {
    const { status, body } = await api(`/v1/accounts/${randomUUID()}`)
    expect(status).toBe(404)
    expect(body.error.message).toMatch(/no account .* GET \/v1\/accounts/)
    expect((await api('/v1/accounts/not-an-id')).status).toBe(400)
  })
})
