import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import type { Command } from 'commander'
import { loadConfig } from '../../config.ts'
import { systemClock } from '../../domain/clock.ts'
import { csvLine } from '../../domain/imports/csv-line.ts'
import {
  type ImportEntity,
  ImportMappingError,
  parseImportMappingJson,
} from '../../domain/imports/import-mapping.ts'
import { AppError } from '../../services/app-error.ts'
import { importCsv } from '../../services/imports/import-csv.ts'
import { findWorkspaceBySlug } from '../../services/workspaces.ts'
import { configFlags } from '../config-flags.ts'
import { openConfiguredStore } from '../open-configured-store.ts'
import { createProgress } from '../progress.ts'

export interface ImportOptions {
  readonly workspace: string
  readonly mapping?: string
  readonly rejects?: string
}

export async function importCommand(
  entity: ImportEntity,
  file: string,
  options: ImportOptions,
  command: Command,
): Promise<void> {
  const size = await fileSize(file)
  const mapping = options.mapping === undefined ? undefined : await readMapping(options.mapping)
  const config = loadConfig(configFlags(command))
  const progress = createProgress(process.stderr)
  const store = await openConfiguredStore(config, progress)
  const rejectsPath = options.rejects ?? `${file.replace(/\.csv$/i, '')}.rejects.csv`
  let rejects: WriteStream | undefined
  let header: readonly string[] = []
  try {
    const workspace = await findWorkspaceBySlug(store.db, options.workspace)
    if (workspace === undefined)
      throw new AppError(
        'not_found',
        `There is no workspace "${options.workspace}". Name an existing one with --workspace SLUG.`,
      )
    progress.line(`Importing ${entity} from ${file} into "${workspace.slug}"…`)
    const started = Date.now()
    const summary = await importCsv(store.db, {
      workspaceId: workspace.id,
      entity,
      ...(mapping === undefined ? {} : { mapping }),
      input: createReadStream(file),
      now: systemClock.now(),
      onHeader: (h) => {
        header = h
      },
      onProgress: ({ bytes }) =>
        progress.update(
          '  read (KB)',
          Math.round(bytes / 1024),
          Math.max(1, Math.round(size / 1024)),
        ),
      onReject: async (row) => {
        if (rejects === undefined) {
          rejects = createWriteStream(rejectsPath)
          rejects.write(csvLine(['line', 'reason', ...header]))
        }
        if (!rejects.write(csvLine([String(row.line), row.reason, ...row.cells])))
          await new Promise<void>((resolve) => rejects?.once('drain', () => resolve()))
      },
    })
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    const n = (x: number) => x.toLocaleString('en-US')
    progress.line(
      `Done in ${seconds}s (${summary.format}): ${n(summary.rows)} rows, ${n(summary.inserted)} new, ${n(summary.updated)} updated, ${n(summary.unchanged)} unchanged, ${n(summary.rejected)} rejected.`,
    )
    const created = Object.entries(summary.created).filter(([, count]) => count > 0)
    if (created.length > 0)
      progress.line(
        `Created for rows that referred to them: ${created.map(([what, count]) => `${n(count)} ${what}`).join(', ')}.`,
      )
    if (summary.rejected > 0)
      progress.line(
        `Rejected rows, with line and reason: ${rejectsPath} (fix them and import that file again).`,
      )
  } finally {
    await new Promise<void>((resolve) => (rejects === undefined ? resolve() : rejects.end(resolve)))
    await store.close()
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size
  } catch {
    throw new AppError('not_found', `Cannot read ${file}: no such file.`)
  }
}

async function readMapping(path: string) {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new AppError('not_found', `Cannot read the mapping file ${path}.`)
  }
  try {
    return parseImportMappingJson(text)
  } catch (error) {
    if (error instanceof ImportMappingError)
      throw new AppError('validation_failed', `${path}: ${error.message}`)
    throw error
  }
}
