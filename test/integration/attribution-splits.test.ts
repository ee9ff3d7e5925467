import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AttributionQuery,
  attributionReport,
} from '../../src/services/reports/attribution-report.ts'
import { createSalesOrg } from '../support/sales-org.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The attribution report sums each deal's stored split. Whatever a split is computed from may
// change after it was stored: each change here must show in the next report exactly as a report
// computed from nothing stored shows it.

const day = (n: number) => new Date(Date.UTC(2026, 2, 1 + n, 10))
const period = { from: day(0), to: day(60) }
let t: TestStore
let ws: string
const campaign: Record<'webinar' | 'report' | 'event', string> = {
  webinar: randomUUID(),
  report: randomUUID(),
  event: randomUUID(),
}
/** Account A's deal names Ines; account B's deal names nobody, so counts Omar and Zoe. */
const ids = {
  accountA: randomUUID(),
  accountB: randomUUID(),
  accountC: randomUUID(),
  ines: randomUUID(),
  omar: randomUUID(),
  zoe: randomUUID(),
  lena: randomUUID(),
  dealA: randomUUID(),
  dealB: randomUUID(),
}

async function touch(
  contactId: string,
  at: Date,
  key: keyof typeof campaign | null,
  channel = 'email',
) {
  const id = randomUUID()
  await t.db
    .insertInto('activities')
    .values({
      workspace_id: ws,
      id,
      contact_id: contactId,
      type: 'page_view',
      channel,
      function: 'marketing',
      campaign_id: key === null ? null : campaign[key],
      occurred_at: at,
    })
    .execute()
  return id
}

beforeAll(async () => {
  t = await openTestStore()
  ws = (await createSalesOrg(t.db, 'attribution-splits', day(0))).workspaceId
  for (const [key, id] of Object.entries(campaign))
    await t.db
      .insertInto('campaigns')
      .values({ workspace_id: ws, id, key, name: `${key} campaign`, channel: 'email' })
      .execute()
  for (const [name, id] of [
    ['A', ids.accountA],
    ['B', ids.accountB],
    ['C', ids.accountC],
  ] as const)
    await t.db
      .insertInto('accounts')
      .values({ workspace_id: ws, id, name, normalized_name: name.toLowerCase() })
      .execute()
  for (const [name, id, account] of [
    ['ines', ids.ines, ids.accountA],
    ['omar', ids.omar, ids.accountB],
    ['zoe', ids.zoe, ids.accountB],
    ['lena', ids.lena, ids.accountC],
  ] as const)
    await t.db
      .insertInto('contacts')
      .values({
        workspace_id: ws,
        id,
        email: `${name}@example.com`,
        account_id: account,
        created_at: day(0),
      })
      .execute()
  for (const [id, account, amount, closed] of [
    [ids.dealA, ids.accountA, 1000, day(30)],
    [ids.dealB, ids.accountB, 2500.5, null],
  ] as const)
    await t.db
      .insertInto('opportunities')
      .values({
        workspace_id: ws,
        id,
        account_id: account,
        name: `Deal ${id.slice(0, 4)}`,
        amount,
        stage: closed === null ? 'Proposal' : 'Won',
        is_closed: closed !== null,
        is_won: closed !== null,
        created_at: day(20),
        closed_at: closed,
      })
      .execute()
  await t.db
    .insertInto('opportunity_contacts')
    .values({ workspace_id: ws, opportunity_id: ids.dealA, contact_id: ids.ines })
    .execute()
  await touch(ids.ines, day(2), 'webinar', 'webinar')
  await touch(ids.ines, day(5), 'report', 'paid_search')
  await touch(ids.omar, day(3), 'webinar', 'webinar')
  await touch(ids.zoe, day(8), null)
  await touch(ids.lena, day(4), 'event', 'event')
}, 60_000)

afterAll(async () => {
  await t?.close()
})

const QUERIES: readonly AttributionQuery[] = [
  { ...period, model: 'w_shaped', by: 'campaign' },
  { ...period, model: 'lead_creation', by: 'channel' },
  { ...period, model: 'full_path', by: 'campaign' },
  { ...period, model: 'time_decay', by: 'channel', halfLifeDays: 3 },
]

const reports = () => Promise.all(QUERIES.map((q) => attributionReport(t.db, ws, q)))

/** The reports as they come out with nothing stored beforehand. */
async function fromNothing() {
  await t.db.deleteFrom('attributed_deals').where('workspace_id', '=', ws).execute()
  return reports()
}

const versions = async () =>
  Object.fromEntries(
    (
      await t.db
        .selectFrom('attribution_versions')
        .select(['opportunity_id', 'version'])
        .where('workspace_id', '=', ws)
        .execute()
    ).map((v) => [v.opportunity_id, Number(v.version)]),
  )

describe('stored attribution splits', () => {
  it('are stored once, and read back as they were computed', async () => {
    const first = await reports()
    const stored = await t.db
      .selectFrom('attributed_deals')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ws)
      .executeTakeFirstOrThrow()
    expect(Number(stored.n)).toBe(QUERIES.length * 2)
    expect(await reports()).toEqual(first)
    expect(first[0]?.opportunities).toBe(2)
    expect(await fromNothing()).toEqual(first)
  })

  const changes: [string, () => Promise<unknown>][] = [
    ['a touch before the deal', () => touch(ids.ines, day(1), 'event', 'event')],
    [
      'a touch after creation while the deal is open',
      () => touch(ids.omar, day(25), 'event', 'event'),
    ],
    [
      'a deal amount',
      () =>
        t.db
          .updateTable('opportunities')
          .set({ amount: 1234.56 })
          .where('workspace_id', '=', ws)
          .where('id', '=', ids.dealA)
          .execute(),
    ],
    [
      'a contact the deal names',
      () =>
        t.db
          .insertInto('opportunity_contacts')
          .values({ workspace_id: ws, opportunity_id: ids.dealA, contact_id: ids.lena })
          .execute(),
    ],
    [
      'a contact moving to the account of a deal that names nobody',
      () =>
        t.db
          .updateTable('contacts')
          .set({ account_id: ids.accountB })
          .where('workspace_id', '=', ws)
          .where('id', '=', ids.lena)
          .execute(),
    ],
    [
      'when a contact became one (which decides its lead-creation touch)',
      () =>
        t.db
          .updateTable('contacts')
          .set({ created_at: day(4) })
          .where('workspace_id', '=', ws)
          .where('id', '=', ids.ines)
          .execute(),
    ],
    [
      'a touch moved to another campaign',
      () =>
        t.db
          .updateTable('activities')
          .set({ campaign_id: campaign.report })
          .where('workspace_id', '=', ws)
          .where('contact_id', '=', ids.omar)
          .where('campaign_id', '=', campaign.webinar)
          .execute(),
    ],
    [
      'a touch deleted',
      () =>
        t.db
          .deleteFrom('activities')
          .where('workspace_id', '=', ws)
          .where('contact_id', '=', ids.zoe)
          .execute(),
    ],
    [
      'a contact of a deal that names nobody deleted',
      () =>
        t.db
          .deleteFrom('contacts')
          .where('workspace_id', '=', ws)
          .where('id', '=', ids.omar)
          .execute(),
    ],
  ]

  it.each(changes)('show a change of %s in the next report', async (_, change) => {
    const before = await reports()
    await change()
    const after = await reports()
    expect(after).not.toEqual(before)
    expect(await fromNothing()).toEqual(after)
  })

  it('are not made stale by a touch after the deal closed', async () => {
    await reports()
    const before = await versions()
    await touch(ids.ines, day(40), 'event', 'event')
    expect(await versions()).toEqual(before)
  })

  it('follow a deal whose opening moves out of the period', async () => {
    await reports()
    await t.db
      .updateTable('opportunities')
      .set({ created_at: day(90) })
      .where('workspace_id', '=', ws)
      .where('id', '=', ids.dealB)
      .execute()
    const after = await reports()
    expect(after.map((r) => r.opportunities)).toEqual(QUERIES.map(() => 1))
    expect(await fromNothing()).toEqual(after)
  })

  it('go with their deal', async () => {
    await t.db
      .deleteFrom('opportunities')
      .where('workspace_id', '=', ws)
      .where('id', '=', ids.dealA)
      .execute()
    const left = await sql<{ n: number }>`
      select count(*)::int as n from attributed_shares
      where workspace_id = ${ws} and opportunity_id = ${ids.dealA}`.execute(t.db)
    expect(left.rows[0]?.n).toBe(0)
  })
})
