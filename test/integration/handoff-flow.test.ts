import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parse } from 'csv-parse/sync'
import { sql } from 'kysely'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeCompanyName } from '../../src/domain/company-name.ts'
import { mergeContacts } from '../../src/services/contact-merge.ts'
import { jsonb } from '../../src/store/jsonb.ts'
import { callApi } from '../support/call-api.ts'
import { sendQualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { sendAndProcess } from '../support/send-events.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// From an event that makes an MQL to the owner's acceptance, through the real HTTP API, the real
// job queue, a real SMTP server and a real webhook receiver: the person is routed to a named SDR
// in business hours, reminded before the due time, escalated and reassigned on a breach.

// Monday 2 March 2026, 10:00 in London (GMT): the SDRs work 09:00-17:00 there.
const monday10 = new Date('2026-03-02T10:00:00Z')
let t: TestStore
let server: RunningApp
let org: SalesOrg
let smtp: SMTPServer
let webhook: Server
const mails: string[] = []
const posts: Record<string, unknown>[] = []

beforeAll(async () => {
  t = await openTestStore()
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      let raw = ''
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString()
      })
      stream.on('end', () => {
        mails.push(raw)
        done()
      })
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  webhook = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString()
    })
    request.on('end', () => {
      posts.push(JSON.parse(body))
      response.end('ok')
    })
  })
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve))
  const smtpPort = (smtp.server.address() as AddressInfo).port
  const hookPort = (webhook.address() as AddressInfo).port
  server = await startTestApp(t, monday10, {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webhookUrl: `http://127.0.0.1:${hookPort}/hook`,
  })
  org = await createSalesOrg(t.db, 'handoff', monday10)
}, 60_000)

afterAll(async () => {
  await server?.close()
  await new Promise<void>((resolve) => smtp?.close(() => resolve()))
  await new Promise<void>((resolve) => webhook?.close(() => resolve()))
  await t?.close()
})

const api = (path: string, key: string, init: { method?: string; body?: unknown } = {}) =>
  callApi(server.url, path, key, init)

/** A senior marketer in a served market who reads pricing pages and attends webinars: B1. */
async function qualifyingJourney(email: string, title = 'VP Marketing') {
  const userId = await sendQualifyingJourney(server, org.writeKey, {
    email,
    firstName: 'Dana',
    lastName: 'Cho',
    title,
    country: 'United Kingdom',
  })
  return t.db
    .selectFrom('contacts')
    .select(['id', 'lifecycle_stage', 'owner_id'])
    .where('workspace_id', '=', org.workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
}

async function assignmentsOf(contactId: string) {
  return t.db
    .selectFrom('assignments')
    .selectAll()
    .where('workspace_id', '=', org.workspaceId)
    .where('entity_id', '=', contactId)
    .orderBy('assigned_at')
    .execute()
}

async function notificationsAbout(contactId: string) {
  return t.db
    .selectFrom('notifications')
    .select(['kind', 'recipient_id', 'subject', 'body', 'sent_at'])
    .where('workspace_id', '=', org.workspaceId)
    .where('entity_id', '=', contactId)
    .orderBy('created_at')
    .orderBy('kind', 'desc')
    .execute()
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('an MQL handed to sales and accepted', () => {
  let contactId: string
  let ownerId: string

  it('routes the MQL to a named SDR of the volume team, with SLA clocks in their hours', async () => {
    const contact = await qualifyingJourney('dana.cho@northwind-analytics.example')
    contactId = contact.id
    expect(contact.lifecycle_stage).toBe('mql')
    const [assignment] = await assignmentsOf(contactId)
    expect(assignment).toMatchObject({
      kind: 'mql',
      status: 'pending',
      motion: 'volume',
      routing_definition_version: 1,
    })
    ownerId = assignment?.owner_id as string
    expect([org.users.sue, org.users.sid]).toContain(ownerId)
    expect(contact.owner_id).toBe(ownerId)
    // 4 business hours from Monday 10:00: 14:00; first touch within a business day: Tuesday 10:00.
    expect(assignment?.accept_due_at).toEqual(new Date('2026-03-02T14:00:00Z'))
    expect(assignment?.first_touch_due_at).toEqual(new Date('2026-03-03T10:00:00Z'))
    expect(assignment?.routing_reasons).toEqual([
      'No territory matched: the fallback team SDR Volume',
      expect.stringMatching(/^Weighted round robin in a team of 2 \(weights .*\): .*'s turn$/),
    ])
    const stages = await t.db
      .selectFrom('stage_transitions')
      .select(['from_stage', 'to_stage', 'actor_type', 'actor_id', 'reason_code'])
      .where('workspace_id', '=', org.workspaceId)
      .where('entity_id', '=', contactId)
      .orderBy('at')
      .orderBy(sql`from_stage is not null`)
      .execute()
    expect(stages.map((s) => [s.from_stage, s.to_stage])).toEqual([
      [null, 'inquiry'],
      ['inquiry', 'mql'],
    ])
    expect(stages[1]).toMatchObject({ actor_type: 'rule', actor_id: 'qualification@1' })
  })

  it('tells the owner by email and webhook, once', async () => {
    const delivered = await until(
      () => notificationsAbout(contactId),
      (rows) => rows.every((r) => r.sent_at !== null),
    )
    expect(delivered.map((n) => [n.kind, n.recipient_id])).toEqual([['handoff', ownerId]])
    expect(delivered[0]?.sent_at).not.toBeNull()
    expect(delivered[0]?.body).toContain('accept or reject by Mon 2 Mar, 14:00 Europe/London')
    const about = mails.filter((m) => m.includes('Dana Cho'))
    expect(about).toHaveLength(1)
    const mail = about[0]
    expect(mail).toMatch(/Subject: A lead that fits you: Dana Cho \(VP Marketing/)
    expect(posts.some((p) => JSON.stringify(p).includes('Dana Cho'))).toBe(true)
  })

  it('reminds the owner an hour before the accept deadline, once', async () => {
    server.clock.set(new Date('2026-03-02T13:05:00Z'))
    const first = await server.app.jobs.sweepSlaTimers()
    expect(first.fired).toBe(1)
    const again = await server.app.jobs.sweepSlaTimers()
    expect(again.fired).toBe(0)
    const kinds = (await notificationsAbout(contactId)).map((n) => n.kind)
    expect(kinds).toEqual(['handoff', 'sla_reminder'])
  })

  it('moves the lead to SAL when the owner accepts, and stops the accept clock', async () => {
    const key = ownerId === org.users.sue ? org.keys.sue : org.keys.sid
    const accepted = await api(
      `/v1/assignments/${(await assignmentsOf(contactId))[0]?.id}/accept`,
      key as string,
      {
        method: 'POST',
      },
    )
    expect(accepted).toEqual({ status: 200, body: { status: 'accepted', stage: 'sal' } })
    server.clock.set(new Date('2026-03-02T15:00:00Z'))
    expect((await server.app.jobs.sweepSlaTimers()).fired).toBe(0)
    const timers = await t.db
      .selectFrom('sla_timers')
      .select(['clock', 'kind', 'fired_at', 'cancelled_at'])
      .where('workspace_id', '=', org.workspaceId)
      .where('assignment_id', '=', (await assignmentsOf(contactId))[0]?.id as string)
      .orderBy('clock')
      .orderBy('kind')
      .execute()
    expect(
      timers.map((x) => [x.clock, x.kind, x.fired_at !== null, x.cancelled_at !== null]),
    ).toEqual([
      ['accept', 'breach', false, true],
      ['accept', 'reminder', true, false],
      ['first_touch', 'breach', false, false],
      ['first_touch', 'reminder', false, false],
    ])
  })
})

describe('a sales touch tracked like any event', () => {
  it('stops the first-touch clock at the first touch after the handoff, and holds marketing', async () => {
    server.clock.set(new Date('2026-03-04T10:00:00Z'))
    const contact = await qualifyingJourney('ola.berg@adventure-works.example')
    const [assignment] = await assignmentsOf(contact.id)
    expect(assignment?.status).toBe('pending')
    const userId = (
      await t.db
        .selectFrom('contacts')
        .select('user_id')
        .where('workspace_id', '=', org.workspaceId)
        .where('id', '=', contact.id)
        .executeTakeFirstOrThrow()
    ).user_id
    // One touch from before the handoff arrives late, beside two after it.
    await sendAndProcess(server, org.writeKey, [
      { type: 'track', userId, event: 'Email Sent', timestamp: '2026-03-04T09:00:00Z' },
      { type: 'track', userId, event: 'Call', timestamp: '2026-03-04T11:30:00Z' },
      { type: 'track', userId, event: 'Email Sent', timestamp: '2026-03-04T10:30:00Z' },
    ])
    const [touched] = await assignmentsOf(contact.id)
    expect(touched?.first_touch_at).toEqual(new Date('2026-03-04T10:30:00Z'))
    const hold = await t.db
      .selectFrom('contacts')
      .select('marketing_hold_until')
      .where('workspace_id', '=', org.workspaceId)
      .where('id', '=', contact.id)
      .executeTakeFirstOrThrow()
    // Three days (the example's coordination rule) after the latest touch.
    expect(hold.marketing_hold_until).toEqual(new Date('2026-03-07T11:30:00Z'))
    const open = await t.db
      .selectFrom('sla_timers')
      .select(['clock'])
      .where('workspace_id', '=', org.workspaceId)
      .where('assignment_id', '=', assignment?.id as string)
      .where('cancelled_at', 'is', null)
      .execute()
    expect(open.map((x) => x.clock).sort()).toEqual(['accept', 'accept'])
  })
})

describe('an MQL nobody answers in time', () => {
  it('escalates to the manager and reassigns it to the other SDR', async () => {
    server.clock.set(monday10)
    const contact = await qualifyingJourney('lee.park@contoso-labs.example')
    const [first] = await assignmentsOf(contact.id)
    expect(first?.status).toBe('pending')
    server.clock.set(new Date('2026-03-02T14:01:00Z'))
    await server.app.jobs.sweepSlaTimers()
    const [was, now] = await assignmentsOf(contact.id)
    expect(was).toMatchObject({ status: 'reassigned', owner_id: first?.owner_id })
    expect(now).toMatchObject({ status: 'pending', reassigned_from: first?.id, kind: 'mql' })
    expect(now?.owner_id).not.toBe(first?.owner_id)
    expect([org.users.sue, org.users.sid]).toContain(now?.owner_id)
    // The reminder fell due with the breach: it is spent without a word.
    const notes = await notificationsAbout(contact.id)
    expect(notes.map((n) => [n.kind, n.recipient_id])).toEqual([
      ['handoff', first?.owner_id],
      ['sla_breach', org.users.max],
      ['reassigned', first?.owner_id],
      ['handoff', now?.owner_id],
    ])
  })
})

describe('an MQL nobody else can take when its owner misses the SLA', () => {
  it('stays with its owner, and the manager is told', async () => {
    server.clock.set(new Date('2026-03-09T10:00:00Z'))
    // Sid is away all week: Sue gets the lead, and nobody is left to hand it on to.
    await t.db
      .updateTable('users')
      .set({ out_of_office: jsonb([{ from: '2026-03-09', to: '2026-03-13' }]) })
      .where('workspace_id', '=', org.workspaceId)
      .where('id', '=', org.users.sid as string)
      .execute()
    try {
      const contact = await qualifyingJourney('jo.kent@wingtip-labs.example')
      const [assignment] = await assignmentsOf(contact.id)
      expect(assignment?.owner_id).toBe(org.users.sue)
      expect(assignment?.routing_reasons).toContain('Sid is out of office')
      server.clock.set(new Date('2026-03-09T14:30:00Z'))
      await server.app.jobs.sweepSlaTimers()
      const after = await assignmentsOf(contact.id)
      expect(after.map((a) => [a.owner_id, a.status])).toEqual([[org.users.sue, 'pending']])
      const kinds = (await notificationsAbout(contact.id)).map((n) => n.kind)
      expect(kinds).toEqual(['handoff', 'sla_breach'])
    } finally {
      await t.db
        .updateTable('users')
        .set({ out_of_office: jsonb([]) })
        .where('workspace_id', '=', org.workspaceId)
        .where('id', '=', org.users.sid as string)
        .execute()
    }
  })
})

describe('a lead at a large company', () => {
  // Adobe, from the Fortune 500 list in ../shared/data: 2,000 people or more is the enterprise
  // territory of the example routing rules, worked by the account-based SDRs.
  const adobe = (
    parse(
      readFileSync(
        new URL('../../../shared/data/firmographics/fortune500_2017.csv', import.meta.url),
      ),
      { columns: true },
    ) as Record<string, string>[]
  ).find((r) => r.title === 'Adobe Systems') as Record<string, string>
  let accountId: string

  beforeAll(async () => {
    accountId = randomUUID()
    const domain = new URL(adobe.website as string).hostname.replace(/^www\./, '')
    await t.db
      .insertInto('accounts')
      .values({
        workspace_id: org.workspaceId,
        id: accountId,
        name: adobe.title as string,
        normalized_name: normalizeCompanyName(adobe.title as string),
        domain,
        industry: adobe.industry ?? null,
        employees: Number(adobe.employees),
        country: 'United States',
      })
      .execute()
    await t.db
      .insertInto('account_domains')
      .values({ workspace_id: org.workspaceId, domain, account_id: accountId })
      .execute()
  })

  it('goes to the enterprise SDR on the account-based SLA, and the account becomes engaged', async () => {
    server.clock.set(monday10)
    const contact = await qualifyingJourney('dana.cho@adobe.com')
    const [assignment] = await assignmentsOf(contact.id)
    expect(assignment).toMatchObject({
      owner_id: org.users.eve,
      motion: 'account_based',
      kind: 'mql',
    })
    expect(assignment?.routing_reasons).toEqual([
      'Territory enterprise (Companies of 2,000 people or more): team SDR Enterprise',
      'Eve is the only one who can take it',
      'Nobody available is at work right now; the SLA clock starts when Eve next works',
    ])
    // One business day in New York from Monday 05:00 there: the clock starts at 09:00 (14:00Z).
    expect(assignment?.accept_due_at).toEqual(new Date('2026-03-02T22:00:00Z'))
    const account = await t.db
      .selectFrom('accounts')
      .select(['stage'])
      .where('workspace_id', '=', org.workspaceId)
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow()
    expect(account.stage).toBe('engaged')
    const moved = await t.db
      .selectFrom('stage_transitions')
      .select(['from_stage', 'to_stage', 'actor_id', 'reason'])
      .where('workspace_id', '=', org.workspaceId)
      .where('funnel', '=', 'account')
      .where('entity_id', '=', accountId)
      .execute()
    expect(moved).toEqual([
      {
        from_stage: null,
        to_stage: 'engaged',
        actor_id: 'icp@1',
        reason: expect.stringMatching(/^Engagement \d+(\.\d+)? reached the engaged threshold 15$/),
      },
    ])
  })

  it('holds a grade-C MQL back: the account-based motion hands over B and better', async () => {
    const contact = await qualifyingJourney('lou.ramos@adobe.com', 'Marketing Manager')
    expect(contact.lifecycle_stage).toBe('lead')
    expect(await assignmentsOf(contact.id)).toEqual([])
  })
})

describe('a demo request', () => {
  it('starts an explore conversation with an owner, not an MQL', async () => {
    server.clock.set(new Date('2026-03-03T11:00:00Z'))
    const userId = randomUUID()
    const at = server.clock.now().toISOString()
    await sendAndProcess(server, org.writeKey, [
      {
        type: 'identify',
        userId,
        traits: { email: 'kim@fabrikam-tools.example', firstName: 'Kim' },
        timestamp: at,
      },
      { type: 'track', userId, event: 'Demo Requested', timestamp: at },
    ])
    const contact = await t.db
      .selectFrom('contacts')
      .select(['id', 'lifecycle_stage'])
      .where('workspace_id', '=', org.workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow()
    expect(contact.lifecycle_stage).toBe('lead')
    const assignments = await assignmentsOf(contact.id)
    expect(assignments.map((a) => [a.kind, a.status])).toEqual([['explore', 'pending']])
    const [note] = await notificationsAbout(contact.id)
    expect(note?.subject).toMatch(/^A demo request for you: Kim; accept by /)
    expect(note?.body).toContain('an explore conversation, not a purchase decision yet')
  })
})

describe('a lead with a disposable email', () => {
  it('is never handed to sales, however engaged', async () => {
    server.clock.set(new Date('2026-03-03T11:00:00Z'))
    const contact = await qualifyingJourney('dana@mailinator.com')
    expect(contact.lifecycle_stage).toBe('inquiry')
    expect(await assignmentsOf(contact.id)).toEqual([])
  })
})

describe('a rejected MQL', () => {
  it('goes back to nurture with its reason, and qualifies again only after the agreed wait', async () => {
    server.clock.set(new Date('2026-03-10T10:00:00Z'))
    const person = {
      email: 'max.weber@proseware.example',
      firstName: 'Max',
      lastName: 'Weber',
      title: 'VP Sales',
      country: 'Germany',
    }
    const userId = await sendQualifyingJourney(server, org.writeKey, person)
    const contactId = (
      await t.db
        .selectFrom('contacts')
        .select('id')
        .where('workspace_id', '=', org.workspaceId)
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
    ).id
    const [handoff] = await assignmentsOf(contactId)
    const ownerKey = handoff?.owner_id === org.users.sue ? org.keys.sue : org.keys.sid
    const rejected = await api(`/v1/assignments/${handoff?.id}/reject`, ownerKey as string, {
      method: 'POST',
      body: { reasonCode: 'wrong_timing', reasonText: 'Budget opens in Q3' },
    })
    expect(rejected.body).toEqual({ status: 'rejected', stage: 'recycled' })

    // Ten days on, as engaged as ever: still within the 30 days the routing rules agree on.
    server.clock.set(new Date('2026-03-20T10:00:00Z'))
    await sendQualifyingJourney(server, org.writeKey, person, userId)
    expect((await assignmentsOf(contactId)).map((a) => a.status)).toEqual(['rejected'])

    server.clock.set(new Date('2026-04-13T10:00:00Z'))
    await sendQualifyingJourney(server, org.writeKey, person, userId)
    const again = await assignmentsOf(contactId)
    expect(again.map((a) => [a.kind, a.status])).toEqual([
      ['mql', 'rejected'],
      ['mql', 'pending'],
    ])
    const stages = await t.db
      .selectFrom('stage_transitions')
      .select(['to_stage', 'reason_code', 'reason'])
      .where('workspace_id', '=', org.workspaceId)
      .where('entity_id', '=', contactId)
      .orderBy('at')
      .orderBy(sql`from_stage is not null`)
      .execute()
    expect(stages.map((x) => [x.to_stage, x.reason_code])).toEqual([
      ['inquiry', 'tracked'],
      ['mql', 'B1'],
      ['recycled', 'wrong_timing'],
      ['mql', 'B1'],
    ])
    expect(stages[2]?.reason).toBe('Budget opens in Q3')
  })
})

describe('two records of one person, each handed over', () => {
  it('keep one open handoff when merged: the other closes as a duplicate', async () => {
    server.clock.set(new Date('2026-03-05T10:00:00Z'))
    const first = await qualifyingJourney('ana.lima@tailspin-toys.example')
    const second = await qualifyingJourney('ana.lima.work@tailspin-toys.example')
    const [kept] = await assignmentsOf(first.id)
    const [duplicate] = await assignmentsOf(second.id)
    expect([kept?.status, duplicate?.status]).toEqual(['pending', 'pending'])
    await t.db.transaction().execute((trx) =>
      mergeContacts(trx, {
        workspaceId: org.workspaceId,
        survivorId: first.id,
        mergedId: second.id,
        reason: 'same person',
        at: server.clock.now(),
      }),
    )
    const after = await assignmentsOf(first.id)
    expect(after.map((a) => [a.id, a.status, a.reason_code])).toEqual([
      [kept?.id, 'pending', null],
      [duplicate?.id, 'rejected', 'duplicate'],
    ])
    const running = await t.db
      .selectFrom('sla_timers')
      .select('id')
      .where('workspace_id', '=', org.workspaceId)
      .where('assignment_id', '=', duplicate?.id as string)
      .where('cancelled_at', 'is', null)
      .where('fired_at', 'is', null)
      .execute()
    expect(running).toEqual([])
  })
})
