import type { Kysely } from 'kysely'
import type { Database } from '../../store/database.ts'
import type { BatchOutcome } from './import-batch.ts'

// What a batch of imported rows changes: new rows to insert, and for rows Tandem already has,
// only the columns whose values differ, so importing the same file twice writes nothing.

/** The columns that have a value: a column the file leaves empty keeps what Tandem knows. */
export function definedColumns<T extends Record<string, unknown>>(columns: T) {
  const defined: { [K in keyof T]?: Exclude<T[K], undefined> } = {}
  for (const [key, value] of Object.entries(columns))
    if (value !== undefined) defined[key as keyof T] = value as Exclude<T[keyof T], undefined>
  return defined
}

/** The columns of `next` whose values differ from `current` (dates by time, numbers by value). */
export function changedColumns<T extends Record<string, unknown>>(
  current: Readonly<Record<string, unknown>>,
  next: T,
): Partial<T> {
  const changed: Partial<T> = {}
  for (const key of Object.keys(next) as (keyof T & string)[])
    if (!same(current[key], next[key])) changed[key] = next[key]
  return changed
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date)
    return new Date(a as Date).getTime() === new Date(b as Date).getTime()
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b)
  return (a ?? null) === (b ?? null)
}

/** The rows of one table a batch inserts and the columns it updates, counted in the outcome. */
export class RowChanges<New extends { id: string }> {
  readonly inserts = new Map<string, New>()
  readonly updates = new Map<string, Partial<New>>()
  readonly #current: ReadonlyMap<string, Record<string, unknown>>
  readonly #outcome: BatchOutcome

  /** `current` holds the rows Tandem has for the batch, by id. */
  constructor(current: ReadonlyMap<string, object>, outcome: BatchOutcome) {
    this.#current = current as ReadonlyMap<string, Record<string, unknown>>
    this.#outcome = outcome
  }

  /**
   * One row of the file: a new row (built by `create`), changed columns of an existing one, or
   * nothing. A second row for the same record in one batch adds its columns to the first.
   */
  apply(
    id: string,
    columns: Partial<New>,
    create: () => New,
  ): 'inserted' | 'updated' | 'unchanged' {
    const pending = this.inserts.get(id)
    if (pending !== undefined) {
      Object.assign(pending, columns)
      return this.#count('unchanged')
    }
    const existing = this.#current.get(id)
    if (existing === undefined) {
      this.inserts.set(id, create())
      return this.#count('inserted')
    }
    const changed = changedColumns(existing, columns)
    if (Object.keys(changed).length === 0) return this.#count('unchanged')
    Object.assign(existing, changed)
    this.updates.set(id, { ...this.updates.get(id), ...changed })
    return this.#count('updated')
  }

  #count(result: 'inserted' | 'updated' | 'unchanged') {
    this.#outcome[result] += 1
    return result
  }
}

/** The tables imports write, each keyed by (workspace_id, id). */
export type ImportedTable = 'accounts' | 'contacts' | 'opportunities' | 'activities' | 'users'

/**
 * Writes a batch's changed columns to the rows Tandem already has, stamping `updated_at` when
 * the table keeps one.
 */
export async function updateChangedRows(
  trx: Kysely<Database>,
  table: ImportedTable,
  workspaceId: string,
  updates: ReadonlyMap<string, object>,
  updatedAt?: Date,
): Promise<void> {
  for (const [id, changed] of updates)
    await trx
      // Every imported table has these two key columns; one table type stands for all here.
      .updateTable(table as 'accounts')
      .set({ ...changed, ...(updatedAt === undefined ? {} : { updated_at: updatedAt }) })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute()
}
