import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { migrateToLatest } from '../../src/store/migrate.ts'
import { openStore } from '../../src/store/open-store.ts'
import { databaseUrl, dropDatabase } from './postgres-admin.ts'
import './provided-context.ts'

// Migrate a template database once; every test file then gets its own database cloned from it.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_DATABASE_URL
  if (adminUrl === undefined) throw new Error('TEST_DATABASE_URL is not set')
  const template = `tandem_test_template_${process.pid}`
  const admin = new pg.Client({ connectionString: adminUrl })
  try {
    await admin.connect()
  } catch (error) {
    throw new Error(
      `Cannot reach the PostgreSQL server at TEST_DATABASE_URL (${adminUrl}): ${String(error)}. ` +
        'Start it, or unset TEST_DATABASE_URL to run the suite on the embedded database only.',
    )
  }
  await admin.query(`drop database if exists ${template}`)
  await admin.query(`create database ${template}`)
  await admin.end()
  const store = await openStore({ kind: 'postgres', url: databaseUrl(adminUrl, template) })
  await migrateToLatest(store.db)
  await store.close()
  project.provide('testDatabase', { kind: 'postgres', adminUrl, template })
  return () => dropDatabase(adminUrl, template)
}
