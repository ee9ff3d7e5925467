import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Answer, callApi } from '../support/call-api.ts'
import { sendQualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { sendAndProcess } from '../support/send-events.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// Account plans through the real HTTP API: the plays recommended for a target account and why,
// a plan with goals and a play whose campaign's activities count for it, progress against the
// goals with the rows behind each number, and dynamic content chosen by the visitor's account.

const monday10 = new Date('2026-03-02T10:00:00Z')
const domain = 'litware-systems.example'
let t: TestStore
let server: RunningApp
let org: SalesOrg
let accountId: string
let raviUserId: string
let raviId: string

beforeAll(async () => {
  t = await openTestStore()
  org = await createSalesOrg(t.db, 'plans', monday10)
  server = await startTestApp(t, monday10)
  raviUserId = await sendQualifyingJourney(server, org.writeKey, {
    email: `ravi.shah@${domain}`,
    firstName: 'Ravi',
    lastName: 'Shah',
    title: 'Director of IT',
    country: 'Ireland',
  })
  await sendAndProcess(server, org.writeKey, [
    {
      type: 'group',
      userId: raviUserId,
      groupId: 'litware',
      traits: { name: 'Litware Systems', website: `https://www.${domain}`, employees: 1200 },
      timestamp: monday10.toISOString(),
    },
  ])
  const ravi = await t.db
    .selectFrom('contacts')
    .select(['id', 'account_id'])
    .where('workspace_id', '=', org.workspaceId)
    .where('user_id', '=', raviUserId)
    .executeTakeFirstOrThrow()
  raviId = ravi.id
  accountId = ravi.account_id as string
  await t.db
    .updateTable('accounts')
    .set({ is_target: true })
    .where('workspace_id', '=', org.workspaceId)
    .where('id', '=', accountId)
    .execute()
}, 60_000)

afterAll(async () => {
  await server?.close()
  await t?.close()
})

const api = (path: string, init: { method?: string; body?: unknown } = {}, who = 'vp') =>
  callApi(server.url, path, org.keys[who] as string, init)

describe('account plans and plays', () => {
  let planId: string

  it('recommends profiling a target account whose key buying roles are unknown', async () => {
    const answer = await api(`/v1/accounts/${accountId}/recommended-plays`)
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({
      accountId,
      accountName: 'Litware Systems',
      activePlanId: null,
    })
    expect(answer.body.recommendations).toContainEqual({
      kind: 'account_profiling',
      priority: answer.body.tier === 1 ? 1 : 2,
      rule: 'missing_roles',
      reason:
        'No economic buyer, decision maker or champion known among the 1 person at the account: profile it to find them.',
    })
    const all = await api('/v1/recommended-plays')
    expect(all.body.items.map((a: Answer) => a.accountId)).toEqual([accountId])
  })

  it('starts a plan with goals, one active plan per account', async () => {
    const body = {
      accountId,
      ownerId: org.users.sue,
      periodStart: '2026-03-01',
      periodEnd: '2026-05-31',
      goals: [
        { kind: 'pipeline', amount: 50_000 },
        { kind: 'relationships', role: 'champion', count: 1 },
        { kind: 'relationships', role: 'economic_buyer', count: 1 },
      ],
      status: 'active',
    }
    const created = await api('/v1/account-plans', { method: 'POST', body })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      accountId,
      accountName: 'Litware Systems',
      ownerName: 'Sue',
      status: 'active',
      plays: [],
    })
    planId = created.body.id
    const second = await api('/v1/account-plans', { method: 'POST', body })
    expect(second.status).toBe(409)
    expect(second.body.error.message).toContain(planId)
    const backwards = await api('/v1/account-plans', {
      method: 'POST',
      body: { ...body, status: 'draft', periodEnd: '2026-02-01' },
    })
    expect(backwards.status).toBe(400)
  })

  it("counts a play's campaign activities at the account, and no longer recommends its kind", async () => {
    const play = await api(`/v1/account-plans/${planId}/plays`, {
      method: 'POST',
      body: {
        kind: 'account_profiling',
        name: 'Map the Litware buying group',
        ownerId: org.users.marketing,
        campaignKey: 'Litware ABM',
        status: 'active',
      },
    })
    expect(play.status).toBe(201)
    expect(play.body).toMatchObject({ campaignKey: 'litware-abm', activities: 0, status: 'active' })
    expect(play.body.startsAt).toBe(monday10.toISOString())

    await sendAndProcess(server, org.writeKey, [
      {
        type: 'page',
        userId: raviUserId,
        properties: { path: '/customers/retail' },
        context: { campaign: { name: 'Litware ABM', source: 'linkedin', medium: 'paid-social' } },
        timestamp: monday10.toISOString(),
      },
      // Another campaign's touch is not the play's.
      {
        type: 'page',
        userId: raviUserId,
        properties: { path: '/blog' },
        context: { campaign: { name: 'Spring newsletter', medium: 'email' } },
        timestamp: monday10.toISOString(),
      },
    ])
    const plan = await api(`/v1/account-plans/${planId}`)
    expect(plan.body.plays).toMatchObject([{ name: 'Map the Litware buying group', activities: 1 }])
    const recommended = await api(`/v1/accounts/${accountId}/recommended-plays`)
    expect(recommended.body.activePlanId).toBe(planId)
    expect(recommended.body.recommendations.map((r: Answer) => r.kind)).not.toContain(
      'account_profiling',
    )
  })

  it('shows progress against the goals with the opportunities and people behind it', async () => {
    const opportunityId = randomUUID()
    await t.db
      .insertInto('opportunities')
      .values({
        workspace_id: org.workspaceId,
        id: opportunityId,
        account_id: accountId,
        name: 'Litware: retail analytics',
        amount: 48_000,
        stage: 'discovery',
        created_at: new Date(monday10.getTime() + 3_600_000),
      })
      .execute()
    await t.db
      .insertInto('opportunity_contacts')
      .values({
        workspace_id: org.workspaceId,
        opportunity_id: opportunityId,
        contact_id: raviId,
        role: 'champion',
      })
      .execute()
    server.clock.set(new Date(monday10.getTime() + 2 * 3_600_000))

    const progress = await api(`/v1/account-plans/${planId}/progress`)
    expect(progress.status).toBe(200)
    expect(progress.body.actuals).toEqual({
      pipelineCreated: 48_000,
      pipelineInfluenced: 48_000,
      revenueWon: 0,
      rolesEngaged: { champion: 1 },
    })
    expect(
      progress.body.goals.map((g: Answer) => [g.label, g.target, g.actual, g.share, g.met]),
    ).toEqual([
      ['pipeline created', 50_000, 48_000, 0.96, false],
      ['champions engaged', 1, 1, 1, true],
      ['economic buyers engaged', 1, 0, 0, false],
    ])
    expect(progress.body.opportunities).toMatchObject([
      { id: opportunityId, amount: 48_000, created: true, influenced: true, wonInPeriod: false },
    ])
    expect(progress.body.peopleEngaged).toMatchObject([
      {
        contactId: raviId,
        name: 'Ravi Shah',
        role: 'champion',
        roleReason: 'named champion on an opportunity',
      },
    ])

    const teams = await api('/v1/account-plans/progress/teams')
    const sueTeam = await t.db
      .selectFrom('users as u')
      .innerJoin('teams as t', (j) =>
        j.onRef('t.workspace_id', '=', 'u.workspace_id').onRef('t.id', '=', 'u.team_id'),
      )
      .select('t.name')
      .where('u.id', '=', org.users.sue as string)
      .executeTakeFirstOrThrow()
    expect(teams.body.items).toMatchObject([
      {
        teamName: sueTeam.name,
        plans: 1,
        goals: 3,
        goalsMet: 1,
        pipelineCreated: 48_000,
        accounts: [{ planId, accountName: 'Litware Systems', ownerName: 'Sue' }],
      },
    ])
  })

  it('recommends accelerating the open deal once its engagement stalls', async () => {
    // Three weeks on, nothing happened at the account this week.
    server.clock.set(new Date(monday10.getTime() + 21 * 86_400_000))
    const recommended = await api(`/v1/accounts/${accountId}/recommended-plays`)
    expect(recommended.body.recommendations[0]).toMatchObject({
      kind: 'pipeline_acceleration',
      rule: 'stalled_pipeline',
      priority: 1,
    })
    expect(recommended.body.recommendations[0].reason).toMatch(/^48,000 of open pipeline while/)
    server.clock.set(monday10)
  })

  it('closes a play with its end and the plan for good', async () => {
    const plan = await api(`/v1/account-plans/${planId}`)
    const playId = plan.body.plays[0].id
    const done = await api(`/v1/plays/${playId}`, { method: 'PATCH', body: { status: 'done' } })
    expect(done.body).toMatchObject({ status: 'done', endsAt: monday10.toISOString() })
    const closed = await api(`/v1/account-plans/${planId}`, {
      method: 'PATCH',
      body: { status: 'closed' },
    })
    expect(closed.body.status).toBe('closed')
    const reopen = await api(`/v1/account-plans/${planId}`, {
      method: 'PATCH',
      body: { status: 'active' },
    })
    expect(reopen.status).toBe(409)
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('workspace_id', '=', org.workspaceId)
      .where('action', 'like', 'p%')
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual([
      'plan.created',
      'play.added',
      'play.changed',
      'plan.changed',
    ])
  })
})

describe('dynamic content', () => {
  const site = (query: string) =>
    fetch(`${server.url}/v1/content/home-hero?${query}`, {
      headers: { authorization: `Basic ${Buffer.from(`${org.writeKey}:`).toString('base64')}` },
    }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as Answer,
      headers: r.headers,
    }))

  it('says how to add a variant to an empty slot', async () => {
    const empty = await site('anonymousId=nobody')
    expect(empty.status).toBe(404)
    expect(empty.body.error.message).toBe(
      'The slot "home-hero" has no content variants: add one with PUT /v1/content/home-hero/variants/{name}.',
    )
  })

  it('shows each visitor the most specific variant for their account, and others the default', async () => {
    const account = await t.db
      .selectFrom('accounts')
      .select(['icp_tier'])
      .where('workspace_id', '=', org.workspaceId)
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow()
    await t.db
      .updateTable('account_plans')
      .set({ status: 'active' })
      .where('workspace_id', '=', org.workspaceId)
      .execute()
    const put = (name: string, body: Record<string, unknown>) =>
      api(`/v1/content/home-hero/variants/${name}`, { method: 'PUT', body }, 'marketing')
    expect((await put('default', { content: { headline: 'Revenue teams, aligned' } })).status).toBe(
      200,
    )
    await put('planned', { withPlan: true, content: { headline: 'Your plan, in one place' } })
    await put('our-tier-planned', {
      tier: account.icp_tier,
      withPlan: true,
      content: { headline: 'Built for teams like yours' },
    })
    await put('customers', { accountStage: 'customer', content: { headline: 'Welcome back' } })

    const known = await site(`userId=${raviUserId}`)
    expect(known.status).toBe(200)
    expect(known.headers.get('cache-control')).toBe('private, no-store')
    expect(known.body).toMatchObject({
      slot: 'home-hero',
      variant: { name: 'our-tier-planned', content: { headline: 'Built for teams like yours' } },
      account: { tier: account.icp_tier, hasActivePlan: true },
    })
    expect((await site(`domain=${domain}`)).body.variant.name).toBe('our-tier-planned')
    const stranger = await site(`anonymousId=${randomUUID()}`)
    expect(stranger.body).toMatchObject({
      variant: { name: 'default' },
      reason: 'the default: the visitor is not known',
      account: null,
    })
    const variants = await api('/v1/content/home-hero/variants')
    // Written at the same instant (the test's clock stands still): by name.
    expect(variants.body.items.map((v: Answer) => v.name)).toEqual([
      'customers',
      'default',
      'our-tier-planned',
      'planned',
    ])
  })

  it('takes only keys that may ingest, and lets people remove a variant', async () => {
    const readKey = await fetch(`${server.url}/v1/content/home-hero?anonymousId=x`, {
      headers: { authorization: `Bearer ${org.keys.vp}` },
    })
    expect(readKey.status).toBe(403)
    const removed = await fetch(`${server.url}/v1/content/home-hero/variants/default`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${org.keys.marketing}` },
    })
    expect(removed.status).toBe(204)
    const stranger = await site(`anonymousId=${randomUUID()}`)
    expect(stranger.body).toMatchObject({ variant: null, account: null })
  })

  it("keeps a slot's variants for five seconds, so a change made elsewhere shows soon after", async () => {
    const put = await api(
      '/v1/content/home-hero/variants/default',
      { method: 'PUT', body: { content: { headline: 'Revenue teams, aligned' } } },
      'marketing',
    )
    expect(put.status).toBe(200)
    const ask = () => site(`anonymousId=${randomUUID()}`)
    expect((await ask()).body.variant.content).toEqual({ headline: 'Revenue teams, aligned' })
    // Another server (here: the database directly) changes the variant.
    await t.db
      .updateTable('content_variants')
      .set({ content: JSON.stringify({ headline: 'Spring launch' }) })
      .where('workspace_id', '=', org.workspaceId)
      .where('name', '=', 'default')
      .execute()
    expect((await ask()).body.variant.content).toEqual({ headline: 'Revenue teams, aligned' })
    server.clock.set(new Date(server.clock.now().getTime() + 5_000))
    expect((await ask()).body.variant.content).toEqual({ headline: 'Spring launch' })
  })
})
