import { createReadStream, readFileSync } from 'node:fs'
import type { Kysely } from 'kysely'
import type { ImportEntity } from '../../src/domain/imports/import-mapping.ts'
import { parseImportMappingJson } from '../../src/domain/imports/import-mapping.ts'
import { importCsv } from '../../src/services/imports/import-csv.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import type { Database } from '../../src/store/database.ts'

export const OLIST_DIR = new URL('../../../shared/data/olist_marketing_funnel/', import.meta.url)

const files: readonly [ImportEntity, string, string][] = [
  ['contacts', 'olist_marketing_qualified_leads_dataset.csv', 'olist-mqls.contacts'],
  ['activities', 'olist_marketing_qualified_leads_dataset.csv', 'olist-first-contacts.activities'],
  ['opportunities', 'olist_closed_deals_dataset.csv', 'olist-closed-deals.opportunities'],
]

/**
 * A workspace holding the Olist marketing funnel (../shared/data), imported with the example
 * mapping files: 8,000 MQLs as contacts, each one's first contact as an activity, and the 842
 * won deals as opportunities linked to their MQL.
 */
export async function importOlistWorkspace(db: Kysely<Database>, slug: string): Promise<string> {
  const workspaceId = (await createWorkspace(db, { slug, name: 'Olist' })).id
  for (const [entity, file, mapping] of files) {
    const text = readFileSync(
      new URL(`../../examples/mappings/${mapping}.json`, import.meta.url),
      'utf8',
    )
    await importCsv(db, {
      workspaceId,
      entity,
      mapping: parseImportMappingJson(text),
      input: createReadStream(new URL(file, OLIST_DIR)),
      now: new Date('2018-12-31T00:00:00Z'),
    })
  }
  return workspaceId
}
