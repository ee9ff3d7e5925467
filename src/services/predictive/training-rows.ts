import { type Kysely, sql } from 'kysely'
import { companySizeBand } from '../../domain/predictive/company-size-band.ts'
import type { FeatureSpec, RawRecord } from '../../domain/predictive/feature-encoding.ts'
import { trainingLabel } from '../../domain/predictive/training-label.ts'
import type { Database } from '../../store/database.ts'

// A workspace's contacts as the records the predictive model reads, and which of them were won.
// Training and scoring read records through the same function, so a contact is described to the
// model exactly as the contacts it learned from were.

/**
 * Every feature the contact model may use, all categorical. Only what a contact brings when it
 * arrives: nothing that happens on the way to a deal, which would leak the outcome.
 */
export const CONTACT_FEATURES: readonly FeatureSpec[] = [
  { name: 'source', kind: 'categorical' },
  { name: 'seniority', kind: 'categorical' },
  { name: 'department', kind: 'categorical' },
  { name: 'country', kind: 'categorical' },
  { name: 'industry', kind: 'categorical' },
  { name: 'company_size', kind: 'categorical' },
  { name: 'first_touch_channel', kind: 'categorical' },
  { name: 'first_touch_campaign', kind: 'categorical' },
]

/** The feature values by name, plus the contact's id (which no feature reads). */
export type ContactRecord = RawRecord & { readonly id: string }

export interface ContactHistory {
  readonly record: ContactRecord
  readonly createdAt: Date
  readonly erased: boolean
  /** Linked to a won opportunity, or moved to the won lead stage. */
  readonly won: boolean
}

interface ContactRow {
  readonly id: string
  readonly created_at: Date
  readonly erased_at: Date | null
  readonly source: string | null
  readonly seniority: string | null
  readonly department: string | null
  readonly country: string | null
  readonly account_country: string | null
  readonly industry: string | null
  readonly employees: number | null
}

function contactsQuery(db: Kysely<Database>, workspaceId: string) {
  return db
    .selectFrom('contacts as c')
    .leftJoin('accounts as a', (j) =>
      j.onRef('a.workspace_id', '=', 'c.workspace_id').onRef('a.id', '=', 'c.account_id'),
    )
    .select([
      'c.id',
      'c.created_at',
      'c.erased_at',
      'c.source',
      'c.seniority',
      'c.department',
      'c.country',
      'a.country as account_country',
      'a.industry',
      'a.employees',
    ])
    .where('c.workspace_id', '=', workspaceId)
}

/** The next `limit` contacts after `after` in id order: keyset pages over the whole workspace. */
export async function readContactPage(
  db: Kysely<Database>,
  workspaceId: string,
  after: string | undefined,
  limit: number,
): Promise<ContactHistory[]> {
  let query = contactsQuery(db, workspaceId).orderBy('c.id').limit(limit)
  if (after !== undefined) query = query.where('c.id', '>', after)
  return describeContacts(db, workspaceId, await query.execute())
}

export async function readContacts(
  db: Kysely<Database>,
  workspaceId: string,
  ids: readonly string[],
): Promise<ContactHistory[]> {
  if (ids.length === 0) return []
  const rows = await contactsQuery(db, workspaceId).where('c.id', 'in', ids).execute()
  return describeContacts(db, workspaceId, rows)
}

async function describeContacts(
  db: Kysely<Database>,
  workspaceId: string,
  contacts: readonly ContactRow[],
): Promise<ContactHistory[]> {
  if (contacts.length === 0) return []
  const ids = contacts.map((c) => c.id)
  const [touches, won] = await Promise.all([
    firstTouches(db, workspaceId, ids),
    wonContacts(db, workspaceId, ids),
  ])
  return contacts.map((c) => {
    const touch = touches.get(c.id)
    return {
      record: {
        id: c.id,
        source: c.source,
        seniority: c.seniority,
        department: c.department,
        // As in the fit score: where a person gave no country, their company's stands in.
        country: c.country ?? c.account_country,
        industry: c.industry,
        company_size: companySizeBand(c.employees),
        first_touch_channel: touch?.channel ?? null,
        first_touch_campaign: touch?.campaign ?? null,
      },
      createdAt: c.created_at,
      erased: c.erased_at !== null,
      won: won.has(c.id),
    }
  })
}

/** Each contact's earliest activity: where it came from, and through which campaign. */
async function firstTouches(
  db: Kysely<Database>,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<Map<string, { channel: string; campaign: string | null }>> {
  const { rows } = await sql<{ contact_id: string; channel: string; campaign: string | null }>`
    select distinct on (a.contact_id) a.contact_id, a.channel, c.name as campaign
    from activities a
    left join campaigns c on c.workspace_id = a.workspace_id and c.id = a.campaign_id
    where a.workspace_id = ${workspaceId} and a.contact_id = any(${contactIds}::uuid[])
    order by a.contact_id, a.occurred_at, a.id`.execute(db)
  return new Map(rows.map((r) => [r.contact_id, { channel: r.channel, campaign: r.campaign }]))
}

// A contact is won when a won deal names it, or when its lead stage once moved to won (the
// stage a CRM import or a person sets when the deal itself is not in Tandem). Written as
// lookups on the contacts row aliased `c`: each is one probe of an index led by workspace_id.
const isWon = (workspaceId: string) => sql<boolean>`(
  exists (
    select 1 from opportunity_contacts oc
    join opportunities o on o.workspace_id = oc.workspace_id and o.id = oc.opportunity_id
    where oc.workspace_id = ${workspaceId} and oc.contact_id = c.id and o.is_won)
  or exists (
    select 1 from stage_transitions st
    where st.workspace_id = ${workspaceId} and st.funnel = 'lead' and st.entity_id = c.id
      and st.to_stage = 'won'))`

async function wonContacts(
  db: Kysely<Database>,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<Set<string>> {
  const { rows } = await sql<{ id: string }>`
    select c.id from contacts c
    where c.workspace_id = ${workspaceId} and c.id = any(${contactIds}::uuid[])
      and ${isWon(workspaceId)}`.execute(db)
  return new Set(rows.map((r) => r.id))
}

export interface HistoryCounts {
  readonly won: number
  /** Not won, and old enough that they had their chance. */
  readonly notWon: number
  /** Not won yet, but too recent to count as not won: left out of training. */
  readonly tooYoung: number
}

/** The labelled history's size in one query, to refuse a training early and say why. */
export async function countHistory(
  db: Kysely<Database>,
  workspaceId: string,
  cutoff: Date,
): Promise<HistoryCounts> {
  const { rows } = await sql<{ won: number; not_won: number; too_young: number }>`
    select count(*) filter (where won) as won,
      count(*) filter (where not won and created_at <= ${cutoff}) as not_won,
      count(*) filter (where not won and created_at > ${cutoff}) as too_young
    from (
      select c.created_at, ${isWon(workspaceId)} as won
      from contacts c
      where c.workspace_id = ${workspaceId} and c.erased_at is null
    ) labelled`.execute(db)
  const row = rows[0]
  return { won: row?.won ?? 0, notWon: row?.not_won ?? 0, tooYoung: row?.too_young ?? 0 }
}

export async function countContacts(db: Kysely<Database>, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow()
  return row.n
}

export interface TrainingHistory extends HistoryCounts {
  /** Won and not-won contacts; too-young and erased ones are left out. */
  readonly records: readonly ContactRecord[]
  readonly wonIds: ReadonlySet<string>
}

export interface ReadHistoryOptions {
  readonly cutoff: Date
  readonly batchSize?: number
  readonly onProgress?: (done: number, total: number) => void
  /** Checked between batches; reading stops early (and the caller gives up) when it says so. */
  readonly shouldStop?: () => boolean
}

/** The workspace's labelled history, read in pages of contacts by id. */
export async function readTrainingHistory(
  db: Kysely<Database>,
  workspaceId: string,
  options: ReadHistoryOptions,
): Promise<TrainingHistory & { readonly stopped: boolean }> {
  const batchSize = options.batchSize ?? 2_000
  const total = await countContacts(db, workspaceId)
  const records: ContactRecord[] = []
  const wonIds = new Set<string>()
  let notWon = 0
  let tooYoung = 0
  let done = 0
  let after: string | undefined
  for (;;) {
    if (options.shouldStop?.() === true)
      return { records, wonIds, notWon, tooYoung, won: wonIds.size, stopped: true }
    const page = await readContactPage(db, workspaceId, after, batchSize)
    for (const contact of page) {
      const label = trainingLabel(contact, options.cutoff)
      if (label === 'won') wonIds.add(contact.record.id)
      if (label === 'not_won') notWon++
      if (label === 'too_young') tooYoung++
      if (label === 'won' || label === 'not_won') records.push(contact.record)
    }
    const last = page[page.length - 1]
    if (last === undefined) break
    done += page.length
    options.onProgress?.(done, Math.max(total, done))
    if (page.length < batchSize) break
    after = last.record.id
  }
  return { records, wonIds, won: wonIds.size, notWon, tooYoung, stopped: false }
}

/** The declared features that at least one labelled contact has a value for. */
export function featuresWithValues(records: readonly ContactRecord[]): FeatureSpec[] {
  return CONTACT_FEATURES.filter((feature) =>
    records.some((record) => {
      const value = record[feature.name]
      return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '')
    }),
  )
}
