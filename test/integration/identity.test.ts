import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeCompanyName } from '../../src/domain/company-name.ts'
import { issueApiKey } from '../../src/services/api-keys.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import { sendAndProcess } from '../support/send-events.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// From tracked events to people, accounts and activities, through the real HTTP API: identity
// resolution, group calls, lead-to-account matching with review, and data-quality checks.

let t: TestStore
let server: RunningApp
let workspaceId: string
let writeKey: string
let apiKey: string
let readOnlyKey: string
const accounts: Record<string, string> = {}

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, new Date('2026-11-23T12:00:00Z'))
  workspaceId = (await createWorkspace(t.db, { slug: 'identity', name: 'Identity' })).id
  writeKey = (await issueApiKey(t.db, { workspaceId, kind: 'write', name: 'site', scopes: [] })).key
  apiKey = (
    await issueApiKey(t.db, { workspaceId, kind: 'api', name: 'ops', scopes: ['read', 'write'] })
  ).key
  readOnlyKey = (await issueApiKey(t.db, { workspaceId, kind: 'api', name: 'r', scopes: ['read'] }))
    .key
  // Fortune 500 companies (../shared/data/fortune500) as the workspace's accounts.
  const known: [string, string | null][] = [
    ['Walmart', 'walmart.com'],
    ['Exxon Mobil', 'exxonmobil.com'],
    ['Berkshire Hathaway', null],
    ['General Motors', null],
    ['General Mills', null],
  ]
  for (const [name, domain] of known) {
    const id = randomUUID()
    accounts[name] = id
    await t.db
      .insertInto('accounts')
      .values({
        workspace_id: workspaceId,
        id,
        name,
        normalized_name: normalizeCompanyName(name),
        domain,
      })
      .execute()
    if (domain !== null)
      await t.db
        .insertInto('account_domains')
        .values({ workspace_id: workspaceId, domain, account_id: id })
        .execute()
  }
})
afterAll(async () => {
  await server?.close()
  await t?.close()
})

const send = (batch: Record<string, unknown>[]) => sendAndProcess(server, writeKey, batch)

/** What these tests read of the API's answers (the routes' schemas check the rest). */
interface Answer {
  readonly id: string
  readonly email: string
  readonly next?: string
  readonly items: readonly Answer[]
  readonly contact: Answer
  readonly candidate: { readonly name: string }
  readonly checks: readonly { readonly issue: string; readonly leads: number }[]
  readonly error: { readonly message: string }
  readonly dataQuality: unknown
}

async function api(path: string, init: RequestInit = {}, key = apiKey) {
  const response = await fetch(`${server.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  })
  return { status: response.status, body: (await response.json()) as Answer }
}

const contactBy = (column: 'email' | 'user_id', value: string) =>
  t.db
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where(column, '=', value)
    .execute()

describe('identity resolution', () => {
  it('joins a visitor’s anonymous history to the person once identified, with campaigns', async () => {
    const anonymousId = randomUUID()
    await send([
      {
        type: 'page',
        anonymousId,
        timestamp: '2026-11-20T09:00:00Z',
        context: {
          page: {
            path: '/blog/abm',
            search: '?utm_campaign=Fall%20ABM&utm_source=linkedin&utm_medium=paid_social',
          },
        },
      },
      {
        type: 'page',
        anonymousId,
        timestamp: '2026-11-20T09:05:00Z',
        context: { page: { path: '/pricing' } },
      },
    ])
    const before = await t.db
      .selectFrom('events')
      .select(['contact_id', 'processed_at'])
      .where('workspace_id', '=', workspaceId)
      .where('anonymous_id', '=', anonymousId)
      .execute()
    expect(before).toHaveLength(2)
    expect(before.every((e) => e.processed_at !== null && e.contact_id === null)).toBe(true)

    await send([
      {
        type: 'identify',
        anonymousId,
        userId: 'wm-1',
        timestamp: '2026-11-20T09:10:00Z',
        traits: {
          email: 'Dana.Lee@Walmart.com',
          firstName: 'Dana',
          lastName: 'Lee',
          title: 'VP Marketing',
          company: 'Walmart Inc.',
        },
      },
      { type: 'track', userId: 'wm-1', event: 'Demo Requested', timestamp: '2026-11-20T09:12:00Z' },
    ])
    const [dana] = await contactBy('user_id', 'wm-1')
    expect(dana).toMatchObject({
      email: 'dana.lee@walmart.com',
      first_name: 'Dana',
      seniority: 'vp',
      department: 'marketing',
      account_id: accounts.Walmart,
      account_match_method: 'domain',
      account_match_status: 'linked',
      source: 'paid',
      lifecycle_stage: 'inquiry',
      data_quality_issues: [],
    })
    // A lead exists from the moment the person is known; the ad before that is its source.
    expect(dana?.created_at.toISOString()).toBe('2026-11-20T09:10:00.000Z')
    const [campaign] = await t.db
      .selectFrom('campaigns')
      .select(['id', 'name', 'channel'])
      .where('id', '=', dana?.source_campaign_id ?? '')
      .execute()
    expect(campaign).toMatchObject({ name: 'Fall ABM', channel: 'paid_social' })

    const activities = await t.db
      .selectFrom('activities as a')
      .leftJoin('campaigns as c', 'c.id', 'a.campaign_id')
      .select([
        'a.type',
        'a.channel',
        'a.function',
        'a.account_id',
        'c.key',
        'c.channel as campaign_channel',
      ])
      .where('a.workspace_id', '=', workspaceId)
      .where('a.contact_id', '=', dana?.id ?? '')
      .orderBy('a.occurred_at')
      .execute()
    expect(activities).toEqual([
      {
        type: 'web_visit',
        channel: 'paid',
        function: 'marketing',
        account_id: accounts.Walmart,
        key: 'fall-abm',
        campaign_channel: 'paid_social',
      },
      {
        type: 'pricing_page_visit',
        channel: 'web',
        function: 'marketing',
        account_id: accounts.Walmart,
        key: null,
        campaign_channel: null,
      },
      {
        type: 'demo_request',
        channel: 'web',
        function: 'marketing',
        account_id: accounts.Walmart,
        key: null,
        campaign_channel: null,
      },
    ])

    const body = await api(`/v1/contacts/${dana?.id}`)
    expect(body.status).toBe(200)
    expect(body.body).toMatchObject({
      email: 'dana.lee@walmart.com',
      accountMatch: { status: 'linked', method: 'domain', confidence: 0.95 },
      dataQuality: { passes: true, issues: [] },
    })
  })

  it('merges two contacts that turn out to be one person, and finds the old id as the survivor', async () => {
    await send([
      { type: 'identify', userId: 'gm-7', traits: { email: 'sam@example.org', firstName: 'Sam' } },
      {
        type: 'identify',
        anonymousId: 'device-gm',
        traits: { email: 'sam.ortiz@gm.com', lastName: 'Ortiz' },
      },
      { type: 'track', anonymousId: 'device-gm', event: 'Webinar Attended' },
    ])
    const [byUserId] = await contactBy('user_id', 'gm-7')
    const [byEmail] = await contactBy('email', 'sam.ortiz@gm.com')
    expect(byUserId?.id).not.toBe(byEmail?.id)

    // The person signs in with the second address: one contact now, with both histories.
    await send([
      {
        type: 'identify',
        userId: 'gm-7',
        traits: { email: 'sam.ortiz@gm.com', company: 'General Motors' },
      },
    ])
    const survivors = await contactBy('user_id', 'gm-7')
    expect(survivors).toHaveLength(1)
    expect(survivors[0]?.id).toBe(byUserId?.id)
    expect(survivors[0]).toMatchObject({
      email: 'sam.ortiz@gm.com',
      first_name: 'Sam',
      last_name: 'Ortiz',
      account_id: accounts['General Motors'],
      account_match_method: 'name',
    })
    const webinar = await t.db
      .selectFrom('activities')
      .select('contact_id')
      .where('workspace_id', '=', workspaceId)
      .where('type', '=', 'webinar_attended')
      .execute()
    expect(webinar).toEqual([{ contact_id: byUserId?.id }])
    const old = await api(`/v1/contacts/${byEmail?.id}`)
    expect(old.body.id).toBe(byUserId?.id)
  })

  it('never doubles anything when a client retries a batch', async () => {
    const messageId = randomUUID()
    const event = { messageId, type: 'track', userId: 'wm-1', event: 'Content Downloaded' }
    await send([event])
    await send([event])
    const [dana] = await contactBy('user_id', 'wm-1')
    const downloads = await t.db
      .selectFrom('activities')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('contact_id', '=', dana?.id ?? '')
      .where('type', '=', 'content_download')
      .execute()
    expect(downloads).toHaveLength(1)
  })
})

describe('accounts', () => {
  it('links a person to the account a group call names, creating it from its traits', async () => {
    await send([
      { type: 'identify', userId: 'acme-1', traits: { email: 'kim@gmail.com', firstName: 'Kim' } },
      {
        type: 'group',
        userId: 'acme-1',
        groupId: 'org-42',
        traits: {
          name: 'Acme Data',
          website: 'https://www.acmedata.io',
          industry: 'Software',
          employees: 120,
        },
      },
    ])
    const [kim] = await contactBy('user_id', 'acme-1')
    const account = await t.db
      .selectFrom('accounts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', kim?.account_id ?? '')
      .executeTakeFirstOrThrow()
    expect(account).toMatchObject({
      name: 'Acme Data',
      domain: 'acmedata.io',
      industry: 'Software',
      employees: 120,
    })
    expect(kim).toMatchObject({ account_match_method: 'group', account_match_status: 'linked' })

    // A second member of the same group finds the same account; its email domain now matches too.
    await send([
      {
        type: 'identify',
        userId: 'acme-2',
        traits: { email: 'lee@acmedata.io', firstName: 'Lee' },
      },
    ])
    const [lee] = await contactBy('user_id', 'acme-2')
    expect(lee).toMatchObject({ account_id: account.id, account_match_method: 'domain' })
  })

  it('never matches on free-mail domains, and puts a weak name match up for review', async () => {
    await send([
      {
        type: 'identify',
        userId: 'free-1',
        traits: { email: 'pat@gmail.com', firstName: 'Pat', company: 'Freelance' },
      },
      {
        type: 'identify',
        userId: 'fuzzy-1',
        traits: { email: 'jo@gnrl.example', firstName: 'Jo', company: 'General Motor Works' },
      },
      {
        type: 'identify',
        userId: 'fuzzy-2',
        traits: { email: 'al@bh.example', firstName: 'Al', company: 'Berkshire Hathaway Inc' },
      },
    ])
    const [pat] = await contactBy('user_id', 'free-1')
    expect(pat).toMatchObject({ account_id: null, account_match_status: 'unmatched' })
    const [al] = await contactBy('user_id', 'fuzzy-2')
    expect(al).toMatchObject({
      account_id: accounts['Berkshire Hathaway'],
      account_match_method: 'name',
    })
    const [jo] = await contactBy('user_id', 'fuzzy-1')
    expect(jo).toMatchObject({
      account_id: null,
      account_match_status: 'review',
      account_candidate_id: accounts['General Motors'],
    })

    const review = await api('/v1/account-matches/review')
    expect(review.status).toBe(200)
    expect(review.body.items.map((i) => [i.contact.id, i.candidate.name])).toEqual([
      [jo?.id, 'General Motors'],
    ])

    const refused = await api(
      `/v1/contacts/${jo?.id}/account-match`,
      { method: 'POST', body: JSON.stringify({ decision: 'accept' }) },
      readOnlyKey,
    )
    expect(refused.status).toBe(403)
    const accepted = await api(`/v1/contacts/${jo?.id}/account-match`, {
      method: 'POST',
      body: JSON.stringify({ decision: 'accept' }),
    })
    expect(accepted.status).toBe(200)
    expect(accepted.body).toMatchObject({
      accountId: accounts['General Motors'],
      accountMatch: { status: 'linked', method: 'manual', confidence: 1 },
    })
    expect((await api('/v1/account-matches/review')).body.items).toEqual([])

    // A person's decision stands when the contact changes later.
    await send([{ type: 'identify', userId: 'fuzzy-1', traits: { company: 'General Mills' } }])
    const [after] = await contactBy('user_id', 'fuzzy-1')
    expect(after?.account_id).toBe(accounts['General Motors'])

    const wrong = await api(`/v1/contacts/${pat?.id}/account-match`, {
      method: 'POST',
      body: JSON.stringify({ decision: 'accept' }),
    })
    expect(wrong.status).toBe(409)
    expect(wrong.body.error.message).toContain('no proposed account')
  })
})

describe('data quality', () => {
  it('keeps leads that fail checks, marks them with reasons and lists them by reason', async () => {
    await send([
      {
        type: 'identify',
        userId: 'dq-1',
        traits: { email: 'info@exxonmobil.com', company: 'Exxon Mobil' },
      },
      {
        type: 'identify',
        userId: 'dq-2',
        traits: { email: 'temp@mailinator.com', firstName: 'T', company: 'X' },
      },
      { type: 'identify', userId: 'dq-3', traits: { email: 'not-an-email', firstName: 'N' } },
      {
        type: 'identify',
        userId: 'dq-4',
        traits: { email: 'Dana.Lee+events@walmart.com', firstName: 'Dana' },
      },
    ])
    const counts = await api('/v1/data-quality')
    const byIssue = Object.fromEntries(counts.body.checks.map((c) => [c.issue, c.leads]))
    expect(byIssue).toMatchObject({
      email_role: 1,
      email_disposable: 1,
      email_invalid: 1,
      name_missing: 1,
      duplicate: 2,
    })

    const duplicates = await api('/v1/data-quality/duplicate?limit=1')
    expect(duplicates.body.items).toHaveLength(1)
    expect(duplicates.body.next).toBeDefined()
    const rest = await api(`/v1/data-quality/duplicate?limit=1&after=${duplicates.body.next}`)
    const emails = [...duplicates.body.items, ...rest.body.items].map((c) => c.email).sort()
    expect(emails).toEqual(['dana.lee+events@walmart.com', 'dana.lee@walmart.com'])
    expect(rest.body.items[0]?.dataQuality).toMatchObject({
      passes: false,
      issues: [{ issue: 'duplicate' }],
    })

    const role = await api('/v1/data-quality/email_role')
    expect(role.body.items.map((c) => c.email)).toEqual(['info@exxonmobil.com'])

    const unknown = await api('/v1/data-quality/bad_hair')
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.message).toContain('Use one of: email_missing')
  })
})
