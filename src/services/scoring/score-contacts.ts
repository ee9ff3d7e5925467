import { type Kysely, sql } from 'kysely'
import type { QualificationDefinition } from '../../domain/contracts/contract-schemas.ts'
import type { DataQualityIssue } from '../../domain/data-quality.ts'
import {
  type ContactScoreState,
  foldActivities,
  readContactScore,
  type ScoredActivity,
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
 * stores each score as of `at`: contacts whose identity or profile changed, and every contact in
 * a full re-score. foldIntoContactScores gives the same score for contacts that only did more.
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
  const rows = contacts.map((c) =>
    contactScoreRow(
      definition,
      c.id,
      scoreContact(definition.body, definition.version, c.profile, activities.get(c.id) ?? [], at),
      c.dataQualityIssues,
      at,
    ),
  )
  await writeContactScores(db, workspaceId, rows, definition.version, at)
  return rows.length
}

/**
 * Adds a batch's new activities to the stored scores of contacts that did not otherwise change:
 * their history is not read again. Returns the contacts that have no score under the active
 * version, which need scoring in full.
 */
export async function foldIntoContactScores(
  db: Kysely<Database>,
  workspaceId: string,
  newActivities: ReadonlyMap<string, readonly ScoredActivity[]>,
  definition: ActiveQualification,
  at: Date,
): Promise<string[]> {
  if (newActivities.size === 0) return []
  const contacts = await db
    .selectFrom('contacts')
    .select(['id', 'score_state', 'data_quality_issues'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', [...newActivities.keys()])
    // A re-score holds the rows it is rewriting: fold into the score it writes, not the old one.
    .forUpdate()
    .execute()
  const unscored: string[] = []
  const rows: ContactScoreRow[] = []
  for (const c of contacts) {
    const state = c.score_state as ContactScoreState | null
    if (state === null || state.version !== definition.version) {
      unscored.push(c.id)
      continue
    }
    const folded = foldActivities(definition.body, state, newActivities.get(c.id) ?? [], at)
    rows.push(
      contactScoreRow(definition, c.id, folded, c.data_quality_issues as DataQualityIssue[], at),
    )
  }
  await writeContactScores(db, workspaceId, rows, definition.version, at)
  return unscored
}

export interface ContactScoreRow {
  readonly id: string
  readonly fit_grade: string
  readonly fit_score: number
  readonly engagement_score: number
  readonly exploring_since: string | null
  readonly score_state: ContactScoreState
  /** Write only if the row is unchanged since it was read (its xmin then), else leave it. */
  readonly xmin?: string
}

/** The columns a contact's score is stored in. */
export function contactScoreRow(
  definition: ActiveQualification,
  id: string,
  state: ContactScoreState,
  dataQualityIssues: readonly DataQualityIssue[],
  at: Date,
): ContactScoreRow {
  const score = readContactScore(definition.body, state, dataQualityIssues, at)
  return {
    id,
    fit_grade: state.fit.grade,
    fit_score: state.fit.points,
    engagement_score: score.engagement.points,
    exploring_since: state.exploredAt,
    score_state: state,
  }
}

/** Stores the scores; returns the ids written (a row changed since its `xmin` is not). */
export async function writeContactScores(
  db: Kysely<Database>,
  workspaceId: string,
  rows: readonly ContactScoreRow[],
  version: number,
  at: Date,
): Promise<Set<string>> {
  const written = new Set<string>()
  for (let i = 0; i < rows.length; i += 1_000) {
    const result = await sql<{ id: string }>`
      update contacts set fit_grade = s.fit_grade, fit_score = s.fit_score,
        engagement_score = s.engagement_score, exploring_since = s.exploring_since,
        score_state = s.score_state, score_definition_version = ${version},
        scored_at = ${at}
      from jsonb_to_recordset(${jsonb(rows.slice(i, i + 1_000))}) as s(id uuid, fit_grade text,
        fit_score numeric, engagement_score numeric, exploring_since timestamptz, score_state jsonb,
        xmin text)
      where contacts.workspace_id = ${workspaceId} and contacts.id = s.id
        and (s.xmin is null or contacts.xmin = s.xmin::xid)
      returning contacts.id`.execute(db)
    for (const r of result.rows) written.add(r.id)
  }
  return written
}
