import { type Kysely, sql } from 'kysely'
import type { Database } from '../../store/database.ts'
import { jsonb } from '../../store/jsonb.ts'

// The predictive score is optional per workspace: a model learned from a small or skewed history
// can mislead, so a workspace opts in (workspaces.settings.predictiveScore = true) before any
// model is trained. Turning it off stops new trainings; the last model and the probabilities it
// gave stay readable.

export const PREDICTIVE_SCORE_SETTING = 'predictiveScore'

export function predictiveScoreEnabled(settings: Readonly<Record<string, unknown>>): boolean {
  return settings[PREDICTIVE_SCORE_SETTING] === true
}

/** Turns the predictive score on or off, leaving the workspace's other settings as they are. */
export async function setPredictiveScore(
  db: Kysely<Database>,
  workspaceId: string,
  enabled: boolean,
): Promise<void> {
  await db
    .updateTable('workspaces')
    .set({
      settings: sql`settings || ${jsonb({ [PREDICTIVE_SCORE_SETTING]: enabled })}::jsonb`,
    })
    .where('id', '=', workspaceId)
    .execute()
}
