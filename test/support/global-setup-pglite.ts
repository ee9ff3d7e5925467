import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { migrateToLatest } from '../../src/store/migrate.ts'
import { openStore } from '../../src/store/open-store.ts'
import './provided-context.ts'

// Migrate once, dump the data directory, and let every test file start from a copy of it.
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-pglite-'))
  const store = await openStore({ kind: 'pglite' })
  await migrateToLatest(store.db)
  const dump = await store.dump()
  await store.close()
  const dumpPath = join(dir, 'migrated.tar.gz')
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()))
  project.provide('testDatabase', { kind: 'pglite', dumpPath })
  return () => rmSync(dir, { recursive: true, force: true })
}
