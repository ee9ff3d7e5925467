import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../store/database.ts'
import { activeContracts } from '../contracts.ts'
import { scoreAccounts } from './score-accounts.ts'
import { scoreContacts } from './score-contacts.ts'

// A full re-score of a workspace after a contract changes: contacts, then accounts, in batches
// ordered by id. Each batch commits with the run's cursor, so a run cut short by a crash goes on
// from its last batch when the server starts again.

export interface RescoreProgress {
  readonly runId: string
  readonly phase: 'contacts' | 'accounts' | 'done'
  readonly done: number
  readonly total: number
}

export async function startRescore(
  db: Kysely<Database>,
  workspaceId: string,
  reason: string,
  at: Date,
): Promise<RescoreProgress> {
  return db.transaction().execute(async (trx) => {
    // A newer run scores everything under the newest contracts: the older one can stop.
    await trx
      .updateTable('rescore_runs')
      .set({ status: 'failed', error: 'superseded by a newer re-score', finished_at: at })
      .where('workspace_id', '=', workspaceId)
      .where('status', '=', 'running')
      .execute()
    const [contacts, accounts] = await Promise.all(
      (['contacts', 'accounts'] as const).map((table) =>
        trx
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('workspace_id', '=', workspaceId)
          .executeTakeFirstOrThrow(),
      ),
    )
    const id = randomUUID()
    const total = (contacts?.n ?? 0) + (accounts?.n ?? 0)
    await trx
      .insertInto('rescore_runs')
      .values({ workspace_id: workspaceId, id, reason, total, started_at: at, updated_at: at })
      .execute()
    return { runId: id, phase: 'contacts', done: 0, total }
  })
}

/** Scores the run's next batch and moves its cursor; returns where the run stands. */
export async function rescoreNextBatch(
  db: Kysely<Database>,
  workspaceId: string,
  runId: string,
  batchSize: number,
  at: Date,
): Promise<RescoreProgress> {
  return db.transaction().execute(async (trx) => {
    const run = await trx
      .selectFrom('rescore_runs')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', runId)
      .forUpdate()
      .executeTakeFirst()
    if (run === undefined) throw new Error(`re-score run ${runId} does not exist`)
    if (run.status !== 'running' || run.phase === 'done') return progressOf(run)
    const contracts = await activeContracts(trx, workspaceId)
    const table = run.phase
    let query = trx
      .selectFrom(table)
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .orderBy('id')
      .limit(batchSize)
      // Scoring reads activities and writes the rows: holding them keeps a concurrent event's
      // score from being overwritten by an older one.
      .forUpdate()
    if (run.cursor !== null) query = query.where('id', '>', run.cursor)
    const ids = (await query.execute()).map((r) => r.id)
    if (table === 'contacts' && contracts.qualification !== undefined)
      await scoreContacts(trx, workspaceId, ids, contracts.qualification, at)
    if (table === 'accounts' && contracts.icp !== undefined)
      await scoreAccounts(trx, workspaceId, ids, contracts.icp, at)
    const finishedPhase = ids.length < batchSize
    const phase = !finishedPhase ? table : table === 'contacts' ? 'accounts' : 'done'
    const next = await trx
      .updateTable('rescore_runs')
      .set({
        phase,
        cursor: finishedPhase ? null : (ids[ids.length - 1] ?? null),
        done: run.done + ids.length,
        // Rows created during the run are scored too; the total grows to say so.
        total: Math.max(run.total, run.done + ids.length),
        updated_at: at,
        ...(phase === 'done' ? { status: 'done' as const, finished_at: at } : {}),
      })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', runId)
      .returningAll()
      .executeTakeFirstOrThrow()
    return progressOf(next)
  })
}

/** Runs a re-score to its end, reporting progress after every batch. */
export async function runRescore(
  db: Kysely<Database>,
  workspaceId: string,
  runId: string,
  options: {
    readonly batchSize?: number
    readonly now: () => Date
    readonly onProgress?: (progress: RescoreProgress) => void
    readonly shouldStop?: () => boolean
  },
): Promise<RescoreProgress> {
  for (;;) {
    const progress = await rescoreNextBatch(
      db,
      workspaceId,
      runId,
      options.batchSize ?? 1_000,
      options.now(),
    )
    options.onProgress?.(progress)
    if (progress.phase === 'done' || options.shouldStop?.() === true) return progress
  }
}

/** Runs a crash or a stop left unfinished, oldest first, to resume at start. */
export async function unfinishedRescores(
  db: Kysely<Database>,
): Promise<{ workspaceId: string; runId: string }[]> {
  const rows = await db
    .selectFrom('rescore_runs')
    .select(['workspace_id', 'id'])
    .where('status', '=', 'running')
    .orderBy('started_at')
    .execute()
  return rows.map((r) => ({ workspaceId: r.workspace_id, runId: r.id }))
}

export async function getRescore(
  db: Kysely<Database>,
  workspaceId: string,
  runId: string,
): Promise<(RescoreProgress & { status: string; error: string | null }) | undefined> {
  const run = await db
    .selectFrom('rescore_runs')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', runId)
    .executeTakeFirst()
  return run === undefined
    ? undefined
    : { ...progressOf(run), status: run.status, error: run.error }
}

function progressOf(
  run: Pick<RescoreProgress, 'phase' | 'done' | 'total'> & { id: string },
): RescoreProgress {
  return { runId: run.id, phase: run.phase, done: run.done, total: run.total }
}
