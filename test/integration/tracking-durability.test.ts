import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnTandem } from '../support/tandem-process.ts'
import { emptyPostgresDatabase } from '../support/test-database.ts'

// An event answered with 2xx is durable: kill the server with SIGKILL while clients are sending,
// then count what the database holds. Nothing acknowledged may be missing, nothing doubled.

const SENDERS = 8
const BATCH = 50
const KILL_AFTER_ACKNOWLEDGED = 3_000

let dir: string
let postgres: Awaited<ReturnType<typeof emptyPostgresDatabase>>
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-kill-'))
  postgres = await emptyPostgresDatabase()
})
afterAll(async () => {
  await postgres?.drop()
  rmSync(dir, { recursive: true, force: true })
})

async function storedMessageIds(): Promise<string[]> {
  const query = "select message_id from events where message_id like 'kill-%'"
  if (postgres !== undefined) {
    const client = new pg.Client({ connectionString: postgres.url })
    await client.connect()
    try {
      return (await client.query<{ message_id: string }>(query)).rows.map((r) => r.message_id)
    } finally {
      await client.end()
    }
  }
  // The killed process's lock is still fresh; read the directory directly, as recovery would.
  const pglite = await PGlite.create({ dataDir: join(dir, 'db') })
  try {
    return (await pglite.query<{ message_id: string }>(query)).rows.map((r) => r.message_id)
  } finally {
    await pglite.close()
  }
}

describe('durability of acknowledged events', () => {
  it('loses nothing acknowledged and doubles nothing when the server is killed under load', async () => {
    const target =
      postgres === undefined
        ? { args: ['--data', join(dir, 'db')], env: {} }
        : { args: [], env: { DATABASE_URL: postgres.url } }
    const server = spawnTandem(
      ['start', '--port', '0', '--demo-size', 'small', ...target.args],
      target.env,
    )
    const [, url] = await server.waitFor(/Tandem is running at (http:\/\/\S+)/)
    const [, writeKey] = /Tracking write key: +(twk_\S+)/.exec(server.output()) ?? []
    const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`

    const acknowledged: string[] = []
    let sent = 0
    let killed = false
    const sender = async (id: number) => {
      for (let round = 0; !killed && round < 10_000; round++) {
        const batch = Array.from({ length: BATCH }, (_, i) => ({
          type: 'track',
          messageId: `kill-${id}-${round}-${i}`,
          userId: `user-${id}`,
          event: 'Page Scrolled',
        }))
        sent += BATCH
        try {
          const response = await fetch(`${url}/v1/batch`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: auth },
            body: JSON.stringify({ batch }),
          })
          if (response.status === 200) acknowledged.push(...batch.map((e) => e.messageId))
        } catch {
          return // the server is gone; an unanswered batch was never promised
        }
        if (!killed && acknowledged.length >= KILL_AFTER_ACKNOWLEDGED) {
          killed = true
          server.child.kill('SIGKILL')
        }
      }
    }
    await Promise.all(Array.from({ length: SENDERS }, (_, id) => sender(id)))
    const ended = await server.exited
    expect(ended.signal).toBe('SIGKILL')

    const stored = await storedMessageIds()
    const storedSet = new Set(stored)
    expect(stored.length).toBe(storedSet.size)
    const lost = acknowledged.filter((id) => !storedSet.has(id))
    expect(lost).toEqual([])
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKNOWLEDGED)
    // Some batches were in flight when the process died: sent but never answered.
    expect(sent).toBeGreaterThan(acknowledged.length)
  })
})
