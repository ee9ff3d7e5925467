import { type Kysely, sql } from 'kysely'
import {
  type AccountSituation,
  type PlayKind,
  type PlayRecommendation,
  recommendPlays,
} from '../../domain/plans/play-recommendations.ts'
import { type AccountScoreState, readAccountScore } from '../../domain/scoring/account-score.ts'
import type { AccountStage, Database } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import type { Page, PageRequest } from '../lead-review.ts'
import { pageLimit } from '../newest-first-page.ts'
import { accountPeople } from './account-people.ts'

// The next plays worth running for target accounts: the account's situation read from its
// scores (decayed to now), its people's buying roles, its open pipeline and the plays already
// planned, handed to the transparent rules in the domain.

export interface AccountRecommendations {
  readonly accountId: string
  readonly accountName: string
  readonly tier: 1 | 2 | 3 | null
  readonly stage: AccountStage | null
  readonly buyingStage: string | null
  readonly momentumRatio: number | null
  readonly activePlanId: string | null
  readonly recommendations: readonly PlayRecommendation[]
}

const DAY_MS = 86_400_000
/** People count as known in a role whatever they did; a year of activity is looked at. */
const PEOPLE_WINDOW_DAYS = 365

export async function recommendationsFor(
  db: Kysely<Database>,
  workspaceId: string,
  accountId: string,
  now: Date,
): Promise<AccountRecommendations> {
  const [found] = await recommendationsOf(db, workspaceId, [accountId], now)
  if (found === undefined)
    throw new AppError('not_found', `No account ${accountId} in this workspace.`)
  return found
}

/** Target accounts (marked as targets, or with an active plan), by id, in pages. */
export async function recommendationsForTargets(
  db: Kysely<Database>,
  workspaceId: string,
  page: PageRequest,
  now: Date,
): Promise<Page<AccountRecommendations>> {
  const limit = pageLimit(page)
  const { rows } = await sql<{ id: string }>`
    select a.id from accounts a
    where a.workspace_id = ${workspaceId}
      and (a.is_target or exists (select 1 from account_plans ap
        where ap.workspace_id = a.workspace_id and ap.account_id = a.id and ap.status = 'active'))
      ${page.after === undefined ? sql`` : sql`and a.id > ${page.after}`}
    order by a.id limit ${limit + 1}`.execute(db)
  const ids = rows.map((r) => r.id)
  return {
    items: await recommendationsOf(db, workspaceId, ids.slice(0, limit), now),
    ...(ids.length > limit ? { next: ids[limit - 1] as string } : {}),
  }
}

async function recommendationsOf(
  db: Kysely<Database>,
  workspaceId: string,
  accountIds: readonly string[],
  now: Date,
): Promise<AccountRecommendations[]> {
  if (accountIds.length === 0) return []
  const { rows } = await sql<{
    id: string
    name: string
    icp_tier: 1 | 2 | 3 | null
    stage: AccountStage | null
    buying_stage: AccountSituation['buyingStage']
    score_state: AccountScoreState | null
    engagement_by_function: Partial<Record<'marketing' | 'sdr' | 'sales' | 'cs', number>>
    open_pipeline: string
    plan_id: string | null
    planned: PlayKind[] | null
  }>`
    select a.id, a.name, a.icp_tier, a.stage, a.buying_stage, a.score_state,
      a.engagement_by_function,
      (select coalesce(sum(o.amount), 0) from opportunities o
        where o.workspace_id = a.workspace_id and o.account_id = a.id and not o.is_closed)
        as open_pipeline,
      ap.id as plan_id,
      (select array_agg(distinct p.kind) from plays p
        where p.workspace_id = a.workspace_id and p.plan_id = ap.id
          and p.status in ('proposed', 'active')) as planned
    from accounts a
    left join account_plans ap
      on ap.workspace_id = a.workspace_id and ap.account_id = a.id and ap.status = 'active'
    where a.workspace_id = ${workspaceId} and a.id = any(${accountIds}::uuid[])
    order by a.id`.execute(db)
  const results: AccountRecommendations[] = []
  for (const row of rows) {
    const score = row.score_state === null ? undefined : readAccountScore(row.score_state, now)
    const people = await accountPeople(db, workspaceId, row.id, {
      from: new Date(now.getTime() - PEOPLE_WINDOW_DAYS * DAY_MS),
      to: new Date(now.getTime() + 1),
    })
    const byFunction = score?.engagement.byFunction ?? {
      marketing: row.engagement_by_function.marketing ?? 0,
      sdr: row.engagement_by_function.sdr ?? 0,
      sales: row.engagement_by_function.sales ?? 0,
      cs: row.engagement_by_function.cs ?? 0,
    }
    const situation: AccountSituation = {
      tier: row.icp_tier,
      stage: row.stage,
      buyingStage: score?.buyingStage ?? row.buying_stage,
      engagementByFunction: byFunction,
      engagedThreshold: score?.engagement.threshold ?? 0,
      momentumRatio: score?.momentum.ratio ?? null,
      rolesKnown: new Set(people.map((p) => p.role)),
      knownContacts: people.length,
      openPipeline: Number(row.open_pipeline),
      activePlays: new Set(row.planned ?? []),
    }
    results.push({
      accountId: row.id,
      accountName: row.name,
      tier: row.icp_tier,
      stage: row.stage,
      buyingStage: situation.buyingStage,
      momentumRatio: situation.momentumRatio,
      activePlanId: row.plan_id,
      recommendations: recommendPlays(situation),
    })
  }
  return results
}
