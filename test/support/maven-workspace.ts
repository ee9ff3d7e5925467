import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/store/database.ts'
import { type ImportStep, importWorkspace } from './import-workspace.ts'

export const MAVEN_DIR = new URL('../../../shared/data/maven_crm/', import.meta.url)

const files: readonly ImportStep[] = [
  ['accounts', 'accounts.csv', 'maven-accounts.accounts'],
  ['users', 'sales_teams.csv', 'maven-sales-teams.users'],
  ['opportunities', 'sales_pipeline.csv', 'maven-pipeline.opportunities'],
]

/**
 * A workspace holding the Maven CRM data (../shared/data), imported with the example mapping
 * files: 85 accounts, the sales teams, and the pipeline (deals without an account rejected).
 */
export function importMavenWorkspace(db: Kysely<Database>, slug: string): Promise<string> {
  return importWorkspace(db, { slug, name: 'Maven' }, MAVEN_DIR, files)
}

export const mavenCsv = (file: string) =>
  parse(readFileSync(new URL(file, MAVEN_DIR)), { columns: true }) as Record<string, string>[]
