import { type Kysely, sql } from 'kysely'
import type { IdealCustomerProfile } from '../../domain/contracts/contract-schemas.ts'
import {
  type AccountActivity,
  type AccountScoreState,
  foldAccountActivities,
  readAccountScore,
  scoreAccount,
} from '../../domain/scoring/account-score.ts'
import type { Database, FunctionName } from '../../store/database.ts'
import { jsonb } from '../../store/jsonb.ts'
import { alertSurges } from '../alerts/surge-alerts.ts'

export interface ActiveIcp {
  readonly version: number
  readonly body: IdealCustomerProfile
}

/**
 * Scores accounts under the active ICP from their firmographics, every activity of their
 * contacts and teams, and their opportunities; stores each score as of `at`. Serves new events
 * and full re-scores alike.
 */
export async function scoreAccounts(
  db: Kysely<Database>,
  workspaceId: string,
  accountIds: readonly string[],
  icp: ActiveIcp,
  at: Date,
): Promise<number> {
  if (accountIds.length === 0) return 0
  const accounts = await db
    .selectFrom('accounts')
    .select(['id', 'name', 'industry', 'employees', 'annual_revenue', 'country', 'technologies'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', accountIds)
    .execute()
  if (accounts.length === 0) return 0
  const ids = accounts.map((a) => a.id)
  const activities = await sql<{
    account_id: string
    type: string
    function: FunctionName
    occurred_at: Date
  }>`select account_id, type, function, occurred_at from activities
     where workspace_id = ${workspaceId} and account_id = any(${ids}::uuid[])`.execute(db)
  const opportunities = await sql<{ account_id: string; open: number; won: number }>`
    select account_id, count(*) filter (where not is_closed) as open,
      count(*) filter (where is_won) as won
    from opportunities where workspace_id = ${workspaceId} and account_id = any(${ids}::uuid[])
    group by account_id`.execute(db)
  const byAccount = new Map<string, { type: string; function: FunctionName; occurredAt: Date }[]>()
  for (const a of activities.rows) {
    const list = byAccount.get(a.account_id) ?? []
    list.push({ type: a.type, function: a.function, occurredAt: a.occurred_at })
    byAccount.set(a.account_id, list)
  }
  const deals = new Map(opportunities.rows.map((o) => [o.account_id, o]))

  const rows = accounts.map((a) => {
    const state = scoreAccount(
      icp.body,
      icp.version,
      {
        'account.name': a.name,
        'account.industry': a.industry,
        'account.employees': a.employees,
        'account.annual_revenue': a.annual_revenue,
        'account.country': a.country,
        'account.technologies': a.technologies,
      },
      byAccount.get(a.id) ?? [],
      { open: deals.get(a.id)?.open ?? 0, won: deals.get(a.id)?.won ?? 0 },
      at,
    )
    return scoreRow(a.id, state, at)
  })
  await writeAccountScores(db, workspaceId, rows, icp.version, at)
  return rows.length
}

/**
 * Adds a batch's new activities to the stored scores of accounts that did not otherwise change,
 * without reading their history again. Returns the accounts with no score under the active ICP
 * version, which need scoring in full.
 */
export async function foldIntoAccountScores(
  db: Kysely<Database>,
  workspaceId: string,
  newActivities: ReadonlyMap<string, readonly AccountActivity[]>,
  icp: ActiveIcp,
  at: Date,
): Promise<string[]> {
  if (newActivities.size === 0) return []
  const accounts = await db
    .selectFrom('accounts')
    .select(['id', 'score_state'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', [...newActivities.keys()])
    // A re-score holds the rows it is rewriting: fold into the score it writes, not the old one.
    .forUpdate()
    .execute()
  const unscored: string[] = []
  const rows: ScoreRow[] = []
  for (const a of accounts) {
    const state = a.score_state as AccountScoreState | null
    if (state === null || state.version !== icp.version) unscored.push(a.id)
    else
      rows.push(
        scoreRow(
          a.id,
          foldAccountActivities(icp.body, state, newActivities.get(a.id) ?? [], at),
          at,
        ),
      )
  }
  await writeAccountScores(db, workspaceId, rows, icp.version, at)
  return unscored
}

type ScoreRow = ReturnType<typeof scoreRow>

function scoreRow(id: string, state: AccountScoreState, at: Date) {
  const score = readAccountScore(state, at)
  return {
    id,
    icp_tier: state.icp.tier,
    icp_reasons: state.icp.reasons,
    engagement_score: score.engagement.points,
    engagement_by_function: score.engagement.byFunction,
    momentum: score.momentum.ratio,
    buying_stage: score.buyingStage,
    score_state: state,
  }
}

async function writeAccountScores(
  db: Kysely<Database>,
  workspaceId: string,
  rows: readonly ScoreRow[],
  version: number,
  at: Date,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1_000) {
    await sql`
      update accounts set icp_tier = s.icp_tier, icp_reasons = s.icp_reasons,
        icp_definition_version = ${version}, engagement_score = s.engagement_score,
        engagement_by_function = s.engagement_by_function, momentum = s.momentum,
        buying_stage = s.buying_stage, score_state = s.score_state, scored_at = ${at}
      from jsonb_to_recordset(${jsonb(rows.slice(i, i + 1_000))}) as s(id uuid, icp_tier integer,
        icp_reasons jsonb, engagement_score numeric, engagement_by_function jsonb, momentum numeric,
        buying_stage text, score_state jsonb)
      where accounts.workspace_id = ${workspaceId} and accounts.id = s.id`.execute(db)
  }
  await alertSurges(
    db,
    workspaceId,
    rows.map((r) => r.id),
    at,
  )
}
