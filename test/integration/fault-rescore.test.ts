import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveContract, draftContract } from '../../src/services/contracts.ts'
import { createDemoWorkspace } from '../../src/services/demo/create-demo-workspace.ts'
import { exampleQualificationDefinition } from '../../src/services/scoring/example-contracts.ts'
import { callApi } from '../support/call-api.ts'
import {
  killServer,
  type RunningServer,
  type ServerDatabase,
  serverDatabase,
} from '../support/server-database.ts'
import { stopTandem } from '../support/tandem-process.ts'

// A full re-score killed part-way (SIGKILL, no shutdown) goes on from its last committed batch
// when the server starts again: every contact ends up scored once under the new version, the
// run's count matches the rows, and its progress never goes back.

let database: ServerDatabase
let server: RunningServer | undefined
beforeAll(async () => {
  database = await serverDatabase()
})
afterAll(async () => {
  if (server !== undefined) await stopTandem(server.process)
  await database?.drop()
})

interface Observed {
  readonly phase: string
  readonly done: number
  readonly total: number
  readonly status: string
}

describe('a full re-score killed part-way', () => {
  it('resumes at restart and scores every contact once under the new version', async () => {
    // A default demo company (20,000 contacts with a year of activity, scored under version 1)
    // and version 2 of its qualification definition, approved by both sides, waiting.
    const store = await database.open()
    const demo = await createDemoWorkspace(store.db, {
      slug: 'demo',
      size: 'default',
      seed: 11,
      now: new Date(),
    })
    const ws = demo.workspaceId
    const people = await store.db
      .selectFrom('users')
      .select(['id', 'role'])
      .where('workspace_id', '=', ws)
      .execute()
    const marketing = people.find((u) => u.role === 'marketing')?.id as string
    const sales = people.find((u) => u.role === 'sales')?.id as string
    const v1 = exampleQualificationDefinition()
    const v2 = {
      ...v1,
      name: 'Stricter grade A',
      fit: { ...v1.fit, grades: { A: 65, B: 40, C: 20 } },
    }
    const draft = await draftContract(store.db, {
      workspaceId: ws,
      document: v2,
      actor: { type: 'user', id: marketing },
      at: new Date(),
    })
    for (const userId of [marketing, sales])
      await approveContract(store.db, {
        workspaceId: ws,
        contractId: draft.id,
        userId,
        at: new Date(),
      })
    const rows = async (db: typeof store.db) => {
      const count = (table: 'contacts' | 'accounts') =>
        db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('workspace_id', '=', ws)
          .executeTakeFirstOrThrow()
      return { contacts: (await count('contacts')).n, accounts: (await count('accounts')).n }
    }
    const before = await rows(store.db)
    expect(before.contacts).toBeGreaterThan(10_000)
    await store.close()

    // Activate it on a running server, watch the run's progress, kill the server part-way.
    server = await database.start()
    const activated = await callApi(
      server.url,
      `/v1/contracts/${draft.id}/activate`,
      demo.adminKey,
      {
        method: 'POST',
      },
    )
    expect(activated.status).toBe(200)
    const runId: string = activated.body.rescore.runId
    expect(activated.body.rescore.total).toBe(before.contacts + before.accounts)
    const observed: Observed[] = []
    const watch = async (until: (progress: Observed) => boolean) => {
      for (;;) {
        const { status, body } = await callApi(
          (server as RunningServer).url,
          `/v1/rescores/${runId}`,
          demo.adminKey,
        )
        expect(status).toBe(200)
        observed.push(body)
        if (until(body)) return body as Observed
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
    const partWay = await watch((p) => p.done > 0 || p.status !== 'running')
    expect(partWay.status).toBe('running')
    expect(await killServer(server)).toBe('SIGKILL')
    server = undefined

    // What the crash left: the cursor and the scores of each committed batch, together.
    const crashed = await database.open()
    const run = () =>
      crashed.db
        .selectFrom('rescore_runs')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', '=', runId)
        .executeTakeFirstOrThrow()
    const scoredUnder = async (version: number) =>
      (
        await crashed.db
          .selectFrom('contacts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('workspace_id', '=', ws)
          .where('score_definition_version', '=', version)
          .executeTakeFirstOrThrow()
      ).n
    const atKill = await run()
    expect(atKill.status).toBe('running')
    expect(atKill.phase).toBe('contacts')
    expect(atKill.done).toBeGreaterThanOrEqual(partWay.done)
    expect(atKill.done).toBeLessThan(before.contacts)
    expect(await scoredUnder(2)).toBe(atKill.done)
    expect(await scoredUnder(1)).toBe(before.contacts - atKill.done)
    await crashed.close()

    // Started again, the server resumes the run by itself and finishes it.
    server = await database.start()
    const resumedAt = observed.length
    const last = await watch((p) => p.status !== 'running')
    expect(last).toMatchObject({ status: 'done', phase: 'done' })
    const afterRestart = observed.slice(resumedAt)
    expect(afterRestart[0]?.done).toBeGreaterThanOrEqual(atKill.done)
    for (let i = 1; i < observed.length; i++)
      expect(observed[i]?.done).toBeGreaterThanOrEqual(observed[i - 1]?.done as number)
    expect(await stopTandem(server.process)).toEqual({ code: 0, signal: null })
    server = undefined

    const finished = await database.open()
    try {
      const db = finished.db
      expect(await rows(db)).toEqual(before)
      const end = await db
        .selectFrom('rescore_runs')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('id', '=', runId)
        .executeTakeFirstOrThrow()
      // Each row counted once: no batch lost to the crash and none scored twice.
      expect(end).toMatchObject({ status: 'done', phase: 'done', cursor: null, error: null })
      expect(end.done).toBe(before.contacts + before.accounts)
      expect(end.total).toBe(before.contacts + before.accounts)
      const versions = await db
        .selectFrom('contacts')
        .select(['score_definition_version as version'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', ws)
        .groupBy('score_definition_version')
        .execute()
      expect(versions).toEqual([{ version: 2, n: before.contacts }])
      const active = await db
        .selectFrom('definitions')
        .select('version')
        .where('workspace_id', '=', ws)
        .where('kind', '=', 'qualification')
        .where('status', '=', 'active')
        .execute()
      expect(active).toEqual([{ version: 2 }])
      const running = await db
        .selectFrom('rescore_runs')
        .select('id')
        .where('status', '=', 'running')
        .execute()
      expect(running).toEqual([])
    } finally {
      await finished.close()
    }
  }, 180_000)
})
