import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import { PgBoss } from 'pg-boss'
import type { Clock } from '../domain/clock.ts'
import { queueDueDigests } from '../services/alerts/digests.ts'
import { type SweepOutcome, sweepSlaTimers } from '../services/handoff/sla-sweep.ts'
import {
  type DeliveryOutcome,
  deliverNotifications,
} from '../services/notifications/deliver-notifications.ts'
import type { NotificationChannel } from '../services/notifications/notification-message.ts'
import type { Database } from '../store/database.ts'
import type { JobDatabase } from '../store/open-store.ts'
import { acrossWorkspaces } from '../store/workspace-isolation.ts'

// Timers and sweeps on pg-boss, in the product's own database (PGlite or PostgreSQL), so they
// survive restarts: both sweeps run every minute, once at start (a timer that fell due while the
// server was down fires then), and whenever a handoff or a breach queues a notification.

const SLA_SWEEP = 'sla-sweep'
const DELIVERY = 'notification-delivery'
// Reps' digests: each is due from 08:00 in the rep's time zone, so a sweep every ten minutes
// sends it soon after, and a rep's last digest keeps it from going twice.
const DIGESTS = 'alert-digests'
const QUEUES = [SLA_SWEEP, DELIVERY, DIGESTS] as const
type QueueName = (typeof QUEUES)[number]

export interface JobRunner {
  /** Runs a sweep soon, as a job (after a handoff, say). */
  wake(queue: QueueName): void
  /** Runs the SLA sweep now, in this call (for the CLI and tests). */
  sweepSlaTimers(): Promise<SweepOutcome>
  /** Delivers waiting notifications now, in this call. */
  deliverNotifications(): Promise<DeliveryOutcome>
  /** Queues the reps' digests that are due now, in this call; returns how many. */
  queueDigests(): Promise<number>
  stop(): Promise<void>
}

export interface JobRunnerOptions {
  readonly db: Kysely<Database>
  readonly jobDatabase: JobDatabase
  readonly clock: Clock
  readonly logger: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
  readonly channels: readonly NotificationChannel[]
  /** Where links in notifications point, such as https://tandem.example.com. */
  readonly baseUrl?: string
  readonly pollingIntervalSeconds?: number
}

export async function startJobRunner(options: JobRunnerOptions): Promise<JobRunner> {
  const { db, clock, logger } = options
  const boss = new PgBoss(
    options.jobDatabase.kind === 'pglite'
      ? { db: options.jobDatabase.db, backend: 'pglite', schema: 'pgboss' }
      : { connectionString: options.jobDatabase.connectionString, max: 3, schema: 'pgboss' },
  )
  boss.on('error', (error) => logger.warn({ err: error }, 'job queue error'))
  await boss.start()
  for (const queue of QUEUES) await boss.createQueue(queue)
  await boss.schedule(SLA_SWEEP, '* * * * *')
  await boss.schedule(DELIVERY, '* * * * *')
  await boss.schedule(DIGESTS, '*/10 * * * *')

  const sweep = () => sweepSlaTimers(db, clock.now())
  const deliver = () =>
    deliverNotifications(db, options.channels, {
      now: () => clock.now(),
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    })
  const digests = () => queueDueDigests(db, clock.now())
  const pending = new Set<Promise<unknown>>()
  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise)
    void promise.finally(() => pending.delete(promise)).catch(() => {})
    return promise
  }
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }
  await boss.work(SLA_SWEEP, polling, () =>
    track(
      (async () => {
        const outcome = await sweep()
        if (outcome.fired > 0) logger.info({ ...outcome }, 'SLA timers fired')
        if (outcome.notifications > 0) wake(DELIVERY)
      })(),
    ),
  )
  await boss.work(DELIVERY, polling, () =>
    track(
      (async () => {
        const outcome = await deliver()
        if (outcome.failed > 0) logger.warn({ ...outcome }, 'some notifications were not delivered')
      })(),
    ),
  )
  await boss.work(DIGESTS, polling, () =>
    track(
      (async () => {
        const queued = await digests()
        if (queued > 0) wake(DELIVERY)
      })(),
    ),
  )
  const sent = new Set<Promise<unknown>>()
  function wake(queue: QueueName): void {
    // Woken by a request, but the sweeps serve every workspace.
    const promise = acrossWorkspaces(() => boss.send(queue, {})).catch((error: unknown) => {
      logger.warn({ err: error, queue }, 'could not queue a job')
    })
    sent.add(promise)
    void promise.finally(() => sent.delete(promise))
  }
  for (const queue of QUEUES) wake(queue)

  return {
    wake,
    sweepSlaTimers: sweep,
    deliverNotifications: deliver,
    queueDigests: digests,
    async stop() {
      await Promise.all([...sent])
      await boss.stop({ graceful: true, timeout: 10_000 })
      await Promise.all([...pending])
      for (const channel of options.channels) await channel.close()
    },
  }
}
