import { randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../store/database.ts'
import { issueApiKey } from '../api-keys.ts'
import { AppError } from '../app-error.ts'
import { setPassword } from '../auth/sessions.ts'
import type { HandoffCounts } from '../handoff/handoff-after-scoring.ts'
import { adoptExampleContracts } from '../scoring/example-contracts.ts'
import { runRescore, startRescore } from '../scoring/rescore.ts'
import { MILESTONE_TABLES, refreshTableStatistics } from '../table-statistics.ts'
import { handOffHottestLeads } from './demo-handoffs.ts'
import { DEMO_ADMIN_EMAIL } from './demo-org.ts'
import { type DemoSize, generateDemoWorkspace } from './generate-demo-workspace.ts'
import { type DemoLoadProgress, insertDemoRows } from './load-demo-workspace.ts'

export interface DemoRequest {
  readonly slug: string
  readonly size: DemoSize
  readonly seed: number
  /** The 12 months of history end here. */
  readonly now: Date
  readonly onProgress?: (progress: DemoLoadProgress) => void
}

export interface DemoWorkspace {
  readonly workspaceId: string
  readonly adminKey: string
  readonly writeKey: string
  /** The admin's login to the dashboard: a random password, shown once like the keys. */
  readonly adminLogin: { readonly email: string; readonly password: string }
  /** Rows generated, by table. */
  readonly counts: Readonly<Record<string, number>>
  /** What the rules did to the hottest leads at the end: handoffs made, stage moves. */
  readonly atStart: HandoffCounts
}

/**
 * Creates a workspace filled with a realistic B2B company, with an admin API key, a tracking
 * write key and the admin's dashboard login. All in one transaction: a crash half-way leaves no half-made workspace behind.
 */
export async function createDemoWorkspace(
  db: Kysely<Database>,
  request: DemoRequest,
): Promise<DemoWorkspace> {
  const existing = await db
    .selectFrom('workspaces')
    .select('id')
    .where('slug', '=', request.slug)
    .executeTakeFirst()
  if (existing !== undefined) {
    throw new AppError(
      'conflict',
      `A workspace "${request.slug}" already exists. Choose another slug with --workspace.`,
    )
  }
  const workspaceId = randomUUID()
  const rows = generateDemoWorkspace({
    workspaceId,
    size: request.size,
    seed: request.seed,
    now: request.now,
  })
  const admin = rows.users.find((user) => user.role === 'admin')
  const demo = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('workspaces')
      .values({ id: workspaceId, slug: request.slug, name: 'Demo company', time_zone: 'UTC' })
      .execute()
    const counts = await insertDemoRows(trx, rows, request.onProgress)
    const adminKey = await issueApiKey(trx, {
      workspaceId,
      kind: 'api',
      name: 'demo admin',
      scopes: ['admin'],
      ...(admin === undefined ? {} : { userId: admin.id }),
    })
    const writeKey = await issueApiKey(trx, {
      workspaceId,
      kind: 'write',
      name: 'demo website',
      scopes: ['ingest'],
    })
    return { workspaceId, adminKey: adminKey.key, writeKey: writeKey.key, counts }
  })
  // Bulk-loaded tables (and the milestones the database filled from them) look empty to the
  // planner until analysed: the scoring and reports that follow would run their worst plans.
  await refreshTableStatistics(db, [
    ...(Object.keys(demo.counts) as (keyof Database)[]),
    ...MILESTONE_TABLES,
  ])
  await adoptDemoContracts(db, workspaceId, rows.users, request)
  const atStart = await handOffHottestLeads(db, workspaceId, request.now)
  const adminLogin = { email: DEMO_ADMIN_EMAIL, password: randomBytes(12).toString('base64url') }
  await setPassword(db, { workspaceId, ...adminLogin })
  return { ...demo, adminLogin, atStart }
}

/**
 * The demo company has agreed on the example contracts: its marketing and sales leads approved
 * them, every contact and account is scored under them, and new leads are routed by them.
 */
async function adoptDemoContracts(
  db: Kysely<Database>,
  workspaceId: string,
  users: readonly { readonly id: string; readonly role: string }[],
  request: DemoRequest,
): Promise<void> {
  const marketing = users.find((u) => u.role === 'marketing')
  const sales = users.find((u) => u.role === 'sales' || u.role === 'ae')
  if (marketing === undefined || sales === undefined) return
  await adoptExampleContracts(db, {
    workspaceId,
    marketingUserId: marketing.id,
    salesUserId: sales.id,
    at: request.now,
    routing: true,
  })
  const at = request.now
  const run = await startRescore(db, workspaceId, 'demo workspace created', at)
  await runRescore(db, workspaceId, run.runId, {
    now: () => at,
    onProgress: (p) => request.onProgress?.({ table: 'scores', done: p.done, total: p.total }),
  })
}
