import { randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import type { FeatureSpec } from '../../domain/predictive/feature-encoding.ts'
import { createPredictor } from '../../domain/predictive/logistic-regression.ts'
import {
  type TrainedModel,
  trainAndEvaluate,
} from '../../domain/predictive/train-predictive-model.ts'
import { eligibilityCutoff } from '../../domain/predictive/training-label.ts'
import type { Database } from '../../store/database.ts'
import { jsonb } from '../../store/jsonb.ts'
import { AppError } from '../app-error.ts'
import {
  type HistorySummary,
  type PredictiveModelSummary,
  type StoredEvaluation,
  summaryOf,
} from './predictive-models.ts'
import { predictiveScoreEnabled } from './predictive-settings.ts'
import {
  CONTACT_FEATURES,
  countContacts,
  countHistory,
  featuresWithValues,
  readContactPage,
  readTrainingHistory,
} from './training-rows.ts'

// Training a workspace's predictive model: requested (a row in "training"), then trained by the
// job or the CLI: read the labelled history, fit and evaluate on a held-out split, store, make it
// the active model, and write every contact's win probability under it.

/** Fewer won or not-won contacts than this and the held-out figures would be noise. */
export const MIN_OUTCOMES = 20
export const DEFAULT_MIN_AGE_DAYS = 90
/**
 * Fixed, so that a contact stays on its side of the split from one training to the next: the
 * evaluations of successive models are then measured on (mostly) the same held-out contacts.
 */
export const TRAINING_SEED = 1
const SCORE_BATCH = 1_000

export interface TrainingOptions {
  /** A contact that has not won counts as not won once this old (default 90 days). */
  readonly minAgeDays?: number
}

function notEnoughHistory(won: number, notWon: number, minAgeDays: number): AppError {
  return new AppError(
    'conflict',
    `Not enough history to train the predictive score: ${won} won, ${notWon} not won; it needs at least ${MIN_OUTCOMES} of each. A contact counts as won when a won opportunity names it or its lead stage moved to won, and as not won when it was created at least ${minAgeDays} days ago without winning. Import closed opportunities (tandem import opportunities FILE) and train again.`,
    { won, notWon, minimum: MIN_OUTCOMES, minAgeDays },
  )
}

/**
 * Checks the workspace may train (the score is on, enough history, no training running) and
 * records a model in "training". The caller then trains it with `trainWorkspaceModel`.
 */
export async function requestTraining(
  db: Kysely<Database>,
  workspaceId: string,
  at: Date,
  options: TrainingOptions = {},
): Promise<PredictiveModelSummary> {
  const minAgeDays = options.minAgeDays ?? DEFAULT_MIN_AGE_DAYS
  const workspace = await db
    .selectFrom('workspaces')
    .select(['slug', 'settings'])
    .where('id', '=', workspaceId)
    .executeTakeFirst()
  if (workspace === undefined) throw new AppError('not_found', 'The workspace does not exist.')
  if (!predictiveScoreEnabled(workspace.settings))
    throw new AppError(
      'conflict',
      `The predictive score is off in workspace "${workspace.slug}". Turn it on with "tandem predict train --workspace ${workspace.slug} --enable" (which also trains the first model).`,
      { setting: 'predictiveScore', enabled: false },
    )
  // Counted outside the transaction below: it reads every contact, and holding the embedded
  // database's one connection meanwhile would stall everything else.
  const counts = await countHistory(db, workspaceId, eligibilityCutoff(at, minAgeDays))
  if (counts.won < MIN_OUTCOMES || counts.notWon < MIN_OUTCOMES)
    throw notEnoughHistory(counts.won, counts.notWon, minAgeDays)
  return db.transaction().execute(async (trx) => {
    // Locking the workspace row makes two requests at once queue, so only one model trains.
    await trx
      .selectFrom('workspaces')
      .select('id')
      .where('id', '=', workspaceId)
      .forUpdate()
      .execute()
    const running = await trx
      .selectFrom('predictive_models')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('status', '=', 'training')
      .executeTakeFirst()
    if (running !== undefined)
      throw new AppError(
        'conflict',
        `A predictive model is already training (${running.id}). Wait for it to finish: GET /v1/predictive-models/${running.id} shows its status.`,
        { modelId: running.id },
      )
    const row = await trx
      .insertInto('predictive_models')
      .values({
        workspace_id: workspaceId,
        id: randomUUID(),
        status: 'training',
        features: jsonb(CONTACT_FEATURES),
        created_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return summaryOf(row)
  })
}

export interface TrainProgress {
  readonly step: 'reading history' | 'scoring contacts'
  readonly done: number
  readonly total: number
}

export interface TrainRunOptions extends TrainingOptions {
  readonly now: () => Date
  readonly onProgress?: (progress: TrainProgress) => void
  /** Checked between batches: a stop before the model is stored fails the training. */
  readonly shouldStop?: () => boolean
  readonly batchSize?: number
}

export interface TrainOutcome {
  readonly model: PredictiveModelSummary
  /** Contacts given a win probability under the new model. */
  readonly scored: number
  /** False when a stop came while contacts were being scored: the rest keep their old score. */
  readonly complete: boolean
}

/** Trains a requested model to the end; a failure is recorded on the model and thrown. */
export async function trainWorkspaceModel(
  db: Kysely<Database>,
  workspaceId: string,
  modelId: string,
  options: TrainRunOptions,
): Promise<TrainOutcome> {
  let stored = false
  try {
    const trained = await fitAndStore(db, workspaceId, modelId, options)
    stored = true
    const { scored, complete } = await scoreContacts(db, workspaceId, trained, options)
    return { model: trained.summary, scored, complete }
  } catch (error) {
    // Once stored and active, the model stands; only the scoring of contacts was cut short.
    if (!stored)
      await db
        .updateTable('predictive_models')
        .set({ status: 'failed', error: error instanceof Error ? error.message : String(error) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', modelId)
        .where('status', '=', 'training')
        .execute()
    throw error
  }
}

interface StoredModel {
  readonly summary: PredictiveModelSummary
  readonly predictor: ReturnType<typeof createPredictor>
}

async function fitAndStore(
  db: Kysely<Database>,
  workspaceId: string,
  modelId: string,
  options: TrainRunOptions,
): Promise<StoredModel> {
  const minAgeDays = options.minAgeDays ?? DEFAULT_MIN_AGE_DAYS
  const asOf = options.now()
  const history = await readTrainingHistory(db, workspaceId, {
    cutoff: eligibilityCutoff(asOf, minAgeDays),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    onProgress: (done, total) => options.onProgress?.({ step: 'reading history', done, total }),
    ...(options.shouldStop === undefined ? {} : { shouldStop: options.shouldStop }),
  })
  if (history.stopped) throw new AppError('unavailable', 'interrupted; train again')
  if (history.won < MIN_OUTCOMES || history.notWon < MIN_OUTCOMES)
    throw notEnoughHistory(history.won, history.notWon, minAgeDays)
  const features: FeatureSpec[] = featuresWithValues(history.records)
  if (features.length === 0)
    throw new AppError(
      'conflict',
      `No contact has a value for any feature the predictive score reads (${CONTACT_FEATURES.map((f) => f.name).join(', ')}). Import contacts with a source, their accounts, or their first activities, and train again.`,
    )
  let trained: TrainedModel
  try {
    trained = trainAndEvaluate(history.records, {
      features,
      outcome: (record) => history.wonIds.has(record.id),
      idOf: (record) => record.id,
      seed: TRAINING_SEED,
    })
  } catch (error) {
    // With little history the held-out share can lack wins or losses altogether.
    if (error instanceof RangeError)
      throw new AppError(
        'conflict',
        `The model could not be evaluated: ${error.message}. Train again once there is more won and not-won history.`,
      )
    throw error
  }
  const summary: HistorySummary = {
    asOf: asOf.toISOString(),
    minAgeDays,
    won: history.won,
    notWon: history.notWon,
    baseRate: history.won / (history.won + history.notWon),
    tooYoung: history.tooYoung,
  }
  const evaluation: StoredEvaluation = { ...trained.evaluation, history: summary }
  const row = await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('predictive_models')
      .set({ active: false })
      .where('workspace_id', '=', workspaceId)
      .where('active', '=', true)
      .execute()
    return (
      trx
        .updateTable('predictive_models')
        .set({
          status: 'ready',
          active: true,
          features: jsonb(features),
          model: jsonb(trained.model),
          evaluation: jsonb(evaluation),
          trained_at: options.now(),
          error: null,
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', modelId)
        // A server that started meanwhile marked it failed (interrupted): it stays so.
        .where('status', '=', 'training')
        .returningAll()
        .executeTakeFirst()
    )
  })
  if (row === undefined)
    throw new AppError(
      'conflict',
      `The predictive model ${modelId} is no longer training (it was marked failed or removed meanwhile); train again.`,
    )
  return { summary: summaryOf(row), predictor: createPredictor(trained.model) }
}

// A stored probability of exactly 0 or 1 would read as certainty, which a model never has; the
// column keeps five decimals, so the extremes are held just inside.
const LOWEST = 0.00001
const storable = (p: number) => Math.min(1 - LOWEST, Math.max(LOWEST, Math.round(p * 1e5) / 1e5))

async function scoreContacts(
  db: Kysely<Database>,
  workspaceId: string,
  trained: StoredModel,
  options: TrainRunOptions,
): Promise<{ scored: number; complete: boolean }> {
  const total = await countContacts(db, workspaceId)
  const modelId = trained.summary.id
  let scored = 0
  let after: string | undefined
  options.onProgress?.({ step: 'scoring contacts', done: 0, total })
  for (;;) {
    if (options.shouldStop?.() === true) return { scored, complete: false }
    const page = await readContactPage(db, workspaceId, after, SCORE_BATCH)
    const last = page[page.length - 1]
    if (last === undefined) return { scored, complete: true }
    const rows = page.map((c) => ({
      id: c.record.id,
      p: storable(trained.predictor.probability(c.record)),
    }))
    await sql`
      update contacts set win_probability = s.p, win_model_id = ${modelId}
      from jsonb_to_recordset(${jsonb(rows)}) as s(id uuid, p numeric)
      where contacts.workspace_id = ${workspaceId} and contacts.id = s.id`.execute(db)
    scored += page.length
    options.onProgress?.({ step: 'scoring contacts', done: scored, total: Math.max(total, scored) })
    if (page.length < SCORE_BATCH) return { scored, complete: true }
    after = last.record.id
  }
}
