import { createReadStream, readFileSync } from 'node:fs'
import type { Kysely } from 'kysely'
import type { ImportEntity } from '../../src/domain/imports/import-mapping.ts'
import { parseImportMappingJson } from '../../src/domain/imports/import-mapping.ts'
import { importCsv } from '../../src/services/imports/import-csv.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import type { Database } from '../../src/store/database.ts'

/** One file of ../shared/data imported with one of the example mapping files. */
export type ImportStep = readonly [entity: ImportEntity, file: string, mapping: string]

/** A new workspace holding files of ../shared/data, imported in order as a user would. */
export async function importWorkspace(
  db: Kysely<Database>,
  workspace: { readonly slug: string; readonly name: string },
  dir: URL,
  steps: readonly ImportStep[],
): Promise<string> {
  const workspaceId = (await createWorkspace(db, workspace)).id
  for (const [entity, file, mapping] of steps) {
    const text = readFileSync(
      new URL(`../../examples/mappings/${mapping}.json`, import.meta.url),
      'utf8',
    )
    await importCsv(db, {
      workspaceId,
      entity,
      mapping: parseImportMappingJson(text),
      input: createReadStream(new URL(file, dir)),
      now: new Date('2018-12-31T00:00:00Z'),
    })
  }
  return workspaceId
}
