import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AttributionQuery,
  attributionReport,
} from '../../src/services/reports/attribution-report.ts'
import { createSalesOrg } from '../support/sales-org.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// A deal's split is computed from touches read at one moment and stored a moment later. A touch
// written in between, by a transaction that commits only after the report has read, must not be
// lost: the split read without it is stored stale, and the next report computes it again.

const day = (n: number) => new Date(Date.UTC(2026, 2, 1 + n, 10))
const query: AttributionQuery = { from: day(0), to: day(60), model: 'linear', by: 'channel' }
let t: TestStore
let ws: string
const ids = { account: randomUUID(), contact: randomUUID(), deal: randomUUID() }

const touch = (db: TestStore['db'], at: Date, channel: string) =>
  db
    .insertInto('activities')
    .values({
      workspace_id: ws,
      id: randomUUID(),
      contact_id: ids.contact,
      type: 'page_view',
      channel,
      function: 'marketing',
      occurred_at: at,
    })
    .execute()

beforeAll(async () => {
  t = await openTestStore()
  ws = (await createSalesOrg(t.db, 'attribution-races', day(0))).workspaceId
  await t.db
    .insertInto('accounts')
    .values({ workspace_id: ws, id: ids.account, name: 'Tailspin', normalized_name: 'tailspin' })
    .execute()
  await t.db
    .insertInto('contacts')
    .values({
      workspace_id: ws,
      id: ids.contact,
      email: 'ana@tailspin.example',
      account_id: ids.account,
      created_at: day(0),
    })
    .execute()
  await t.db
    .insertInto('opportunities')
    .values({
      workspace_id: ws,
      id: ids.deal,
      account_id: ids.account,
      name: 'Tailspin renewal',
      amount: 900,
      stage: 'Proposal',
      created_at: day(20),
    })
    .execute()
  await touch(t.db, day(2), 'webinar')
}, 60_000)

afterAll(async () => {
  await t?.close()
})

describe('a touch written while a report stores the split it changes', () => {
  it('is in the next report', async () => {
    await attributionReport(t.db, ws, query)
    // The deal's split goes stale, so the next report computes it again.
    await touch(t.db, day(3), 'email')
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let touched: () => void = () => {}
    const written = new Promise<void>((resolve) => {
      touched = resolve
    })
    // A touch written but not committed until the report has read the deal's touches.
    const writer = t.db.transaction().execute(async (trx) => {
      await touch(trx, day(4), 'event')
      touched()
      await held
    })
    await written
    let reported = false
    const report = attributionReport(t.db, ws, query).then((r) => {
      reported = true
      return r
    })
    // The report waits for the writer before it stores the split it read.
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(reported).toBe(false)
    release()
    await writer
    // It answers with the touches it read, and stores what it read as stale.
    const during = (await report).lines.map((l) => [l.key, l.attributedCents]).sort()
    expect(during).toEqual([
      ['email', 45_000],
      ['webinar', 45_000],
    ])
    const next = await attributionReport(t.db, ws, query)
    expect(next.lines.map((l) => [l.key, l.attributedCents]).sort()).toEqual([
      ['email', 30_000],
      ['event', 30_000],
      ['webinar', 30_000],
    ])
  })
})
