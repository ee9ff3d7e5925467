import type { Kysely } from 'kysely'
import { type MigrationResult, Migrator } from 'kysely/migration'
import type { Database } from './database.ts'
import { migrations } from './migrations/index.ts'

export interface MigrateOutcome {
  readonly applied: readonly string[]
}

export class MigrationFailedError extends Error {
  readonly migration: string | undefined
  constructor(migration: string | undefined, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause)
    super(`Migration ${migration ?? '(unknown)'} failed: ${detail}. Nothing of it was applied.`, {
      cause,
    })
    this.name = 'MigrationFailedError'
    this.migration = migration
  }
}

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...migrations }) },
    migrationTableName: 'tandem_migrations',
    migrationLockTableName: 'tandem_migrations_lock',
  })
}

/** Names of the migrations not yet applied, in order. */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const all = await migrator(db).getMigrations()
  return all.filter((migration) => migration.executedAt === undefined).map((m) => m.name)
}

/** Applies every pending migration, each in its own transaction; reports each one as it lands. */
export async function migrateToLatest(
  db: Kysely<Database>,
  onApplied?: (name: string) => void,
): Promise<MigrateOutcome> {
  const { error, results = [] } = await migrator(db).migrateToLatest()
  const applied = results
    .filter((r: MigrationResult) => r.status === 'Success')
    .map((r) => r.migrationName)
  for (const name of applied) onApplied?.(name)
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName
    throw new MigrationFailedError(failed, error)
  }
  return { applied }
}
