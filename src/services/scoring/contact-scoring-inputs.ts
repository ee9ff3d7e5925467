import { type Kysely, sql } from 'kysely'
import type { DataQualityIssue } from '../../domain/data-quality.ts'
import { parseEmail } from '../../domain/email-address.ts'
import type { ScoredActivity } from '../../domain/scoring/contact-score.ts'
import type { FitProfile } from '../../domain/scoring/fit-rules.ts'
import type { Database } from '../../store/database.ts'

// What scoring a contact reads: who they are and where they work (the fit profile), their
// data-quality marks, and everything they did. Shared by scoring, re-scoring and backtests.

export interface ContactScoringInput {
  readonly id: string
  readonly email: string | null
  readonly profile: FitProfile
  readonly dataQualityIssues: readonly DataQualityIssue[]
}

export async function loadContactInputs(
  db: Kysely<Database>,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<ContactScoringInput[]> {
  if (contactIds.length === 0) return []
  const rows = await inputs(db, workspaceId)
    .where('c.id', 'in', contactIds)
    // An erased person keeps the scores they had: their profile and activity details are gone,
    // and scoring what is left would move the totals erasure promises to keep.
    .where('c.erased_at', 'is', null)
    .orderBy('c.id')
    .execute()
  return rows.map(toInput)
}

/** A contact of a re-score's slice: `xmin` tells whether the row changed since it was read. */
export interface SliceContact {
  readonly input: ContactScoringInput
  readonly xmin: string
  readonly erased: boolean
}

/** The next `limit` contacts by id after `after`, erased ones included (they keep their score). */
export async function loadContactSlice(
  db: Kysely<Database>,
  workspaceId: string,
  after: string | null,
  limit: number,
): Promise<SliceContact[]> {
  let query = inputs(db, workspaceId)
    .select([sql<string>`c.xmin::text`.as('xmin'), 'c.erased_at'])
    .orderBy('c.id')
    .limit(limit)
  if (after !== null) query = query.where('c.id', '>', after)
  const rows = await query.execute()
  return rows.map((r) => ({ input: toInput(r), xmin: r.xmin, erased: r.erased_at !== null }))
}

function inputs(db: Kysely<Database>, workspaceId: string) {
  return db
    .selectFrom('contacts as c')
    .leftJoin('accounts as a', (j) =>
      j.onRef('a.workspace_id', '=', 'c.workspace_id').onRef('a.id', '=', 'c.account_id'),
    )
    .select([
      'c.id',
      'c.email',
      'c.title',
      'c.seniority',
      'c.department',
      'c.country',
      'c.source',
      'c.data_quality_issues',
      'a.name as account_name',
      'a.industry',
      'a.employees',
      'a.annual_revenue',
      'a.country as account_country',
      'a.technologies',
    ])
    .where('c.workspace_id', '=', workspaceId)
}

type InputRow = Awaited<ReturnType<ReturnType<typeof inputs>['execute']>>[number]

function toInput(c: InputRow): ContactScoringInput {
  const email = c.email === null ? undefined : parseEmail(c.email)
  return {
    id: c.id,
    email: c.email,
    dataQualityIssues: c.data_quality_issues as DataQualityIssue[],
    profile: {
      title: c.title,
      seniority: c.seniority,
      department: c.department,
      country: c.country ?? c.account_country,
      email_domain: email?.ok === true ? email.domain : null,
      source: c.source,
      'account.name': c.account_name,
      'account.industry': c.industry,
      'account.employees': c.employees,
      'account.annual_revenue': c.annual_revenue,
      'account.country': c.account_country,
      'account.technologies': c.technologies,
    },
  }
}

/** Every activity of the contacts, oldest first, by contact. */
export async function loadContactActivities(
  db: Kysely<Database>,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<Map<string, ScoredActivity[]>> {
  const byContact = new Map<string, ScoredActivity[]>()
  if (contactIds.length === 0) return byContact
  // One row per contact, its history as one JSON array: half the cost of a row per activity.
  const { rows } = await sql<{
    contact_id: string
    activities: [type: string, ms: number, path: string | null][]
  }>`select contact_id, json_agg(json_build_array(type, extract(epoch from occurred_at) * 1000,
       properties->>'path') order by occurred_at) as activities
     from activities
     where workspace_id = ${workspaceId} and contact_id = any(${contactIds}::uuid[])
     group by contact_id`.execute(db)
  for (const row of rows)
    byContact.set(
      row.contact_id,
      row.activities.map(([type, ms, path]) => ({ type, occurredAt: new Date(ms), path })),
    )
  return byContact
}
