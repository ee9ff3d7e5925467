import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { moveAccount, moveLead } from '../../src/services/lifecycle/move-stage.ts'
import { callApi } from '../support/call-api.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The double funnel over HTTP: both funnels under one period and cut, on lines aligned where
// they meet at the SDR queue, cut by the SDR who works the accounts. Two accounts worked by Sue
// and one by Sid; their people and the accounts move through the stages on known days.

const day = (n: number) => new Date(Date.UTC(2026, 2, 2 + n, 10))
let t: TestStore
let server: RunningApp
let org: SalesOrg

const system = { type: 'system', id: null } as const

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, day(60))
  org = await createSalesOrg(t.db, 'double-funnel', day(0))
  const ws = org.workspaceId
  // [SDR, lead stages reached (one contact each, by day), account stages reached]
  const plan = [
    ['sue', ['mql', 'sal', 'sql'], ['target', 'engaged', 'qualified']],
    ['sue', ['mql'], ['target', 'engaged']],
    ['sid', ['mql', 'sal'], ['target']],
  ] as const
  for (const [i, [sdr, leadStages, accountStages]] of plan.entries()) {
    const accountId = randomUUID()
    await t.db
      .insertInto('accounts')
      .values({
        workspace_id: ws,
        id: accountId,
        name: `Account ${i}`,
        normalized_name: `account ${i}`,
        sdr_id: org.users[sdr] ?? null,
      })
      .execute()
    const contactId = randomUUID()
    await t.db
      .insertInto('contacts')
      .values({
        workspace_id: ws,
        id: contactId,
        email: `p${i}@a${i}.example`,
        account_id: accountId,
      })
      .execute()
    for (const [n, to] of leadStages.entries())
      await moveLead(t.db, ws, contactId, { to, actor: system, at: day(2 + 3 * n) })
    for (const [n, to] of accountStages.entries())
      await moveAccount(t.db, ws, accountId, { to, actor: system, at: day(1 + 4 * n) })
  }
})

afterAll(async () => {
  await server?.close()
  await t?.close()
})

describe('GET /v1/reports/double-funnel', () => {
  it('puts both funnels side by side, SQL beside qualified, cut by SDR', async () => {
    const { status, body } = await callApi(
      server.url,
      `/v1/reports/double-funnel?from=${day(0).toISOString()}&to=${day(50).toISOString()}&method=period&cut=sdr`,
      org.keys.vp as string,
    )
    expect(status, JSON.stringify(body)).toBe(200)
    expect(body.meetsAt).toEqual({ lead: 'sql', account: 'qualified' })
    expect(body.lead.funnel).toBe('lead')
    expect(body.account.funnel).toBe('account')

    const sue = body.lines.filter((l: { key: string }) => l.key === 'Sue')
    const stages = sue.map(
      (l: { lead: { stage: string } | null; account: { stage: string } | null }) => [
        l.lead?.stage ?? null,
        l.account?.stage ?? null,
      ],
    )
    expect(stages).toEqual([
      ['inquiry', null],
      ['lead', null],
      ['mql', 'target'],
      ['sal', 'engaged'],
      ['sql', 'qualified'],
      ['opportunity', 'opportunity'],
      ['won', 'customer'],
    ])
    const line = (key: string, lead: string) =>
      body.lines.find(
        (l: { key: string; lead: { stage: string } | null }) =>
          l.key === key && l.lead?.stage === lead,
      )
    // Sue's two accounts: both people MQLs, one accepted and qualified; both accounts engaged,
    // one qualified.
    expect(line('Sue', 'mql').lead.reached).toBe(2)
    expect(line('Sue', 'sql')).toMatchObject({
      lead: { reached: 1, conversion: 1 },
      account: { stage: 'qualified', reached: 1, conversion: 0.5 },
    })
    expect(line('Sue', 'sal').account).toMatchObject({ stage: 'engaged', reached: 2 })
    // Sid's one account never got past target; its person was accepted (SAL), 3 days after MQL.
    expect(line('Sid', 'sal')).toMatchObject({
      lead: { reached: 1, conversion: 1, medianDays: 3 },
      account: { stage: 'engaged', reached: 0 },
    })
    expect(line('Sid', 'mql').account).toMatchObject({ stage: 'target', reached: 1 })
  })

  it('lists the people behind a figure of one group, the group without a value too', async () => {
    const period = `from=${day(0).toISOString()}&to=${day(50).toISOString()}&method=period`
    const rows = async (query: string) => {
      const { status, body } = await callApi(
        server.url,
        `/v1/reports/funnel/rows?${period}&funnel=lead&stage=mql&${query}`,
        org.keys.vp as string,
      )
      expect(status, JSON.stringify(body)).toBe(200)
      return body.items.map((r: { label: string }) => r.label).sort()
    }
    expect(await rows('cut=sdr&key=Sue')).toEqual(['p0@a0.example', 'p1@a1.example'])
    // No one here has a source: the report's one group has a null key, its rows are (none)'s.
    const { body } = await callApi(
      server.url,
      `/v1/reports/double-funnel?${period}&cut=source`,
      org.keys.vp as string,
    )
    expect(
      body.lines.find((l: { lead: { stage: string } }) => l.lead?.stage === 'mql'),
    ).toMatchObject({ key: null, lead: { reached: 3 } })
    expect(await rows(`cut=source&key=${encodeURIComponent('(none)')}`)).toHaveLength(3)
    expect(await rows('cut=source&key=paid_search')).toEqual([])
  })

  it('says what is wrong with a cut it does not know', async () => {
    const { status, body } = await callApi(
      server.url,
      '/v1/reports/double-funnel?cut=shoe_size',
      org.keys.vp as string,
    )
    expect(status).toBe(400)
    expect(JSON.stringify(body)).toMatch(/cut/)
  })
})
