import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type { Clock } from '../domain/clock.ts'
import { runRescore, unfinishedRescores } from '../services/scoring/rescore.ts'
import type { Database } from '../store/database.ts'
import { type SerialQueue, startSerialQueue } from './serial-queue.ts'

export interface RescoreRun {
  readonly workspaceId: string
  readonly runId: string
}

/** Full re-scores, one after another; `enqueue` a run that startRescore created. */
export type RescoreWorker = SerialQueue<RescoreRun>

export interface RescoreWorkerOptions {
  readonly db: Kysely<Database>
  readonly clock: Clock
  readonly logger: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
  readonly batchSize?: number
}

/**
 * Runs full re-scores in the server process. Runs keep their cursor in the database, so the ones
 * a crash or a stop cut short are found and resumed when the worker starts.
 */
export function startRescoreWorker(options: RescoreWorkerOptions): RescoreWorker {
  return startSerialQueue<RescoreRun>({
    async startUp() {
      try {
        const runs = await unfinishedRescores(options.db)
        if (runs.length > 0) options.logger.info({ runs: runs.length }, 'resuming re-scores')
        return runs
      } catch (error) {
        options.logger.warn({ err: error }, 'could not look for unfinished re-scores')
        return []
      }
    },
    async work(run, shouldStop) {
      try {
        const last = await runRescore(options.db, run.workspaceId, run.runId, {
          now: () => options.clock.now(),
          shouldStop,
          ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        })
        if (last.phase === 'done')
          options.logger.info({ ...run, scored: last.done }, 're-score finished')
      } catch (error) {
        options.logger.error({ err: error, ...run }, 're-score failed; it resumes at restart')
      }
    },
  })
}
