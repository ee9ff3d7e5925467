import { type Kysely, sql } from 'kysely'
import type { QualificationDefinition } from '../../domain/contracts/contract-schemas.ts'
import type { DataQualityIssue } from '../../domain/data-quality.ts'
import { parseEmail } from '../../domain/email-address.ts'
import {
  type ContactScoreState,
  readContactScore,
  scoreContact,
} from '../../domain/scoring/contact-score.ts'
import type { FitProfile } from '../../domain/scoring/fit-rules.ts'
import type { Database } from '../../store/database.ts'
import { jsonb } from '../../store/jsonb.ts'

export interface ActiveQualification {
  readonly version: number
  readonly body: QualificationDefinition
}

/**
 * Scores contacts from everything they did, under the active qualification definition, and
 * stores each score as of `at`. The same path serves a new event (its contacts) and a full
 * re-score (a batch of contacts), so both give the same score.
 */
export async function scoreContacts(
  db: Kysely<Database>,
  workspaceId: string,
  contactIds: readonly string[],
  definition: ActiveQualification,
  at: Date,
): Promise<number> {
  if (contactIds.length === 0) return 0
  const contacts = await db
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
    .where('c.id', 'in', contactIds)
    .execute()
  if (contacts.length === 0) return 0
  const activities = await sql<{
    contact_id: string
    type: string
    occurred_at: Date
    path: string | null
  }>`select contact_id, type, occurred_at, properties->>'path' as path
     from activities
     where workspace_id = ${workspaceId} and contact_id = any(${contacts.map((c) => c.id)}::uuid[])`.execute(
    db,
  )
  const byContact = new Map<string, { type: string; occurredAt: Date; path: string | null }[]>()
  for (const a of activities.rows) {
    const list = byContact.get(a.contact_id) ?? []
    list.push({ type: a.type, occurredAt: a.occurred_at, path: a.path })
    byContact.set(a.contact_id, list)
  }

  const rows = contacts.map((c) => {
    const email = c.email === null ? undefined : parseEmail(c.email)
    const profile: FitProfile = {
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
    }
    const state = scoreContact(
      definition.body,
      definition.version,
      profile,
      byContact.get(c.id) ?? [],
      at,
    )
    const score = readContactScore(
      definition.body,
      state,
      c.data_quality_issues as DataQualityIssue[],
      at,
    )
    return {
      id: c.id,
      fit_grade: state.fit.grade,
      fit_score: state.fit.points,
      engagement_score: score.engagement.points,
      exploring_since: state.exploredAt,
      score_state: state satisfies ContactScoreState,
    }
  })
  for (let i = 0; i < rows.length; i += 1_000) {
    await sql`
      update contacts set fit_grade = s.fit_grade, fit_score = s.fit_score,
        engagement_score = s.engagement_score, exploring_since = s.exploring_since,
        score_state = s.score_state, score_definition_version = ${definition.version},
        scored_at = ${at}
      from jsonb_to_recordset(${jsonb(rows.slice(i, i + 1_000))}) as s(id uuid, fit_grade text,
        fit_score numeric, engagement_score numeric, exploring_since timestamptz, score_state jsonb)
      where contacts.workspace_id = ${workspaceId} and contacts.id = s.id`.execute(db)
  }
  return rows.length
}
