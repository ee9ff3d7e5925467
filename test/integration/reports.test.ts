import { randomUUID } from 'node:crypto'
import type { Selectable } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeCompanyName } from '../../src/domain/company-name.ts'
import type { AssignmentsTable } from '../../src/store/database.ts'
import { callApi } from '../support/call-api.ts'
import { sendQualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { sendAndProcess } from '../support/send-events.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The SLA and closed-loop reports over a week of real handoffs, made and answered through the
// HTTP API at known clock times: each figure is checked against what those times and answers
// make it by the definitions in docs/reports.md, computed here independently of the SQL.

// Monday 2 March 2026 in London (GMT), where the volume SDRs work 09:00-17:00: 4 business hours
// to accept or reject, 1 business day (8 hours) to a first touch.
const at = (hhmm: string, day = '2026-03-02') => new Date(`${day}T${hhmm}:00Z`)
const HOUR = 3_600_000

let t: TestStore
let server: RunningApp
let org: SalesOrg
type Assignment = Selectable<AssignmentsTable>
/** The first handoff of each person, by the letter the test gives them. */
const handoffs: Record<string, Assignment> = {}
const contacts: Record<string, string> = {}
/** When each accepted handoff was accepted, and when A was first touched: the known times. */
const acceptedAt = { A: at('11:30'), B: at('13:00') }
const touchedAt = { A: at('12:00') }
/** Every answer other than accept, as given through the API. */
const answers = [
  { who: 'C', action: 'reject', reasonCode: 'not_icp', at: at('12:00') },
  { who: 'D', action: 'recycle', reasonCode: 'wrong_timing', at: at('12:30') },
  { who: 'F', action: 'disqualify', reasonCode: 'bad_data', at: at('13:30') },
  { who: 'G', action: 'reject', reasonCode: 'duplicate', at: at('14:30') },
] as const
const sources: Record<string, string> = {
  A: 'webinar',
  B: 'webinar',
  C: 'webinar',
  D: 'paid_search',
  E: 'paid_search',
  F: 'paid_search',
  G: 'webinar',
}
const reportAt = at('10:30', '2026-03-03')
let campaignId: string

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, at('10:00'))
  org = await createSalesOrg(t.db, 'reports', at('10:00'))
  campaignId = randomUUID()
  await t.db
    .insertInto('campaigns')
    .values({
      workspace_id: org.workspaceId,
      id: campaignId,
      key: 'spring-webinar',
      name: 'Spring webinar',
      channel: 'webinar',
    })
    .execute()

  // MQLs at known times: A and B at 10:00, C and D at 11:00, E at 12:00, F at 13:00.
  const mqlAt = { A: '10:00', B: '10:00', C: '11:00', D: '11:00', E: '12:00', F: '13:00' }
  for (const [who, time] of Object.entries(mqlAt)) {
    server.clock.set(at(time))
    await mql(who)
  }
  for (const who of Object.keys(mqlAt)) await setSource(who)

  // The answers, in clock order.
  server.clock.set(acceptedAt.A)
  await answer('A', 'accept')
  server.clock.set(touchedAt.A)
  const touched = await api(`/v1/assignments/${handoffs.A?.id}/touch`, ownerKey('A'), {
    method: 'POST',
  })
  expect(touched.status).toBe(200)
  server.clock.set(at('12:00'))
  await answer('C', 'reject', 'not_icp')
  server.clock.set(at('12:30'))
  await answer('D', 'recycle', 'wrong_timing')
  server.clock.set(acceptedAt.B)
  await answer('B', 'accept')
  server.clock.set(at('13:30'))
  await answer('F', 'disqualify', 'bad_data')
  // G is no MQL: an inquiry handed to Sue by hand at 14:00, which she rejects as a duplicate.
  // Handed over once the others were answered: the clock only moves forward, so no SLA sweep
  // (one runs soon after every handoff) sees a time past an unanswered deadline too early.
  server.clock.set(at('14:00'))
  const userId = randomUUID()
  await sendAndProcess(server, org.writeKey, [
    {
      type: 'identify',
      userId,
      traits: { email: 'gus@litware.example', firstName: 'Gus' },
      timestamp: at('14:00').toISOString(),
    },
  ])
  contacts.G = await contactOf(userId)
  const manual = await api(`/v1/contacts/${contacts.G}/handoff`, org.keys.sue as string, {
    method: 'POST',
    body: { ownerId: org.users.sue },
  })
  expect(manual.status).toBe(201)
  handoffs.G = (await assignmentsOf(contacts.G))[0] as Assignment

  await setSource('G')
  server.clock.set(at('14:30'))
  await answer('G', 'reject', 'duplicate')

  // Nobody answers E by 16:00: the breach hands it on to the other SDR, where it waits.
  server.clock.set(at('16:01'))
  await server.app.jobs.sweepSlaTimers()
  // Nobody touches B by Tuesday 10:00: a first-touch breach.
  server.clock.set(at('10:01', '2026-03-03'))
  await server.app.jobs.sweepSlaTimers()

  // Two deals lost on Monday: one of A's (under A's source), one the CRM sourced itself.
  const accountId = randomUUID()
  await t.db
    .insertInto('accounts')
    .values({
      workspace_id: org.workspaceId,
      id: accountId,
      name: 'Northwind',
      normalized_name: normalizeCompanyName('Northwind'),
    })
    .execute()
  const lost = [
    { id: randomUUID(), loss_reason: 'Price', lead_source: null },
    { id: randomUUID(), loss_reason: null, lead_source: 'partner' },
  ]
  await t.db
    .insertInto('opportunities')
    .values(
      lost.map((o) => ({
        workspace_id: org.workspaceId,
        account_id: accountId,
        name: `Northwind ${o.lead_source ?? 'A'}`,
        amount: 1000,
        stage: 'closed_lost',
        is_closed: true,
        is_won: false,
        created_at: at('15:00'),
        closed_at: at('17:00'),
        ...o,
      })),
    )
    .execute()
  await t.db
    .insertInto('opportunity_contacts')
    .values({
      workspace_id: org.workspaceId,
      opportunity_id: lost[0]?.id as string,
      contact_id: contacts.A as string,
      is_primary: true,
    })
    .execute()
  server.clock.set(reportAt)
}, 120_000)

afterAll(async () => {
  await server?.close()
  await t?.close()
})

const api = (path: string, key: string, init: { method?: string; body?: unknown } = {}) =>
  callApi(server.url, path, key, init)

const read = (path: string) => api(path, org.keys.marketing as string)

async function contactOf(userId: string): Promise<string> {
  const row = await t.db
    .selectFrom('contacts')
    .select('id')
    .where('workspace_id', '=', org.workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
  return row.id
}

async function setSource(who: string): Promise<void> {
  const source = sources[who] as string
  await t.db
    .updateTable('contacts')
    .set({ source, source_campaign_id: source === 'webinar' ? campaignId : null })
    .where('workspace_id', '=', org.workspaceId)
    .where('id', '=', contacts[who] as string)
    .execute()
}

async function mql(who: string): Promise<void> {
  const userId = await sendQualifyingJourney(server, org.writeKey, {
    email: `${who.toLowerCase()}@northwind-${who.toLowerCase()}.example`,
    firstName: who,
    lastName: 'Lead',
    title: 'VP Marketing',
    country: 'United Kingdom',
  })
  contacts[who] = await contactOf(userId)
  const [handoff] = await assignmentsOf(contacts[who] as string)
  expect(handoff).toMatchObject({ kind: 'mql', status: 'pending', assigned_at: server.clock.now() })
  handoffs[who] = handoff as Assignment
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

function ownerKey(who: string): string {
  const owner = handoffs[who]?.owner_id
  const short = Object.entries(org.users).find(([, id]) => id === owner)?.[0] as string
  return org.keys[short] as string
}

async function answer(who: string, action: string, reasonCode?: string): Promise<void> {
  const response = await api(`/v1/assignments/${handoffs[who]?.id}/${action}`, ownerKey(who), {
    method: 'POST',
    ...(reasonCode === undefined ? {} : { body: { reasonCode } }),
  })
  expect(response.status).toBe(200)
}

/** Linear interpolation between the closest ranks: PostgreSQL's percentile_cont. */
function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const rank = p * (sorted.length - 1)
  const low = Math.floor(rank)
  const lowValue = sorted[low] as number
  const high = sorted[Math.min(low + 1, sorted.length - 1)] as number
  return lowValue + (high - lowValue) * (rank - low)
}

/** The workspace's handoffs and fired breach timers, as the database holds them now. */
async function stored() {
  const all = await t.db
    .selectFrom('assignments')
    .selectAll()
    .where('workspace_id', '=', org.workspaceId)
    .orderBy('assigned_at')
    .orderBy('id')
    .execute()
  const breaches = await t.db
    .selectFrom('sla_timers')
    .select(['assignment_id', 'clock'])
    .where('workspace_id', '=', org.workspaceId)
    .where('kind', '=', 'breach')
    .where('fired_at', 'is not', null)
    .execute()
  return { all, breaches }
}

/** The sales figures of docs/reports.md over `rows`, judged at `now`. */
function salesFigures(
  rows: readonly Assignment[],
  breaches: readonly { assignment_id: string; clock: string }[],
  now: Date,
) {
  const answeredAt = (a: Assignment) =>
    a.accepted_at ??
    (['rejected', 'recycled', 'disqualified'].includes(a.status) ? a.closed_at : null)
  const acceptClocks = rows.filter(
    (a) =>
      a.accept_due_at !== null &&
      (a.accepted_at !== null || a.closed_at !== null || a.accept_due_at <= now),
  )
  const touchClocks = rows.filter(
    (a) =>
      a.first_touch_due_at !== null &&
      (a.first_touch_at !== null ||
        (a.first_touch_due_at <= now &&
          (a.closed_at === null || a.closed_at > a.first_touch_due_at))),
  )
  const hoursTo = (end: 'accepted_at' | 'first_touch_at') =>
    rows.flatMap((a) => {
      const e = a[end]
      return e === null ? [] : [(e.getTime() - a.assigned_at.getTime()) / HOUR]
    })
  const breached = (clock: string) =>
    rows.filter((a) => breaches.some((b) => b.assignment_id === a.id && b.clock === clock)).length
  const byDue = (time: Date | null, due: Date | null) =>
    time !== null && due !== null && time <= due
  const acceptedWithinSla = acceptClocks.filter((a) => byDue(a.accepted_at, a.accept_due_at)).length
  const answeredWithinSla = acceptClocks.filter((a) => byDue(answeredAt(a), a.accept_due_at)).length
  const touchedWithinSla = touchClocks.filter((a) =>
    byDue(a.first_touch_at, a.first_touch_due_at),
  ).length
  return {
    handoffs: rows.length,
    accepted: rows.filter((a) => a.accepted_at !== null).length,
    firstTouched: rows.filter((a) => a.first_touch_at !== null).length,
    medianHoursToAccept: percentile(hoursTo('accepted_at'), 0.5),
    p90HoursToAccept: percentile(hoursTo('accepted_at'), 0.9),
    medianHoursToFirstTouch: percentile(hoursTo('first_touch_at'), 0.5),
    p90HoursToFirstTouch: percentile(hoursTo('first_touch_at'), 0.9),
    acceptClocks: acceptClocks.length,
    acceptedWithinSla,
    answeredWithinSla,
    acceptSlaMissed: acceptClocks.length - answeredWithinSla,
    firstTouchClocks: touchClocks.length,
    firstTouchedWithinSla: touchedWithinSla,
    firstTouchSlaMissed: touchClocks.length - touchedWithinSla,
    acceptBreaches: breached('accept'),
    firstTouchBreaches: breached('first_touch'),
  }
}

const monday = 'from=2026-03-02&to=2026-03-03'

describe('the SLA report', () => {
  it('gives the hours to accept and to first touch the answers were given in', async () => {
    const { body, status } = await read(`/v1/reports/sla?${monday}`)
    expect(status).toBe(200)
    // Accepted 1.5 and 3 hours after the 10:00 handoffs; A first touched 2 hours after its own.
    const [a, b] = [acceptedAt.A, acceptedAt.B].map(
      (x) => (x.getTime() - at('10:00').getTime()) / HOUR,
    )
    const toTouch = (touchedAt.A.getTime() - at('10:00').getTime()) / HOUR
    expect(body.sales.total).toMatchObject({
      accepted: 2,
      firstTouched: 1,
      medianHoursToAccept: ((a as number) + (b as number)) / 2,
      p90HoursToAccept: (a as number) + 0.9 * ((b as number) - (a as number)),
      medianHoursToFirstTouch: toTouch,
      p90HoursToFirstTouch: toTouch,
    })
  })

  it("counts sales' figures per group as the definitions make them from the handoffs", async () => {
    const { all, breaches } = await stored()
    // A..G and E's reassignment, all to the volume team; one breach of each clock.
    expect(all).toHaveLength(8)
    for (const groupBy of ['team', 'owner', 'motion'] as const) {
      const { body } = await read(`/v1/reports/sla?${monday}&groupBy=${groupBy}`)
      expect(body).toMatchObject({
        from: '2026-03-02T00:00:00.000Z',
        to: '2026-03-04T00:00:00.000Z',
        groupBy,
        asOf: reportAt.toISOString(),
      })
      const keyOf = (a: Assignment) =>
        groupBy === 'team'
          ? (a.team_id ?? '(none)')
          : groupBy === 'owner'
            ? a.owner_id
            : (a.motion ?? '(none)')
      const keys = [...new Set(all.map(keyOf))].sort()
      expect(body.sales.groups.map((g: { key: string }) => g.key).sort()).toEqual(keys)
      for (const group of body.sales.groups)
        expect(group).toMatchObject(
          salesFigures(
            all.filter((a) => keyOf(a) === group.key),
            breaches,
            reportAt,
          ),
        )
      const total = salesFigures(all, breaches, reportAt)
      expect(body.sales.total).toMatchObject({ key: 'all', label: 'All', ...total })
      expect(body.sales.total.acceptedWithinSlaShare).toBeCloseTo(
        total.acceptedWithinSla / total.acceptClocks,
      )
      expect(body.sales.total.firstTouchedWithinSlaShare).toBeCloseTo(
        total.firstTouchedWithinSla / total.firstTouchClocks,
      )
    }
    // Judged earlier, at 14:45 on Monday, the clocks of C, D and F (due 15:00 and later) count
    // because they were answered, not because they ran out.
    const earlier = at('14:45')
    server.clock.set(earlier)
    try {
      const { body } = await read(`/v1/reports/sla?${monday}`)
      expect(body.asOf).toBe(earlier.toISOString())
      expect(body.sales.total).toMatchObject(salesFigures(all, breaches, earlier))
    } finally {
      server.clock.set(reportAt)
    }
    const { body } = await read(`/v1/reports/sla?${monday}`)
    // What the story above makes them: E missed its accept clock, B its first-touch clock.
    expect(body.sales.total).toMatchObject({
      acceptBreaches: 1,
      firstTouchBreaches: 1,
      acceptSlaMissed: 1,
    })
    expect(body.sales.groups.map((g: { label: string }) => g.label)).toEqual(['SDR Volume'])
  })

  it("counts marketing's MQLs once each, however often handed on, with their outcome", async () => {
    const { body } = await read(`/v1/reports/sla?${monday}&mqlTarget=10`)
    // Six MQLs (A-F); E's reassignment is the same MQL, still waiting; G was no MQL.
    const delivered = ['A', 'B', 'C', 'D', 'E', 'F']
    const outcome = { accepted: ['A', 'B'], rejected: ['C'], recycled: ['D'], disqualified: ['F'] }
    expect(body.marketing).toEqual({
      mqlDelivered: delivered.length,
      mqlTarget: 10,
      targetAttainment: delivered.length / 10,
      accepted: outcome.accepted.length,
      rejected: outcome.rejected.length,
      recycled: outcome.recycled.length,
      disqualified: outcome.disqualified.length,
      pending: 1,
      acceptedShare: outcome.accepted.length / delivered.length,
      rejectedShare: outcome.rejected.length / delivered.length,
      recycledShare: outcome.recycled.length / delivered.length,
      disqualifiedShare: outcome.disqualified.length / delivered.length,
      pendingShare: 1 / delivered.length,
    })
  })

  it('covers the last 30 days by the app clock unless told', async () => {
    const { body } = await read('/v1/reports/sla')
    expect(body.to).toBe(reportAt.toISOString())
    expect(body.from).toBe(new Date(reportAt.getTime() - 30 * 24 * HOUR).toISOString())
    expect(body.sales.total.handoffs).toBe(8)
    const empty = await read('/v1/reports/sla?from=2026-02-01&to=2026-02-28')
    expect(empty.body.sales).toMatchObject({ groups: [], total: { handoffs: 0, acceptClocks: 0 } })
    expect(empty.body.sales.total.acceptedWithinSlaShare).toBeNull()
    expect(empty.body.marketing.mqlDelivered).toBe(0)
  })

  it('refuses a period that ends before it starts, saying so', async () => {
    const response = await read('/v1/reports/sla?from=2026-03-05&to=2026-03-01')
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('validation_failed')
    expect(response.body.error.message).toContain('is after to')
    const feedback = await read('/v1/reports/feedback?from=2026-03-05T00:00:00Z&to=2026-03-01')
    expect(feedback.status).toBe(400)
    const notADate = await read('/v1/reports/sla?from=last-monday')
    expect(notADate.status).toBe(400)
    expect(notADate.body.error.message).toContain('from=last-monday is not a date')
  })
})

describe("the SLA report's drill-down", () => {
  it('lists the handoff behind the accept breach, with its times and its breach', async () => {
    const { body } = await read(`/v1/reports/sla/rows?${monday}&measure=accept_breaches`)
    expect(body.total).toBe(1)
    expect(body.next).toBeNull()
    const e = handoffs.E as Assignment
    expect(body.items).toEqual([
      expect.objectContaining({
        id: e.id,
        contactId: contacts.E,
        contactName: 'E Lead',
        ownerId: e.owner_id,
        status: 'reassigned',
        assignedAt: at('12:00').toISOString(),
        acceptDueAt: e.accept_due_at?.toISOString(),
        acceptedAt: null,
        acceptBreachedAt: at('16:01').toISOString(),
        teamName: 'SDR Volume',
        motion: 'volume',
      }),
    ])
  })

  it("lists a group's handoffs answered within the SLA, page by page, as many as the figure", async () => {
    const { body: report } = await read(`/v1/reports/sla?${monday}`)
    const [team] = report.sales.groups
    const figure = team.answeredWithinSla
    const first = await read(
      `/v1/reports/sla/rows?${monday}&measure=answered_within_sla&groupBy=team&group=${team.key}&limit=2`,
    )
    expect(first.body).toMatchObject({ total: figure, next: 2 })
    const rest = await read(
      `/v1/reports/sla/rows?${monday}&measure=answered_within_sla&groupBy=team&group=${team.key}&limit=500&offset=2`,
    )
    expect(rest.body.next).toBeNull()
    const rows = [...first.body.items, ...rest.body.items]
    const ids = rows.map((r: { id: string }) => r.id)
    // A, B (accepted), C, D, F (answered otherwise) and G, each by its accept due time.
    expect(ids.sort()).toEqual(
      ['A', 'B', 'C', 'D', 'F', 'G'].map((w) => handoffs[w]?.id as string).sort(),
    )
    expect(figure).toBe(6)
    const a = rows.find((r: { id: string }) => r.id === handoffs.A?.id)
    expect(a).toMatchObject({
      hoursToAccept: (acceptedAt.A.getTime() - at('10:00').getTime()) / HOUR,
      hoursToFirstTouch: (touchedAt.A.getTime() - at('10:00').getTime()) / HOUR,
      reasonCode: null,
    })
    const c = rows.find((r: { id: string }) => r.id === handoffs.C?.id)
    expect(c).toMatchObject({ status: 'rejected', reasonCode: 'not_icp', hoursToAccept: null })
  })

  it('lists the MQL still waiting as the handoff that holds it, dated by its first', async () => {
    const { body } = await read(`/v1/reports/sla/rows?${monday}&measure=mql_pending`)
    const [first, second] = await assignmentsOf(contacts.E as string)
    expect(body.total).toBe(1)
    expect(body.items[0]).toMatchObject({
      id: second?.id,
      reassignedFrom: first?.id,
      mqlAssignmentId: first?.id,
      mqlAssignedAt: at('12:00').toISOString(),
      outcome: 'pending',
      status: 'pending',
    })
    const grouped = await read(`/v1/reports/sla/rows?${monday}&measure=mql_pending&group=x`)
    expect(grouped.status).toBe(400)
  })
})

describe('the feedback report', () => {
  /** The counts the answers and losses above make, by group key: outcome:reason -> count. */
  function expected(groupOf: (who: string) => string) {
    const counts: Record<string, Record<string, number>> = {}
    const add = (group: string, key: string) => {
      counts[group] ??= {}
      const g = counts[group] as Record<string, number>
      g[key] = (g[key] ?? 0) + 1
    }
    const outcomeOf = { reject: 'rejected', recycle: 'recycled', disqualify: 'disqualified' }
    for (const a of answers) add(groupOf(a.who), `${outcomeOf[a.action]}:${a.reasonCode}`)
    return { counts, add }
  }

  function actual(rows: { key: string; outcome: string; reason: string; count: number }[]) {
    const counts: Record<string, Record<string, number>> = {}
    for (const r of rows) {
      counts[r.key] ??= {}
      ;(counts[r.key] as Record<string, number>)[`${r.outcome}:${r.reason}`] = r.count
    }
    return counts
  }

  it("counts reasons by the contact's source, and a lost deal by its own or its contact's", async () => {
    const { body, status } = await read(`/v1/reports/feedback?${monday}&by=source`)
    expect(status).toBe(200)
    const { counts, add } = expected((who) => sources[who] as string)
    add(sources.A as string, 'lost:Price')
    add('partner', 'lost:(none)')
    expect(actual(body.rows)).toEqual(counts)
    expect(body.totals).toEqual({ rejected: 2, recycled: 1, disqualified: 1, lost: 2 })
  })

  it('counts reasons by the qualification contract version that made the MQL', async () => {
    const { body } = await read(`/v1/reports/feedback?${monday}&by=contract_version`)
    // Version 1 made every MQL; G was handed over by hand, the partner deal has no contact.
    const { counts, add } = expected((who) => (who === 'G' ? '(none)' : '1'))
    add('1', 'lost:Price')
    add('(none)', 'lost:(none)')
    expect(actual(body.rows)).toEqual(counts)
    const labels = new Set(body.rows.map((r: { label: string }) => r.label))
    expect(labels).toEqual(new Set(['qualification@1', '(no qualification contract)']))
  })

  it('counts reasons by campaign, named', async () => {
    const { body } = await read(`/v1/reports/feedback?${monday}&by=campaign`)
    const { counts, add } = expected((who) => (sources[who] === 'webinar' ? campaignId : '(none)'))
    add(campaignId, 'lost:Price')
    add('(none)', 'lost:(none)')
    expect(actual(body.rows)).toEqual(counts)
    expect(body.rows.find((r: { key: string }) => r.key === campaignId)?.label).toBe(
      'Spring webinar',
    )
  })

  it('lists the records behind a count', async () => {
    const { body } = await read(
      `/v1/reports/feedback/rows?${monday}&by=source&group=webinar&outcome=rejected`,
    )
    expect(body.total).toBe(2)
    expect(body.items.map((r: { id: string }) => r.id)).toEqual([handoffs.C?.id, handoffs.G?.id])
    expect(body.items[0]).toMatchObject({
      recordType: 'assignment',
      reason: 'not_icp',
      at: at('12:00').toISOString(),
      contactId: contacts.C,
      source: 'webinar',
      mqlBy: 'qualification@1',
      groupKey: 'webinar',
    })
    const lost = await read(`/v1/reports/feedback/rows?${monday}&by=source&outcome=lost&limit=1`)
    expect(lost.body).toMatchObject({ total: 2, next: 1 })
    const ofA = await read(
      `/v1/reports/feedback/rows?${monday}&by=source&group=${sources.A}&outcome=lost`,
    )
    expect(ofA.body.items).toEqual([
      expect.objectContaining({
        recordType: 'opportunity',
        reason: 'Price',
        contactId: contacts.A,
        at: at('17:00').toISOString(),
        mqlBy: 'qualification@1',
      }),
    ])
  })
})
