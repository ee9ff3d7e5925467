import type { Kysely } from 'kysely'
import type { Database, StageTransitionsTable } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import { MAX_PAGE_SIZE } from '../lead-review.ts'

// A contact's or an account's way through its funnel, as the stage_transitions rows recorded it:
// who or what moved it, when, and why.

export interface StageChange {
  readonly from: string | null
  readonly to: string
  readonly at: Date
  readonly actorType: StageTransitionsTable['actor_type']
  /** A user id, a rule such as "qualification@3", or the system step that moved it. */
  readonly actorId: string | null
  readonly reasonCode: string | null
  readonly reason: string | null
}

/** Which changes of a history: `limit` (at most MAX_PAGE_SIZE) from `offset` on. */
export interface HistoryPage {
  readonly limit: number
  readonly offset: number
}

/**
 * The stage changes of one contact (lead funnel) or account (account funnel), oldest first, a
 * page at a time; `next` is the offset of the next page, absent on the last.
 */
export async function stageHistory(
  db: Kysely<Database>,
  workspaceId: string,
  funnel: 'lead' | 'account',
  entityId: string,
  page: HistoryPage = { limit: MAX_PAGE_SIZE, offset: 0 },
): Promise<{ readonly items: readonly StageChange[]; readonly next?: number }> {
  const limit = Math.min(Math.max(Math.trunc(page.limit), 1), MAX_PAGE_SIZE)
  const offset = Math.max(Math.trunc(page.offset), 0)
  const exists =
    funnel === 'lead'
      ? await db
          .selectFrom('contacts')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', entityId)
          .where('erased_at', 'is', null)
          .executeTakeFirst()
      : await db
          .selectFrom('accounts')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', entityId)
          .executeTakeFirst()
  if (exists === undefined)
    throw new AppError(
      'not_found',
      `There is no ${funnel === 'lead' ? 'contact' : 'account'} ${entityId} in this workspace.`,
    )
  const history = db
    .selectFrom('stage_transitions')
    .where('workspace_id', '=', workspaceId)
    .where('funnel', '=', funnel)
    .where('entity_id', '=', entityId)
  // Everything up to the time of the first change after this page, whole: moves that share a
  // time are put in order among themselves, so a page must not cut such a group in two.
  const end = offset + limit
  const rows = await history
    .select(['from_stage', 'to_stage', 'at', 'actor_type', 'actor_id', 'reason_code', 'reason'])
    .where((eb) =>
      eb.or([
        eb(history.select('at').orderBy('at').offset(end).limit(1), 'is', null),
        eb('at', '<=', history.select('at').orderBy('at').offset(end).limit(1)),
      ]),
    )
    .orderBy('at')
    .execute()
  const items = chained(rows)
    .slice(offset, end)
    .map((r) => ({
      from: r.from_stage,
      to: r.to_stage,
      at: r.at,
      actorType: r.actor_type,
      actorId: r.actor_id,
      reasonCode: r.reason_code,
      reason: r.reason,
    }))
  return rows.length > end ? { items, next: end } : { items }
}

type Transition = {
  readonly from_stage: string | null
  readonly to_stage: string
  readonly at: Date
}

/**
 * Moves made in one step share their time (a score takes an inquiry to lead, then to mql), and
 * their ids are random: within one time, each move follows the one that ended where it starts.
 */
function chained<T extends Transition>(rows: readonly T[]): T[] {
  const ordered: T[] = []
  let i = 0
  while (i < rows.length) {
    const time = rows[i]?.at.getTime()
    const group: T[] = []
    while (i < rows.length && rows[i]?.at.getTime() === time) group.push(rows[i++] as T)
    let stage = ordered[ordered.length - 1]?.to_stage ?? null
    while (group.length > 0) {
      const next = group.findIndex((r) => r.from_stage === stage)
      const [row] = group.splice(next === -1 ? 0 : next, 1)
      if (row === undefined) break
      ordered.push(row)
      stage = row.to_stage
    }
  }
  return ordered
}
