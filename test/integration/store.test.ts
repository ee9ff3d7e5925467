import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey } from '../../src/services/api-keys.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import { jsonb } from '../../src/store/jsonb.ts'
import { migrateToLatest, pendingMigrations } from '../../src/store/migrate.ts'
import { migrations } from '../../src/store/migrations/index.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

let t: TestStore
beforeAll(async () => {
  t = await openTestStore()
})
afterAll(() => t.close())

describe('migrations', () => {
  it('applied every migration and a second run applies none', async () => {
    expect(await pendingMigrations(t.db)).toEqual([])
    const outcome = await migrateToLatest(t.db)
    expect(outcome.applied).toEqual([])
    const rows = await sql<{
      name: string
    }>`select name from tandem_migrations order by name`.execute(t.db)
    expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(migrations))
  })

  it('leads every primary key and index with workspace_id', async () => {
    const { rows } = await sql<{ table: string; index: string; first: string }>`
      select t.relname as table, i.relname as index, a.attname as first
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      left join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
      where n.nspname = current_schema() and t.relname not like 'tandem_migrations%'`.execute(t.db)
    expect(rows.length).toBeGreaterThan(40)
    const offenders = rows.filter((r) =>
      r.table === 'workspaces' ? !['id', 'slug'].includes(r.first) : r.first !== 'workspace_id',
    )
    expect(offenders).toEqual([])
  })
})

describe('type parsing, identical on both drivers', () => {
  it('returns counts and bigints as numbers, numeric as number, timestamps as Date', async () => {
    const { rows } = await sql<Record<string, unknown>>`
      select count(*) as count, 9007199254740993::int8 as huge, 42::int8 as big,
             12.50::numeric(10, 2) as amount, '2026-03-01T10:00:00Z'::timestamptz as at,
             '2026-03-01'::date as day, '{"a": [1, 2]}'::jsonb as doc,
             array['x', 'y']::text[] as tags, array[1, 2]::int8[] as ids,
             array[1.5, 2.25]::numeric[] as amounts
      from (values (1), (2), (3)) v(n)`.execute(t.db)
    expect(rows[0]).toEqual({
      count: 3,
      huge: 9007199254740993n,
      big: 42,
      amount: 12.5,
      at: new Date('2026-03-01T10:00:00Z'),
      day: '2026-03-01',
      doc: { a: [1, 2] },
      tags: ['x', 'y'],
      ids: [1, 2],
      amounts: [1.5, 2.25],
    })
  })
})

describe('jsonb values', () => {
  it('stores a top-level array the same way on both drivers', async () => {
    const workspace = await createWorkspace(t.db, {
      slug: `j-${randomUUID().slice(0, 8)}`,
      name: 'J',
    })
    const away = [{ from: '2026-12-01', to: '2026-12-05' }]
    const user = await t.db
      .insertInto('users')
      .values({
        workspace_id: workspace.id,
        id: randomUUID(),
        email: 'rep@j.test',
        name: 'Rep',
        role: 'ae',
        out_of_office: jsonb(away),
        working_hours: jsonb({ mon: [['09:00', '17:00']] }),
      })
      .returning(['out_of_office', 'working_hours'])
      .executeTakeFirstOrThrow()
    expect(user).toEqual({ out_of_office: away, working_hours: { mon: [['09:00', '17:00']] } })
  })
})

describe('workspace boundaries in the schema', () => {
  it('refuses a contact linked to an account of another workspace', async () => {
    const a = await createWorkspace(t.db, { slug: `a-${randomUUID().slice(0, 8)}`, name: 'A' })
    const b = await createWorkspace(t.db, { slug: `b-${randomUUID().slice(0, 8)}`, name: 'B' })
    const accountId = randomUUID()
    await t.db
      .insertInto('accounts')
      .values({ workspace_id: a.id, id: accountId, name: 'Acme', normalized_name: 'acme' })
      .execute()
    const linkAcross = t.db
      .insertInto('contacts')
      .values({ workspace_id: b.id, id: randomUUID(), email: 'x@acme.test', account_id: accountId })
      .execute()
    await expect(linkAcross).rejects.toThrow(/foreign key/)
  })

  it('deletes an account or a user that others point at, clearing only the pointer', async () => {
    const w = await createWorkspace(t.db, { slug: `e-${randomUUID().slice(0, 8)}`, name: 'E' })
    const accountId = randomUUID()
    await t.db
      .insertInto('accounts')
      .values({ workspace_id: w.id, id: accountId, name: 'Acme', normalized_name: 'acme' })
      .execute()
    const contactId = randomUUID()
    await t.db
      .insertInto('contacts')
      .values({
        workspace_id: w.id,
        id: contactId,
        email: 'x@acme.test',
        account_id: accountId,
        account_candidate_id: accountId,
      })
      .execute()
    const userId = randomUUID()
    await t.db
      .insertInto('users')
      .values({ workspace_id: w.id, id: userId, email: 'u@e.test', name: 'U', role: 'ae' })
      .execute()
    const key = await issueApiKey(t.db, {
      workspaceId: w.id,
      kind: 'api',
      name: 'k',
      scopes: ['read'],
      userId,
    })
    await t.db.deleteFrom('accounts').where('workspace_id', '=', w.id).execute()
    await t.db.deleteFrom('users').where('workspace_id', '=', w.id).execute()
    expect(
      await t.db
        .selectFrom('contacts')
        .select(['workspace_id', 'account_id', 'account_candidate_id'])
        .where('id', '=', contactId)
        .executeTakeFirst(),
    ).toEqual({ workspace_id: w.id, account_id: null, account_candidate_id: null })
    expect(
      await t.db
        .selectFrom('api_keys')
        .select(['workspace_id', 'user_id'])
        .where('id', '=', key.id)
        .executeTakeFirst(),
    ).toEqual({ workspace_id: w.id, user_id: null })
  })

  it('keeps message ids unique per workspace, not across workspaces', async () => {
    const a = await createWorkspace(t.db, { slug: `c-${randomUUID().slice(0, 8)}`, name: 'C' })
    const b = await createWorkspace(t.db, { slug: `d-${randomUUID().slice(0, 8)}`, name: 'D' })
    const event = (workspaceId: string) => ({
      workspace_id: workspaceId,
      id: randomUUID(),
      message_id: 'msg-1',
      type: 'track' as const,
      event: 'Signed Up',
      payload: { event: 'Signed Up' },
      timestamp: new Date(),
    })
    await t.db.insertInto('events').values(event(a.id)).execute()
    await t.db.insertInto('events').values(event(b.id)).execute()
    await expect(t.db.insertInto('events').values(event(a.id)).execute()).rejects.toThrow(
      /duplicate key/,
    )
  })
})
