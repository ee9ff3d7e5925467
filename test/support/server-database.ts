import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DataDirLockedError } from '../../src/store/data-dir-lock.ts'
import { migrateToLatest } from '../../src/store/migrate.ts'
import { openStore, type Store } from '../../src/store/open-store.ts'
import { spawnTandem, type TandemProcess } from './tandem-process.ts'
import { emptyPostgresDatabase } from './test-database.ts'

// A database that `tandem start` runs on in a child process, which a test may kill: an embedded
// data directory, or a PostgreSQL database of its own. The test prepares it and reads it back in
// its own process while no server runs on it.

export interface ServerDatabase {
  readonly kind: 'pglite' | 'postgres'
  /** Opens it here, migrated. A killed server's lock on a data directory is waited out. */
  open(): Promise<Store>
  /** Starts `tandem start` on it (no demo), waiting out a killed server's lock likewise. */
  start(env?: Readonly<Record<string, string>>): Promise<RunningServer>
  drop(): Promise<void>
}

export interface RunningServer {
  readonly process: TandemProcess
  readonly url: string
}

/** A data directory with PGlite, a new PostgreSQL database with the postgres project. */
export async function serverDatabase(): Promise<ServerDatabase> {
  const postgres = await emptyPostgresDatabase()
  const dir = mkdtempSync(join(tmpdir(), 'tandem-fault-'))
  const dataDir = join(dir, 'db')
  const target =
    postgres === undefined
      ? { args: ['--data', dataDir], env: {} }
      : { args: [], env: { DATABASE_URL: postgres.url } }
  return {
    kind: postgres === undefined ? 'pglite' : 'postgres',
    open: () =>
      untilUnlocked(async () => {
        const store = await openStore(
          postgres === undefined
            ? { kind: 'pglite', dataDir }
            : { kind: 'postgres', url: postgres.url },
        )
        await migrateToLatest(store.db)
        return store
      }),
    start: (env = {}) =>
      untilUnlocked(async () => {
        const process = spawnTandem(['start', '--port', '0', '--no-demo', ...target.args], {
          ...target.env,
          ...env,
        })
        try {
          const [, url] = await process.waitFor(/Tandem is running at (http:\/\/\S+)/)
          return { process, url: url as string }
        } catch (error) {
          if (/is in use by another Tandem process/.test(process.output()))
            throw new DataDirLockedError(dataDir)
          throw error
        }
      }),
    async drop() {
      await postgres?.drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A killed process's lock on a data directory goes stale within seconds: try until then. */
async function untilUnlocked<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      return await attempt()
    } catch (error) {
      if (!(error instanceof DataDirLockedError) || Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
}

/** Stops a server with SIGKILL, as a crash or the OOM killer would, and waits for it. */
export async function killServer(server: RunningServer): Promise<NodeJS.Signals | null> {
  server.process.child.kill('SIGKILL')
  return (await server.process.exited).signal
}
