import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SESSION_TTL_MS, setPassword } from '../../src/services/auth/sessions.ts'
import type { Answer } from '../support/call-api.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// People log in with workspace, email and password, and the session cookie then stands in for
// an API key with their role's access, until it expires or they log out. Guessing is limited.

let t: TestStore
let server: RunningApp
let org: SalesOrg
const PASSWORD = 'a long enough passphrase'

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, new Date('2026-03-02T09:00:00Z'))
  org = await createSalesOrg(t.db, 'sessions', server.clock.now())
  for (const person of ['sue', 'marketing'])
    await setPassword(t.db, {
      workspaceId: org.workspaceId,
      email: `${person}@sessions.example`,
      password: PASSWORD,
    })
})

afterAll(async () => {
  await server?.close()
  await t?.close()
})

async function logIn(email: string, password = PASSWORD, workspace = 'sessions') {
  const response = await fetch(`${server.url}/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workspace, email, password }),
  })
  const cookie = response.headers.get('set-cookie') ?? ''
  const body: Answer = await response.json()
  return { response, body, cookie: cookie.split(';')[0] ?? '' }
}

const withCookie = (path: string, cookie: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { ...init.headers, cookie } })

describe('logging in', () => {
  it('sets an HttpOnly session cookie that opens the API with the role’s access', async () => {
    const { response, body, cookie } = await logIn('Sue@Sessions.example')
    expect(response.status, JSON.stringify(body)).toBe(200)
    expect(body.user).toMatchObject({ email: 'sue@sessions.example', role: 'sdr', name: 'Sue' })
    expect(response.headers.get('set-cookie')).toMatch(/HttpOnly/)
    expect(response.headers.get('set-cookie')).toMatch(/SameSite=Lax/)
    expect(cookie).toMatch(/^tandem_session=tss_/)

    const me = await withCookie('/v1/session', cookie)
    expect((await me.json()) as Answer).toMatchObject({ user: { id: org.users.sue } })
    const assignments = await withCookie('/v1/assignments?ownerId=me', cookie)
    expect(assignments.status).toBe(200)
    // An SDR reads and writes, but is no admin.
    const audit = await withCookie('/v1/audit', cookie)
    expect(audit.status).toBe(403)
    expect(((await audit.json()) as Answer).error.message).toBe(
      `Your role's access lacks the "admin" scope.`,
    )
  })

  it('does not say which of workspace, email or password was wrong', async () => {
    const answers = await Promise.all([
      logIn('sue@sessions.example', 'not the password at all'),
      logIn('nobody@sessions.example'),
      logIn('sue@sessions.example', PASSWORD, 'no-such-workspace'),
      logIn('eve@sessions.example'), // a user without a password
    ])
    for (const { response, body, cookie } of answers) {
      expect(response.status).toBe(401)
      expect(body.error.message).toMatch(/workspace, email or password is not right/)
      expect(cookie).toBe('')
    }
  })

  it('refuses a sixth failure in a quarter hour with 429 and Retry-After, even with the right password', async () => {
    for (let i = 0; i < 5; i++)
      expect(
        (await logIn('marketing@sessions.example', 'wrong guess number x')).response.status,
      ).toBe(401)
    const blocked = await logIn('marketing@sessions.example')
    expect(blocked.response.status).toBe(429)
    expect(Number(blocked.response.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(blocked.response.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60)
    server.clock.set(new Date(server.clock.now().getTime() + 16 * 60_000))
    expect((await logIn('marketing@sessions.example')).response.status).toBe(200)
  })

  it('ends at logout, and on its own after its time', async () => {
    const first = await logIn('sue@sessions.example')
    const out = await withCookie('/v1/session', first.cookie, { method: 'DELETE' })
    expect(out.status).toBe(204)
    const after = await withCookie('/v1/workspace', first.cookie)
    expect(after.status).toBe(401)
    expect(((await after.json()) as Answer).error.message).toMatch(/log in again/)

    const second = await logIn('sue@sessions.example')
    expect((await withCookie('/v1/workspace', second.cookie)).status).toBe(200)
    server.clock.set(new Date(server.clock.now().getTime() + SESSION_TTL_MS + 1000))
    expect((await withCookie('/v1/workspace', second.cookie)).status).toBe(401)
  })

  it('ends every session of a person whose password is changed', async () => {
    const { cookie } = await logIn('sue@sessions.example')
    expect((await withCookie('/v1/workspace', cookie)).status).toBe(200)
    await setPassword(t.db, {
      workspaceId: org.workspaceId,
      email: 'sue@sessions.example',
      password: 'another long passphrase',
    })
    expect((await withCookie('/v1/workspace', cookie)).status).toBe(401)
  })

  it('refuses a password shorter than twelve characters', async () => {
    await expect(
      setPassword(t.db, {
        workspaceId: org.workspaceId,
        email: 'sue@sessions.example',
        password: 'short',
      }),
    ).rejects.toThrow(/at least 12 characters/)
  })
})
