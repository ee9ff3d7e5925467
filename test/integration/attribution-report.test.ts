import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ATTRIBUTION_MODELS } from '../../src/domain/attribution/attribution-models.ts'
import {
  attributionReport,
  attributionRows,
} from '../../src/services/reports/attribution-report.ts'
import { callApi } from '../support/call-api.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { sendAndProcess } from '../support/send-events.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// Attribution end to end: tracked touches (with their UTM campaigns) before a deal, the deal's
// amount split in exact cents under every model, summed per campaign and channel, and each
// deal's split one call away with its reasons.

const day = (n: number) => new Date(Date.UTC(2026, 2, 2 + n, 10)).toISOString()
let t: TestStore
let server: RunningApp
let org: SalesOrg
const deals: { id: string; amount: number }[] = []

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, new Date(day(0)))
  org = await createSalesOrg(t.db, 'attribution', new Date(day(0)))
  const people = [
    { email: 'ines@fourth-coffee.example', amount: 1000, touches: 3 },
    { email: 'omar@lucerne-pub.example', amount: 2500.5, touches: 5 },
    { email: 'zoe@woodgrove.example', amount: 99.99, touches: 1 },
  ]
  for (const [i, person] of people.entries()) {
    const userId = randomUUID()
    const touches = [
      {
        type: 'page',
        userId,
        properties: { path: '/blog/forecasting' },
        context: {
          campaign: { name: 'Spring Webinar', source: 'linkedin', medium: 'paid_social' },
        },
        timestamp: day(1),
      },
      { type: 'track', userId, event: 'Webinar Attended', timestamp: day(2) },
      { type: 'page', userId, properties: { path: '/pricing' }, timestamp: day(3) },
      {
        type: 'track',
        userId,
        event: 'Content Downloaded',
        context: { campaign: { name: 'RevOps Report', source: 'google', medium: 'cpc' } },
        timestamp: day(4),
      },
      { type: 'track', userId, event: 'Email Clicked', timestamp: day(5) },
    ].slice(0, person.touches)
    await sendAndProcess(server, org.writeKey, [
      { type: 'identify', userId, traits: { email: person.email }, timestamp: day(1) },
      ...touches,
    ])
    const contact = await t.db
      .selectFrom('contacts')
      .select(['id'])
      .where('workspace_id', '=', org.workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow()
    const accountId = randomUUID()
    await t.db
      .insertInto('accounts')
      .values({
        workspace_id: org.workspaceId,
        id: accountId,
        name: `A${i}`,
        normalized_name: `a${i}`,
      })
      .execute()
    const id = randomUUID()
    await t.db
      .insertInto('opportunities')
      .values({
        workspace_id: org.workspaceId,
        id,
        account_id: accountId,
        name: `Deal ${i}`,
        amount: person.amount,
        stage: 'Won',
        is_closed: true,
        is_won: i !== 1,
        created_at: new Date(day(10)),
        closed_at: new Date(day(20)),
      })
      .execute()
    await t.db
      .insertInto('opportunity_contacts')
      .values({
        workspace_id: org.workspaceId,
        opportunity_id: id,
        contact_id: contact.id,
        is_primary: true,
      })
      .execute()
    deals.push({ id, amount: person.amount })
  }
}, 60_000)

afterAll(async () => {
  await server?.close()
  await t?.close()
})

const period = { from: new Date(day(0)), to: new Date(day(30)) }
const pipelineCents = () => deals.reduce((sum, d) => sum + Math.round(d.amount * 100), 0)

describe('attribution of deals to the marketing touches before them', () => {
  it.each(ATTRIBUTION_MODELS)(
    '%s: every cent of every deal goes to exactly one line',
    async (model) => {
      for (const by of ['campaign', 'channel'] as const) {
        const report = await attributionReport(t.db, org.workspaceId, { ...period, model, by })
        expect(report.opportunities).toBe(deals.length)
        expect(report.pipelineCents).toBe(pipelineCents())
        const attributed = report.lines.reduce((sum, l) => sum + l.attributedCents, 0)
        expect(attributed + report.unattributedCents).toBe(pipelineCents())
      }
    },
  )

  it('splits a deal linearly in exact cents, and says why', async () => {
    const rows = await attributionRows(t.db, org.workspaceId, {
      ...period,
      model: 'linear',
      by: 'campaign',
      key: 'Spring Webinar',
      page: { limit: 100, offset: 0 },
    })
    expect(rows.total).toBe(deals.length)
    expect(rows.items).toHaveLength(deals.length)
    const row = rows.items.find((r) => r.opportunityId === deals[0]?.id)
    expect(row?.amountCents).toBe(100_000)
    expect(row?.shares.map((s) => s.cents)).toEqual([33_334, 33_333, 33_333])
    expect(row?.shares[0]?.campaign).toBe('Spring Webinar')
    expect(row?.explanation.join(' ')).toMatch(/[Ll]inear/)

    // The reasons name campaigns as people know them, not by their ids.
    const firstTouch = await attributionRows(t.db, org.workspaceId, {
      ...period,
      model: 'first_touch',
      by: 'campaign',
      page: { limit: 100, offset: 0 },
    })
    const why = firstTouch.items.find((r) => r.opportunityId === deals[0]?.id)?.explanation ?? []
    expect(why.join(' ')).toContain('campaign Spring Webinar')
    expect(why.join(' ')).not.toMatch(/campaign [0-9a-f]{8}-/)
  })

  it('counts sourced and influenced pipeline and revenue per campaign', async () => {
    const report = await attributionReport(t.db, org.workspaceId, {
      ...period,
      model: 'first_touch',
      by: 'campaign',
    })
    const spring = report.lines.find((l) => l.key === 'Spring Webinar')
    // Every deal's first touch is the Spring Webinar ad; the second deal was lost.
    expect(spring).toMatchObject({
      sourcedPipelineCents: pipelineCents(),
      influencedPipelineCents: pipelineCents(),
      sourcedRevenueCents: 100_000 + 9_999,
      attributedCents: pipelineCents(),
    })
    const report2 = report.lines.find((l) => l.key === 'RevOps Report')
    expect(report2).toMatchObject({ sourcedPipelineCents: 0, influencedPipelineCents: 250_050 })
  })
})

describe('the reports over HTTP', () => {
  const get = (path: string) => callApi(server.url, path, org.keys.vp as string)
  const range = `from=${day(0)}&to=${day(30)}`

  it('answers the attribution report and the deals behind a line', async () => {
    const report = await get(`/v1/reports/attribution?${range}&model=linear&by=channel`)
    expect(report.status).toBe(200)
    expect(report.body).toEqual(
      JSON.parse(
        JSON.stringify(
          await attributionReport(t.db, org.workspaceId, {
            ...period,
            model: 'linear',
            by: 'channel',
          }),
        ),
      ),
    )
    const rows = await get(
      `/v1/reports/attribution/rows?${range}&model=linear&by=campaign&key=RevOps%20Report`,
    )
    expect(rows.body.items.map((r: { opportunityId: string }) => r.opportunityId)).toEqual([
      deals[1]?.id,
    ])
  })

  it('lists the deals behind every line, as many as it counts, a page at a time', async () => {
    const report = await get(`/v1/reports/attribution?${range}&model=linear&by=campaign`)
    const lines = report.body.lines as { key: string | null; opportunities: number }[]
    // Touches without a campaign make a line of their own, asked for as (none).
    expect(lines.map((l) => l.key)).toContain(null)
    for (const line of lines) {
      const key = encodeURIComponent(line.key ?? '(none)')
      const listed: { opportunityId: string; shares: { campaign: string | null }[] }[] = []
      let offset: number | null = 0
      while (offset !== null) {
        const page = await get(
          `/v1/reports/attribution/rows?${range}&model=linear&by=campaign&key=${key}&limit=1&offset=${offset}`,
        )
        expect(page.status).toBe(200)
        expect(page.body.total).toBe(line.opportunities)
        expect(page.body.items.length).toBeLessThanOrEqual(1)
        listed.push(...page.body.items)
        offset = page.body.next
      }
      expect(listed).toHaveLength(line.opportunities)
      expect(new Set(listed.map((d) => d.opportunityId)).size).toBe(line.opportunities)
      for (const deal of listed) expect(deal.shares.map((s) => s.campaign)).toContain(line.key)
    }
  })

  it('answers the funnel and pipeline reports, and refuses a period that ends before it starts', async () => {
    const funnel = await get(`/v1/reports/funnel?${range}&cohortStage=inquiry`)
    expect(funnel.status).toBe(200)
    expect(funnel.body.groups[0].steps[0]).toMatchObject({ stage: 'inquiry', reached: 3 })
    const pipeline = await get(`/v1/reports/pipeline?${range}&cut=none`)
    expect(pipeline.body.groups).toEqual([
      expect.objectContaining({ opportunities: 3, won: 2, lost: 1, winRate: 0.6667 }),
    ])
    const inquiries = await get(
      `/v1/reports/funnel/rows?${range}&cohortStage=inquiry&stage=inquiry`,
    )
    expect(inquiries.body.items).toHaveLength(3)
    const lost = await get(`/v1/reports/pipeline/rows?${range}&cut=none&outcome=lost`)
    expect(lost.body.items.map((r: { id: string }) => r.id)).toEqual([deals[1]?.id])
    const backwards = await get(`/v1/reports/funnel?from=${day(30)}&to=${day(0)}`)
    expect(backwards.status).toBe(400)
    expect(backwards.body.error.message).toMatch(/is after to=/)
  })
})
