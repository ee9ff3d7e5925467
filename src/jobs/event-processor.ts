import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type { Clock } from '../domain/clock.ts'
import { nextStatisticsRefresh } from '../domain/statistics-schedule.ts'
import {
  markEventFailed,
  processPendingEvents,
  workspacesWithPendingEvents,
} from '../services/event-processing.ts'
import { refreshTableStatistics } from '../services/table-statistics.ts'
import type { Database } from '../store/database.ts'

export interface EventProcessor {
  /** Events were stored for this workspace: process them soon. */
  notify(workspaceId: string): void
  /** Resolves once every pending event (of every workspace) is processed. */
  drain(): Promise<void>
  /** Finishes the batch in progress and stops. */
  stop(): Promise<void>
}

export interface EventProcessorOptions {
  readonly db: Kysely<Database>
  readonly clock: Clock
  readonly logger: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
  /** Events per transaction. */
  readonly batchSize?: number
  /** How often to look for events stored by other processes, in ms. */
  readonly pollMs?: number
  /** Told when a batch handed people to owners (their notifications wait for delivery). */
  readonly onHandoffs?: () => void
}

/**
 * Runs event processing in the background of the server process: woken by ingestion, and
 * polling for events other processes stored. A batch that fails is retried one event at a time,
 * and an event that fails on its own is marked with its error and skipped, so one bad event never
 * holds up the rest.
 */
export function startEventProcessor(options: EventProcessorOptions): EventProcessor {
  const batchSize = options.batchSize ?? 2_000
  const pollMs = options.pollMs ?? 1_000
  const dirty = new Set<string>()
  const waiters: (() => void)[] = []
  let stopped = false
  let wake: (() => void) | undefined
  let polledAt = 0
  let processed = 0
  let refreshStatisticsAt = nextStatisticsRefresh(0)

  async function countProcessed(events: number): Promise<void> {
    processed += events
    if (processed < refreshStatisticsAt) return
    refreshStatisticsAt = nextStatisticsRefresh(processed)
    try {
      await refreshTableStatistics(options.db)
    } catch (error) {
      options.logger.warn({ err: error }, 'could not refresh table statistics')
    }
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wake = undefined
        resolve()
      }
      wake = done
    })

  async function processWorkspace(workspaceId: string): Promise<void> {
    for (;;) {
      if (stopped) return
      let outcome: Awaited<ReturnType<typeof processPendingEvents>>
      try {
        outcome = await processPendingEvents(options.db, {
          workspaceId,
          limit: batchSize,
          now: options.clock.now(),
        })
      } catch (error) {
        options.logger.warn({ err: error, workspaceId }, 'event batch failed; retrying one by one')
        await processOneByOne(workspaceId, batchSize)
        continue
      }
      if (outcome.processed === 0) return
      if (outcome.handoffs > 0) options.onHandoffs?.()
      await countProcessed(outcome.processed)
    }
  }

  async function processOneByOne(workspaceId: string, count: number): Promise<void> {
    for (let i = 0; i < count && !stopped; i++) {
      try {
        const outcome = await processPendingEvents(options.db, {
          workspaceId,
          limit: 1,
          now: options.clock.now(),
        })
        if (outcome.processed === 0) return
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        const eventId = await markEventFailed(options.db, workspaceId, message, options.clock.now())
        options.logger.error({ err: error, workspaceId, eventId }, 'event could not be processed')
      }
    }
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        if (Date.now() - polledAt >= pollMs || waiters.length > 0) {
          polledAt = Date.now()
          for (const id of await workspacesWithPendingEvents(options.db)) dirty.add(id)
        }
        if (dirty.size === 0) {
          for (const resolve of waiters.splice(0)) resolve()
          await sleep(pollMs)
          continue
        }
        const [workspaceId] = dirty
        if (workspaceId === undefined) continue
        dirty.delete(workspaceId)
        await processWorkspace(workspaceId)
      } catch (error) {
        if (stopped) break
        options.logger.error({ err: error }, 'event processing paused after an error')
        await sleep(pollMs)
      }
    }
    for (const resolve of waiters.splice(0)) resolve()
  })()

  return {
    notify(workspaceId) {
      dirty.add(workspaceId)
      wake?.()
    },
    drain() {
      if (stopped) return Promise.resolve()
      return new Promise<void>((resolve) => {
        waiters.push(resolve)
        wake?.()
      })
    },
    async stop() {
      stopped = true
      wake?.()
      await loop
    },
  }
}
