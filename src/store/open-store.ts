import { resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import { fromPglite, type Db as IDatabase } from 'pg-boss'
import { lockDataDir } from './data-dir-lock.ts'
import type { Database } from './database.ts'
import { pgTypes, typeParsers } from './type-parsers.ts'
import { workspaceIsolatedDialect } from './workspace-isolated-dialect.ts'
import { YieldAfterQuery } from './yield-after-query.ts'

/** Where the data lives: an embedded PGlite directory (or memory), or a PostgreSQL server. */
export type StoreTarget =
  | { readonly kind: 'pglite'; readonly dataDir?: string; readonly loadDataDir?: Blob }
  | {
      readonly kind: 'postgres'
      readonly url: string
      readonly maxConnections?: number
      /**
       * Told when the server drops an idle pooled connection (a restart, an administrator's
       * terminate). The pool has already discarded it and opens a new one for the next query.
       */
      readonly onIdleConnectionError?: (error: Error) => void
    }

/** How the job queue (pg-boss) reaches the same database: PGlite's instance, or the server. */
export type JobDatabase =
  | { readonly kind: 'pglite'; readonly db: IDatabase }
  | { readonly kind: 'postgres'; readonly connectionString: string }

interface StoreBase {
  readonly db: Kysely<Database>
  readonly jobDatabase: JobDatabase
  /** Where the data is, for messages: a directory, 'memory' or the server URL without password. */
  readonly location: string
  close(): Promise<void>
}

export interface PgliteStore extends StoreBase {
  readonly kind: 'pglite'
  /** The whole data directory as a tarball; `loadDataDir` opens a copy of it. */
  dump(): Promise<Blob>
}

export interface PostgresStore extends StoreBase {
  readonly kind: 'postgres'
}

export type Store = PgliteStore | PostgresStore

export function openStore(target: Extract<StoreTarget, { kind: 'pglite' }>): Promise<PgliteStore>
export function openStore(
  target: Extract<StoreTarget, { kind: 'postgres' }>,
): Promise<PostgresStore>
export function openStore(target: StoreTarget): Promise<Store>
export function openStore(target: StoreTarget): Promise<Store> {
  return target.kind === 'pglite' ? openPglite(target) : openPostgres(target)
}

async function openPglite(target: Extract<StoreTarget, { kind: 'pglite' }>): Promise<PgliteStore> {
  const dataDir = target.dataDir === undefined ? undefined : resolve(target.dataDir)
  const unlock = dataDir === undefined ? async () => {} : await lockDataDir(dataDir)
  try {
    const pglite = await PGlite.create({
      ...(dataDir === undefined ? {} : { dataDir }),
      ...(target.loadDataDir === undefined ? {} : { loadDataDir: target.loadDataDir }),
      parsers: typeParsers,
      // The extensions the migrations create (fuzzy company-name matching).
      extensions: { pg_trgm, btree_gin },
    })
    const db = new Kysely<Database>({
      dialect: workspaceIsolatedDialect(new PGliteDialect({ pglite }), 'transaction'),
      plugins: [new YieldAfterQuery()],
    })
    return {
      db,
      jobDatabase: { kind: 'pglite', db: fromPglite(pglite) },
      kind: 'pglite',
      location: dataDir ?? 'memory',
      dump: () => pglite.dumpDataDir('gzip'),
      async close() {
        await db.destroy()
        await unlock()
      },
    }
  } catch (error) {
    await unlock()
    throw error
  }
}

async function openPostgres(
  target: Extract<StoreTarget, { kind: 'postgres' }>,
): Promise<PostgresStore> {
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.maxConnections ?? 10,
    types: pgTypes,
  })
  // Without a listener, pg-pool's 'error' on an idle connection would end the process.
  pool.on('error', (error) => target.onIdleConnectionError?.(error))
  const db = new Kysely<Database>({
    dialect: workspaceIsolatedDialect(new PostgresDialect({ pool }), 'session'),
  })
  return {
    db,
    jobDatabase: { kind: 'postgres', connectionString: target.url },
    kind: 'postgres',
    location: redactUrl(target.url),
    close: () => db.destroy(),
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparseable URL)'
  }
}
