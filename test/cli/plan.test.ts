import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { embeddedWorkspace } from '../support/embedded-workspace.ts'

// `tandem plan recommend|progress` on an embedded database with one target account.

let cli: Awaited<ReturnType<typeof embeddedWorkspace>>
afterAll(() => cli?.remove())

beforeAll(async () => {
  cli = await embeddedWorkspace('plan', async (db, workspaceId) => {
    await db
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
  })
})

const tandem = (...args: string[]) => cli.tandem('plan', ...args)

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
