import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey } from '../../src/services/api-keys.ts'
import { activeContracts } from '../../src/services/contracts.ts'
import { deliverNotifications } from '../../src/services/notifications/deliver-notifications.ts'
import type { NotificationMessage } from '../../src/services/notifications/notification-message.ts'
import { scoreContacts } from '../../src/services/scoring/score-contacts.ts'
import { type Answer, callApi } from '../support/call-api.ts'
import { sendQualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { sendAndProcess } from '../support/send-events.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// Personal data through the real HTTP API: consent per channel from tracked events and from
// people, checked where messages go out; export of everything held about a person; erasure that
// keeps the numbers and cannot be undone by a late event, a retried batch or a re-import.

const monday10 = new Date('2026-03-02T10:00:00Z')
let t: TestStore
let server: RunningApp
let org: SalesOrg
let adminKey: string

beforeAll(async () => {
  t = await openTestStore()
  org = await createSalesOrg(t.db, 'privacy', monday10)
  adminKey = (
    await issueApiKey(t.db, {
      workspaceId: org.workspaceId,
      kind: 'api',
      name: 'dpo',
      scopes: ['admin'],
    })
  ).key
  server = await startTestApp(t, monday10)
}, 60_000)

afterAll(async () => {
  await server?.close()
  await t?.close()
})

const api = (path: string, init: { method?: string; body?: unknown } = {}, key?: string) =>
  callApi(server.url, path, key ?? (org.keys.marketing as string), init)

async function contactIdByEmail(email: string): Promise<string> {
  const row = await t.db
    .selectFrom('contacts')
    .select('id')
    .where('workspace_id', '=', org.workspaceId)
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
  return row.id
}

const track = (userId: string, event: string, properties: Record<string, unknown> = {}) => ({
  type: 'track',
  userId,
  event,
  properties,
  timestamp: server.clock.now().toISOString(),
})

describe('consent and suppression', () => {
  let ravi: string
  let userId: string

  beforeAll(async () => {
    userId = await sendQualifyingJourney(server, org.writeKey, {
      email: 'ravi.shah@litware-systems.example',
      firstName: 'Ravi',
      lastName: 'Shah',
      title: 'Director of IT',
      country: 'Ireland',
    })
    ravi = await contactIdByEmail('ravi.shah@litware-systems.example')
  })

  it('records bounces and unsubscribes tracked for the person, the stronger one winning', async () => {
    expect((await api(`/v1/contacts/${ravi}/consents`)).body).toEqual({ items: [] })
    await sendAndProcess(server, org.writeKey, [track(userId, 'Email Bounced')])
    let consents = (await api(`/v1/contacts/${ravi}/consents`)).body.items
    expect(consents).toMatchObject([
      { channel: 'email', status: 'suppressed', reason: 'bounced', source: 'system' },
    ])
    await sendAndProcess(server, org.writeKey, [track(userId, 'Unsubscribed')])
    await sendAndProcess(server, org.writeKey, [track(userId, 'Email Bounced')])
    consents = (await api(`/v1/contacts/${ravi}/consents`)).body.items
    expect(consents).toMatchObject([
      { channel: 'email', status: 'suppressed', reason: 'unsubscribed', source: 'person' },
    ])
  })

  it('refuses to let a person at the keyboard overwrite an unsubscribe, and says why', async () => {
    const grant = await api(`/v1/contacts/${ravi}/consents/email`, {
      method: 'PUT',
      body: { status: 'granted' },
    })
    expect(grant.status).toBe(409)
    expect(grant.body.error.message).toBe(
      "Unsubscribed is the person's own choice: only their own opt-in lifts it.",
    )
    const manual = await api(`/v1/contacts/${ravi}/consents/email`, {
      method: 'PUT',
      body: { status: 'suppressed', reason: 'manual' },
    })
    expect(manual.status).toBe(409)
    expect(manual.body.error.message).toBe('Unsubscribed outranks Blocked by hand; it is kept.')

    const sms = await api(`/v1/contacts/${ravi}/consents/sms`, {
      method: 'PUT',
      body: { status: 'suppressed', reason: 'manual' },
    })
    expect(sms.status).toBe(200)
    expect(sms.body).toMatchObject({ channel: 'sms', reason: 'manual', source: 'user' })
    const audit = (await api('/v1/audit?action=consent.changed', {}, adminKey)).body.items
    expect(audit.map((e: Answer) => [e.entityId, e.details.channel, e.details.reason])).toEqual([
      [ravi, 'sms', 'manual'],
      [ravi, 'email', 'unsubscribed'],
      [ravi, 'email', 'bounced'],
    ])
    const bad = await api(`/v1/contacts/${ravi}/consents/email`, {
      method: 'PUT',
      body: { status: 'suppressed', reason: 'erased' },
    })
    expect(bad.status).toBe(400)
  })

  it('holds nurture on a suppressed channel and lets it go on the others', async () => {
    const email = await api(`/v1/contacts/${ravi}/marketing-hold?channel=email`)
    expect(email.body).toMatchObject({ held: true, suppressed: true })
    expect(email.body.reason).toBe('Unsubscribed (email, 2026-03-02): nothing may be sent.')
    const defaultChannel = await api(`/v1/contacts/${ravi}/marketing-hold`)
    expect(defaultChannel.body).toEqual(email.body)
    const phone = await api(`/v1/contacts/${ravi}/marketing-hold?channel=phone`)
    expect(phone.body).toMatchObject({ held: false, suppressed: false })
  })

  it('tells the rep in the handoff alert where the person must not be contacted', async () => {
    const sent: NotificationMessage[] = []
    await deliverNotifications(
      t.db,
      [{ name: 'webhook', send: async (m) => void sent.push(m), close: async () => {} }],
      { now: () => server.clock.now() },
    )
    const handoff = sent.find((m) => m.kind === 'handoff' && m.subject.includes('Ravi Shah'))
    expect(handoff?.text.split('\n').at(-1)).toBe(
      'Do not contact by email (unsubscribed 2026-03-02), by sms (blocked by hand 2026-03-02).',
    )
  })

  it("lifts the unsubscribe on the person's own opt-in", async () => {
    await sendAndProcess(server, org.writeKey, [track(userId, 'Subscribed')])
    const consents = (await api(`/v1/contacts/${ravi}/consents`)).body.items
    expect(consents).toMatchObject([
      { channel: 'email', status: 'granted', reason: 'opt_in', source: 'person' },
      { channel: 'sms', status: 'suppressed', reason: 'manual' },
    ])
    const hold = await api(`/v1/contacts/${ravi}/marketing-hold`)
    expect(hold.body).toMatchObject({ held: false, suppressed: false })
  })
})

describe('export and erasure of a person', () => {
  const email = 'priya.nair@fabrikam-retail.example'
  const hubspotFile = `Record ID,Email,First Name,Last Name\n90210,${email},Priya,Nair\n`
  const anonymousId = randomUUID()
  let priya: string
  let userId: string

  const importHubspot = async () => {
    const response = await fetch(`${server.url}/v1/imports/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${org.keys.marketing}`, 'content-type': 'text/csv' },
      body: hubspotFile,
    })
    return (await response.json()) as Answer
  }

  beforeAll(async () => {
    expect(await importHubspot()).toMatchObject({ inserted: 1, rejected: 0 })
    await sendAndProcess(server, org.writeKey, [
      { type: 'page', anonymousId, properties: { path: '/pricing' }, timestamp: monday10 },
    ])
    userId = await sendQualifyingJourney(server, org.writeKey, {
      email,
      firstName: 'Priya',
      lastName: 'Nair',
      title: 'VP Operations',
      country: 'United Kingdom',
    })
    await sendAndProcess(server, org.writeKey, [
      { type: 'alias', userId, previousId: anonymousId, timestamp: monday10 },
    ])
    priya = await contactIdByEmail(email)
  })

  it('exports everything held about the person to admins only, and audits it', async () => {
    expect((await api(`/v1/contacts/${priya}/export`)).status).toBe(403)
    const response = await fetch(`${server.url}/v1/contacts/${priya}/export`, {
      headers: { authorization: `Bearer ${adminKey}` },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="person-${priya}.json"`,
    )
    const document = (await response.json()) as Answer
    expect(document.contact).toMatchObject({ id: priya, email, first_name: 'Priya' })
    // The email is the imported contact's own; the ids came with the tracked journey.
    expect(document.identities.map((i: Answer) => [i.kind, i.value]).sort()).toEqual([
      ['anonymous_id', anonymousId],
      ['user_id', userId],
    ])
    expect(document.externalIds).toEqual([{ source: 'hubspot', external_id: '90210' }])
    const events = await t.db
      .selectFrom('events')
      .select('id')
      .where('workspace_id', '=', org.workspaceId)
      .where('contact_id', '=', priya)
      .execute()
    expect(document.events.map((e: Answer) => e.id).sort()).toEqual(events.map((e) => e.id).sort())
    expect(document.events.some((e: Answer) => e.payload.traits?.email === email)).toBe(true)
    expect(document.stageHistory.map((s: Answer) => s.to_stage)).toContain('mql')
    expect(document.assignments).toMatchObject([{ kind: 'mql', status: 'pending' }])
    expect(document.notifications[0].subject).toContain('Priya Nair')
    const audit = (await api(`/v1/audit?action=contact.exported`, {}, adminKey)).body.items
    expect(audit).toMatchObject([{ entityId: priya, actorType: 'api_key' }])
  })

  it('erases the person and keeps every total the reports show', async () => {
    const reports = [
      '/v1/reports/funnel?from=2026-03-01',
      '/v1/reports/attribution?from=2026-03-01',
    ]
    const before = await Promise.all(reports.map((r) => api(r)))
    for (const report of before) expect(report.status).toBe(200)
    const activities = await activityCount()
    const hers = await activityCount(priya)

    expect((await api(`/v1/contacts/${priya}/erase`, { method: 'POST', body: {} })).status).toBe(
      403,
    )
    const erased = await api(
      `/v1/contacts/${priya}/erase`,
      { method: 'POST', body: { reason: 'DSR-2026-114' } },
      adminKey,
    )
    expect(erased.status).toBe(200)
    expect(erased.body).toMatchObject({
      contactId: priya,
      identifiersBlocked: 4,
      activitiesKept: hers,
      notificationsRedacted: 1,
      assignmentsClosed: 1,
    })
    expect(erased.body.eventsEmptied).toBeGreaterThan(0)

    const after = await Promise.all(reports.map((r) => api(r)))
    expect(after.map((r) => r.body)).toEqual(before.map((r) => r.body))
    expect(await activityCount()).toBe(activities)

    const row = await t.db
      .selectFrom('contacts')
      .selectAll()
      .where('workspace_id', '=', org.workspaceId)
      .where('id', '=', priya)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      email: null,
      user_id: null,
      first_name: null,
      last_name: null,
      title: null,
      traits: {},
      lifecycle_stage: 'mql',
    })
    expect(row.erased_at).not.toBeNull()
    const leftovers = await t.db
      .selectFrom('events')
      .select(['payload', 'user_id', 'anonymous_id'])
      .where('workspace_id', '=', org.workspaceId)
      .where('contact_id', '=', priya)
      .execute()
    expect(new Set(leftovers.map((e) => JSON.stringify(e)))).toEqual(
      new Set([JSON.stringify({ payload: { erased: true }, user_id: null, anonymous_id: null })]),
    )
    const dump = JSON.stringify(
      await Promise.all(
        (
          [
            'contact_identities',
            'external_ids',
            'notifications',
            'audit_log',
            'activities',
          ] as const
        ).map((table) =>
          t.db.selectFrom(table).selectAll().where('workspace_id', '=', org.workspaceId).execute(),
        ),
      ),
    )
    for (const trace of [email, 'Priya', 'Nair', userId, anonymousId, '90210'])
      expect(dump).not.toContain(trace)

    // A re-score under the same contracts leaves the erased person's scores as they were.
    const scores = () =>
      t.db
        .selectFrom('contacts')
        .select(['fit_grade', 'fit_score', 'engagement_score', 'scored_at'])
        .where('workspace_id', '=', org.workspaceId)
        .where('id', '=', priya)
        .executeTakeFirstOrThrow()
    const scored = await scores()
    expect(scored.fit_grade).not.toBeNull()
    const qualification = (await activeContracts(t.db, org.workspaceId)).qualification
    if (qualification === undefined) throw new Error('the example qualification is active')
    server.clock.set(new Date(monday10.getTime() + 60_000))
    await scoreContacts(t.db, org.workspaceId, [priya], qualification, server.clock.now())
    expect(await scores()).toEqual(scored)

    expect((await api(`/v1/contacts/${priya}`)).status).toBe(404)
    expect((await api(`/v1/contacts/${priya}/export`, {}, adminKey)).status).toBe(404)
    const audit = (await api('/v1/audit?action=contact.erased', {}, adminKey)).body.items
    expect(audit).toMatchObject([{ entityId: priya, details: { reason: 'DSR-2026-114' } }])
    const consents = await t.db
      .selectFrom('contact_consents')
      .select(['channel', 'status', 'reason'])
      .where('workspace_id', '=', org.workspaceId)
      .where('contact_id', '=', priya)
      .execute()
    expect(consents).toEqual([{ channel: 'all', status: 'suppressed', reason: 'erased' }])
    const timers = await t.db
      .selectFrom('sla_timers as s')
      .innerJoin('assignments as a', (j) =>
        j.onRef('a.workspace_id', '=', 's.workspace_id').onRef('a.id', '=', 's.assignment_id'),
      )
      .select(['a.status', 's.cancelled_at', 's.fired_at'])
      .where('a.workspace_id', '=', org.workspaceId)
      .where('a.entity_id', '=', priya)
      .execute()
    expect(timers.length).toBeGreaterThan(0)
    for (const timer of timers) {
      expect(timer.status).toBe('disqualified')
      expect(timer.cancelled_at ?? timer.fired_at).not.toBeNull()
    }
  })

  it('does not bring the person back from a late event, a retried batch or a re-import', async () => {
    const contacts = await contactCount()
    const messageId = randomUUID()
    const late = [
      { type: 'identify', userId: randomUUID(), traits: { email: email.toUpperCase() } },
      { type: 'track', userId, event: 'Webinar Attended' },
      { type: 'page', anonymousId, properties: { path: '/pricing' } },
      { type: 'track', userId, event: 'Pricing Viewed', messageId },
      { type: 'track', userId, event: 'Pricing Viewed', messageId },
    ].map((e) => ({ ...e, timestamp: server.clock.now().toISOString() }))
    await sendAndProcess(server, org.writeKey, late)
    expect(await contactCount()).toBe(contacts)
    const setAside = await t.db
      .selectFrom('events')
      .select(['payload', 'processing_error', 'contact_id'])
      .where('workspace_id', '=', org.workspaceId)
      .where('processing_error', 'like', 'Names an erased person%')
      .execute()
    expect(setAside).toHaveLength(4)
    for (const event of setAside)
      expect(event).toMatchObject({ payload: { erased: true }, contact_id: null })

    const again = await importHubspot()
    expect(again).toMatchObject({ inserted: 0, rejected: 1 })
    expect(again.rejectedRows[0].reason).toBe(
      'This person was erased; an import does not bring them back.',
    )
    expect(await contactCount()).toBe(contacts)
  })
})

async function activityCount(contactId?: string): Promise<number> {
  let query = t.db
    .selectFrom('activities')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', org.workspaceId)
  if (contactId !== undefined) query = query.where('contact_id', '=', contactId)
  const row = await query.executeTakeFirstOrThrow()
  return Number(row.n)
}

async function contactCount(): Promise<number> {
  const row = await t.db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', org.workspaceId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
