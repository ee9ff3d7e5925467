import { pino } from 'pino'
import { parseConfig } from '../src/config.ts'
import { systemClock } from '../src/domain/clock.ts'
import { createApp, type TandemApp } from '../src/http/create-app.ts'
import { issueApiKey, type Scope } from '../src/services/api-keys.ts'
import { createWorkspace } from '../src/services/workspaces.ts'
import type { ApiKeyKind } from '../src/store/database.ts'
import type { Store } from '../src/store/open-store.ts'

export interface BenchApp {
  readonly app: TandemApp
  readonly url: string
  readonly workspaceId: string
  readonly key: string
}

/** The real server on a free loopback port, silent, on the real clock. */
export async function startBenchServer(store: Store): Promise<{ app: TandemApp; url: string }> {
  const app = await createApp({
    db: store.db,
    jobDatabase: store.jobDatabase,
    config: parseConfig({ logLevel: 'silent', port: 0 }, {}),
    clock: systemClock,
    logger: pino({ level: 'silent' }),
  })
  return { app, url: await app.listen({ host: '127.0.0.1', port: 0 }) }
}

/** The real server with a new workspace and one key for it. */
export async function startBenchApp(
  store: Store,
  workspace: { readonly slug: string; readonly keyKind: ApiKeyKind; readonly scopes: Scope[] },
): Promise<BenchApp> {
  const { app, url } = await startBenchServer(store)
  const { id: workspaceId } = await createWorkspace(store.db, {
    slug: workspace.slug,
    name: 'Bench',
  })
  const { key } = await issueApiKey(store.db, {
    workspaceId,
    kind: workspace.keyKind,
    name: 'bench',
    scopes: workspace.scopes,
  })
  return { app, url, workspaceId, key }
}
