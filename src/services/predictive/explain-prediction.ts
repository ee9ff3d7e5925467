import type { Kysely } from 'kysely'
import type { Factor } from '../../domain/predictive/logistic-regression.ts'
import { createPredictor } from '../../domain/predictive/logistic-regression.ts'
import type { Database } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import { activePredictiveModel, type PredictiveModelSummary } from './predictive-models.ts'
import { readContacts } from './training-rows.ts'

// A contact's chance of being won under the active model, as of now, with the factors behind it.
// Computed afresh rather than read from win_probability, so a contact that changed since the
// last training (a new source, an account linked) is explained as it is now.

export const TOP_FACTORS = 5

export interface ContactPrediction {
  readonly contactId: string
  readonly modelId: string
  readonly trainedAt: Date | null
  readonly probability: number
  readonly logOdds: number
  readonly intercept: number
  /** The largest contributions, largest first (in log-odds). */
  readonly factors: readonly Factor[]
  /** The factors not listed, summed: intercept + factors + rest = logOdds. */
  readonly otherFactors: { readonly count: number; readonly contribution: number }
  /** What the contact row holds: the probability its last scoring gave, and by which model. */
  readonly stored: { readonly winProbability: number | null; readonly modelId: string | null }
}

export async function explainPrediction(
  db: Kysely<Database>,
  workspaceId: string,
  contactId: string,
  top = TOP_FACTORS,
): Promise<ContactPrediction> {
  const { summary, model } = await activePredictiveModel(db, workspaceId)
  const [contact] = await readContacts(db, workspaceId, [contactId])
  if (contact === undefined) throw new AppError('not_found', `There is no contact ${contactId}.`)
  const stored = await db
    .selectFrom('contacts')
    .select(['win_probability', 'win_model_id'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', contactId)
    .executeTakeFirstOrThrow()
  const prediction = createPredictor(model).predict(contact.record)
  const listed = prediction.factors.slice(0, top)
  const rest = prediction.factors.slice(top)
  return {
    contactId,
    modelId: summary.id,
    trainedAt: summary.trainedAt,
    probability: prediction.probability,
    logOdds: prediction.logOdds,
    intercept: prediction.intercept,
    factors: listed,
    otherFactors: {
      count: rest.length,
      contribution: rest.reduce((sum, factor) => sum + factor.contribution, 0),
    },
    stored: { winProbability: stored.win_probability, modelId: stored.win_model_id },
  }
}

/** The active model's status, features and evaluation, without its weights. */
export async function activeModelSummary(
  db: Kysely<Database>,
  workspaceId: string,
): Promise<PredictiveModelSummary> {
  return (await activePredictiveModel(db, workspaceId)).summary
}
