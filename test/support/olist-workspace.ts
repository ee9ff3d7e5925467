import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/store/database.ts'
import { type ImportStep, importWorkspace } from './import-workspace.ts'

export const OLIST_DIR = new URL('../../../shared/data/olist_marketing_funnel/', import.meta.url)

const files: readonly ImportStep[] = [
  ['contacts', 'olist_marketing_qualified_leads_dataset.csv', 'olist-mqls.contacts'],
  ['activities', 'olist_marketing_qualified_leads_dataset.csv', 'olist-first-contacts.activities'],
  ['opportunities', 'olist_closed_deals_dataset.csv', 'olist-closed-deals.opportunities'],
]

/**
 * A workspace holding the Olist marketing funnel (../shared/data), imported with the example
 * mapping files: 8,000 MQLs as contacts, each one's first contact as an activity, and the 842
 * won deals as opportunities linked to their MQL.
 */
export function importOlistWorkspace(db: Kysely<Database>, slug: string): Promise<string> {
  return importWorkspace(db, { slug, name: 'Olist' }, OLIST_DIR, files)
}

const csv = (file: string) =>
  parse(readFileSync(new URL(file, OLIST_DIR)), { columns: true }) as Record<string, string>[]

/** The MQL file's rows, and when each MQL was won (from the closed deals file). */
export const olistMqls = csv('olist_marketing_qualified_leads_dataset.csv')
export const olistWonAt = new Map(
  csv('olist_closed_deals_dataset.csv').map((d) => [
    d.mql_id,
    new Date(`${d.won_date?.replace(' ', 'T')}Z`),
  ]),
)

/**
 * What a backtest should report for MQLs made at their first contact, straight from the files:
 * MQLs per month of first contact, and how many were won at or after it.
 */
export function expectedOlistMonths(rows: readonly Record<string, string>[]) {
  const months = new Map<string, { mqls: number; laterWon: number }>()
  for (const row of rows) {
    const first = new Date(`${row.first_contact_date}T00:00:00Z`)
    const month = row.first_contact_date?.slice(0, 7) ?? ''
    const tally = months.get(month) ?? { mqls: 0, laterWon: 0 }
    months.set(month, tally)
    tally.mqls += 1
    const won = olistWonAt.get(row.mql_id ?? '')
    if (won !== undefined && won >= first) tally.laterWon += 1
  }
  return [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, m]) => ({ month, mqls: m.mqls, laterSal: 0, laterSql: 0, laterWon: m.laterWon }))
}
