import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { Config } from '../config.ts'
import type { Clock } from '../domain/clock.ts'
import type { EventProcessor } from '../jobs/event-processor.ts'
import type { JobRunner } from '../jobs/job-runner.ts'
import type { PredictiveTrainer } from '../jobs/predictive-trainer.ts'
import type { RescoreWorker } from '../jobs/rescore-worker.ts'
import type { Database } from '../store/database.ts'
import type { JobDatabase } from '../store/open-store.ts'

/** Everything the HTTP app needs, passed in: no module-level singletons (DESIGN.md rule 3). */
export interface AppDeps {
  readonly db: Kysely<Database>
  readonly config: Config
  readonly clock: Clock
  readonly logger: FastifyBaseLogger
  /** Where the job queue keeps its jobs: the same database, reached its own way. */
  readonly jobDatabase: JobDatabase
  /** The dashboard's build to serve at /; the package's dist/web unless given. */
  readonly webDir?: string
}

export type TandemApp = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>

/** What routes receive: the app's dependencies plus the background work the app runs. */
export interface RouteDeps extends AppDeps {
  readonly eventProcessor: EventProcessor
  readonly rescoreWorker: RescoreWorker
  readonly predictiveTrainer: PredictiveTrainer
  readonly jobs: JobRunner
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Turns stored events into contacts, account links and activities in the background. */
    eventProcessor: EventProcessor
    /** Re-scores whole workspaces after a contract changes, resuming unfinished runs at start. */
    rescoreWorker: RescoreWorker
    /** Trains workspaces' predictive models; trainings a crash cut short are marked failed. */
    predictiveTrainer: PredictiveTrainer
    /** SLA timers and notification delivery, on pg-boss. */
    jobs: JobRunner
  }
}
