import type { Config } from '../config.ts'
import { migrateToLatest } from '../store/migrate.ts'
import { openStore, type Store } from '../store/open-store.ts'
import type { ProgressReporter } from './progress.ts'

/** Opens the database the configuration names and brings its schema up to date. */
export async function openConfiguredStore(
  config: Config,
  progress: ProgressReporter,
  onIdleConnectionError?: (error: Error) => void,
): Promise<Store> {
  const store = await openStore(
    config.databaseUrl === undefined
      ? { kind: 'pglite', dataDir: config.dataDir }
      : { kind: 'postgres', url: config.databaseUrl, onIdleConnectionError },
  )
  const where = store.kind === 'pglite' ? 'embedded database in' : 'PostgreSQL at'
  progress.line(`Database: ${where} ${store.location}`)
  try {
    const outcome = await migrateToLatest(store.db, (name) => progress.line(`  applied ${name}`))
    progress.line(
      outcome.applied.length === 0
        ? 'Schema: up to date'
        : `Schema: applied ${outcome.applied.length} migration(s)`,
    )
    return store
  } catch (error) {
    await store.close()
    throw error
  }
}
