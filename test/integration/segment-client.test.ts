import { Analytics } from '@segment/analytics-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey } from '../../src/services/api-keys.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The real Segment Node.js client, pointed at Tandem with its host and path options.

let t: TestStore
let server: RunningApp
let workspaceId: string
let writeKey: string

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t)
  workspaceId = (await createWorkspace(t.db, { slug: 'segment', name: 'Segment client' })).id
  writeKey = (await issueApiKey(t.db, { workspaceId, kind: 'write', name: 'node', scopes: [] })).key
})
afterAll(async () => {
  await server.close()
  await t.close()
})

const client = (url: string) => {
  const analytics = new Analytics({
    writeKey,
    host: url,
    path: '/v1/batch',
    flushAt: 10,
    flushInterval: 50,
    maxRetries: 10,
  })
  const failures: unknown[] = []
  analytics.on('error', (error) => failures.push(error))
  return { analytics, failures }
}

const eventsOf = (userId: string) =>
  t.db
    .selectFrom('events')
    .select(['type', 'event', 'message_id', 'payload'])
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .execute()

describe('@segment/analytics-node', () => {
  it('delivers every call type, once each', async () => {
    const { analytics, failures } = client(server.url)
    analytics.identify({
      userId: 'seg-1',
      traits: { email: 'lena@northwind.test', title: 'VP Sales' },
    })
    analytics.track({ userId: 'seg-1', event: 'Demo Requested', properties: { source: 'pricing' } })
    analytics.page({ userId: 'seg-1', name: 'Pricing', properties: { path: '/pricing' } })
    analytics.screen({ userId: 'seg-1', name: 'Dashboard' })
    analytics.group({ userId: 'seg-1', groupId: 'northwind', traits: { name: 'Northwind' } })
    analytics.alias({ userId: 'seg-1', previousId: 'anon-1' })
    for (let i = 0; i < 25; i++)
      analytics.track({ userId: 'seg-1', event: 'Content Viewed', properties: { i } })
    await analytics.closeAndFlush()

    expect(failures).toEqual([])
    const events = await eventsOf('seg-1')
    expect(events).toHaveLength(31)
    expect(new Set(events.map((e) => e.message_id)).size).toBe(31)
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(['identify', 'track', 'page', 'screen', 'group', 'alias']),
    )
    const demo = events.find((e) => e.event === 'Demo Requested')
    expect(demo?.payload).toMatchObject({
      properties: { source: 'pricing' },
      context: { library: { name: '@segment/analytics-node' } },
    })
  })

  it('retries through a server restart and delivers everything exactly once', async () => {
    const port = Number(new URL(server.url).port)
    await server.close()
    const { analytics, failures } = client(`http://127.0.0.1:${port}`)
    for (let i = 0; i < 40; i++)
      analytics.track({ userId: 'seg-2', event: 'Queued While Down', properties: { i } })
    // The client is now failing to connect and backing off; bring the server back on its port.
    await new Promise((resolve) => setTimeout(resolve, 700))
    server = await startTestApp(t, new Date(), {}, port)
    await analytics.closeAndFlush({ timeout: 30_000 })

    expect(failures).toEqual([])
    const events = await eventsOf('seg-2')
    expect(events).toHaveLength(40)
    const numbers = events.map((e) => (e.payload as { properties: { i: number } }).properties.i)
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i))
  })
})
