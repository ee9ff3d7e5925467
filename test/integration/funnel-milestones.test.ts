import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mergeContacts } from '../../src/services/contact-merge.ts'
import { moveAccount, moveLead } from '../../src/services/lifecycle/move-stage.ts'
import { FUNNEL_STEPS, MILESTONES } from '../../src/services/reports/funnel-report.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import { importOlistWorkspace } from '../support/olist-workspace.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The funnel milestones (when each person and account first reached each step) are kept by the
// database from the stage history and the deals, with the facts of the person the report cuts
// by (source, campaign, owner, account) copied beside them. Checked here move by move, and on the whole
// Olist import against the same figures computed in the test from the source rows.

let t: TestStore
let ws: string
const day = (n: number) => new Date(Date.UTC(2026, 2, 1 + n))
const actor = { type: 'system', id: null } as const

beforeAll(async () => {
  t = await openTestStore()
  ws = (await createWorkspace(t.db, { slug: 'milestones', name: 'Milestones' })).id
})

afterAll(async () => {
  await t?.close()
})

async function newContact(accountId: string | null = null): Promise<string> {
  const id = randomUUID()
  await t.db
    .insertInto('contacts')
    .values({ workspace_id: ws, id, email: `${id}@example.com`, account_id: accountId })
    .execute()
  return id
}

async function newAccount(): Promise<string> {
  const id = randomUUID()
  await t.db
    .insertInto('accounts')
    .values({ workspace_id: ws, id, name: id, normalized_name: id })
    .execute()
  return id
}

async function updateContact(
  contactId: string,
  set: {
    source?: string | null
    source_campaign_id?: string | null
    owner_id?: string | null
    account_id?: string | null
  },
) {
  await t.db
    .updateTable('contacts')
    .set(set)
    .where('workspace_id', '=', ws)
    .where('id', '=', contactId)
    .execute()
}

async function leadMilestones(contactId: string) {
  return t.db
    .selectFrom('lead_milestones')
    .selectAll()
    .where('workspace_id', '=', ws)
    .where('contact_id', '=', contactId)
    .executeTakeFirst()
}

async function newDeal(accountId: string, contactIds: readonly string[], createdAt: Date) {
  const id = randomUUID()
  await t.db
    .insertInto('opportunities')
    .values({
      workspace_id: ws,
      id,
      account_id: accountId,
      name: 'Deal',
      stage: 'Discovery',
      amount: 1000,
      created_at: createdAt,
    })
    .execute()
  if (contactIds.length > 0)
    await t.db
      .insertInto('opportunity_contacts')
      .values(
        contactIds.map((contact_id) => ({ workspace_id: ws, opportunity_id: id, contact_id })),
      )
      .execute()
  return id
}

describe('funnel milestones', () => {
  it('have a column for every step the funnel report declares, in order', async () => {
    for (const funnel of ['lead', 'account'] as const) {
      const { rows } = await sql<{ column_name: string }>`
        select column_name from information_schema.columns
        where table_name = ${MILESTONES[funnel].table} and column_name like '%\\_at'
        order by ordinal_position`.execute(t.db)
      expect(rows.map((r) => r.column_name)).toEqual(FUNNEL_STEPS[funnel].map((s) => `${s}_at`))
    }
  })

  it('keep the first time a person reached each stage, through recycling', async () => {
    const contact = await newContact()
    for (const [to, n] of [
      ['mql', 2],
      ['recycled', 5],
      ['mql', 9],
      ['sal', 10],
    ] as const)
      await moveLead(t.db, ws, contact, { to, actor, at: day(n) })
    expect(await leadMilestones(contact)).toMatchObject({
      inquiry_at: null,
      lead_at: null,
      mql_at: day(2),
      sal_at: day(10),
      won_at: null,
    })
  })

  it('take deals into both funnels, and follow a deal that is won, moved or deleted', async () => {
    const account = await newAccount()
    const contact = await newContact(account)
    await moveAccount(t.db, ws, account, { to: 'target', actor, at: day(0) })
    const deal = await newDeal(account, [contact], day(20))
    expect(await leadMilestones(contact)).toMatchObject({ opportunity_at: day(20), won_at: null })

    await t.db
      .updateTable('opportunities')
      .set({ is_closed: true, is_won: true, closed_at: day(40) })
      .where('workspace_id', '=', ws)
      .where('id', '=', deal)
      .execute()
    expect(await leadMilestones(contact)).toMatchObject({ won_at: day(40) })
    const accountRow = () =>
      t.db
        .selectFrom('account_milestones')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('account_id', '=', account)
        .executeTakeFirst()
    expect(await accountRow()).toMatchObject({
      target_at: day(0),
      opportunity_at: day(20),
      customer_at: day(40),
    })

    // Reopened: no longer won.
    await t.db
      .updateTable('opportunities')
      .set({ is_closed: false, is_won: false, closed_at: null })
      .where('workspace_id', '=', ws)
      .where('id', '=', deal)
      .execute()
    expect(await leadMilestones(contact)).toMatchObject({ opportunity_at: day(20), won_at: null })
    expect(await accountRow()).toMatchObject({ customer_at: null })

    await t.db
      .deleteFrom('opportunities')
      .where('workspace_id', '=', ws)
      .where('id', '=', deal)
      .execute()
    expect(await leadMilestones(contact)).toBeUndefined()
    expect(await accountRow()).toMatchObject({ target_at: day(0), opportunity_at: null })
  })

  it('move to the survivor when two people are merged', async () => {
    const survivor = await newContact()
    const merged = await newContact()
    await moveLead(t.db, ws, survivor, { to: 'mql', actor, at: day(8) })
    await moveLead(t.db, ws, merged, { to: 'mql', actor, at: day(3) })
    await moveLead(t.db, ws, merged, { to: 'sal', actor, at: day(4) })
    await t.db.transaction().execute((trx) =>
      mergeContacts(trx, {
        workspaceId: ws,
        survivorId: survivor,
        mergedId: merged,
        reason: 'same person',
        at: day(12),
      }),
    )
    expect(await leadMilestones(survivor)).toMatchObject({ mql_at: day(3), sal_at: day(4) })
    expect(await leadMilestones(merged)).toBeUndefined()
  })

  it("keep the person's source, campaign, owner and account beside them, as they change", async () => {
    const owner = randomUUID()
    await t.db
      .insertInto('users')
      .values({
        workspace_id: ws,
        id: owner,
        email: `${owner}@tandem.test`,
        name: 'Owner',
        role: 'sdr',
      })
      .execute()
    const campaign = randomUUID()
    await t.db
      .insertInto('campaigns')
      .values({
        workspace_id: ws,
        id: campaign,
        key: campaign,
        name: 'Webinar',
        channel: 'webinar',
      })
      .execute()
    const account = await newAccount()
    const contact = await newContact()
    const facts = { source: 'webinar', source_campaign_id: campaign, owner_id: owner }
    // Set before the person has milestones: copied when the first one is written.
    await updateContact(contact, facts)
    await moveLead(t.db, ws, contact, { to: 'mql', actor, at: day(1) })
    expect(await leadMilestones(contact)).toMatchObject({
      ...facts,
      account_id: null,
      mql_at: day(1),
    })

    // Changed afterwards: followed, one fact at a time or several at once.
    await updateContact(contact, { account_id: account })
    expect(await leadMilestones(contact)).toMatchObject({ ...facts, account_id: account })
    await updateContact(contact, { source: 'referral', owner_id: null, source_campaign_id: null })
    expect(await leadMilestones(contact)).toMatchObject({
      source: 'referral',
      source_campaign_id: null,
      owner_id: null,
      account_id: account,
      mql_at: day(1),
    })
    // Deleting the account clears the contact's, and so the copy.
    await t.db
      .deleteFrom('accounts')
      .where('workspace_id', '=', ws)
      .where('id', '=', account)
      .execute()
    expect(await leadMilestones(contact)).toMatchObject({ source: 'referral', account_id: null })
  })
})

describe('funnel milestones of a whole import', () => {
  let olist: string
  beforeAll(async () => {
    olist = await importOlistWorkspace(t.db, 'milestones-olist')
  }, 120_000)

  it('equal the first times computed from the stage history and the deals', async () => {
    const transitions = await t.db
      .selectFrom('stage_transitions')
      .select(['entity_id', 'to_stage', 'at'])
      .where('workspace_id', '=', olist)
      .where('funnel', '=', 'lead')
      .execute()
    const deals = await t.db
      .selectFrom('opportunity_contacts as oc')
      .innerJoin('opportunities as o', (j) =>
        j.onRef('o.workspace_id', '=', 'oc.workspace_id').onRef('o.id', '=', 'oc.opportunity_id'),
      )
      .select(['oc.contact_id', 'o.created_at', 'o.closed_at', 'o.updated_at', 'o.is_won'])
      .where('oc.workspace_id', '=', olist)
      .execute()
    const expected = new Map<string, Record<string, number>>()
    const reach = (id: string, stage: string, at: Date) => {
      if (!FUNNEL_STEPS.lead.includes(stage)) return
      const row = expected.get(id) ?? {}
      expected.set(id, row)
      row[stage] = Math.min(row[stage] ?? Number.POSITIVE_INFINITY, at.getTime())
    }
    for (const r of transitions) reach(r.entity_id, r.to_stage, r.at)
    for (const d of deals) {
      const created =
        d.closed_at !== null && d.closed_at < d.created_at ? d.closed_at : d.created_at
      reach(d.contact_id, 'opportunity', created)
      if (d.is_won) reach(d.contact_id, 'won', d.closed_at ?? d.updated_at)
    }
    const actual = await t.db
      .selectFrom('lead_milestones')
      .selectAll()
      .where('workspace_id', '=', olist)
      .execute()
    expect(actual.length).toBe(expected.size)
    expect(expected.size).toBeGreaterThan(7000)
    const contacts = new Map(
      (
        await t.db
          .selectFrom('contacts')
          .select(['id', 'source', 'source_campaign_id', 'owner_id', 'account_id'])
          .where('workspace_id', '=', olist)
          .execute()
      ).map(({ id, ...facts }) => [id, facts]),
    )
    for (const row of actual) {
      const want = expected.get(row.contact_id) ?? {}
      for (const stage of FUNNEL_STEPS.lead) {
        const at = (row as unknown as Record<string, Date | null>)[`${stage}_at`] ?? null
        expect(at?.getTime() ?? null, `${row.contact_id} ${stage}`).toBe(want[stage] ?? null)
      }
      const { source, source_campaign_id, owner_id, account_id } = row
      expect({ source, source_campaign_id, owner_id, account_id }).toEqual(
        contacts.get(row.contact_id),
      )
    }
    // The import named an owner and a source for most people: the copies are not all empty.
    expect(actual.filter((r) => r.owner_id !== null).length).toBeGreaterThan(0)
    expect(actual.filter((r) => r.source !== null).length).toBeGreaterThan(7000)
  })
})
