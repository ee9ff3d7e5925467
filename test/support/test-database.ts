import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { inject } from 'vitest'
import { openStore, type Store } from '../../src/store/open-store.ts'
import { createDatabase, databaseUrl, dropDatabase } from './postgres-admin.ts'
import './provided-context.ts'

export interface TestStore {
  readonly store: Store
  readonly db: Store['db']
  readonly kind: Store['kind']
  /** For PostgreSQL, the URL of this file's own database (to hand to a child process). */
  readonly url: string | undefined
  close(): Promise<void>
}

/**
 * A migrated database of its own for one test file: a copy of the migrated PGlite directory, or
 * a PostgreSQL database cloned from the migrated template. Dropped again by close().
 */
export async function openTestStore(): Promise<TestStore> {
  const info = inject('testDatabase')
  if (info.kind === 'pglite') {
    const store = await openStore({
      kind: 'pglite',
      loadDataDir: new Blob([readFileSync(info.dumpPath)]),
    })
    return { store, db: store.db, kind: 'pglite', url: undefined, close: () => store.close() }
  }
  const name = `tandem_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`
  await createDatabase(info.adminUrl, name, info.template)
  const url = databaseUrl(info.adminUrl, name)
  const store = await openStore({ kind: 'postgres', url })
  return {
    store,
    db: store.db,
    kind: 'postgres',
    url,
    async close() {
      await store.close()
      await dropDatabase(info.adminUrl, name)
    },
  }
}

/** An empty database for a child process: a fresh PostgreSQL database, or undefined for PGlite. */
export async function emptyPostgresDatabase(): Promise<
  { url: string; drop(): Promise<void> } | undefined
> {
  const info = inject('testDatabase')
  if (info.kind === 'pglite') return undefined
  const name = `tandem_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`
  await createDatabase(info.adminUrl, name)
  return { url: databaseUrl(info.adminUrl, name), drop: () => dropDatabase(info.adminUrl, name) }
}
