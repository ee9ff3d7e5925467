/** What a project's global setup hands each test file about its database. */
export type TestDatabaseInfo =
  | { readonly kind: 'pglite'; readonly dumpPath: string }
  | { readonly kind: 'postgres'; readonly adminUrl: string; readonly template: string }

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: TestDatabaseInfo
  }
}
