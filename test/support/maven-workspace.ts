import { createReadStream, readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import type { Kysely } from 'kysely'
import type { ImportEntity } from '../../src/domain/imports/import-mapping.ts'
import { parseImportMappingJson } from '../../src/domain/imports/import-mapping.ts'
import { importCsv } from '../../src/services/imports/import-csv.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import type { Database } from '../../src/store/database.ts'

export const MAVEN_DIR = new URL('../../../shared/data/maven_crm/', import.meta.url)

const files: readonly [ImportEntity, string, string][] = [
  ['accounts', 'accounts.csv', 'maven-accounts.accounts'],
  ['users', 'sales_teams.csv', 'maven-sales-teams.users'],
  ['opportunities', 'sales_pipeline.csv', 'maven-pipeline.opportunities'],
]

/**
 * A workspace holding the Maven CRM data (../shared/data), imported with the example mapping
 * files: 85 accounts, the sales teams, and the pipeline (deals without an account rejected).
 */
export async function importMavenWorkspace(db: Kysely<Database>, slug: string): Promise<string> {
  const workspaceId = (await createWorkspace(db, { slug, name: 'Maven' })).id
  for (const [entity, file, mapping] of files) {
    const text = readFileSync(
      new URL(`../../examples/mappings/${mapping}.json`, import.meta.url),
      'utf8',
    )
    await importCsv(db, {
      workspaceId,
      entity,
      mapping: parseImportMappingJson(text),
      input: createReadStream(new URL(file, MAVEN_DIR)),
      now: new Date('2018-12-31T00:00:00Z'),
    })
  }
  return workspaceId
}

export const mavenCsv = (file: string) =>
  parse(readFileSync(new URL(file, MAVEN_DIR)), { columns: true }) as Record<string, string>[]
