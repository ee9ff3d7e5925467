import { type Kysely, sql } from 'kysely'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config.ts'
import { fixedClock } from '../../src/domain/clock.ts'
import { requireScope } from '../../src/http/authenticate.ts'
import { createApp, type TandemApp } from '../../src/http/create-app.ts'
import type { Database } from '../../src/store/database.ts'
import { openStore, type Store } from '../../src/store/open-store.ts'
import { acrossWorkspaces, asWorkspace } from '../../src/store/workspace-isolation.ts'
import { type Answer, callApi } from '../support/call-api.ts'
import { sendQualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// Workspace isolation enforced by the database: inside a workspace's isolation context, every
// table with a workspace_id shows, changes and accepts only that workspace's rows, whatever the
// query asks for; outside it (jobs, CLI) all rows are there, and no connection carries a
// workspace on to its next user.

const start = new Date('2026-11-02T12:00:00Z')
let t: TestStore
let server: RunningApp
let a: SalesOrg
let b: SalesOrg
let tables: string[]
let bContactId: string
let bAssignmentId: string

const RLS_ERROR = /row-level security/

class Rollback extends Error {}

/** Runs `fn` in a transaction that is rolled back afterwards, whatever it did. */
async function rolledBack<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>) {
  let result: T | undefined
  await db
    .transaction()
    .execute(async (trx) => {
      result = await fn(trx)
      throw new Rollback()
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error
    })
  return result as T
}

const count = async (db: Kysely<Database>, table: string, workspaceId?: string) => {
  const where = workspaceId === undefined ? sql`` : sql`where workspace_id = ${workspaceId}`
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from ${sql.table(table)} ${where}`.execute(db)
  return rows[0]?.n ?? 0
}

const workspacesSeen = async (db: Kysely<Database>) => {
  const { rows } = await sql<{ id: string }>`
    select distinct workspace_id as id from contacts order by 1`.execute(db)
  return rows.map((r) => r.id)
}

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, start)
  a = await createSalesOrg(t.db, 'isolated-a', start)
  b = await createSalesOrg(t.db, 'isolated-b', start)
  for (const [org, name] of [
    [a, 'Ann'],
    [b, 'Bob'],
  ] as const)
    await sendQualifyingJourney(server, org.writeKey, {
      email: `${name.toLowerCase()}@bigcorp.example`,
      firstName: name,
      lastName: 'Buyer',
      title: 'VP Marketing',
      country: 'US',
    })
  const { rows } = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join information_schema.tables x using (table_schema, table_name)
    where c.table_schema = 'public' and c.column_name = 'workspace_id'
      and x.table_type = 'BASE TABLE'
    order by 1`.execute(t.db)
  tables = rows.map((r) => r.table_name)
  const contact = await t.db
    .selectFrom('contacts')
    .select('id')
    .where('workspace_id', '=', b.workspaceId)
    .executeTakeFirstOrThrow()
  bContactId = contact.id
  const assignment = await t.db
    .selectFrom('assignments')
    .select('id')
    .where('workspace_id', '=', b.workspaceId)
    .executeTakeFirstOrThrow()
  bAssignmentId = assignment.id
})

afterAll(async () => {
  await server?.close()
  await t?.close()
})

describe('the schema', () => {
  it('has row-level security and the workspace policy on every table with a workspace_id', async () => {
    expect(tables.length).toBeGreaterThan(20)
    const { rows } = await sql<{ table: string; rls: boolean; policies: number }>`
      select c.relname as table, c.relrowsecurity as rls,
        (select count(*)::int from pg_policies p
         where p.schemaname = 'public' and p.tablename = c.relname
           and p.policyname = 'workspace_isolation' and p.cmd = 'ALL'
           and p.roles = '{tandem_member}') as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relname = any(${[...tables, 'workspaces']}::text[])
      order by 1`.execute(t.db)
    expect(rows).toEqual(
      [...tables, 'workspaces'].sort().map((table) => ({ table, rls: true, policies: 1 })),
    )
  })

  it('gives the member role no way around the policies', async () => {
    const { rows } = await sql<{ rolbypassrls: boolean; rolsuper: boolean; rolcanlogin: boolean }>`
      select rolbypassrls, rolsuper, rolcanlogin from pg_roles
      where rolname = 'tandem_member'`.execute(t.db)
    expect(rows).toEqual([{ rolbypassrls: false, rolsuper: false, rolcanlogin: false }])
    const owners = await sql<{ owner: string }>`
      select distinct pg_get_userbyid(relowner) as owner from pg_class
      where relname = any(${tables}::text[])`.execute(t.db)
    expect(owners.rows.map((r) => r.owner)).not.toContain('tandem_member')
  })
  it('grants the member role the tables later migrations create', async () => {
    const granted = await rolledBack(t.db, async (trx) => {
      await sql`create table later_table (workspace_id uuid not null, id uuid)`.execute(trx)
      const { rows } = await sql<{ granted: boolean }>`
        select has_table_privilege('tandem_member', 'later_table',
          'select, insert, update, delete') as granted`.execute(trx)
      return rows[0]?.granted
    })
    expect(granted).toBe(true)
  })
})

describe('inside one workspace', () => {
  it('reads no row of another workspace, in any table', async () => {
    const leaks: Record<string, number> = {}
    const bRows: Record<string, number> = {}
    for (const table of tables) {
      bRows[table] = await count(t.db, table, b.workspaceId)
      const seen = await asWorkspace(a.workspaceId, () => count(t.db, table, b.workspaceId))
      const all = await asWorkspace(a.workspaceId, () => count(t.db, table))
      const own = await count(t.db, table, a.workspaceId)
      leaks[table] = seen + (all - own)
    }
    expect(leaks).toEqual(Object.fromEntries(tables.map((table) => [table, 0])))
    // The check means something: most tables hold rows of the other workspace.
    expect(tables.filter((table) => (bRows[table] ?? 0) > 0).length).toBeGreaterThan(12)
    const ownRow = await asWorkspace(a.workspaceId, () =>
      t.db.selectFrom('workspaces').select('id').execute(),
    )
    expect(ownRow).toEqual([{ id: a.workspaceId }])
  })

  it('updates and deletes no row of another workspace, in any table', async () => {
    const touched: Record<string, number> = {}
    for (const table of tables) {
      touched[table] = await asWorkspace(a.workspaceId, () =>
        rolledBack(t.db, async (trx) => {
          const updated = await sql`
            update ${sql.table(table)} set workspace_id = workspace_id
            where workspace_id = ${b.workspaceId}`.execute(trx)
          const deleted = await sql`
            delete from ${sql.table(table)} where workspace_id = ${b.workspaceId}`.execute(trx)
          return Number(updated.numAffectedRows ?? 0n) + Number(deleted.numAffectedRows ?? 0n)
        }),
      )
    }
    expect(touched).toEqual(Object.fromEntries(tables.map((table) => [table, 0])))
    expect(await count(t.db, 'contacts', b.workspaceId)).toBeGreaterThan(0)
  })

  it('cannot insert a row into another workspace, nor move one there, in any table', async () => {
    const outcomes: Record<string, string> = {}
    for (const table of tables) {
      const { rows: columns } = await sql<{ name: string }>`
        select column_name as name from information_schema.columns
        where table_schema = 'public' and table_name = ${table}
          and column_name <> 'workspace_id' and is_identity = 'NO' and is_generated = 'NEVER'
        order by ordinal_position`.execute(t.db)
      const list = sql.join(columns.map((c) => sql.ref(c.name)))
      // A copy of one of the workspace's own rows, labelled as the other workspace's.
      const insert = sql`
        insert into ${sql.table(table)} (workspace_id, ${list})
        select ${b.workspaceId}::uuid, ${list} from ${sql.table(table)} limit 1`
      const move = sql`update ${sql.table(table)} set workspace_id = ${b.workspaceId}`
      outcomes[table] = await asWorkspace(a.workspaceId, async () => {
        if ((await count(t.db, table)) === 0) return 'no row of its own to copy'
        const results: string[] = []
        for (const statement of [insert, move])
          results.push(
            await rolledBack(t.db, (trx) => statement.execute(trx)).then(
              () => 'accepted',
              (error: Error) => (RLS_ERROR.test(error.message) ? 'refused' : error.message),
            ),
          )
        return results.join(', ')
      })
    }
    const refused = Object.entries(outcomes).filter(([, o]) => o === 'refused, refused')
    expect(
      Object.fromEntries(
        Object.entries(outcomes).filter(([, o]) => o !== 'no row of its own to copy'),
      ),
    ).toEqual(Object.fromEntries(refused))
    expect(refused.length).toBeGreaterThan(12)
    const newWorkspace = await asWorkspace(a.workspaceId, () =>
      rolledBack(t.db, (trx) =>
        trx
          .insertInto('workspaces')
          .values({ id: crypto.randomUUID(), slug: 'sneaky', name: 'Sneaky' })
          .execute(),
      ).then(
        () => 'accepted',
        (error: Error) => error.message,
      ),
    )
    expect(newWorkspace).toMatch(RLS_ERROR)
  })

  it('runs as the member role, and the login role again outside', async () => {
    const who = (db: Kysely<Database>) =>
      sql<{ user: string; workspace: string | null }>`
        select current_user as user,
          nullif(current_setting('tandem.workspace_id', true), '') as workspace`
        .execute(db)
        .then((r) => r.rows[0])
    expect(await asWorkspace(a.workspaceId, () => who(t.db))).toEqual({
      user: 'tandem_member',
      workspace: a.workspaceId,
    })
    expect(
      await asWorkspace(a.workspaceId, () => t.db.transaction().execute((trx) => who(trx))),
    ).toEqual({ user: 'tandem_member', workspace: a.workspaceId })
    const outside = await who(t.db)
    expect(outside?.user).not.toBe('tandem_member')
    expect(outside?.workspace).toBeNull()
  })
})

describe('the isolation does not outlive its context', () => {
  // On PostgreSQL a pool of one connection, so every query below reuses the one before's.
  let single: Store
  beforeAll(async () => {
    single =
      t.url === undefined
        ? t.store
        : await openStore({ kind: 'postgres', url: t.url, maxConnections: 1 })
  })
  afterAll(async () => {
    if (single !== t.store) await single.close()
  })

  const both = () => [a.workspaceId, b.workspaceId].sort()

  it('an unisolated query after an isolated one sees every workspace', async () => {
    expect(await asWorkspace(a.workspaceId, () => workspacesSeen(single.db))).toEqual([
      a.workspaceId,
    ])
    expect(await workspacesSeen(single.db)).toEqual(both())
    expect(await asWorkspace(b.workspaceId, () => workspacesSeen(single.db))).toEqual([
      b.workspaceId,
    ])
    expect(await acrossWorkspaces(() => workspacesSeen(single.db))).toEqual(both())
  })

  it('an isolated query or transaction that fails still gives its connection back clean', async () => {
    await expect(
      asWorkspace(a.workspaceId, () => sql`select 1 / 0`.execute(single.db)),
    ).rejects.toThrow(/division by zero/)
    expect(await workspacesSeen(single.db)).toEqual(both())
    await expect(
      asWorkspace(a.workspaceId, () =>
        single.db.transaction().execute(async (trx) => {
          await workspacesSeen(trx)
          await sql`select 1 / 0`.execute(trx)
        }),
      ),
    ).rejects.toThrow(/division by zero/)
    expect(await workspacesSeen(single.db)).toEqual(both())
  })

  it('queries of different workspaces running at once each see their own', async () => {
    const runs = Array.from({ length: 30 }, (_, i) => {
      const which = [a.workspaceId, b.workspaceId, undefined][i % 3]
      const query = () => workspacesSeen(i % 2 === 0 ? single.db : t.db)
      const transactional = () =>
        (i % 2 === 0 ? single.db : t.db).transaction().execute((trx) => workspacesSeen(trx))
      const run = i % 4 < 2 ? query : transactional
      return (which === undefined ? run() : asWorkspace(which, run)).then((seen) => ({
        expected: which === undefined ? both() : [which],
        seen,
      }))
    })
    for (const { expected, seen } of await Promise.all(runs)) expect(seen).toEqual(expected)
  })
})

describe('over HTTP', () => {
  it("answers 404 for another workspace's contact and assignment", async () => {
    const key = a.keys.vp as string
    expect((await callApi(server.url, `/v1/contacts/${bContactId}`, key)).status).toBe(404)
    expect((await callApi(server.url, `/v1/assignments/${bAssignmentId}`, key)).status).toBe(404)
    const accept = await callApi(server.url, `/v1/assignments/${bAssignmentId}/accept`, key, {
      method: 'POST',
      body: {},
    })
    expect(accept.status).toBe(404)
    const own = await callApi(server.url, `/v1/contacts/${bContactId}`, b.keys.vp as string)
    expect(own.status).toBe(200)
  })

  it('accepts its own assignment, with the funnel triggers running as the workspace', async () => {
    const assignment = await t.db
      .selectFrom('assignments')
      .select(['id', 'owner_id', 'entity_id'])
      .where('workspace_id', '=', a.workspaceId)
      .executeTakeFirstOrThrow()
    const owner = Object.entries(a.users).find(([, id]) => id === assignment.owner_id)?.[0]
    const accepted = await callApi(
      server.url,
      `/v1/assignments/${assignment.id}/accept`,
      a.keys[owner ?? ''] as string,
      { method: 'POST' },
    )
    expect(accepted.status).toBe(200)
    const milestones = await t.db
      .selectFrom('lead_milestones')
      .select(['mql_at', 'sal_at'])
      .where('workspace_id', '=', a.workspaceId)
      .where('contact_id', '=', assignment.entity_id)
      .executeTakeFirstOrThrow()
    expect(milestones.sal_at).toEqual(start)
  })

  describe('a request, once authenticated, runs isolated to its workspace', () => {
    let app: TandemApp
    beforeAll(async () => {
      const clock = fixedClock(start)
      app = await createApp({
        db: t.db,
        jobDatabase: t.store.jobDatabase,
        config: parseConfig({ port: 0, logLevel: 'silent' }, {}),
        clock,
        logger: pino({ level: 'silent' }),
      })
      const whoAmI = async () => {
        const { rows } = await sql<{ user: string; workspaces: string[] }>`
          select current_user as user,
            array(select id from workspaces order by id)::text[] as workspaces`.execute(t.db)
        return rows[0]
      }
      app.get('/test/who', { onRequest: requireScope(t.db, clock, 'read') }, whoAmI)
      app.post('/test/who', { onRequest: requireScope(t.db, clock, 'read') }, whoAmI)
      // Authenticated after the body is read, as the tracking API is.
      app.post(
        '/test/who-by-body',
        {
          preValidation: requireScope(t.db, clock, 'read', {
            source: {
              keyOf: (request) => (request.body as { key?: string }).key,
              missing: 'key',
            },
          }),
        },
        whoAmI,
      )
      app.get('/test/anonymous', async () => {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from workspaces`.execute(t.db)
        return rows[0]
      })
    })
    afterAll(() => app?.close())

    it('with the key in a header, with or without a body, or in the body itself', async () => {
      // Over a real socket: a large body arrives in chunks after the guard ran.
      const url = await app.listen({ host: '127.0.0.1', port: 0 })
      const call = (path: string, init: { key?: string; body?: unknown } = {}) =>
        fetch(`${url}${path}`, {
          method: init.body === undefined ? 'GET' : 'POST',
          headers: {
            ...(init.key === undefined ? {} : { authorization: `Bearer ${init.key}` }),
            ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        }).then((response) => response.json() as Promise<Answer>)
      const key = a.keys.vp as string
      const padding = 'x'.repeat(500_000)
      const expected = { user: 'tandem_member', workspaces: [a.workspaceId] }
      expect(await call('/test/who', { key })).toEqual(expected)
      expect(await call('/test/who', { key, body: { padding } })).toEqual(expected)
      expect(await call('/test/who-by-body', { body: { key, padding } })).toEqual(expected)
      const anonymous = await call('/test/anonymous')
      expect(anonymous.n).toBeGreaterThanOrEqual(2)
    })
  })
})
