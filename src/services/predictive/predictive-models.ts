import type { Kysely, Selectable } from 'kysely'
import type { FeatureSpec } from '../../domain/predictive/feature-encoding.ts'
import type { LogisticModel } from '../../domain/predictive/logistic-regression.ts'
import type { ModelEvaluation } from '../../domain/predictive/train-predictive-model.ts'
import type { Database, PredictiveModelsTable } from '../../store/database.ts'
import { AppError } from '../app-error.ts'

// A workspace's predictive models as stored: one row per training, its status, and once ready
// the model itself, how it did on held-out contacts, and the history it learned from.

/** The labelled history a model was trained on, all of it (the evaluation covers a share). */
export interface HistorySummary {
  /** The training time: what "old enough" and "won so far" were measured against. */
  readonly asOf: string
  readonly minAgeDays: number
  readonly won: number
  readonly notWon: number
  /** won / (won + notWon) over the whole labelled history, not only the held-out share. */
  readonly baseRate: number
  /** Contacts that had not won but were too recent to count as not won, left out. */
  readonly tooYoung: number
}

/** What the evaluation jsonb column holds. */
export interface StoredEvaluation extends ModelEvaluation {
  readonly history: HistorySummary
}

export type PredictiveModelStatus = 'training' | 'ready' | 'failed'

export interface PredictiveModelSummary {
  readonly id: string
  readonly status: PredictiveModelStatus
  readonly active: boolean
  readonly createdAt: Date
  readonly trainedAt: Date | null
  readonly error: string | null
  readonly features: readonly FeatureSpec[]
  /** Measured on the held-out contacts only; null until the model is ready. */
  readonly evaluation: ModelEvaluation | null
  readonly history: HistorySummary | null
}

type ModelRow = Selectable<PredictiveModelsTable>

export function summaryOf(row: ModelRow): PredictiveModelSummary {
  const stored = row.evaluation as unknown as StoredEvaluation | null
  const { history = null, ...evaluation } = stored ?? {}
  return {
    id: row.id,
    status: row.status,
    active: row.active,
    createdAt: row.created_at,
    trainedAt: row.trained_at,
    error: row.error,
    features: row.features as FeatureSpec[],
    evaluation: stored === null ? null : (evaluation as ModelEvaluation),
    history,
  }
}

export async function getPredictiveModel(
  db: Kysely<Database>,
  workspaceId: string,
  modelId: string,
): Promise<PredictiveModelSummary> {
  const row = await db
    .selectFrom('predictive_models')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', modelId)
    .executeTakeFirst()
  if (row === undefined) throw new AppError('not_found', `There is no predictive model ${modelId}.`)
  return summaryOf(row)
}

export const NO_ACTIVE_MODEL =
  'No predictive model is active in this workspace yet. Train one with POST /v1/predictive-models or "tandem predict train --workspace SLUG --enable".'

/** The model predictions are read from, with its weights. */
export async function activePredictiveModel(
  db: Kysely<Database>,
  workspaceId: string,
): Promise<{ readonly summary: PredictiveModelSummary; readonly model: LogisticModel }> {
  const row = await db
    .selectFrom('predictive_models')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('active', '=', true)
    .executeTakeFirst()
  if (row === undefined || row.model === null) throw new AppError('not_found', NO_ACTIVE_MODEL)
  return { summary: summaryOf(row), model: row.model as unknown as LogisticModel }
}

/**
 * Marks trainings a crash or a stop cut short as failed: training is one pass held in memory,
 * so it cannot resume, and a row left "training" would block the next one.
 */
export async function failInterruptedTrainings(db: Kysely<Database>): Promise<number> {
  const result = await db
    .updateTable('predictive_models')
    .set({ status: 'failed', error: 'interrupted; train again' })
    .where('status', '=', 'training')
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
