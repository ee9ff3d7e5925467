import type { ImportEntity } from '../../domain/imports/import-mapping.ts'
import type { ImportRecords } from '../../domain/imports/import-records.ts'
import type { Created, Trx } from './import-references.ts'

/** Rows of one batch, each with the line of the file it came from. */
export interface BatchRow<E extends ImportEntity> {
  readonly line: number
  readonly record: ImportRecords[E]
}

export interface BatchContext {
  readonly workspaceId: string
  readonly source: string
  readonly now: Date
  readonly created: Created
}

export interface BatchOutcome {
  inserted: number
  updated: number
  unchanged: number
  /** Rows refused while writing (a conflict with another row), by line. */
  readonly rejected: { line: number; reason: string }[]
  /** Contacts whose matching and data-quality checks must be refreshed. */
  readonly touchedContacts: string[]
}

export type BatchWriter<E extends ImportEntity> = (
  trx: Trx,
  rows: readonly BatchRow<E>[],
  context: BatchContext,
) => Promise<BatchOutcome>

export function emptyOutcome(): BatchOutcome {
  return { inserted: 0, updated: 0, unchanged: 0, rejected: [], touchedContacts: [] }
}
