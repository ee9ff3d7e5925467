import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { parse } from 'csv-parse/sync'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { csvLine } from '../../src/domain/imports/csv-line.ts'
import { issueApiKey } from '../../src/services/api-keys.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// CSV imports through the HTTP upload endpoint, on the real files in ../shared/data with the
// mapping files shipped in examples/mappings. Expected figures are computed from the files here.

const DATA = new URL('../../../shared/data/', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, DATA), 'utf8')
const rowsOf = (path: string) => parse(read(path), { columns: true }) as Record<string, string>[]
const mapping = (name: string) =>
  readFileSync(new URL(`../../examples/mappings/${name}.json`, import.meta.url), 'utf8')

let t: TestStore
let server: RunningApp
let key: string

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, new Date('2026-11-23T12:00:00Z'))
})
afterAll(async () => {
  await server?.close()
  await t?.close()
})

interface Summary {
  rows: number
  inserted: number
  updated: number
  unchanged: number
  rejected: number
  format: string
  created: { accounts: number; users: number; teams: number }
  rejectedRows: { line: number; reason: string; cells: string[] }[]
  error: { message: string }
}

async function upload(entity: string, body: string | Buffer, mappingName?: string, headers = {}) {
  const query =
    mappingName === undefined ? '' : `?mapping=${encodeURIComponent(mapping(mappingName))}`
  const response = await fetch(`${server.url}/v1/imports/${entity}${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv', ...headers },
    body,
  })
  return { status: response.status, body: (await response.json()) as Summary }
}

async function newWorkspace(slug: string): Promise<string> {
  const id = (await createWorkspace(t.db, { slug, name: slug })).id
  key = (
    await issueApiKey(t.db, { workspaceId: id, kind: 'api', name: 'i', scopes: ['read', 'write'] })
  ).key
  return id
}

const count = async (
  ws: string,
  table: 'accounts' | 'opportunities' | 'contacts' | 'users' | 'activities',
) =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', ws)
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('Fortune 500 accounts', () => {
  it('imports every company with its domain, and importing again changes nothing', async () => {
    const ws = await newWorkspace('fortune')
    const file = rowsOf('firmographics/fortune500_2017.csv')
    const first = await upload(
      'accounts',
      read('firmographics/fortune500_2017.csv'),
      'fortune500.accounts',
    )
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ rows: file.length, inserted: file.length, rejected: 0 })
    expect(await count(ws, 'accounts')).toBe(file.length)

    const walmart = await t.db
      .selectFrom('accounts')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('name', '=', 'Walmart')
      .executeTakeFirstOrThrow()
    const row = file.find((r) => r.title === 'Walmart')
    expect(walmart).toMatchObject({
      domain: 'walmart.com',
      employees: Number(row?.employees),
      annual_revenue: Number(row?.revenues) * 1_000_000,
      city: row?.hqcity,
    })
    // Abbott and AbbVie share a website; they stay two accounts.
    const abbott = file.filter((r) => r.website?.includes('abbott.com')).map((r) => r.title ?? '')
    const shared = await t.db
      .selectFrom('accounts')
      .select('name')
      .where('workspace_id', '=', ws)
      .where('name', 'in', abbott)
      .execute()
    expect(shared).toHaveLength(abbott.length)

    const again = await upload(
      'accounts',
      gzipSync(read('firmographics/fortune500_2017.csv')),
      'fortune500.accounts',
      { 'content-encoding': 'gzip' },
    )
    expect(again.body).toMatchObject({
      rows: file.length,
      inserted: 0,
      updated: 0,
      unchanged: file.length,
    })
  })
})

describe('Maven CRM', () => {
  it('imports accounts, teams and the pipeline, rejecting deals without an account by line', async () => {
    const ws = await newWorkspace('maven')
    const accounts = rowsOf('maven_crm/accounts.csv')
    const teams = rowsOf('maven_crm/sales_teams.csv')
    const pipeline = rowsOf('maven_crm/sales_pipeline.csv')

    expect(
      (await upload('accounts', read('maven_crm/accounts.csv'), 'maven-accounts.accounts')).body,
    ).toMatchObject({ inserted: accounts.length, rejected: 0 })
    const subsidiaries = await t.db
      .selectFrom('accounts')
      .select('name')
      .where('workspace_id', '=', ws)
      .where('parent_account_id', 'is not', null)
      .execute()
    expect(subsidiaries).toHaveLength(accounts.filter((a) => a.subsidiary_of !== '').length)
    const technology = await t.db
      .selectFrom('accounts')
      .select('industry')
      .where('workspace_id', '=', ws)
      .where('industry', '=', 'technolgy')
      .execute()
    expect(technology).toEqual([])

    const users = await upload(
      'users',
      read('maven_crm/sales_teams.csv'),
      'maven-sales-teams.users',
    )
    const managers = new Set(teams.map((r) => r.manager))
    expect(users.body).toMatchObject({
      inserted: teams.length,
      created: { users: managers.size, teams: new Set(teams.map((r) => r.regional_office)).size },
    })

    const deals = await upload(
      'opportunities',
      read('maven_crm/sales_pipeline.csv'),
      'maven-pipeline.opportunities',
    )
    const withoutAccount = pipeline.filter((r) => r.account === '')
    expect(deals.body).toMatchObject({
      rows: pipeline.length,
      inserted: pipeline.length - withoutAccount.length,
      rejected: withoutAccount.length,
      created: { accounts: 0, users: 0 },
    })
    expect(deals.body.rejectedRows[0]?.reason).toBe(
      'the row names no account (map accountExternalId or accountName)',
    )
    const firstRejected = pipeline.findIndex((r) => r.account === '')
    // The header is line 1, so the n-th data row (from 0) is line n + 2.
    expect(deals.body.rejectedRows[0]?.line).toBe(firstRejected + 2)
    expect(deals.body.rejectedRows[0]?.cells[0]).toBe(pipeline[firstRejected]?.opportunity_id)

    const won = pipeline.filter((r) => r.deal_stage === 'Won')
    const stored = await sql<{ n: number; amount: number }>`
      select count(*)::int as n, coalesce(sum(amount), 0)::float8 as amount
      from opportunities where workspace_id = ${ws} and is_won`.execute(t.db)
    expect(stored.rows[0]).toEqual({
      n: won.length,
      amount: won.reduce((sum, r) => sum + Number(r.close_value), 0),
    })
    const owned = await sql<{ n: number }>`
      select count(*)::int as n from opportunities o join users u on u.workspace_id = o.workspace_id
        and u.id = o.owner_id where o.workspace_id = ${ws}`.execute(t.db)
    expect(owned.rows[0]?.n).toBe(pipeline.length - withoutAccount.length)

    // The import leaves the planner knowing the table is no longer empty (never analysed, its
    // reltuples is -1, and the reports over it would plan for an empty table).
    const planned = await sql<{ reltuples: number }>`
      select reltuples from pg_class where relname = 'opportunities' and relkind = 'r'`.execute(
      t.db,
    )
    expect(Number(planned.rows[0]?.reltuples)).toBeGreaterThanOrEqual(
      pipeline.length - withoutAccount.length,
    )
  })
})

describe('Olist marketing funnel', () => {
  it('imports MQLs, first contacts and won deals, linked by the MQL id, idempotently', async () => {
    const ws = await newWorkspace('olist')
    const mqls = rowsOf('olist_marketing_funnel/olist_marketing_qualified_leads_dataset.csv')
    const deals = rowsOf('olist_marketing_funnel/olist_closed_deals_dataset.csv')
    const mqlFile = read('olist_marketing_funnel/olist_marketing_qualified_leads_dataset.csv')

    expect((await upload('contacts', mqlFile, 'olist-mqls.contacts')).body).toMatchObject({
      inserted: mqls.length,
      rejected: 0,
    })
    expect(
      (await upload('activities', mqlFile, 'olist-first-contacts.activities')).body,
    ).toMatchObject({
      inserted: mqls.length,
    })
    const dealsFile = read('olist_marketing_funnel/olist_closed_deals_dataset.csv')
    const won = await upload('opportunities', dealsFile, 'olist-closed-deals.opportunities')
    expect(won.body).toMatchObject({
      inserted: deals.length,
      created: {
        accounts: new Set(deals.map((d) => d.seller_id)).size,
        users: new Set([...deals.map((d) => d.sdr_id), ...deals.map((d) => d.sr_id)]).size,
      },
    })

    const byOrigin = await sql<{ source: string; n: number }>`
      select source, count(*)::int as n from contacts where workspace_id = ${ws}
        and lifecycle_stage = 'mql' group by source`.execute(t.db)
    const expected = new Map<string, number>()
    for (const m of mqls) if (m.origin) expected.set(m.origin, (expected.get(m.origin) ?? 0) + 1)
    expect(
      new Map(byOrigin.rows.filter((r) => r.source !== null).map((r) => [r.source, r.n])),
    ).toEqual(expected)

    // Each won deal names its MQL as primary contact, and the SDR owns that lead.
    const linked = await sql<{ n: number; owned: number }>`
      select count(*)::int as n, count(c.owner_id)::int as owned
      from opportunity_contacts oc join contacts c on c.workspace_id = oc.workspace_id and c.id = oc.contact_id
      where oc.workspace_id = ${ws}`.execute(t.db)
    expect(linked.rows[0]).toEqual({ n: deals.length, owned: deals.length })
    const transitions = await sql<{ n: number }>`
      select count(*)::int as n from stage_transitions where workspace_id = ${ws}
        and to_stage = 'mql' and actor_type = 'import'`.execute(t.db)
    expect(transitions.rows[0]?.n).toBe(mqls.length)
    // No name, no email: every lead is held back by data-quality checks until enriched.
    const held = await sql<{ n: number }>`
      select count(*)::int as n from contacts where workspace_id = ${ws}
        and data_quality_issues @> array['email_missing', 'name_missing']::text[]`.execute(t.db)
    expect(held.rows[0]?.n).toBe(mqls.length)

    const again = await upload('opportunities', dealsFile, 'olist-closed-deals.opportunities')
    expect(again.body).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: deals.length,
      created: { accounts: 0, users: 0 },
    })
    expect(await count(ws, 'users')).toBe(
      new Set([...deals.map((d) => d.sdr_id), ...deals.map((d) => d.sr_id)]).size,
    )
  })
})

describe('HubSpot and Salesforce exports', () => {
  // Real companies and people's roles (Fortune 500 CEOs) written as each tool exports them.
  const companies = rowsOf('firmographics/fortune500_2017.csv').slice(0, 25)

  it('recognises a HubSpot companies export and a HubSpot contacts export by their headers', async () => {
    const ws = await newWorkspace('hubspot')
    const companiesCsv =
      csvLine([
        'Record ID',
        'Company name',
        'Company Domain Name',
        'Industry',
        'Number of Employees',
        'City',
      ]) +
      companies
        .map((c, i) =>
          csvLine([
            String(1000 + i),
            c.title ?? '',
            new URL(c.website ?? '').hostname,
            c.industry ?? '',
            c.employees ?? '',
            c.hqcity ?? '',
          ]),
        )
        .join('')
    const imported = await upload('accounts', companiesCsv)
    expect(imported.body).toMatchObject({ format: 'hubspot-companies', inserted: companies.length })

    const contactsCsv =
      csvLine([
        'Record ID',
        'First Name',
        'Last Name',
        'Email',
        'Job Title',
        'Lifecycle Stage',
        'Create Date',
      ]) +
      companies
        .map((c, i) => {
          const [first = '', ...rest] = (c.ceo ?? '').split(' ')
          const mailbox = [first, rest.at(-1) ?? '']
            .map((part) => part.toLowerCase().replaceAll(/[^a-z]+/g, ''))
            .join('.')
          const domain = new URL(c.website ?? '').hostname.replace(/^www\./, '')
          return csvLine([
            String(5000 + i),
            first,
            rest.join(' '),
            `${mailbox}@${domain}`,
            c.ceo_title ?? '',
            'Marketing Qualified Lead',
            '2026-10-01 09:30',
          ])
        })
        .join('')
    const people = await upload('contacts', contactsCsv)
    expect(people.body).toMatchObject({
      format: 'hubspot-contacts',
      inserted: companies.length,
      rejected: 0,
    })
    const linked = await sql<{ n: number; c_level: number }>`
      select count(account_id)::int as n, count(*) filter (where seniority = 'c_level')::int as c_level
      from contacts where workspace_id = ${ws} and lifecycle_stage = 'mql'`.execute(t.db)
    expect(linked.rows[0]?.n).toBe(companies.length)
    expect(linked.rows[0]?.c_level).toBeGreaterThan(companies.length / 2)

    const wrongEntity = await upload('contacts', companiesCsv)
    expect(wrongEntity.status).toBe(400)
    expect(wrongEntity.body.error.message).toContain(
      'This is a HubSpot companies export: import it as accounts',
    )
  })

  it('recognises Salesforce Account and Opportunity exports and links them by Id', async () => {
    const ws = await newWorkspace('salesforce')
    const accountsCsv =
      csvLine(['Id', 'Name', 'Website', 'BillingCountry', 'AnnualRevenue']) +
      companies
        .map((c, i) =>
          csvLine([`001${i}`, c.title ?? '', c.website ?? '', 'United States', c.revenues ?? '']),
        )
        .join('')
    expect((await upload('accounts', accountsCsv)).body).toMatchObject({
      format: 'salesforce-account',
      inserted: companies.length,
    })
    const opportunitiesCsv =
      csvLine(['Id', 'Name', 'AccountId', 'StageName', 'Amount', 'CloseDate', 'CreatedDate']) +
      companies
        .map((c, i) =>
          csvLine([
            `006${i}`,
            `${c.title} renewal`,
            `001${i}`,
            i % 3 === 0 ? 'Closed Won' : i % 3 === 1 ? 'Closed Lost' : 'Negotiation',
            c.profits ?? '0',
            '2026-09-30',
            '2026-03-01T10:00:00.000Z',
          ]),
        )
        .join('')
    const result = await upload('opportunities', opportunitiesCsv)
    // Fortune's profits are the amounts; a loss is no amount a deal can have.
    const negative = companies.filter((c) => Number(c.profits) < 0)
    expect(result.body).toMatchObject({
      format: 'salesforce-opportunity',
      inserted: companies.length - negative.length,
      rejected: negative.length,
      created: { accounts: 0 },
    })
    expect(result.body.rejectedRows.map((r) => r.reason)).toEqual(
      negative.map((c) => `amount ${c.profits} is negative`),
    )
    const byStage = await sql<{ won: number; closed: number }>`
      select count(*) filter (where is_won)::int as won, count(*) filter (where is_closed)::int as closed
      from opportunities where workspace_id = ${ws}`.execute(t.db)
    expect(byStage.rows[0]).toEqual({
      won: companies.filter((c, i) => i % 3 === 0 && Number(c.profits) >= 0).length,
      closed: companies.filter((c, i) => i % 3 !== 2 && Number(c.profits) >= 0).length,
    })
  })
})

describe('bad input', () => {
  it('keeps the good rows and reports each bad one with its line and reason', async () => {
    const ws = await newWorkspace('bad-rows')
    const file =
      'Id,Name,Website,BillingCountry,NumberOfEmployees\n' +
      '1,Walmart,walmart.com,US,2300000\n' +
      '2,,exxonmobil.com,US,72700\n' +
      '3,"Apple, Inc.",apple.com,US,lots\n' +
      '4,Berkshire Hathaway,berkshirehathaway.com\n' +
      '\n' +
      '5,McKesson,"mckesson.com",US,68000\n'
    const result = await upload('accounts', file)
    expect(result.body).toMatchObject({ rows: 5, inserted: 2, rejected: 3 })
    expect(result.body.rejectedRows.map((r) => [r.line, r.reason])).toEqual([
      [3, 'the account name is empty (column "Name")'],
      [4, 'employees "lots" is not a number'],
      [5, 'the row has 3 fields; the header has 5'],
    ])
    expect(await count(ws, 'accounts')).toBe(2)
  })

  it('says what to do with a file it does not recognise, a bad mapping, or broken CSV', async () => {
    await newWorkspace('bad-files')
    const unknown = await upload('contacts', 'who,what\nx,y\n')
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.message).toContain('Give a mapping file with --mapping')

    const badMapping = await fetch(
      `${server.url}/v1/imports/contacts?mapping=${encodeURIComponent('{"entity":"leads","source":"x","fields":{}}')}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
        body: 'a\n1\n',
      },
    )
    expect(badMapping.status).toBe(400)
    expect(((await badMapping.json()) as Summary).error.message).toContain(
      '/entity: must be one of contacts',
    )

    const broken = await upload('accounts', 'Id,Name,BillingCountry\n1,"Walmart,US\n')
    expect(broken.status).toBe(400)
    expect(broken.body.error.message).toContain('not valid CSV')
  })
})
