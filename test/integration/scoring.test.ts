import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeCompanyName } from '../../src/domain/company-name.ts'
import { startRescoreWorker } from '../../src/jobs/rescore-worker.ts'
import { issueApiKey } from '../../src/services/api-keys.ts'
import { activeContracts } from '../../src/services/contracts.ts'
import { runRescore, startRescore } from '../../src/services/scoring/rescore.ts'
import { scoreAccounts } from '../../src/services/scoring/score-accounts.ts'
import { scoreContacts } from '../../src/services/scoring/score-contacts.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import type { Role } from '../../src/store/database.ts'
import { sendAndProcess } from '../support/send-events.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The qualification contract end to end through the real HTTP API: drafted, approved by both
// sides, activated; events scored as they arrive; scores explained, decayed as time passes, and
// re-scored when a new version is activated.

const DAY = 86_400_000
const start = new Date('2026-11-02T12:00:00Z')
let t: TestStore
let server: RunningApp
let workspaceId: string
let writeKey: string
const keys: Record<string, string> = {}
const accountIds: Record<string, string> = {}

const qualificationYaml = readFileSync(
  new URL('../../examples/contracts/qualification.yaml', import.meta.url),
  'utf8',
)

// Three real companies from ../shared/data/firmographics (Fortune 500, 2017).
const fortune = (
  parse(
    readFileSync(
      new URL('../../../shared/data/firmographics/fortune500_2017.csv', import.meta.url),
    ),
    { columns: true },
  ) as Record<string, string>[]
).filter((r) => ['Adobe Systems', 'Microsoft', 'Walmart'].includes(r.title ?? ''))

const icp = {
  kind: 'icp',
  name: 'Software makers',
  rules: [
    {
      id: 'software',
      when: [{ field: 'account.industry', in: ['Computer Software'] }],
      points: 40,
    },
    { id: 'upper-mid', when: [{ field: 'account.employees', min: 5000, max: 50000 }], points: 30 },
  ],
  tiers: { '1': 60, '2': 30 },
  engagement: {
    halfLifeDays: 30,
    points: { webinar_attended: 6 },
    defaultPoints: 1,
    engagedThreshold: 10,
  },
  buyingStages: {
    decision: { id: 'demo', activities: ['demo_request'], withinDays: 30 },
    consideration: {
      id: 'research',
      activities: ['pricing_page_visit', 'webinar_attended'],
      withinDays: 60,
    },
    awarenessWithinDays: 90,
  },
}

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, start)
  workspaceId = (await createWorkspace(t.db, { slug: 'scoring', name: 'Scoring' })).id
  writeKey = (await issueApiKey(t.db, { workspaceId, kind: 'write', name: 'site', scopes: [] })).key
  const people: [string, Role][] = [
    ['marketing', 'marketing'],
    ['sales', 'ae'],
    ['cs', 'cs'],
  ]
  for (const [name, role] of people) {
    const userId = randomUUID()
    await t.db
      .insertInto('users')
      .values({ workspace_id: workspaceId, id: userId, email: `${name}@tandem.test`, name, role })
      .execute()
    keys[name] = (
      await issueApiKey(t.db, { workspaceId, kind: 'api', name, scopes: ['read', 'write'], userId })
    ).key
  }
  keys.system = (
    await issueApiKey(t.db, { workspaceId, kind: 'api', name: 'ops', scopes: ['read', 'write'] })
  ).key
  for (const row of fortune) {
    const id = randomUUID()
    const domain = new URL(row.website ?? '').hostname.replace(/^www\./, '')
    accountIds[row.title ?? ''] = id
    await t.db
      .insertInto('accounts')
      .values({
        workspace_id: workspaceId,
        id,
        name: row.title ?? '',
        normalized_name: normalizeCompanyName(row.title ?? ''),
        domain,
        industry: row.industry ?? null,
        employees: Number(row.employees),
        country: 'United States',
      })
      .execute()
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

// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field below
type Answer = any

async function api(path: string, init: RequestInit & { key?: string } = {}) {
  const response = await fetch(`${server.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${init.key ?? keys.marketing}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
  })
  return { status: response.status, body: (await response.json()) as Answer }
}

const send = (batch: Record<string, unknown>[]) => sendAndProcess(server, writeKey, batch)

async function approveAndActivate(id: string) {
  expect(
    (await api(`/v1/contracts/${id}/approvals`, { method: 'POST', key: keys.marketing })).status,
  ).toBe(200)
  expect(
    (await api(`/v1/contracts/${id}/approvals`, { method: 'POST', key: keys.sales })).status,
  ).toBe(200)
  const activated = await api(`/v1/contracts/${id}/activate`, { method: 'POST' })
  expect(activated.status).toBe(200)
  await server.app.rescoreWorker.drain()
  return activated.body
}

const daysAfterStart = (days: number) => new Date(start.getTime() + days * DAY).toISOString()

describe('the contract workflow', () => {
  let draftId: string

  it('drafts a version from YAML, with problems listed by path when it is not valid', async () => {
    const bad = await api('/v1/contracts', {
      method: 'POST',
      body: qualificationYaml.replace('points: 25', 'points: lots'),
      headers: { 'content-type': 'application/yaml' },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details.problems).toEqual(['/fit/rules/0/points: must be integer'])

    const draft = await api('/v1/contracts', {
      method: 'POST',
      body: qualificationYaml,
      headers: { 'content-type': 'application/yaml' },
    })
    expect(draft.status).toBe(201)
    expect(draft.body).toMatchObject({ kind: 'qualification', version: 1, status: 'draft' })
    draftId = draft.body.id
  })

  it('needs a marketing user and a sales user to approve before it can be activated', async () => {
    const early = await api(`/v1/contracts/${draftId}/activate`, { method: 'POST' })
    expect(early.status).toBe(409)
    expect(early.body.error.message).toBe('Version 1 still needs approval by marketing and sales.')
    const byCs = await api(`/v1/contracts/${draftId}/approvals`, { method: 'POST', key: keys.cs })
    expect(byCs.status).toBe(403)
    const byKey = await api(`/v1/contracts/${draftId}/approvals`, {
      method: 'POST',
      key: keys.system,
    })
    expect(byKey.status).toBe(403)
    expect(byKey.body.error.message).toMatch(/api-key create --user/)

    const marketing = await api(`/v1/contracts/${draftId}/approvals`, {
      method: 'POST',
      key: keys.marketing,
      body: JSON.stringify({ comment: 'Matches our MQL target' }),
    })
    expect(marketing.body.status).toBe('draft')
    const halfway = await api(`/v1/contracts/${draftId}/activate`, { method: 'POST' })
    expect(halfway.body.error.message).toBe('Version 1 still needs approval by sales.')
    const sales = await api(`/v1/contracts/${draftId}/approvals`, {
      method: 'POST',
      key: keys.sales,
    })
    expect(sales.body.status).toBe('approved')
    expect(sales.body.approvals.map((a: Answer) => [a.side, a.userName])).toEqual([
      ['marketing', 'marketing'],
      ['sales', 'sales'],
    ])

    const activated = await api(`/v1/contracts/${draftId}/activate`, { method: 'POST' })
    expect(activated.status).toBe(200)
    expect(activated.body.contract.status).toBe('active')
    expect(activated.body.retiredVersion).toBe(null)
    await server.app.rescoreWorker.drain()

    const drafted = await api('/v1/contracts', { method: 'POST', body: JSON.stringify(icp) })
    expect(drafted.status).toBe(201)
    await approveAndActivate(drafted.body.id)
  })
})

describe('scores', () => {
  let contactId: string

  it('scores a contact and its account as events arrive, with every reason', async () => {
    const userId = randomUUID()
    await send([
      {
        type: 'identify',
        userId,
        traits: {
          email: 'dana.cho@adobe.com',
          firstName: 'Dana',
          lastName: 'Cho',
          title: 'VP Marketing',
        },
        timestamp: daysAfterStart(0),
      },
      { type: 'track', userId, event: 'Webinar Attended', timestamp: daysAfterStart(0) },
      ...[0, 0, 0].map(() => ({
        type: 'page',
        userId,
        properties: { path: '/pricing' },
        timestamp: daysAfterStart(0),
      })),
      ...[0, 0].map(() => ({
        type: 'track',
        userId,
        event: 'Content Downloaded',
        timestamp: daysAfterStart(0),
      })),
      { type: 'track', userId, event: 'Event Attended', timestamp: daysAfterStart(0) },
    ])
    const contact = await t.db
      .selectFrom('contacts')
      .select(['id', 'fit_grade', 'score_definition_version', 'account_id'])
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow()
    contactId = contact.id
    expect(contact.account_id).toBe(accountIds['Adobe Systems'])
    expect(contact.score_definition_version).toBe(1)

    const { status, body } = await api(`/v1/contacts/${contactId}/score`)
    expect(status).toBe(200)
    expect(body.score.fit.reasons.map((r: Answer) => r.rule)).toEqual([
      'senior-buyer',
      'buying-department',
      'served-market',
    ])
    expect(body.score.fit.grade).toBe('B')
    expect(
      body.score.engagement.reasons.map((r: Answer) => [r.rule, r.occurrences, r.value]),
    ).toEqual([
      ['webinar', 2, 30],
      ['pricing-page', 3, 30],
      ['content', 2, 16],
    ])
    expect(body.score).toMatchObject({ cell: 'B1', mql: true, version: 1, handoffBlockedBy: [] })
    expect(body.score.mqlReason).toBe('B1 is an MQL cell of version 1')

    const account = await api(`/v1/accounts/${accountIds['Adobe Systems']}/score`)
    expect(account.body.score.icp).toEqual({
      points: 70,
      tier: 1,
      reasons: [
        { rule: 'software', points: 40 },
        { rule: 'upper-mid', points: 30 },
      ],
    })
    // webinar 6 (the ICP's points) + event, 3 pricing visits and 2 downloads at 1 each.
    expect(account.body.score.engagement.byFunction.marketing).toBe(12)
    expect(account.body.score.buyingStage).toBe('consideration')
    const walmart = await api(`/v1/accounts/${accountIds.Walmart}/score`)
    expect(walmart.body.score.icp).toEqual({ points: 0, tier: 3, reasons: [] })
  })

  it('decays engagement when read later, without scoring again', async () => {
    server.clock.set(new Date(start.getTime() + 14 * DAY))
    const { body } = await api(`/v1/contacts/${contactId}/score`)
    const value = (rule: string) =>
      body.score.engagement.reasons.find((r: Answer) => r.rule === rule)?.value
    expect(value('pricing-page')).toBe(15)
    expect(body.score.scoredAt).toBe(start.toISOString())
    expect(body.score.cell).toBe('B2')
    server.clock.set(start)
  })

  it('adds a later event to the stored score, as a full re-score would', async () => {
    const userId = await t.db
      .selectFrom('contacts')
      .select('user_id')
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow()
    server.clock.set(new Date(start.getTime() + 2 * DAY))
    await send([
      {
        type: 'page',
        userId: userId.user_id,
        properties: { path: '/careers/sales' },
        timestamp: daysAfterStart(2),
      },
    ])
    const folded = await api(`/v1/contacts/${contactId}/score`)
    const careers = folded.body.score.engagement.reasons.find(
      (r: Answer) => r.rule === 'careers-page',
    )
    expect(careers).toMatchObject({ occurrences: 1, value: -10 })
    expect(folded.body.score.scoredAt).toBe(daysAfterStart(2))

    const adobe = `/v1/accounts/${accountIds['Adobe Systems']}/score`
    const foldedAccount = await api(adobe)
    const contracts = await activeContracts(t.db, workspaceId)
    await scoreAccounts(
      t.db,
      workspaceId,
      [accountIds['Adobe Systems'] ?? ''],
      contracts.icp as never,
      server.clock.now(),
    )
    const fullAccount = await api(adobe)
    expect(fullAccount.body.score.engagement).toEqual(foldedAccount.body.score.engagement)
    expect(fullAccount.body.score.momentum).toEqual(foldedAccount.body.score.momentum)
    expect(foldedAccount.body.score.engagement.byFunction.marketing).toBeGreaterThan(0)

    await scoreContacts(
      t.db,
      workspaceId,
      [contactId],
      contracts.qualification as never,
      server.clock.now(),
    )
    const full = await api(`/v1/contacts/${contactId}/score`)
    expect(full.body.score.engagement).toEqual(folded.body.score.engagement)
    server.clock.set(start)
  })

  it('re-scores the workspace under a new version, and retires the old one', async () => {
    const stricter = qualificationYaml
      .replace('cells: [A1, A2, B1, B2, C1]', 'cells: [A1]')
      .replace('readyGrades: [A, B]', 'readyGrades: [A]')
    const draft = await api('/v1/contracts', {
      method: 'POST',
      body: stricter,
      headers: { 'content-type': 'application/yaml' },
    })
    expect(draft.body.version).toBe(2)
    const activated = await approveAndActivate(draft.body.id)
    expect(activated.retiredVersion).toBe(1)
    const { body } = await api(`/v1/contacts/${contactId}/score`)
    expect(body.score).toMatchObject({ version: 2, mql: false, cell: 'B1' })
    const progress = await api(`/v1/rescores/${activated.rescore.runId}`)
    expect(progress.body).toMatchObject({ phase: 'done', status: 'done' })
    expect(progress.body.done).toBe(progress.body.total)

    const versions = await api('/v1/contracts?kind=qualification')
    expect(versions.body.items.map((c: Answer) => [c.version, c.status])).toEqual([
      [2, 'active'],
      [1, 'retired'],
    ])
    // Page by page, every version once, in the same order (by kind, newest version first).
    const all = (await api('/v1/contracts')).body.items.map((c: Answer) => c.id)
    const paged: string[] = []
    let after: string | null = null
    do {
      const page: Answer = await api(`/v1/contracts?limit=2${after ? `&after=${after}` : ''}`)
      expect(page.body.items.length).toBeLessThanOrEqual(2)
      paged.push(...page.body.items.map((c: Answer) => c.id))
      after = page.body.next
    } while (after !== null)
    expect(paged).toEqual(all)
    expect(all.length).toBeGreaterThan(2)
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('workspace_id', '=', workspaceId)
      .where('entity_type', '=', 'contract')
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual([
      'contract.drafted',
      'contract.approved',
      'contract.approved',
      'contract.activated',
      ...['contract.drafted', 'contract.approved', 'contract.approved', 'contract.activated'],
      'contract.drafted',
      'contract.approved',
      'contract.approved',
      'contract.activated',
      'contract.retired',
    ])
  })

  it('resumes a re-score that stopped part-way, scoring every contact once', async () => {
    for (let i = 0; i < 5; i += 1)
      await send([{ type: 'identify', userId: randomUUID(), traits: { email: `p${i}@adobe.com` } }])
    const run = await startRescore(t.db, workspaceId, 'test', start)
    // The run stops after its first batch of two, as a server stopping would.
    const stopped = await runRescore(t.db, workspaceId, run.runId, {
      batchSize: 2,
      now: () => start,
      shouldStop: () => true,
    })
    expect(stopped).toMatchObject({ phase: 'contacts', done: 2 })
    // A worker starting later (as after a crash) finds the run and finishes it.
    const later = new Date(start.getTime() + DAY)
    const worker = startRescoreWorker({
      db: t.db,
      clock: { now: () => later },
      logger: pino({ level: 'silent' }),
      batchSize: 2,
    })
    await worker.drain()
    await worker.stop()
    const rows = await t.db
      .selectFrom('contacts')
      .select(['scored_at'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('id')
      .execute()
    expect(rows.length).toBe(6)
    const first = rows.slice(0, 2).map((r) => r.scored_at?.toISOString())
    expect(first).toEqual([start.toISOString(), start.toISOString()])
    expect(rows.slice(2).every((r) => r.scored_at?.toISOString() === later.toISOString())).toBe(
      true,
    )
  })

  it('scores again in full a contact an event scored while the re-score ran', async () => {
    const userIds = [randomUUID(), randomUUID()]
    for (const [i, userId] of userIds.entries())
      await send([{ type: 'identify', userId, traits: { email: `busy${i}@adobe.com` } }])
    // The last contact by id the tracking API can name: the run writes it after its first batch.
    const { id: last, user_id: lastUser } = await t.db
      .selectFrom('contacts')
      .select(['id', 'user_id'])
      .where('workspace_id', '=', workspaceId)
      .where('user_id', 'is not', null)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()
    const contentRule = async () =>
      (
        await t.db
          .selectFrom('contacts')
          .select('score_state')
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', last)
          .executeTakeFirstOrThrow()
      ).score_state as { rules: Record<string, { count: number }> }
    const before = (await contentRule()).rules.content?.count ?? 0

    // The run reads every contact's activities first, then writes a batch at a time; after the
    // first batch, the last contact downloads a whitepaper and the event processor scores it.
    const run = await startRescore(t.db, workspaceId, 'test', start)
    let sent = false
    const end = await runRescore(t.db, workspaceId, run.runId, {
      batchSize: 1,
      now: () => start,
      onProgress: async () => {
        if (sent) return
        sent = true
        await send([{ type: 'track', userId: lastUser, event: 'Whitepaper Downloaded' }])
      },
    })
    expect(end.phase).toBe('done')
    expect(sent).toBe(true)
    // The score the run had worked out before the event would not count it: written anyway,
    // the download would be lost from the score until the contact's next event.
    expect((await contentRule()).rules.content?.count).toBe(before + 1)
  })
})

describe('firmographics', () => {
  it('re-fits everyone at a company when a group call changes what it says about it', async () => {
    const dana = await t.db
      .selectFrom('contacts')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('email', '=', 'dana.cho@adobe.com')
      .executeTakeFirstOrThrow()
    const rules = async () =>
      (await api(`/v1/contacts/${dana.id}/score`)).body.score.fit.reasons.map((r: Answer) => r.rule)
    expect(await rules()).not.toContain('core-industry')

    const colleague = randomUUID()
    const group = {
      type: 'group',
      userId: colleague,
      groupId: 'adobe-systems',
      traits: {
        name: 'Adobe Systems',
        website: 'https://www.adobe.com',
        industry: 'Software',
        employees: 9000,
      },
    }
    await send([
      {
        type: 'identify',
        userId: colleague,
        traits: { email: 'lee.park@adobe.com', title: 'Analyst' },
      },
      group,
    ])
    expect(await rules()).toEqual(expect.arrayContaining(['core-industry', 'mid-market']))

    // The same call again says nothing new: the people at the company are left as they are.
    const scoredAt = async () =>
      (
        await t.db
          .selectFrom('contacts')
          .select('scored_at')
          .where('id', '=', dana.id)
          .executeTakeFirstOrThrow()
      ).scored_at?.toISOString()
    const before = await scoredAt()
    server.clock.set(new Date(start.getTime() + 3 * DAY))
    await send([group])
    expect(await scoredAt()).toBe(before)
    server.clock.set(start)
  })
})
