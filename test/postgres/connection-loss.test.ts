import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore, type PostgresStore } from '../../src/store/open-store.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

let t: TestStore
let store: PostgresStore
const idleErrors: Error[] = []

beforeAll(async () => {
  t = await openTestStore()
  store = await openStore({
    kind: 'postgres',
    url: t.url as string,
    onIdleConnectionError: (error) => idleErrors.push(error),
  })
})
afterAll(async () => {
  await store.close()
  await t.close()
})

describe('a connection the server drops while idle', () => {
  it('is reported, does not end the process, and the next query reconnects', async () => {
    const before = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(store.db)
    const pid = before.rows[0]?.pid
    await sql`select pg_terminate_backend(${pid})`.execute(t.db)
    await expect.poll(() => idleErrors.length).toBe(1)
    expect(idleErrors[0]?.message).toMatch(/terminating connection/)

    const after = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(store.db)
    expect(after.rows[0]?.pid).not.toBe(pid)
  })
})
