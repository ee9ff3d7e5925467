import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey } from '../../src/services/api-keys.ts'
import { setPassword } from '../../src/services/auth/sessions.ts'
import { addUser } from '../../src/services/users.ts'
import { callApi } from '../support/call-api.ts'
import { sendQualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The dashboard's radar: handoffs waiting for an answer with their deadlines and who may answer
// them, first touches overdue, surging accounts and stage moves, in one read and as a live
// stream of server-sent events.

// Tuesday 3 March 2026, 10:00 in London: the volume SDRs are at work.
const tuesday10 = new Date('2026-03-03T10:00:00Z')
const HOUR = 3_600_000
const PASSWORD = 'radar stream passphrase'
let t: TestStore
let server: RunningApp
let org: SalesOrg
let adminKey: string

const nadia = {
  email: 'nadia.radar@fabrikam.example',
  firstName: 'Nadia',
  lastName: 'Radar',
  title: 'VP Marketing',
  country: 'United States',
}

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, tuesday10)
  org = await createSalesOrg(t.db, 'radar', tuesday10)
  adminKey = (
    await issueApiKey(t.db, {
      workspaceId: org.workspaceId,
      kind: 'api',
      name: 'admin',
      scopes: ['admin'],
    })
  ).key
})

afterAll(async () => {
  await server?.close()
  await t?.close()
})

const radar = async (key: string) => {
  const { status, body } = await callApi(server.url, '/v1/radar', key)
  expect(status).toBe(200)
  return body
}
const nameOf = (userId: string) => Object.entries(org.users).find(([, id]) => id === userId)?.[0]

/** Reads server-sent events from a stream, one `event: radar` payload at a time. */
function eventReader(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let buffered = ''
  const next = async (): Promise<{ event: string; data: unknown } | undefined> => {
    for (;;) {
      const end = buffered.indexOf('\n\n')
      if (end >= 0) {
        const block = buffered.slice(0, end)
        buffered = buffered.slice(end + 2)
        if (block.startsWith(':')) continue
        const field = (name: string) =>
          block
            .split('\n')
            .find((line) => line.startsWith(`${name}: `))
            ?.slice(name.length + 2)
        return { event: field('event') ?? '', data: JSON.parse(field('data') ?? 'null') }
      }
      const { value, done } = await reader.read()
      if (done) return undefined
      buffered += decoder.decode(value, { stream: true })
    }
  }
  return { next, close: () => reader.cancel() }
}

describe('GET /v1/radar', () => {
  it('says there is nothing to answer before anyone qualified', async () => {
    const body = await radar(org.keys.vp as string)
    expect(body).toMatchObject({
      now: tuesday10.toISOString(),
      pending: [],
      pendingTotal: 0,
      yours: [],
      yoursTotal: 0,
      firstTouchBreaches: [],
      surging: [],
      stageMoves: [],
    })
  })

  it('lists a new MQL with its accept deadline, and whether each viewer may answer it', async () => {
    await sendQualifyingJourney(server, org.writeKey, nadia)
    const body = await radar(org.keys.marketing as string)
    expect(body.pendingTotal).toBe(1)
    const [mql] = body.pending
    expect(mql).toMatchObject({
      kind: 'mql',
      contactName: 'Nadia Radar',
      contactEmail: nadia.email,
      mayAnswer: false,
    })
    expect(Date.parse(mql.acceptDueAt)).toBeGreaterThan(tuesday10.getTime())
    expect(mql.routingReasons.length).toBeGreaterThan(0)
    const owner = nameOf(mql.ownerId) as string
    expect(['sue', 'sid', 'eve']).toContain(owner)
    const manager = owner === 'eve' ? 'erin' : 'max'
    const other = owner === 'sue' ? 'sid' : 'sue'
    expect((await radar(org.keys[owner] as string)).pending[0].mayAnswer).toBe(true)
    expect((await radar(org.keys[manager] as string)).pending[0].mayAnswer).toBe(true)
    expect((await radar(org.keys[other] as string)).pending[0].mayAnswer).toBe(false)
    // A key that acts for no one answers nothing, even an admin key.
    expect((await radar(adminKey)).pending[0].mayAnswer).toBe(false)
  })

  it("lists, as each viewer's queue, exactly the waiting handoffs they may answer", async () => {
    const { id: adminId } = await addUser(t.db, {
      workspaceId: org.workspaceId,
      email: 'ada@radar.example',
      name: 'Ada Admin',
      role: 'admin',
    })
    const adminPersonKey = (
      await issueApiKey(t.db, {
        workspaceId: org.workspaceId,
        kind: 'api',
        name: 'ada',
        scopes: ['read'],
        userId: adminId,
      })
    ).key
    const [mql] = (await radar(org.keys.marketing as string)).pending
    const owner = nameOf(mql.ownerId) as string
    const manager = owner === 'eve' ? 'erin' : 'max'
    const other = owner === 'sue' ? 'sid' : 'sue'
    const queueOf = async (key: string) => {
      const body = await radar(key)
      return { ids: body.yours.map((h: { id: string }) => h.id), total: body.yoursTotal }
    }
    for (const key of [org.keys[owner], org.keys[manager], adminPersonKey])
      expect(await queueOf(key as string)).toEqual({ ids: [mql.id], total: 1 })
    for (const key of [org.keys[other], org.keys.marketing, adminKey])
      expect(await queueOf(key as string)).toEqual({ ids: [], total: 0 })
  })

  it('puts an accepted handoff nobody touched on the radar once its first-touch deadline passed', async () => {
    const [mql] = (await radar(org.keys.vp as string)).pending
    const owner = nameOf(mql.ownerId) as string
    const accepted = await callApi(
      server.url,
      `/v1/assignments/${mql.id}/accept`,
      org.keys[owner] as string,
      { method: 'POST' },
    )
    expect(accepted.status).toBe(200)
    const { body: detail } = await callApi(server.url, `/v1/assignments/${mql.id}`, adminKey)
    expect((await radar(adminKey)).firstTouchBreaches).toEqual([])
    server.clock.set(new Date(Date.parse(detail.firstTouchDueAt) + HOUR))
    const body = await radar(adminKey)
    expect(body.pending).toEqual([])
    expect(body.firstTouchBreaches).toEqual([
      {
        id: mql.id,
        kind: 'mql',
        contactName: 'Nadia Radar',
        contactEmail: nadia.email,
        ownerName: mql.ownerName,
        acceptedAt: tuesday10.toISOString(),
        firstTouchDueAt: detail.firstTouchDueAt,
      },
    ])
    server.clock.set(tuesday10)
  })

  it('shows surging accounts strongest first, and accounts that moved stage this week', async () => {
    const ws = org.workspaceId
    const account = (name: string, fields: Record<string, unknown>) =>
      t.db
        .insertInto('accounts')
        .values({
          workspace_id: ws,
          id: crypto.randomUUID(),
          name,
          normalized_name: name.toLowerCase(),
          ...fields,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    const strong = await account('Strong Surge', { momentum: 5, engagement_score: 80 })
    const mild = await account('Mild Surge', { momentum: 2.5, engagement_score: 90 })
    await account('Steady', { momentum: 1.2, engagement_score: 95 })
    const moved = await account('Moved', {
      stage: 'engaged',
      stage_changed_at: new Date(tuesday10.getTime() - 2 * 24 * HOUR),
    })
    await account('Moved long ago', {
      stage: 'qualified',
      stage_changed_at: new Date(tuesday10.getTime() - 30 * 24 * HOUR),
    })
    const body = await radar(org.keys.marketing as string)
    expect(body.surging.map((a: { id: string }) => a.id)).toEqual([strong.id, mild.id])
    expect(body.surging[0]).toMatchObject({
      name: 'Strong Surge',
      momentum: 5,
      engagementScore: 80,
    })
    expect(body.stageMoves).toEqual([
      {
        id: moved.id,
        name: 'Moved',
        stage: 'engaged',
        changedAt: new Date(tuesday10.getTime() - 2 * 24 * HOUR).toISOString(),
      },
    ])
  })

  it('asks for a key or a session', async () => {
    const response = await fetch(`${server.url}/v1/radar`)
    expect(response.status).toBe(401)
  })
})

describe('GET /v1/radar/stream', () => {
  it('sends the radar at once, then again when a handoff arrives', async () => {
    const response = await fetch(`${server.url}/v1/radar/stream`, {
      headers: { authorization: `Bearer ${org.keys.max}` },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const { next, close } = eventReader(response)
    const first = (await next()) as { event: string; data: { pendingTotal: number } }
    expect(first.event).toBe('radar')
    expect(first.data.pendingTotal).toBe(0)
    await sendQualifyingJourney(server, org.writeKey, {
      ...nadia,
      email: 'omar.stream@fabrikam.example',
      firstName: 'Omar',
      lastName: 'Stream',
    })
    const second = (await next()) as {
      data: { pending: { contactName: string }[]; pendingTotal: number }
    }
    expect(second.data.pendingTotal).toBe(1)
    expect(second.data.pending[0]?.contactName).toBe('Omar Stream')
    await close()
  })

  it('ends the stream of a session that logged out, at the next change', async () => {
    const email = 'marketing@radar.example'
    await setPassword(t.db, { workspaceId: org.workspaceId, email, password: PASSWORD })
    const login = await fetch(`${server.url}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace: 'radar', email, password: PASSWORD }),
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string
    const response = await fetch(`${server.url}/v1/radar/stream`, { headers: { cookie } })
    const { next } = eventReader(response)
    expect((await next())?.event).toBe('radar')
    await fetch(`${server.url}/v1/session`, { method: 'DELETE', headers: { cookie } })
    await sendQualifyingJourney(server, org.writeKey, {
      ...nadia,
      email: 'lena.logout@fabrikam.example',
      firstName: 'Lena',
      lastName: 'Logout',
    })
    expect(await next()).toBeUndefined()
  })

  it('refuses a caller without a key or session before streaming', async () => {
    const response = await fetch(`${server.url}/v1/radar/stream`)
    expect(response.status).toBe(401)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized')
  })

  it('ends open streams when the server closes, so it can', async () => {
    const second = await startTestApp(t, tuesday10)
    const response = await fetch(`${second.url}/v1/radar/stream`, {
      headers: { authorization: `Bearer ${org.keys.vp}` },
    })
    const { next } = eventReader(response)
    expect((await next())?.event).toBe('radar')
    await second.close()
    expect(await next()).toBeUndefined()
  })
})
