import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import { scoreAccount } from '../../domain/scoring/account-score.ts'
import { scoreContact } from '../../domain/scoring/contact-score.ts'
import type { Database } from '../../store/database.ts'
import { activeContracts } from '../contracts.ts'
import { loadContactSlice } from './contact-scoring-inputs.ts'
import { readActivityPass } from './read-activity-pass.ts'
import {
  type AccountScoreRow,
  accountScoreRow,
  loadAccountInputs,
  scoreAccounts,
  writeAccountScores,
} from './score-accounts.ts'
import {
  type ContactScoreRow,
  contactScoreRow,
  scoreContacts,
  writeContactScores,
} from './score-contacts.ts'

// A full re-score of a workspace after a contract changes: contacts, then accounts, by id, in
// slices that each take one pass over the workspace's activities (a workspace no larger than a
// slice takes one pass in all). Each batch of scores commits with the run's cursor, so a run cut
// short by a crash goes on after its last batch when the server starts again.

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

export interface RescoreOptions {
  /** Rows written per transaction; the run's cursor moves with each. */
  readonly batchSize?: number
  /** Contacts (or accounts) scored per pass over the workspace's activities. */
  readonly sliceSize?: number
  readonly now: () => Date
  /** Called after each batch commits; the run waits for what it returns. */
  readonly onProgress?: (progress: RescoreProgress) => void | Promise<void>
  readonly shouldStop?: () => boolean
}

/** Runs a re-score to its end (or until `shouldStop`), reporting progress after every batch. */
export async function runRescore(
  db: Kysely<Database>,
  workspaceId: string,
  runId: string,
  options: RescoreOptions,
): Promise<RescoreProgress> {
  for (;;) {
    const { progress, stopped } = await rescoreNextSlice(db, workspaceId, runId, options)
    if (progress.phase === 'done' || stopped) return progress
  }
}

/**
 * Scores the run's next slice: its contacts (and, with the last of them, its accounts) or, once
 * the contacts are done, its next accounts. One pass over the activities gathers what they did;
 * then the scores are written a batch per transaction, each with the cursor. A row that changed
 * since the slice read it (an event scored it meanwhile) is scored again in full, under lock.
 */
async function rescoreNextSlice(
  db: Kysely<Database>,
  workspaceId: string,
  runId: string,
  options: RescoreOptions,
): Promise<{ progress: RescoreProgress; stopped: boolean }> {
  const batchSize = options.batchSize ?? 1_000
  const sliceSize = options.sliceSize ?? 250_000
  const at = options.now()
  const run = await db
    .selectFrom('rescore_runs')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', runId)
    .executeTakeFirst()
  if (run === undefined) throw new Error(`re-score run ${runId} does not exist`)
  let progress = progressOf(run)
  if (run.status !== 'running' || run.phase === 'done') return { progress, stopped: true }
  const { qualification, icp } = await activeContracts(db, workspaceId)
  const contactsAfter = run.phase === 'contacts' ? run.cursor : null
  const contacts =
    run.phase === 'contacts'
      ? await loadContactSlice(db, workspaceId, contactsAfter, sliceSize)
      : []
  const lastContactSlice = run.phase === 'contacts' && contacts.length < sliceSize
  const accountsAfter = run.phase === 'accounts' ? run.cursor : null
  const accounts =
    run.phase === 'accounts' || lastContactSlice
      ? await loadAccountInputs(db, workspaceId, { after: accountsAfter, limit: sliceSize })
      : []
  const activities = await readActivityPass(db, workspaceId, {
    contacts: qualification === undefined ? [] : contacts.map((c) => c.input.id),
    accounts: icp === undefined ? [] : accounts.map((a) => a.id),
  })

  const contactStore: ScoreStore<ContactScoreRow> | undefined = qualification && {
    table: 'contacts',
    write: (trx, rows) => writeContactScores(trx, workspaceId, rows, qualification.version, at),
    scoreInFull: (trx, ids) => scoreContacts(trx, workspaceId, ids, qualification, at),
  }
  const accountStore: ScoreStore<AccountScoreRow> | undefined = icp && {
    table: 'accounts',
    write: (trx, rows) => writeAccountScores(trx, workspaceId, rows, icp.version, at),
    scoreInFull: (trx, ids) => scoreAccounts(trx, workspaceId, ids, icp, at),
  }

  /** Stores a batch and moves the cursor in one transaction; false when the run should stop. */
  const commit = async <Row extends { readonly id: string }>(
    count: number,
    rows: readonly Row[],
    store: ScoreStore<Row> | undefined,
    next: { readonly phase: RescoreProgress['phase']; readonly cursor: string | null },
  ): Promise<boolean> => {
    const moved = await db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('rescore_runs')
        .select(['status', 'done', 'total'])
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', runId)
        .forUpdate()
        .executeTakeFirstOrThrow()
      // A newer run superseded this one: it scores everything under the newest contracts.
      if (current.status !== 'running') return undefined
      if (store !== undefined) await storeScores(trx, workspaceId, rows, store)
      return trx
        .updateTable('rescore_runs')
        .set({
          phase: next.phase,
          cursor: next.cursor,
          done: current.done + count,
          // Rows created during the run are scored too; the total grows to say so.
          total: Math.max(current.total, current.done + count),
          updated_at: at,
          ...(next.phase === 'done' ? { status: 'done' as const, finished_at: at } : {}),
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', runId)
        .returningAll()
        .executeTakeFirstOrThrow()
    })
    if (moved === undefined) return false
    progress = progressOf(moved)
    await options.onProgress?.(progress)
    return options.shouldStop?.() !== true
  }

  if (run.phase === 'contacts') {
    const histories = activities.byContact()
    const go = await inBatches(
      contacts,
      batchSize,
      (c) => {
        if (qualification === undefined) return undefined
        const history = histories.next().value?.[1] ?? []
        // An erased person keeps the scores they had (see loadContactInputs).
        if (c.erased) return undefined
        const { version, body } = qualification
        const state = scoreContact(body, version, c.input.profile, history, at)
        const row = contactScoreRow(qualification, c.input.id, state, c.input.dataQualityIssues, at)
        return { ...row, xmin: c.xmin }
      },
      (batch, rows, last) =>
        commit(
          batch.length,
          rows,
          contactStore,
          last && lastContactSlice
            ? { phase: 'accounts', cursor: null }
            : { phase: 'contacts', cursor: batch.at(-1)?.input.id ?? contactsAfter },
        ),
    )
    if (!go || !lastContactSlice) return { progress, stopped: !go }
  }

  const histories = activities.byAccount()
  const go = await inBatches(
    accounts,
    batchSize,
    (a) => {
      if (icp === undefined) return undefined
      const history = histories.next().value?.[1] ?? []
      const state = scoreAccount(icp.body, icp.version, a.profile, history, a.deals, at)
      return { ...accountScoreRow(a.id, state, at), xmin: a.xmin }
    },
    (batch, rows, last) =>
      commit(
        batch.length,
        rows,
        accountStore,
        last && accounts.length < sliceSize
          ? { phase: 'done', cursor: null }
          : { phase: 'accounts', cursor: batch.at(-1)?.id ?? accountsAfter },
      ),
  )
  return { progress, stopped: !go }
}

/**
 * Scores items a batch at a time and hands each batch to `write`, working out the next batch
 * while the one before is being written (the scoring yields now and then to let it). An empty
 * list still makes one (empty) batch, so the run's phase moves on. False once `write` says stop.
 */
async function inBatches<T, Row>(
  items: readonly T[],
  batchSize: number,
  score: (item: T) => Row | undefined,
  write: (batch: readonly T[], rows: Row[], last: boolean) => Promise<boolean>,
): Promise<boolean> {
  let writing = Promise.resolve(true)
  for (let from = 0; from === 0 || from < items.length; from += batchSize) {
    const batch = items.slice(from, from + batchSize)
    const rows: Row[] = []
    for (const [i, item] of batch.entries()) {
      const row = score(item)
      if (row !== undefined) rows.push(row)
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve))
    }
    if (!(await writing)) return false
    writing = write(batch, rows, from + batchSize >= items.length)
    // A failure is seen where the write is awaited, after the next batch is scored.
    writing.catch(() => undefined)
  }
  return writing
}

/** Where a kind of score is written, and how one row is scored again from scratch. */
interface ScoreStore<Row> {
  readonly table: 'contacts' | 'accounts'
  /** Writes the rows unchanged since the pass read them; returns the ids written. */
  readonly write: (trx: Transaction<Database>, rows: readonly Row[]) => Promise<ReadonlySet<string>>
  readonly scoreInFull: (trx: Transaction<Database>, ids: string[]) => Promise<unknown>
}

/**
 * Writes scores worked out from the pass. A row written since the pass read it (an event scored
 * it, its profile changed) is left by `write`; those are locked, so a concurrent event waits, and
 * scored again in full from what they are now.
 */
async function storeScores<Row extends { readonly id: string }>(
  trx: Transaction<Database>,
  workspaceId: string,
  rows: readonly Row[],
  store: ScoreStore<Row>,
): Promise<void> {
  const written = await store.write(trx, rows)
  const changed = rows.filter((r) => !written.has(r.id)).map((r) => r.id)
  if (changed.length === 0) return
  await trx
    .selectFrom(store.table)
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', changed)
    .forUpdate()
    .execute()
  await store.scoreInFull(trx, changed)
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
