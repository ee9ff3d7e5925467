import { randomUUID } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey } from '../../src/services/api-keys.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

let t: TestStore
let server: RunningApp
let workspaceId: string
let writeKey: string
let readKey: string

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, new Date('2026-11-23T12:00:00Z'))
  workspaceId = (await createWorkspace(t.db, { slug: 'tracking', name: 'Tracking' })).id
  writeKey = (await issueApiKey(t.db, { workspaceId, kind: 'write', name: 'site', scopes: [] })).key
  readKey = (await issueApiKey(t.db, { workspaceId, kind: 'api', name: 'r', scopes: ['read'] })).key
})
afterAll(async () => {
  await server.close()
  await t.close()
})

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(writeKey), ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  })
const stored = async (messageIds: string[]) =>
  t.db
    .selectFrom('events')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('message_id', 'in', messageIds)
    .orderBy('message_id')
    .execute()

describe('single calls', () => {
  it('stores a track call sent with the write key as HTTP Basic user', async () => {
    const messageId = randomUUID()
    const response = await post('/v1/track', {
      messageId,
      userId: 'u-1',
      event: 'Demo Requested',
      properties: { plan: 'enterprise' },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      success: true,
      accepted: 1,
      duplicates: 0,
      rejected: [],
    })
    const [event] = await stored([messageId])
    expect(event).toMatchObject({ type: 'track', event: 'Demo Requested', user_id: 'u-1' })
    expect(event?.payload).toMatchObject({ properties: { plan: 'enterprise' }, messageId })
  })

  it('takes the write key from the body too, and every call type', async () => {
    const calls: [string, Record<string, unknown>][] = [
      ['identify', { anonymousId: 'a-1', traits: { email: 'ana@acme.test' } }],
      ['page', { anonymousId: 'a-1', name: 'Pricing' }],
      ['screen', { userId: 7, name: 'Home' }],
      ['group', { userId: 'u-1', groupId: 'acme' }],
      ['alias', { previousId: 'a-1', userId: 'u-1' }],
    ]
    for (const [type, body] of calls) {
      const messageId = randomUUID()
      const response = await post(
        `/v1/${type}`,
        { ...body, messageId, writeKey },
        { authorization: '' },
      )
      expect([type, response.status]).toEqual([type, 200])
      expect((await stored([messageId]))[0]?.type).toBe(type)
    }
  })

  it('explains what is missing in an invalid call, and stores nothing', async () => {
    const response = await post('/v1/track', { userId: 'u-1' })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { code: string; message: string } }
    expect(body.error).toMatchObject({
      code: 'validation_failed',
      message: 'Nothing was stored: a track event needs an event name.',
    })
  })

  it('corrects the sender’s clock with sentAt', async () => {
    const messageId = randomUUID()
    // The client's clock runs one hour behind ours.
    await post('/v1/track', {
      messageId,
      userId: 'u-2',
      event: 'Trial Started',
      timestamp: '2026-11-23T10:59:00.000Z',
      sentAt: '2026-11-23T11:00:00.000Z',
    })
    expect((await stored([messageId]))[0]?.timestamp).toEqual(new Date('2026-11-23T11:59:00.000Z'))
  })
})

describe('keys', () => {
  it('asks for the write key when none is sent', async () => {
    const response = await post('/v1/track', { userId: 'u', event: 'x' }, { authorization: '' })
    expect(response.status).toBe(401)
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'HTTP Basic user name',
    )
  })

  it('refuses a key without the ingest scope, naming it', async () => {
    const response = await post(
      '/v1/track',
      { userId: 'u', event: 'x' },
      { authorization: basic(readKey) },
    )
    expect(response.status).toBe(403)
    expect(
      ((await response.json()) as { error: { details: unknown } }).error.details,
    ).toMatchObject({
      missingScope: 'ingest',
    })
  })
})

describe('batches', () => {
  it('stores the valid events, reports the others by index, and merges the batch context', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()]
    const response = await post('/v1/batch', {
      context: { library: { name: 'analytics-node', version: '3.1.0' }, locale: 'en-US' },
      integrations: { All: true },
      batch: [
        {
          type: 'track',
          messageId: ids[0],
          userId: 'u-3',
          event: 'Webinar Attended',
          context: { locale: 'de-DE' },
        },
        { type: 'track', messageId: ids[1], userId: 'u-3' },
        { type: 'launch', messageId: ids[2], userId: 'u-3' },
        { type: 'page', anonymousId: 'a-9', properties: { path: '/pricing' } },
        'not an object',
      ],
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { accepted: number; rejected: unknown[] }
    expect(body).toEqual({
      success: true,
      accepted: 2,
      duplicates: 0,
      rejected: [
        { index: 1, reason: 'a track event needs an event name' },
        { index: 2, reason: 'type must be one of identify, track, page, screen, group, alias' },
        { index: 4, reason: 'an event must be a JSON object' },
      ],
    })
    const [first] = await stored([ids[0] as string])
    expect(first?.payload).toMatchObject({
      context: { library: { name: 'analytics-node' }, locale: 'de-DE' },
      integrations: { All: true },
    })
  })

  it('never doubles a retried batch', async () => {
    const batch = Array.from({ length: 20 }, (_, i) => ({
      type: 'track',
      messageId: `retry-${i}-${workspaceId}`,
      userId: 'u-4',
      event: 'Pricing Viewed',
    }))
    const first = await post('/v1/batch', { batch })
    expect(await first.json()).toMatchObject({ accepted: 20, duplicates: 0 })
    const again = await post('/v1/batch', { batch: [...batch, batch[0]] })
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 21 })
    expect(await stored(batch.map((e) => e.messageId))).toHaveLength(20)
  })

  it('answers a batch where nothing is valid with a 400 listing every reason', async () => {
    const response = await post('/v1/batch', { batch: [{ type: 'track' }, {}] })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { message: string; details: unknown } }
    expect(body.error.message).toContain('#0: userId or anonymousId is required')
    expect(body.error.details).toEqual({
      rejected: [
        { index: 0, reason: 'userId or anonymousId is required' },
        { index: 1, reason: 'type must be one of identify, track, page, screen, group, alias' },
      ],
    })
  })

  it('requires the batch array', async () => {
    const response = await post('/v1/batch', { events: [] })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'batch',
    )
  })
})

describe('encoding and limits', () => {
  it('accepts a gzip-encoded batch', async () => {
    const messageId = randomUUID()
    const body = gzipSync(
      JSON.stringify({ batch: [{ type: 'track', messageId, userId: 'u-5', event: 'Signed Up' }] }),
    )
    const response = await post('/v1/batch', body, { 'content-encoding': 'gzip' })
    expect(response.status).toBe(200)
    expect(await stored([messageId])).toHaveLength(1)
  })

  it('refuses a body that claims gzip but is not', async () => {
    const response = await post('/v1/batch', '{"batch": []}', { 'content-encoding': 'gzip' })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'The body is not valid gzip data.',
    )
  })

  it('names the per-event limit for an event over 32 KB, and stores the rest', async () => {
    const small = randomUUID()
    const response = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'u', event: 'Big', properties: { blob: 'x'.repeat(33 * 1024) } },
        { type: 'track', messageId: small, userId: 'u', event: 'Small' },
      ],
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { rejected: { index: number; reason: string }[] }
    expect(body.rejected[0]?.index).toBe(0)
    expect(body.rejected[0]?.reason).toMatch(
      /^the event is \d+ bytes; the limit is 32 KB per event$/,
    )
    expect(await stored([small])).toHaveLength(1)
  })

  it('names the per-request limit over 500 KB, plain or gzipped', async () => {
    const batch = Array.from({ length: 30 }, () => ({
      type: 'track',
      userId: 'u',
      event: 'E',
      properties: { blob: 'y'.repeat(20 * 1024) },
    }))
    for (const [body, headers] of [
      [JSON.stringify({ batch }), {}],
      [gzipSync(JSON.stringify({ batch })), { 'content-encoding': 'gzip' }],
    ] as const) {
      const response = await post('/v1/batch', body, headers)
      expect(response.status).toBe(400)
      const error = ((await response.json()) as { error: { message: string; details: unknown } })
        .error
      expect(error.message).toContain('500 KB limit per request')
      expect(error.details).toEqual({ limit: 'request', maxBytes: 500 * 1024 })
    }
  })

  it('answers malformed JSON with a 400, never a 5xx', async () => {
    const response = await post('/v1/batch', '{"batch": [')
    expect(response.status).toBe(400)
  })
})

describe('overload', () => {
  it('answers 429 with Retry-After beyond the configured concurrency', async () => {
    const busy = await startTestApp(t, new Date(), { ingestConcurrency: 1 })
    try {
      const body = JSON.stringify({ batch: [{ type: 'track', userId: 'u', event: 'Queued' }] })
      const send = () =>
        fetch(`${busy.url}/v1/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: basic(writeKey) },
          body,
        })
      // Hold the events table (and, on the embedded database, its one connection) so the first
      // request stays in flight while the second arrives.
      let release: () => void = () => {}
      const held = new Promise<void>((resolve) => {
        release = resolve
      })
      const holding = t.db.transaction().execute(async (trx) => {
        await sql`lock table events in exclusive mode`.execute(trx)
        await held
      })
      const first = send()
      let second: Response | undefined
      for (let attempt = 0; attempt < 50 && second?.status !== 429; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        second = await Promise.race([
          send(),
          new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 200)),
        ])
      }
      release()
      await holding
      expect(second?.status).toBe(429)
      expect(second?.headers.get('retry-after')).toBe('1')
      expect((await first).status).toBe(200)
    } finally {
      await busy.close()
    }
  })
})
