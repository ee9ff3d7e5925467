import { pino } from 'pino'
import { type ConfigFlags, parseConfig } from '../../src/config.ts'
import { fixedClock } from '../../src/domain/clock.ts'
import { createApp, type TandemApp } from '../../src/http/create-app.ts'
import type { TestStore } from './test-database.ts'

export interface RunningApp {
  readonly app: TandemApp
  readonly url: string
  readonly clock: ReturnType<typeof fixedClock>
  close(): Promise<void>
}

/** The real HTTP server on a free loopback port, over a test database. */
export async function startTestApp(
  t: TestStore,
  now = new Date(),
  flags: ConfigFlags = {},
  port = 0,
): Promise<RunningApp> {
  const config = parseConfig({ port: 0, logLevel: 'silent', ...flags }, {})
  const clock = fixedClock(now)
  const app = await createApp({
    db: t.db,
    jobDatabase: t.store.jobDatabase,
    config,
    clock,
    logger: pino({ level: 'silent' }),
  })
  const url = await app.listen({ host: '127.0.0.1', port })
  return { app, url, clock, close: () => app.close() }
}
