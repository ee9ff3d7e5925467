import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { twoProportionTest } from '../../src/domain/alerts/two-proportion-test.ts'
import { normalizeCompanyName } from '../../src/domain/company-name.ts'
import { queueAlert } from '../../src/services/alerts/queue-alert.ts'
import { alertSurges } from '../../src/services/alerts/surge-alerts.ts'
import { deliverNotifications } from '../../src/services/notifications/deliver-notifications.ts'
import type {
  NotificationChannel,
  NotificationMessage,
} from '../../src/services/notifications/notification-message.ts'
import { callApi } from '../support/call-api.ts'
import { sendQualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// Alerts to reps as campaigns, through the real HTTP API: a handoff alert written in a drawn
// variant, its pixel and link tracked, the owner's answer counted against the goal, results per
// variant with the z-test, a promoted variant taking every later alert, surges and digests.

// Monday 2 March 2026, 10:00 in London, where the volume SDRs work 09:00-17:00.
const monday10 = new Date('2026-03-02T10:00:00Z')
const PUBLIC_URL = 'https://tandem.example.test'
const MINUTE = 60_000
let t: TestStore
let server: RunningApp
let org: SalesOrg
const delivered: NotificationMessage[] = []
const recorder: NotificationChannel = {
  name: 'webhook',
  async send(message) {
    delivered.push(message)
  },
  async close() {},
}

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, monday10, { publicUrl: PUBLIC_URL })
  org = await createSalesOrg(t.db, 'alerts', monday10)
}, 60_000)

afterAll(async () => {
  await server?.close()
  await t?.close()
})

const api = (path: string, key: string, init: { method?: string; body?: unknown } = {}) =>
  callApi(server.url, path, key, init)
const keyOf = (userId: string) =>
  org.keys[Object.entries(org.users).find(([, id]) => id === userId)?.[0] ?? ''] as string
const deliver = () =>
  deliverNotifications(t.db, [recorder], { now: () => server.clock.now(), baseUrl: server.url })

async function notification(where: { kind?: string; entityId?: string; recipientId?: string }) {
  let query = t.db
    .selectFrom('notifications')
    .selectAll()
    .where('workspace_id', '=', org.workspaceId)
    .orderBy('created_at', 'desc')
  if (where.kind !== undefined) query = query.where('kind', '=', where.kind)
  if (where.entityId !== undefined) query = query.where('entity_id', '=', where.entityId)
  if (where.recipientId !== undefined) query = query.where('recipient_id', '=', where.recipientId)
  return query.execute()
}

async function mql(email: string, firstName: string) {
  const userId = await sendQualifyingJourney(server, org.writeKey, {
    email,
    firstName,
    lastName: 'Shah',
    title: 'VP Marketing',
    country: 'United Kingdom',
  })
  const contact = await t.db
    .selectFrom('contacts')
    .select(['id', 'owner_id'])
    .where('workspace_id', '=', org.workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
  const assignment = await t.db
    .selectFrom('assignments')
    .select(['id', 'owner_id'])
    .where('workspace_id', '=', org.workspaceId)
    .where('entity_id', '=', contact.id)
    .executeTakeFirstOrThrow()
  return { contactId: contact.id, assignmentId: assignment.id, ownerId: assignment.owner_id }
}

let first: Awaited<ReturnType<typeof mql>>

describe('a handoff alert as a campaign', () => {
  it('is written in the default "what is in it for me" variant and says so', async () => {
    first = await mql('ravi.shah@litware.example', 'Ravi')
    const [alert] = await notification({ entityId: first.contactId })
    expect(alert).toMatchObject({ kind: 'handoff', campaign_key: 'handoff', variant: 'wiifm' })
    expect(alert?.subject).toMatch(
      /^A lead that fits you: Ravi Shah \(VP Marketing.*\); accept by Mon 2 Mar, 14:00 Europe\/London to keep it$/,
    )
    expect(alert?.body).toContain('and it is yours if you take it')
    expect(alert?.track_token).toMatch(/^[0-9a-f]{32}[A-Za-z0-9_-]{22}$/)
  })

  it('goes out with a tracking pixel, a tracked link and an acknowledgement URL', async () => {
    await deliver()
    const message = delivered.find((m) => m.subject.includes('Ravi Shah'))
    const [alert] = await notification({ entityId: first.contactId })
    expect(message?.link).toBe(`${server.url}/contacts/${first.contactId}`)
    expect(message?.tracking).toEqual({
      pixelUrl: `${server.url}/t/o/${alert?.track_token}.gif`,
      clickUrl: `${server.url}/t/c/${alert?.track_token}`,
      ackUrl: `${server.url}/t/a/${alert?.track_token}`,
    })
  })

  it('is marked opened by its pixel and clicked by its link, each the first time only', async () => {
    const [before] = await notification({ entityId: first.contactId })
    const token = before?.track_token as string
    server.clock.set(new Date(monday10.getTime() + 5 * MINUTE))
    const pixel = await fetch(`${server.url}/t/o/${token}.gif`)
    expect(pixel.status).toBe(200)
    expect(pixel.headers.get('content-type')).toBe('image/gif')
    expect((await pixel.arrayBuffer()).byteLength).toBeGreaterThan(20)
    server.clock.set(new Date(monday10.getTime() + 7 * MINUTE))
    const click = await fetch(`${server.url}/t/c/${token}`, { redirect: 'manual' })
    expect(click.status).toBe(302)
    expect(click.headers.get('location')).toBe(`${PUBLIC_URL}/contacts/${first.contactId}`)
    server.clock.set(new Date(monday10.getTime() + 9 * MINUTE))
    await fetch(`${server.url}/t/o/${token}.gif`)
    await fetch(`${server.url}/t/c/${token}`, { redirect: 'manual' })
    const [after] = await notification({ entityId: first.contactId })
    expect(after?.opened_at).toEqual(new Date(monday10.getTime() + 5 * MINUTE))
    expect(after?.clicked_at).toEqual(new Date(monday10.getTime() + 7 * MINUTE))
    expect(after?.acted_at).toBeNull()
  })

  it('tells nothing about unknown tokens, and acknowledges known ones', async () => {
    const forged = `${org.workspaceId.replaceAll('-', '')}${'A'.repeat(22)}`
    expect((await fetch(`${server.url}/t/o/${forged}.gif`)).status).toBe(200)
    expect((await fetch(`${server.url}/t/c/${forged}`, { redirect: 'manual' })).status).toBe(404)
    expect((await fetch(`${server.url}/t/a/nonsense`, { method: 'POST' })).status).toBe(404)
    const [alert] = await notification({ entityId: first.contactId })
    const ack = await fetch(`${server.url}/t/a/${alert?.track_token}`, { method: 'POST' })
    expect(ack.status).toBe(204)
  })

  it('is acted on when the owner accepts within the window; later actions change nothing', async () => {
    server.clock.set(new Date(monday10.getTime() + 42 * MINUTE))
    const key = keyOf(first.ownerId)
    expect(
      (await api(`/v1/assignments/${first.assignmentId}/accept`, key, { method: 'POST' })).status,
    ).toBe(200)
    server.clock.set(new Date(monday10.getTime() + 50 * MINUTE))
    expect((await api(`/v1/contacts/${first.contactId}`, key)).status).toBe(200)
    const [alert] = await notification({ entityId: first.contactId })
    expect(alert?.acted_at).toEqual(new Date(monday10.getTime() + 42 * MINUTE))
    expect(alert?.acted_action).toBe('answer')
    const results = await api('/v1/alert-campaigns/handoff/results', org.keys.marketing as string)
    expect(results.status).toBe(200)
    const [wiifm] = results.body.variants
    expect(wiifm).toMatchObject({
      variant: 'wiifm',
      control: true,
      alerts: 1,
      sent: 1,
      opened: 1,
      clicked: 1,
      acted: 1,
      goalMet: 1,
      decided: 1,
      open: 0,
      goalRate: 1,
      test: null,
    })
    // Sent at 10:00 (delivery), accepted at 10:42.
    expect(wiifm.timeToAction).toMatchObject({ count: 1, medianMinutes: 42, p90Minutes: 42 })
    expect(wiifm.timeToAction.buckets[1]).toEqual({ label: '15–60 min', count: 1 })
  })
})

describe('an A/B test of the wording', () => {
  const brief = {
    name: 'brief',
    subject: 'New lead: {{person}}',
    body: '{{person}} {{what}}. Accept or reject by {{acceptBy}}.',
    weight: 1,
  }

  it('is set up by marketing, with templates checked against the placeholders', async () => {
    const campaigns = await api('/v1/alert-campaigns', org.keys.sue as string)
    expect(campaigns.body.items.map((c: { key: string }) => c.key)).toEqual([
      'handoff',
      'explore',
      'sla_reminder',
      'sla_breach',
      'reassigned',
      'surge',
      'digest',
    ])
    const handoff = campaigns.body.items[0]
    expect(handoff).toMatchObject({ status: 'single', control: 'wiifm', windowMinutes: 240 })
    const variants = [handoff.variants[0], brief]
    const bySales = await api('/v1/alert-campaigns/handoff', org.keys.sue as string, {
      method: 'PATCH',
      body: { variants },
    })
    expect(bySales.status).toBe(403)
    const typo = await api('/v1/alert-campaigns/handoff', org.keys.marketing as string, {
      method: 'PATCH',
      body: { variants: [{ ...brief, subject: 'New lead: {{persn}}' }] },
    })
    expect(typo.status).toBe(400)
    expect(typo.body.error.message).toContain('{{persn}} is not a placeholder of this alert')
    const saved = await api('/v1/alert-campaigns/handoff', org.keys.marketing as string, {
      method: 'PATCH',
      body: { variants },
    })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ status: 'testing', control: 'wiifm' })
  })

  it('draws a variant per message and compares them with the z-test; the numbers add up', async () => {
    const at = server.clock.now()
    const queue = (random: number) =>
      t.db.transaction().execute((trx) =>
        queueAlert(trx, {
          workspaceId: org.workspaceId,
          recipientId: org.users.sid as string,
          kind: 'handoff',
          values: { person: 'Test Person', what: 'is a test', acceptBy: 'soon' },
          entityType: 'contact',
          entityId: randomUUID(),
          at,
          random: () => random,
        }),
      )
    // 10 more alerts per variant: wiifm acted within the window on 6, brief on 2 (and 1 late).
    const ids = { wiifm: [] as string[], brief: [] as string[] }
    for (let i = 0; i < 10; i += 1) ids.wiifm.push(await queue(0.1))
    for (let i = 0; i < 10; i += 1) ids.brief.push(await queue(0.9))
    const variants = await t.db
      .selectFrom('notifications')
      .select(['id', 'variant', 'subject'])
      .where('workspace_id', '=', org.workspaceId)
      .where('id', 'in', [...ids.wiifm, ...ids.brief])
      .execute()
    expect(
      variants
        .filter((v) => v.variant === 'brief')
        .map((v) => v.id)
        .sort(),
    ).toEqual([...ids.brief].sort())
    expect(variants.find((v) => v.id === ids.brief[0])?.subject).toBe('New lead: Test Person')
    const act = async (id: string, minutes: number) =>
      t.db
        .updateTable('notifications')
        .set({ acted_at: new Date(at.getTime() + minutes * MINUTE), acted_action: 'answer' })
        .where('workspace_id', '=', org.workspaceId)
        .where('id', '=', id)
        .execute()
    for (const id of ids.wiifm.slice(0, 6)) await act(id, 30)
    for (const id of ids.brief.slice(0, 2)) await act(id, 300 - 100)
    await act(ids.brief[2] as string, 300)
    // Five hours on, every window (four hours) has closed.
    server.clock.set(new Date(at.getTime() + 300 * MINUTE))
    const results = await api('/v1/alert-campaigns/handoff/results', org.keys.vp as string)
    const [wiifm, briefResult] = results.body.variants
    expect(wiifm).toMatchObject({ variant: 'wiifm', alerts: 11, goalMet: 7, decided: 11 })
    expect(briefResult).toMatchObject({
      variant: 'brief',
      control: false,
      alerts: 10,
      acted: 3,
      goalMet: 2,
      decided: 10,
      open: 0,
      goalRate: 0.2,
    })
    const expected = twoProportionTest({ successes: 2, trials: 10 }, { successes: 7, trials: 11 })
    expect(briefResult.test.z).toBeCloseTo(expected?.z as number, 10)
    expect(briefResult.test.p).toBeCloseTo(expected?.p as number, 10)
    expect(briefResult.test.z).toBeLessThan(0)
    for (const v of results.body.variants) {
      expect(v.decided + v.open).toBe(v.alerts)
      expect(v.timeToAction.count).toBe(v.acted)
      expect(
        v.timeToAction.buckets.reduce((s: number, b: { count: number }) => s + b.count, 0),
      ).toBe(v.acted)
    }
  })

  it('ends when a variant is promoted: every later alert uses it', async () => {
    const bySales = await api('/v1/alert-campaigns/handoff/promote', org.keys.vp as string, {
      method: 'POST',
      body: { variant: 'brief' },
    })
    expect(bySales.status).toBe(403)
    const unknown = await api('/v1/alert-campaigns/handoff/promote', org.keys.marketing as string, {
      method: 'POST',
      body: { variant: 'shouty' },
    })
    expect(unknown.status).toBe(404)
    const promoted = await api(
      '/v1/alert-campaigns/handoff/promote',
      org.keys.marketing as string,
      {
        method: 'POST',
        body: { variant: 'brief' },
      },
    )
    expect(promoted.body).toMatchObject({
      status: 'promoted',
      promotedVariant: 'brief',
      control: 'brief',
    })
    server.clock.set(new Date('2026-03-03T10:00:00Z'))
    const second = await mql('mei.lin@fabrikam.example', 'Mei')
    const [alert] = await notification({ entityId: second.contactId })
    expect(alert).toMatchObject({ variant: 'brief' })
    expect(alert?.subject).toMatch(/^New lead: Mei Shah/)
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'details'])
      .where('workspace_id', '=', org.workspaceId)
      .where('entity_type', '=', 'alert_campaign')
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual([
      'alert_campaign.changed',
      'alert_campaign.promoted',
    ])
    expect(audit[1]).toMatchObject({ actor_id: org.users.marketing, details: { variant: 'brief' } })
  })
})

describe('surges and digests', () => {
  let accountId: string

  it('tells the owner and SDR once when an account surges, and again after it cooled', async () => {
    accountId = randomUUID()
    await t.db
      .insertInto('accounts')
      .values({
        workspace_id: org.workspaceId,
        id: accountId,
        name: 'Litware',
        normalized_name: normalizeCompanyName('Litware'),
        owner_id: org.users.vp as string,
        sdr_id: org.users.sue as string,
        momentum: 3.2,
        buying_stage: 'consideration',
      })
      .execute()
    const surge = (momentum: number) =>
      t.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('accounts')
          .set({ momentum })
          .where('workspace_id', '=', org.workspaceId)
          .where('id', '=', accountId)
          .execute()
        return alertSurges(trx, org.workspaceId, [accountId], server.clock.now())
      })
    expect(await surge(3.2)).toBe(2)
    expect(await surge(4)).toBe(0)
    const alerts = await notification({ kind: 'surge' })
    expect(alerts.map((a) => a.recipient_id).sort()).toEqual([org.users.vp, org.users.sue].sort())
    expect(alerts[0]).toMatchObject({
      campaign_key: 'surge',
      entity_type: 'account',
      entity_id: accountId,
    })
    expect(alerts.find((a) => a.recipient_id === org.users.sue)?.subject).toBe(
      'Litware is heating up: 3.2 times its usual activity this week',
    )
    expect(await surge(1.2)).toBe(0)
    expect(await surge(2)).toBe(2)
    // The SDR opens the account: a view, the action a surge alert asks for.
    await api(`/v1/accounts/${accountId}/score`, org.keys.sue as string)
    const sues = await notification({ kind: 'surge', recipientId: org.users.sue })
    expect(sues.map((a) => a.acted_action)).toEqual(['view', 'view'])
    await t.db
      .updateTable('accounts')
      .set({ momentum: 3 })
      .where('workspace_id', '=', org.workspaceId)
      .where('id', '=', accountId)
      .execute()
  })

  it('sends a rep who chose one a digest of their queue and surging accounts, once a day', async () => {
    const owner = first.ownerId
    const chose = await api('/v1/me/digest', keyOf(owner), {
      method: 'PUT',
      body: { frequency: 'daily' },
    })
    expect(chose.body).toEqual({ frequency: 'daily' })
    // The other SDR owns the surging account: make it the owner's for this test.
    await t.db
      .updateTable('accounts')
      .set({ sdr_id: owner })
      .where('workspace_id', '=', org.workspaceId)
      .where('id', '=', accountId)
      .execute()
    // Ravi unsubscribed: the digest quoting him says so, as a single alert would.
    await t.db
      .insertInto('contact_consents')
      .values({
        workspace_id: org.workspaceId,
        contact_id: first.contactId,
        channel: 'email',
        status: 'suppressed',
        reason: 'unsubscribed',
        source: 'person',
        updated_at: new Date('2026-03-03T12:00:00Z'),
      })
      .execute()
    server.clock.set(new Date('2026-03-04T07:30:00Z'))
    expect(await server.app.jobs.queueDigests()).toBe(0)
    server.clock.set(new Date('2026-03-04T08:15:00Z'))
    expect(await server.app.jobs.queueDigests()).toBe(1)
    expect(await server.app.jobs.queueDigests()).toBe(0)
    const [digest] = await notification({ kind: 'digest' })
    expect(digest).toMatchObject({ recipient_id: owner, campaign_key: 'digest', entity_id: null })
    expect(digest?.subject).toMatch(/^Your daily digest: \d+ leads waiting for you$/)
    expect(digest?.body).toMatch(
      /- Ravi Shah \(VP Marketing[^)]*\) \[Do not contact by email \(unsubscribed 2026-03-03\)\]: /,
    )
    expect(digest?.body).toContain('first touch by')
    expect(digest?.body).toContain('- Litware: 3.0 times its usual activity')
    server.clock.set(new Date('2026-03-05T08:15:00Z'))
    expect(await server.app.jobs.queueDigests()).toBe(1)
  })
})
