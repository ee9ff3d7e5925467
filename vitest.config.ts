import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'

// One integration suite, run once per database: always on embedded PGlite, and on the
// PostgreSQL server named by TEST_DATABASE_URL when it is set (CI sets it). Tests of what only
// a server does (connections, roles) live in test/postgres and run with the server only.
const integration = (database: 'pglite' | 'postgres'): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name: `integration:${database}`,
    include: [
      'test/integration/**/*.test.ts',
      ...(database === 'postgres' ? ['test/postgres/**/*.test.ts'] : []),
    ],
    globalSetup: [`test/support/global-setup-${database}.ts`],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'],
          // Some unit tests read whole real data sets or build the default demo company (seconds
          // each); while the database projects run beside them on two cores they need headroom.
          testTimeout: 30_000,
        },
      },
      integration('pglite'),
      ...(process.env.TEST_DATABASE_URL ? [integration('postgres')] : []),
      {
        extends: true,
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      // The dashboard in a real headless Chromium (scripts/install-browser.sh installs it),
      // served by the real server over embedded PGlite.
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup-pglite.ts', 'test/support/global-setup-e2e.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
