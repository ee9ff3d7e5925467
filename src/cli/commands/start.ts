import type { Command } from 'commander'
import { pino } from 'pino'
import { loadConfig } from '../../config.ts'
import { systemClock } from '../../domain/clock.ts'
import { createApp } from '../../http/create-app.ts'
import { countWorkspaces } from '../../services/workspaces.ts'
import { configFlags } from '../config-flags.ts'
import { openConfiguredStore } from '../open-configured-store.ts'
import { createProgress } from '../progress.ts'
import { createAndAnnounceDemo } from './demo.ts'

export const DEMO_SLUG = 'demo'
export const DEMO_SEED = 42

export async function startCommand(command: Command): Promise<void> {
  const config = loadConfig(configFlags(command))
  const progress = createProgress(process.stdout)
  const logger = pino({ level: config.logLevel })
  const store = await openConfiguredStore(config, progress, (error) =>
    logger.warn({ err: error }, 'the database closed an idle connection; it will reconnect'),
  )

  let closing: Promise<void> | undefined
  const shutdown = (signal: string) => {
    closing ??= (async () => {
      progress.line(`Received ${signal}: finishing requests and closing the database…`)
      await app?.close()
      await store.close()
      progress.line('Stopped cleanly.')
    })()
    return closing
  }
  let app: Awaited<ReturnType<typeof createApp>> | undefined
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      shutdown(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          progress.line(`Could not close cleanly: ${String(error)}`)
          process.exit(1)
        },
      )
    })
  }

  try {
    if (config.demo && (await countWorkspaces(store.db)) === 0) {
      await createAndAnnounceDemo(
        store.db,
        { size: config.demoSize, seed: DEMO_SEED, workspace: DEMO_SLUG },
        progress,
      )
    }
    app = await createApp({
      db: store.db,
      jobDatabase: store.jobDatabase,
      config,
      clock: systemClock,
      logger,
    })
    await app.listen({ host: config.host, port: config.port })
  } catch (error) {
    await shutdown('a start-up error')
    throw error
  }

  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  const url = `http://${shownHost}:${port}`
  progress.line(`Tandem is running at ${url}  (API docs: ${url}/docs)`)
  progress.line(
    `Dashboard: ${url}/ (log in with the dashboard login printed when the demo was made, or set a password: npm run tandem -- user password EMAIL --workspace demo)`,
  )
  progress.line(
    'Need an API key? npm run tandem -- api-key create --workspace demo --scope admin. Stop with Ctrl+C.',
  )
}
