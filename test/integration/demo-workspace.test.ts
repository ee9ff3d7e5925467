import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logIn } from '../../src/services/auth/sessions.ts'
import { createDemoWorkspace } from '../../src/services/demo/create-demo-workspace.ts'
import { DEMO_HOTTEST_LEADS } from '../../src/services/demo/demo-handoffs.ts'
import { generateDemoWorkspace } from '../../src/services/demo/generate-demo-workspace.ts'
import { readRadar } from '../../src/services/radar.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

const now = new Date('2026-11-23T12:00:00Z')
let t: TestStore
let demo: Awaited<ReturnType<typeof createDemoWorkspace>>
const progress: { table: string; done: number; total: number }[] = []

beforeAll(async () => {
  t = await openTestStore()
  demo = await createDemoWorkspace(t.db, {
    slug: 'demo',
    size: 'small',
    seed: 42,
    now,
    onProgress: (p) => progress.push(p),
  })
})
afterAll(() => t.close())

describe('the demo workspace in the database', () => {
  it("gives its admin a dashboard login with a password of the demo's own", async () => {
    const { email, password } = demo.adminLogin
    expect(password.length).toBeGreaterThanOrEqual(12)
    const session = await logIn(t.db, { workspace: 'demo', email, password, now })
    expect(session?.user).toMatchObject({ email, role: 'admin' })
    expect(
      await logIn(t.db, { workspace: 'demo', email, password: `${password}x`, now }),
    ).toBeUndefined()
  })

  it("has its hottest leads waiting as MQLs for their owners' answer, on the admin's radar", async () => {
    const admin = await t.db
      .selectFrom('users')
      .select('id')
      .where('workspace_id', '=', demo.workspaceId)
      .where('email', '=', demo.adminLogin.email)
      .executeTakeFirstOrThrow()
    const radar = await readRadar(t.db, { workspaceId: demo.workspaceId, userId: admin.id }, now)
    expect(radar.pendingTotal).toBe(demo.atStart.handoffs)
    expect(radar.pendingTotal).toBeGreaterThan(0)
    expect(radar.pendingTotal).toBeLessThanOrEqual(DEMO_HOTTEST_LEADS)
    for (const handoff of radar.pending) {
      expect(handoff).toMatchObject({ kind: 'mql', mayAnswer: true })
      expect(handoff.acceptDueAt?.getTime()).toBeGreaterThan(now.getTime())
    }
    expect(radar.surging.length).toBeGreaterThan(0)
  })

  it('leaves the planner knowing how big the tables it filled are', async () => {
    // Never analysed, a table's reltuples is -1 (or 0), and reports over it plan as if it were
    // empty; the embedded database has no autovacuum to fix that later.
    const { rows } = await sql<{ relname: string; reltuples: number }>`
      select relname, reltuples from pg_class
      where relname in ('opportunities', 'opportunity_contacts', 'activities', 'stage_transitions',
        'lead_milestones', 'account_milestones')
        and relkind = 'r'`.execute(t.db)
    expect(rows.map((r) => r.relname).sort()).toEqual([
      'account_milestones',
      'activities',
      'lead_milestones',
      'opportunities',
      'opportunity_contacts',
      'stage_transitions',
    ])
    for (const row of rows) expect(Number(row.reltuples), row.relname).toBeGreaterThan(0)
  })

  it('stores every generated row', async () => {
    const expected = generateDemoWorkspace({
      workspaceId: demo.workspaceId,
      size: 'small',
      seed: 42,
      now,
    })
    const tables = {
      teams: expected.teams.length,
      users: expected.users.length,
      campaigns: expected.campaigns.length,
      accounts: expected.accounts.length,
      account_domains: expected.accountDomains.length,
      contacts: expected.contacts.length,
      activities: expected.activities.length,
      opportunities: expected.opportunities.length,
      opportunity_contacts: expected.opportunityContacts.length,
      stage_transitions: expected.stageTransitions.length,
    }
    expect(demo.counts).toEqual(tables)
    // And the moves the rules made at the end, putting the hottest leads through them.
    const stored = { ...tables, stage_transitions: tables.stage_transitions + demo.atStart.moves }
    for (const [table, count] of Object.entries(stored)) {
      const { rows } = await sql<{
        n: number
      }>`select count(*) as n from ${sql.table(table)} where workspace_id = ${demo.workspaceId}`.execute(
        t.db,
      )
      expect([table, rows[0]?.n]).toEqual([table, count])
    }
  })

  it('reports progress table by table up to the total', () => {
    const last = progress.filter((p) => p.table === 'activities').at(-1)
    expect(last?.done).toBe(last?.total)
    expect(progress.length).toBeGreaterThan(10)
  })

  it('gives each team its manager', async () => {
    const teams = await t.db
      .selectFrom('teams')
      .select(['name', 'manager_id'])
      .where('workspace_id', '=', demo.workspaceId)
      .execute()
    expect(teams).toHaveLength(6)
    for (const team of teams) expect(team.manager_id).not.toBeNull()
  })

  it('agrees with its own history: current stages are the last transition', async () => {
    const { rows } = await sql<{ mismatched: number }>`
      select count(*) as mismatched
      from contacts c
      join lateral (
        select to_stage from stage_transitions s
        where s.workspace_id = c.workspace_id and s.funnel = 'lead' and s.entity_id = c.id
        order by s.at desc, s.to_stage in ('won', 'lost') desc limit 1
      ) last on true
      where c.workspace_id = ${demo.workspaceId} and last.to_stage <> c.lifecycle_stage`.execute(
      t.db,
    )
    expect(rows[0]?.mismatched).toBe(0)
  })

  it('issues working keys: an admin API key and an ingest-only write key', async () => {
    const keys = await t.db
      .selectFrom('api_keys')
      .select(['kind', 'scopes'])
      .where('workspace_id', '=', demo.workspaceId)
      .orderBy('kind')
      .execute()
    expect(keys).toEqual([
      { kind: 'api', scopes: ['admin'] },
      { kind: 'write', scopes: ['ingest'] },
    ])
    expect(demo.adminKey).toMatch(/^tdm_/)
    expect(demo.writeKey).toMatch(/^twk_/)
  })

  it('refuses a second workspace with the same slug, saying what to do', async () => {
    await expect(
      createDemoWorkspace(t.db, { slug: 'demo', size: 'small', seed: 1, now }),
    ).rejects.toThrow('A workspace "demo" already exists. Choose another slug with --workspace.')
  })
})
