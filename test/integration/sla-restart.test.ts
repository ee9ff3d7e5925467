import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendQualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// SLA timers live in the database and run as jobs: one that fell due while the server was down
// fires when it starts again, by itself, and only once.

const monday10 = new Date('2026-03-02T10:00:00Z')
let t: TestStore
let org: SalesOrg
let server: RunningApp | undefined

beforeAll(async () => {
  t = await openTestStore()
  org = await createSalesOrg(t.db, 'restart', monday10)
}, 60_000)

afterAll(async () => {
  await server?.close()
  await t?.close()
})

const breaches = () =>
  t.db
    .selectFrom('notifications')
    .select(['recipient_id'])
    .where('workspace_id', '=', org.workspaceId)
    .where('kind', '=', 'sla_breach')
    .execute()

describe('an SLA timer across a restart', () => {
  it('fires at start when it fell due while the server was down, once', async () => {
    server = await startTestApp(t, monday10)
    await sendQualifyingJourney(server, org.writeKey, {
      email: 'ravi.shah@litware-systems.example',
      firstName: 'Ravi',
      lastName: 'Shah',
      title: 'Director of IT',
      country: 'Ireland',
    })
    const [pending] = await t.db
      .selectFrom('assignments')
      .select(['id', 'status', 'accept_due_at'])
      .where('workspace_id', '=', org.workspaceId)
      .execute()
    expect(pending?.status).toBe('pending')
    await server.close()
    server = undefined

    // Down over the due time (14:00), up again at 15:30: nothing but the start-up runs a sweep.
    server = await startTestApp(t, new Date('2026-03-02T15:30:00Z'))
    const fired = await waitFor(async () => (await breaches()).length > 0)
    expect(fired).toBe(true)
    expect(await breaches()).toEqual([{ recipient_id: org.users.max }])
    const timers = await t.db
      .selectFrom('sla_timers')
      .select(['clock', 'kind', 'fired_at', 'cancelled_at'])
      .where('workspace_id', '=', org.workspaceId)
      .where('assignment_id', '=', pending?.id as string)
      .where('clock', '=', 'accept')
      .orderBy('kind')
      .execute()
    expect(timers.map((x) => [x.kind, x.fired_at?.toISOString() ?? null])).toEqual([
      ['breach', '2026-03-02T15:30:00.000Z'],
      ['reminder', '2026-03-02T15:30:00.000Z'],
    ])

    // Another start and another sweep find nothing left to fire.
    await server.close()
    server = await startTestApp(t, new Date('2026-03-02T16:00:00Z'))
    expect((await server.app.jobs.sweepSlaTimers()).fired).toBe(0)
    expect(await breaches()).toHaveLength(1)
  }, 60_000)
})

async function waitFor(check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}
