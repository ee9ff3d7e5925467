import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type { Clock } from '../domain/clock.ts'
import { runRescore, unfinishedRescores } from '../services/scoring/rescore.ts'
import type { Database } from '../store/database.ts'

export interface RescoreWorker {
  /** A run was started: work through it in the background. */
  enqueue(workspaceId: string, runId: string): void
  /** Resolves when every queued run (and any found unfinished at start) is finished. */
  drain(): Promise<void>
  /** Finishes the batch in progress and stops; the run resumes at the next start. */
  stop(): Promise<void>
}

export interface RescoreWorkerOptions {
  readonly db: Kysely<Database>
  readonly clock: Clock
  readonly logger: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
  readonly batchSize?: number
}

/**
 * Runs full re-scores one after another in the server process. Runs keep their cursor in the
 * database, so the ones a crash or a stop cut short are found and resumed when the worker starts.
 */
export function startRescoreWorker(options: RescoreWorkerOptions): RescoreWorker {
  const queue: { workspaceId: string; runId: string }[] = []
  let stopped = false
  let running: Promise<void> = Promise.resolve()

  const pump = () => {
    running = running.then(async () => {
      while (!stopped && queue.length > 0) {
        const next = queue.shift()
        if (next === undefined) break
        try {
          const last = await runRescore(options.db, next.workspaceId, next.runId, {
            now: () => options.clock.now(),
            shouldStop: () => stopped,
            ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
          })
          if (last.phase === 'done')
            options.logger.info({ ...next, scored: last.done }, 're-score finished')
        } catch (error) {
          options.logger.error({ err: error, ...next }, 're-score failed; it resumes at restart')
        }
      }
    })
  }

  running = unfinishedRescores(options.db).then(
    (runs) => {
      queue.push(...runs)
      if (runs.length > 0) options.logger.info({ runs: runs.length }, 'resuming re-scores')
    },
    (error: unknown) =>
      options.logger.warn({ err: error }, 'could not look for unfinished re-scores'),
  )
  pump()

  return {
    enqueue(workspaceId, runId) {
      queue.push({ workspaceId, runId })
      pump()
    },
    async drain() {
      for (;;) {
        const current = running
        await current
        if (current === running && queue.length === 0) return
      }
    },
    async stop() {
      stopped = true
      await running
    },
  }
}
