import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { createWorkspace } from '../../src/services/workspaces.ts'
import type { Database } from '../../src/store/database.ts'
import { migrateToLatest } from '../../src/store/migrate.ts'
import { openStore } from '../../src/store/open-store.ts'
import { spawnTandem } from './tandem-process.ts'

/**
 * An embedded data directory holding one workspace, `acme`, filled by `seed`, for CLI tests;
 * `tandem(...)` runs a command against it. `remove()` deletes the directory.
 */
export async function embeddedWorkspace(
  name: string,
  seed: (db: Kysely<Database>, workspaceId: string) => Promise<void>,
) {
  const dir = mkdtempSync(join(tmpdir(), `tandem-${name}-`))
  const data = join(dir, 'data')
  const store = await openStore({ kind: 'pglite', dataDir: data })
  try {
    await migrateToLatest(store.db)
    const workspaceId = (await createWorkspace(store.db, { slug: 'acme', name: 'Acme' })).id
    await seed(store.db, workspaceId)
  } finally {
    await store.close()
  }
  return {
    dir,
    async tandem(...args: string[]) {
      const child = spawnTandem([...args, '--workspace', 'acme', '--data', data])
      const { code } = await child.exited
      return { code, output: child.output() }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
