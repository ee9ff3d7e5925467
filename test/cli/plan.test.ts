import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWorkspace } from '../../src/services/workspaces.ts'
import { migrateToLatest } from '../../src/store/migrate.ts'
import { openStore } from '../../src/store/open-store.ts'
import { spawnTandem } from '../support/tandem-process.ts'

// `tandem plan recommend|progress` on an embedded database with one target account.

const dir = mkdtempSync(join(tmpdir(), 'tandem-plan-'))
const data = join(dir, 'data')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

beforeAll(async () => {
  const store = await openStore({ kind: 'pglite', dataDir: data })
  try {
    await migrateToLatest(store.db)
    const workspaceId = (await createWorkspace(store.db, { slug: 'acme', name: 'Acme' })).id
    await store.db
      .insertInto('accounts')
      .values({
        workspace_id: workspaceId,
        id: randomUUID(),
        name: 'Fabrikam Retail',
        normalized_name: 'fabrikam retail',
        icp_tier: 1,
        stage: 'target',
        is_target: true,
      })
      .execute()
  } finally {
    await store.close()
  }
})

async function tandem(...args: string[]) {
  const child = spawnTandem(['plan', ...args, '--workspace', 'acme', '--data', data])
  const { code } = await child.exited
  return { code, output: child.output() }
}

describe('tandem plan', () => {
  it('recommends profiling a target account nobody is known at, as CSV', async () => {
    const { code, output } = await tandem('recommend', '--format', 'csv')
    expect(code, output).toBe(0)
    const lines = output.split(/\r?\n/).filter((line) => line.includes(','))
    expect(lines[0]).toBe('Account,Tier,Priority,Play,Why')
    expect(lines[1]).toBe(
      'Fabrikam Retail,1,1,account_profiling,"No economic buyer, decision maker or champion known among the 0 people at the account: profile it to find them."',
    )
  })

  it('says how to start when no plan is active', async () => {
    const { code, output } = await tandem('progress')
    expect(code, output).toBe(0)
    expect(output).toContain('No active plan has goals yet')
  })
})
