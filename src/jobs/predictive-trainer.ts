import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type { Clock } from '../domain/clock.ts'
import { AppError } from '../services/app-error.ts'
import { failInterruptedTrainings } from '../services/predictive/predictive-models.ts'
import { trainWorkspaceModel } from '../services/predictive/train-workspace-model.ts'
import type { Database } from '../store/database.ts'
import { type SerialQueue, startSerialQueue } from './serial-queue.ts'

export interface TrainingRequest {
  readonly workspaceId: string
  readonly modelId: string
}

/**
 * Predictive trainings, one after another. Request new trainings after `ready()`, or the
 * start-up clean-up could take a new request for an interrupted one. A stop before a model is
 * stored marks it failed; one during the scoring of contacts keeps the model active, and the
 * contacts not reached keep an earlier model's probability until the next training.
 */
export type PredictiveTrainer = SerialQueue<TrainingRequest>

export interface PredictiveTrainerOptions {
  readonly db: Kysely<Database>
  readonly clock: Clock
  readonly logger: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
}

/**
 * Trains predictive models in the server process. A training holds its history in memory and
 * cannot resume, so the ones a crash cut short are marked failed at start ("interrupted; train
 * again") rather than left to block the next request.
 */
export function startPredictiveTrainer(options: PredictiveTrainerOptions): PredictiveTrainer {
  return startSerialQueue<TrainingRequest>({
    async startUp() {
      try {
        const failed = await failInterruptedTrainings(options.db)
        if (failed > 0) options.logger.warn({ failed }, 'marked interrupted trainings failed')
      } catch (error) {
        options.logger.warn({ err: error }, 'could not look for interrupted trainings')
      }
      return []
    },
    async work(next, shouldStop) {
      try {
        const outcome = await trainWorkspaceModel(options.db, next.workspaceId, next.modelId, {
          now: () => options.clock.now(),
          shouldStop,
        })
        const auc = outcome.model.evaluation?.auc
        if (outcome.complete)
          options.logger.info({ ...next, auc, scored: outcome.scored }, 'predictive model ready')
        else
          options.logger.warn(
            { ...next, scored: outcome.scored },
            'predictive model ready; scoring of contacts stopped early',
          )
      } catch (error) {
        // Expected refusals (too little history) are recorded on the model, not bugs.
        if (error instanceof AppError)
          options.logger.warn({ ...next, reason: error.message }, 'predictive training failed')
        else options.logger.error({ err: error, ...next }, 'predictive training failed')
      }
    },
  })
}
