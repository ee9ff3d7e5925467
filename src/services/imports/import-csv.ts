import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import type { Kysely } from 'kysely'
import { detectFormat, KNOWN_FORMATS, mappingForFile } from '../../domain/imports/import-formats.ts'
import {
  columnsRead,
  type ImportEntity,
  type ImportMapping,
} from '../../domain/imports/import-mapping.ts'
import { mapRow } from '../../domain/imports/import-records.ts'
import type { Database } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import { refreshContacts, rematchUnlinkedContacts } from '../contact-checks.ts'
import { MILESTONE_TABLES, refreshTableStatistics } from '../table-statistics.ts'
import { type BatchOutcome, type BatchRow, type BatchWriter, emptyOutcome } from './import-batch.ts'
import type { Created } from './import-references.ts'
import { writeAccounts } from './write-accounts.ts'
import { writeActivities } from './write-activities.ts'
import { writeContacts } from './write-contacts.ts'
import { writeOpportunities } from './write-opportunities.ts'
import { writeUsers } from './write-users.ts'

// A CSV file into a workspace: streamed, so memory stays flat whatever the file's size; written in
// batches of BATCH_SIZE rows, one transaction each; every rejected row reported with its line.

export const BATCH_SIZE = 1_000

const WRITERS: { [E in ImportEntity]: BatchWriter<E> } = {
  contacts: writeContacts,
  accounts: writeAccounts,
  opportunities: writeOpportunities,
  activities: writeActivities,
  users: writeUsers,
}

/** The tables each import fills, whose planner statistics are refreshed once it has written. */
const FILLED_TABLES: { [E in ImportEntity]: readonly (keyof Database)[] } = {
  contacts: ['contacts', 'stage_transitions', 'external_ids', ...MILESTONE_TABLES],
  accounts: ['accounts', 'account_domains', 'external_ids'],
  opportunities: [
    'opportunities',
    'opportunity_contacts',
    'accounts',
    'external_ids',
    ...MILESTONE_TABLES,
  ],
  activities: ['activities', 'external_ids'],
  users: ['users', 'teams'],
}

export interface RejectedRow {
  /** Line of the file the row ends on (the header is line 1). */
  readonly line: number
  readonly reason: string
  /** The row's cells, as read. */
  readonly cells: readonly string[]
}

export interface ImportProgress {
  readonly rows: number
  readonly bytes: number
}

export interface ImportRequest {
  readonly workspaceId: string
  readonly entity: ImportEntity
  /** A mapping file's content; without one, the file must be a known HubSpot or Salesforce export. */
  readonly mapping?: ImportMapping
  readonly input: Readable
  readonly now: Date
  readonly onProgress?: (progress: ImportProgress) => void
  /** Called with the header once it is read, then with each rejected row. */
  readonly onHeader?: (header: readonly string[]) => void
  readonly onReject?: (row: RejectedRow) => void | Promise<void>
}

export interface ImportSummary {
  readonly entity: ImportEntity
  /** The mapping used: a known export's name, or the mapping file's source. */
  readonly format: string
  readonly rows: number
  readonly inserted: number
  readonly updated: number
  readonly unchanged: number
  readonly rejected: number
  /** Records created because rows referred to them (an opportunity's account, an owner). */
  readonly created: Created
}

export async function importCsv(
  db: Kysely<Database>,
  request: ImportRequest,
): Promise<ImportSummary> {
  const { workspaceId, entity, now } = request
  let bytes = 0
  const input = request.input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>
  const first = await input.next()
  const delimiter = first.done ? ',' : detectDelimiter(String(first.value))
  const counted = Readable.from(
    (async function* () {
      let next = first
      while (!next.done) {
        bytes += next.value.length
        yield next.value
        next = await input.next()
      }
    })(),
  )
  const parser = counted.pipe(
    parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: 1_000_000,
    }),
  )
  const created: Created = { accounts: 0, users: 0, teams: 0 }
  const totals = { rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 }
  let header: string[] | undefined
  let mapping: ImportMapping | undefined
  let format = ''
  let batch: BatchRow<ImportEntity>[] = []
  const cellsByLine = new Map<number, string[]>()

  const reject = async (line: number, reason: string, cells: readonly string[]) => {
    totals.rejected += 1
    await request.onReject?.({ line, reason, cells })
  }
  const flush = async () => {
    if (batch.length === 0 || mapping === undefined) return
    const rows = batch
    const source = mapping.source
    batch = []
    const writer = WRITERS[entity] as BatchWriter<ImportEntity>
    const write = (part: readonly BatchRow<ImportEntity>[]) =>
      db.transaction().execute(async (trx) => {
        const result = await writer(trx, part, { workspaceId, source, now, created })
        if (result.touchedContacts.length > 0)
          await refreshContacts(trx, workspaceId, result.touchedContacts)
        return result
      })
    let outcome: BatchOutcome
    try {
      outcome = await write(rows)
    } catch (error) {
      if (rows.length === 1 || error instanceof AppError) throw error
      // One row the database refuses must not cost the others: write them one by one.
      outcome = emptyOutcome()
      for (const row of rows) {
        try {
          const one = await write([row])
          outcome.inserted += one.inserted
          outcome.updated += one.updated
          outcome.unchanged += one.unchanged
          outcome.rejected.push(...one.rejected)
        } catch (rowError) {
          outcome.rejected.push({
            line: row.line,
            reason: `the database refused the row: ${(rowError as Error).message}`,
          })
        }
      }
    }
    totals.inserted += outcome.inserted
    totals.updated += outcome.updated
    totals.unchanged += outcome.unchanged
    for (const r of outcome.rejected) await reject(r.line, r.reason, cellsByLine.get(r.line) ?? [])
    cellsByLine.clear()
    report()
  }
  let reported = -1
  const report = () => {
    if (reported === totals.rows) return
    reported = totals.rows
    request.onProgress?.({ rows: totals.rows, bytes })
  }

  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[]
      info: { lines: number }
    }>) {
      if (header === undefined) {
        header = record.map((h) => h.trim())
        request.onHeader?.(header)
        ;({ mapping, format } = chooseMapping(entity, header, request.mapping))
        continue
      }
      totals.rows += 1
      const line = info.lines
      if (record.length !== header.length) {
        await reject(
          line,
          `the row has ${record.length} fields; the header has ${header.length}`,
          record,
        )
        continue
      }
      const row: Record<string, string> = {}
      header.forEach((name, i) => {
        row[name] = record[i] ?? ''
      })
      const outcome = mapRow(mapping as ImportMapping, row)
      if (!outcome.ok) {
        await reject(line, outcome.reason, record)
        continue
      }
      batch.push({ line, record: outcome.record })
      cellsByLine.set(line, record)
      if (batch.length >= BATCH_SIZE) await flush()
    }
  } catch (error) {
    const code = (error as { code?: string }).code
    if (typeof code === 'string' && code.startsWith('CSV_'))
      throw new AppError(
        'validation_failed',
        `The file is not valid CSV after ${totals.rows} rows: ${(error as Error).message}. Rows before it were imported.`,
      )
    throw error
  }
  if (header === undefined)
    throw new AppError('validation_failed', 'The file is empty: it has no header row.')
  await flush()
  report()
  if (totals.inserted > 0) await refreshTableStatistics(db, FILLED_TABLES[entity])
  // New accounts and domains can link leads that matched nothing before.
  if (entity === 'accounts' && totals.inserted + totals.updated > 0)
    await rematchUnlinkedContacts(db, workspaceId)
  return { entity, format, ...totals, created }
}

function chooseMapping(
  entity: ImportEntity,
  header: readonly string[],
  given: ImportMapping | undefined,
): { mapping: ImportMapping; format: string } {
  if (given !== undefined) {
    if (given.entity !== entity)
      throw new AppError(
        'validation_failed',
        `The mapping is for ${given.entity}, not ${entity}: import it with "tandem import ${given.entity}".`,
      )
    const missing = columnsRead(given).filter((c) => !header.includes(c))
    if (missing.length > 0)
      throw new AppError(
        'validation_failed',
        `The file has no column ${missing.map((c) => `"${c}"`).join(', ')}, which the mapping reads. Its columns: ${header.join(', ')}.`,
      )
    return { mapping: given, format: `mapping (source ${given.source})` }
  }
  const known = detectFormat(header)
  if (known === undefined)
    throw new AppError(
      'validation_failed',
      `The file is not an export Tandem recognises (${KNOWN_FORMATS.map((f) => f.label).join(', ')}). Give a mapping file with --mapping; see docs/imports.md. Its columns: ${header.slice(0, 30).join(', ')}.`,
    )
  if (known.mapping.entity !== entity)
    throw new AppError(
      'validation_failed',
      `This is a ${known.label}: import it as ${known.mapping.entity} ("tandem import ${known.mapping.entity} FILE").`,
    )
  return { mapping: mappingForFile(known, header), format: known.name }
}

/** Comma, semicolon (spreadsheets in many European locales) or tab: whichever the header uses most. */
function detectDelimiter(start: string): string {
  const headerLine = start.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? ''
  const counts = [',', ';', '\t'].map((d) => [d, headerLine.split(d).length] as const)
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0]
}
