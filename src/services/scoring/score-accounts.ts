import { type Kysely, sql } from 'kysely'
import type { IdealCustomerProfile } from '../../domain/contracts/contract-schemas.ts'
import {
  type AccountActivity,
  type AccountScoreState,
  foldAccountActivities,
  readAccountScore,
  scoreAccount,
} from '../../domain/scoring/account-score.ts'
import type { FitProfile } from '../../domain/scoring/fit-rules.ts'
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
  const accounts = await loadAccountInputs(db, workspaceId, { ids: accountIds })
  if (accounts.length === 0) return 0
  const ids = accounts.map((a) => a.id)
  const activities = await sql<{
    account_id: string
    type: string
    function: FunctionName
    occurred_at: Date
  }>`select account_id, type, function, occurred_at from activities
     where workspace_id = ${workspaceId} and account_id = any(${ids}::uuid[])`.execute(db)
  const byAccount = new Map<string, AccountActivity[]>()
  for (const a of activities.rows) {
    const list = byAccount.get(a.account_id) ?? []
    list.push({ type: a.type, function: a.function, occurredAt: a.occurred_at })
    byAccount.set(a.account_id, list)
  }
  const rows = accounts.map((a) =>
    accountScoreRow(
      a.id,
      scoreAccount(icp.body, icp.version, a.profile, byAccount.get(a.id) ?? [], a.deals, at),
      at,
    ),
  )
  await writeAccountScores(db, workspaceId, rows, icp.version, at)
  return rows.length
}

/** What scoring an account reads besides activities; `xmin` tells whether the row changed since. */
export interface AccountScoringInput {
  readonly id: string
  readonly profile: FitProfile
  readonly deals: { readonly open: number; readonly won: number }
  readonly xmin: string
}

/** The accounts named, or the next `limit` by id after `after` (a re-score's slice). */
export async function loadAccountInputs(
  db: Kysely<Database>,
  workspaceId: string,
  which:
    | { readonly ids: readonly string[] }
    | { readonly after: string | null; readonly limit: number },
): Promise<AccountScoringInput[]> {
  let query = db
    .selectFrom('accounts')
    .select(['id', 'name', 'industry', 'employees', 'annual_revenue', 'country', 'technologies'])
    .select(sql<string>`xmin::text`.as('xmin'))
    .where('workspace_id', '=', workspaceId)
    .orderBy('id')
  if ('ids' in which) query = query.where('id', 'in', which.ids)
  else {
    query = query.limit(which.limit)
    if (which.after !== null) query = query.where('id', '>', which.after)
  }
  const accounts = await query.execute()
  if (accounts.length === 0) return []
  const ids = accounts.map((a) => a.id)
  const opportunities = await sql<{ account_id: string; open: number; won: number }>`
    select account_id, count(*) filter (where not is_closed) as open,
      count(*) filter (where is_won) as won
    from opportunities where workspace_id = ${workspaceId} and account_id = any(${ids}::uuid[])
    group by account_id`.execute(db)
  const deals = new Map(opportunities.rows.map((o) => [o.account_id, o]))
  return accounts.map((a) => ({
    id: a.id,
    xmin: a.xmin,
    profile: {
      'account.name': a.name,
      'account.industry': a.industry,
      'account.employees': a.employees,
      'account.annual_revenue': a.annual_revenue,
      'account.country': a.country,
      'account.technologies': a.technologies,
    },
    deals: { open: deals.get(a.id)?.open ?? 0, won: deals.get(a.id)?.won ?? 0 },
  }))
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
  const rows: AccountScoreRow[] = []
  for (const a of accounts) {
    const state = a.score_state as AccountScoreState | null
    if (state === null || state.version !== icp.version) unscored.push(a.id)
    else
      rows.push(
        accountScoreRow(
          a.id,
          foldAccountActivities(icp.body, state, newActivities.get(a.id) ?? [], at),
          at,
        ),
      )
  }
  await writeAccountScores(db, workspaceId, rows, icp.version, at)
  return unscored
}

export type AccountScoreRow = ReturnType<typeof accountScoreRow> & {
  /** Write only if the row is unchanged since it was read (its xmin then), else leave it. */
  readonly xmin?: string
}

/** The columns an account's score is stored in. */
export function accountScoreRow(id: string, state: AccountScoreState, at: Date) {
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

/** Stores the scores; returns the ids written (a row changed since its `xmin` is not). */
export async function writeAccountScores(
  db: Kysely<Database>,
  workspaceId: string,
  rows: readonly AccountScoreRow[],
  version: number,
  at: Date,
): Promise<Set<string>> {
  const written = new Set<string>()
  for (let i = 0; i < rows.length; i += 1_000) {
    const result = await sql<{ id: string }>`
      update accounts set icp_tier = s.icp_tier, icp_reasons = s.icp_reasons,
        icp_definition_version = ${version}, engagement_score = s.engagement_score,
        engagement_by_function = s.engagement_by_function, momentum = s.momentum,
        buying_stage = s.buying_stage, score_state = s.score_state, scored_at = ${at}
      from jsonb_to_recordset(${jsonb(rows.slice(i, i + 1_000))}) as s(id uuid, icp_tier integer,
        icp_reasons jsonb, engagement_score numeric, engagement_by_function jsonb, momentum numeric,
        buying_stage text, score_state jsonb, xmin text)
      where accounts.workspace_id = ${workspaceId} and accounts.id = s.id
        and (s.xmin is null or accounts.xmin = s.xmin::xid)
      returning accounts.id`.execute(db)
    for (const r of result.rows) written.add(r.id)
  }
  await alertSurges(db, workspaceId, [...written], at)
  return written
}
