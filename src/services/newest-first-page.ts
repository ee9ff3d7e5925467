import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely'
import type { Database } from '../store/database.ts'
import { AppError } from './app-error.ts'
import { MAX_PAGE_SIZE, type Page, type PageRequest } from './lead-review.ts'

// Lists people read newest first (assignments, notifications) page by page: keyset paging on
// (time desc, id), the next page going on after the last row of the previous one.

export interface NewestFirst {
  readonly table: 'assignments' | 'notifications'
  /** The alias the list query gives the table. */
  readonly alias: string
  readonly timeColumn: 'assigned_at' | 'created_at'
  /** What a row is called in the error for an unknown `after`. */
  readonly noun: string
}

/** The page size asked for, kept between 1 and MAX_PAGE_SIZE. */
export function pageLimit(page: PageRequest): number {
  return Math.min(Math.max(page.limit, 1), MAX_PAGE_SIZE)
}

/**
 * The condition for the rows after `after`, or an error naming it when it is not a row of the
 * workspace. The time is compared in SQL, where it keeps the microseconds a Date would drop.
 */
export async function rowsAfter(
  db: Kysely<Database>,
  workspaceId: string,
  after: string,
  list: NewestFirst,
): Promise<RawBuilder<SqlBool>> {
  const anchor = await db
    .selectFrom(list.table)
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', after)
    .executeTakeFirst()
  if (anchor === undefined)
    throw new AppError(
      'validation_failed',
      `after=${after} names no ${list.noun} of this workspace: pass the "next" of the previous page, or leave it out for the first page.`,
    )
  const time = sql.ref(`${list.alias}.${list.timeColumn}`)
  const id = sql.ref(`${list.alias}.id`)
  const anchorTime = sql`(select p.${sql.ref(list.timeColumn)} from ${sql.table(list.table)} p
    where p.workspace_id = ${workspaceId} and p.id = ${anchor.id})`
  return sql<SqlBool>`(${time} < ${anchorTime} or (${time} = ${anchorTime} and ${id} > ${anchor.id}))`
}

/** A page of at most `limit` items from up to `limit + 1` rows read; `next` when there is more. */
export function pageOf<R, T extends { readonly id: string }>(
  rows: readonly R[],
  limit: number,
  toItem: (row: R) => T,
): Page<T> {
  const items = rows.slice(0, limit).map(toItem)
  const last = items[items.length - 1]
  return rows.length > limit && last !== undefined ? { items, next: last.id } : { items }
}
