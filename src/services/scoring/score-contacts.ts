import { type Kysely, sql } from 'kysely'
import type { QualificationDefinition } from '../../domain/contracts/contract-schemas.ts'
import {
  type ContactScoreState,
  readContactScore,
  scoreContact,
} from '../../domain/scoring/contact-score.ts'
import type { Database } from '../../store/database.ts'
import { jsonb } from '../../store/jsonb.ts'
import { loadContactActivities, loadContactInputs } from './contact-scoring-inputs.ts'

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
  const contacts = await loadContactInputs(db, workspaceId, contactIds)
  if (contacts.length === 0) return 0
  const activities = await loadContactActivities(
    db,
    workspaceId,
    contacts.map((c) => c.id),
  )
  const rows = contacts.map((c) => {
    const state = scoreContact(
      definition.body,
      definition.version,
      c.profile,
      activities.get(c.id) ?? [],
      at,
    )
    const score = readContactScore(definition.body, state, c.dataQualityIssues, at)
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
