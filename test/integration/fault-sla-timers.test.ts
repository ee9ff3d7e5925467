import { createServer, type Server } from 'node:http'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../src/store/database.ts'
import type { Store } from '../../src/store/open-store.ts'
import { callApi } from '../support/call-api.ts'
import { qualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg } from '../support/sales-org.ts'
import { sendAndProcess } from '../support/send-events.ts'
import {
  killServer,
  type RunningServer,
  type ServerDatabase,
  serverDatabase,
} from '../support/server-database.ts'
import { stopTandem } from '../support/tandem-process.ts'
import { startTestApp } from '../support/test-app.ts'

// SLA timers that fall due around a crash fire once each: the server is killed (SIGKILL) while
// its start-up sweep fires a backlog, more timers fall due while it is down, and after a
// restart every one of them has fired once, with one notification, delivered to the webhook.

const PEOPLE = 250
const SENT_TOGETHER = 50
const monday10 = new Date('2026-03-02T10:00:00Z')
const DAY = 86_400_000

let database: ServerDatabase
let server: RunningServer | undefined
let webhook: Server
const deliveries: string[] = []
beforeAll(async () => {
  database = await serverDatabase()
  webhook = createServer((request, response) => {
    deliveries.push(String(request.headers['idempotency-key']))
    request.resume()
    request.on('end', () => response.writeHead(200).end('ok'))
  })
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  if (server !== undefined) await stopTandem(server.process)
  await new Promise((resolve) => webhook?.close(resolve))
  await database?.drop()
})

const SLA_KINDS = ['sla_reminder', 'sla_breach']

/** Every notification of the workspace, as its API lists them, page by page. */
async function allNotifications(url: string, key: string) {
  const items: { kind: string; sentAt: string | null }[] = []
  let after: string | null = null
  do {
    const query: string = after === null ? '' : `&after=${encodeURIComponent(after)}`
    const { status, body } = await callApi(url, `/v1/notifications?limit=500${query}`, key)
    expect(status).toBe(200)
    items.push(...body.items)
    after = body.next
  } while (after !== null)
  return items
}

/** Each due timer with when it fired and how many SLA notifications its assignment got. */
async function dueTimers(db: Kysely<Database>, workspaceId: string, ids: readonly string[]) {
  const timers = await db
    .selectFrom('sla_timers as t')
    .innerJoin('assignments as a', (j) =>
      j.onRef('a.workspace_id', '=', 't.workspace_id').onRef('a.id', '=', 't.assignment_id'),
    )
    .select(['t.id', 't.kind', 't.fired_at', 'a.entity_id'])
    .where('t.workspace_id', '=', workspaceId)
    .where('t.id', 'in', ids)
    .execute()
  const notifications = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'entity_id', 'sent_at'])
    .where('workspace_id', '=', workspaceId)
    .where('kind', 'in', ['sla_reminder', 'sla_breach'])
    .execute()
  const kindOf = { reminder: 'sla_reminder', breach: 'sla_breach' } as const
  return {
    timers: timers.map((t) => ({
      fired: t.fired_at !== null,
      notifications: notifications.filter(
        (n) => n.entity_id === t.entity_id && n.kind === kindOf[t.kind],
      ).length,
    })),
    notifications,
  }
}

describe('SLA timers around a crash', () => {
  it('fire once each, with one notification each, when the server is killed while firing', async () => {
    // PEOPLE MQLs handed to the volume SDRs (one pending assignment each), made in this process.
    let store: Store = await database.open()
    const org = await createSalesOrg(store.db, 'faults', monday10)
    const ws = org.workspaceId
    const maxKey = org.keys.max as string
    await store.db
      .updateTable('users')
      .set({ capacity: 1_000 })
      .where('workspace_id', '=', ws)
      .execute()
    const maker = await startTestApp(
      { store, db: store.db, kind: store.kind, url: undefined, close: () => store.close() },
      monday10,
    )
    for (let from = 0; from < PEOPLE; from += SENT_TOGETHER) {
      const people = Array.from({ length: SENT_TOGETHER }, (_, i) => from + i)
      const events = people.flatMap((i) =>
        qualifyingJourney(
          {
            email: `lead.${i}@litware-systems.example`,
            firstName: 'Lead',
            lastName: `Number ${i}`,
            title: 'Director of IT',
            country: 'Ireland',
          },
          `lead-${i}`,
          monday10,
        ),
      )
      await sendAndProcess(maker, org.writeKey, events)
    }
    await maker.close()
    const assignments = await store.db
      .selectFrom('assignments')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('status', '=', 'pending')
      .execute()
    expect(assignments).toHaveLength(PEOPLE)

    // Real time from here on, as the server runs on the real clock. Each assignment's accept
    // reminder and first-touch breach fall due: two thirds before the server starts (a backlog its
    // start-up sweep fires), the rest a few seconds later (while it is down). The rest much later.
    const now = Date.now()
    const overdue = new Date(now - 60_000)
    const whileDown = new Date(now + 15_000)
    const later = new Date(now + DAY)
    await store.db
      .updateTable('assignments')
      .set({ accept_due_at: later, first_touch_due_at: later })
      .where('workspace_id', '=', ws)
      .execute()
    await store.db
      .updateTable('sla_timers')
      .set({ due_at: later })
      .where('workspace_id', '=', ws)
      .execute()
    const due = await store.db
      .selectFrom('sla_timers')
      .select(['id', 'assignment_id'])
      .where('workspace_id', '=', ws)
      .where((eb) =>
        eb.or([
          eb.and([eb('clock', '=', 'accept'), eb('kind', '=', 'reminder')]),
          eb.and([eb('clock', '=', 'first_touch'), eb('kind', '=', 'breach')]),
        ]),
      )
      .where('fired_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .orderBy('id')
      .execute()
    expect(due).toHaveLength(2 * PEOPLE)
    const dueIds = due.map((t) => t.id)
    // Two thirds overdue at start: a backlog of several of the sweep's transactions.
    for (const [i, group] of [
      dueIds.filter((_, i) => i % 3 !== 2),
      dueIds.filter((_, i) => i % 3 === 2),
    ].entries())
      await store.db
        .updateTable('sla_timers')
        .set({ due_at: i === 0 ? overdue : whileDown })
        .where('workspace_id', '=', ws)
        .where('id', 'in', group)
        .execute()
    await store.close()

    // Start on the real clock; kill as soon as the first SLA notification is visible.
    const env = {
      TANDEM_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as { port: number }).port}/hook`,
    }
    server = await database.start(env)
    for (;;) {
      const { status, body } = await callApi(server.url, '/v1/notifications?limit=1', maxKey)
      expect(status).toBe(200)
      if (SLA_KINDS.includes(body.items[0]?.kind)) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(await killServer(server)).toBe('SIGKILL')
    server = undefined

    // What the crash left: a timer marked fired has its notification, and the other way round.
    store = await database.open()
    const atKill = await dueTimers(store.db, ws, dueIds)
    const firedAtKill = atKill.timers.filter((t) => t.fired)
    expect(firedAtKill.length).toBeGreaterThan(0)
    expect(firedAtKill.length).toBeLessThan(dueIds.length)
    for (const t of atKill.timers) expect(t.notifications).toBe(t.fired ? 1 : 0)
    await store.close()

    // Up again once the rest is due too: its start-up sweep fires what is left.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, whileDown.getTime() - Date.now())),
    )
    server = await database.start(env)
    for (;;) {
      const sla = (await allNotifications(server.url, maxKey)).filter((n) =>
        SLA_KINDS.includes(n.kind),
      )
      if (sla.length === 2 * PEOPLE && sla.every((n) => n.sentAt !== null)) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(await stopTandem(server.process)).toEqual({ code: 0, signal: null })
    server = undefined

    store = await database.open()
    try {
      const end = await dueTimers(store.db, ws, dueIds)
      expect(end.timers).toHaveLength(2 * PEOPLE)
      expect(end.timers.filter((t) => !t.fired || t.notifications !== 1)).toEqual([])
      expect(end.notifications).toHaveLength(2 * PEOPLE)
      // Every notification reached the webhook; a delivery cut short by the crash may be sent
      // again, always with its own id as the idempotency key.
      const delivered = new Set(deliveries)
      expect(end.notifications.filter((n) => !delivered.has(n.id))).toEqual([])
      expect(end.notifications.every((n) => n.sent_at !== null)).toBe(true)
      // Nothing else fell due: the timers set a day ahead are still waiting.
      const waiting = await store.db
        .selectFrom('sla_timers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', ws)
        .where('fired_at', 'is', null)
        .executeTakeFirstOrThrow()
      expect(waiting.n).toBe(2 * PEOPLE)
    } finally {
      await store.close()
    }
  }, 180_000)
})
