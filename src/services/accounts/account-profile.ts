import { type Kysely, sql } from 'kysely'
import {
  type ActivityCount,
  engagementWindowStart,
  type WeekOfEngagement,
  weeklyEngagement,
} from '../../domain/accounts/weekly-engagement.ts'
import { contactName } from '../../domain/contact-name.ts'
import type { QualificationDefinition } from '../../domain/contracts/contract-schemas.ts'
import type { DataQualityIssue } from '../../domain/data-quality.ts'
import { type BuyingRole, buyingRoleOf } from '../../domain/plans/buying-roles.ts'
import { type ContactScoreState, readContactScore } from '../../domain/scoring/contact-score.ts'
import type {
  AccountStage,
  BuyingStage,
  Database,
  FunctionName,
  LeadStage,
} from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import { contractByVersion } from '../contracts.ts'
import { stageHistory } from '../lifecycle/stage-history.ts'
import { opportunityRole } from '../plans/account-people.ts'

// One account as the people working it open it: who it is, who its people are and the part each
// plays in buying, how far it went down the account funnel and when, how much each function
// engaged with it week by week, and its account plan. Every list is bounded: the most engaged
// people with the count of all, the first fifty stage moves, twelve weeks.

/** The most people an account's profile lists; `contacts.total` counts them all. */
export const PROFILE_CONTACT_LIMIT = 25
/** The account stage moves a profile lists, from the first. */
export const PROFILE_STAGE_MOVES = 50
/** The web domains a profile lists besides the main one. */
export const PROFILE_DOMAIN_LIMIT = 20

export interface AccountPerson {
  readonly id: string
  readonly name: string
  readonly email: string | null
  readonly title: string | null
  readonly role: BuyingRole
  readonly roleReason: string
  readonly leadStage: LeadStage
  /** Fit grade x engagement band now, e.g. "A1"; null until the person is scored. */
  readonly cell: string | null
  readonly mql: boolean
}

export interface AccountStageMove {
  readonly from: string | null
  readonly to: string
  readonly at: Date
  readonly actorType: 'user' | 'rule' | 'system' | 'import'
  readonly actorName: string | null
  readonly reason: string | null
}

export interface AccountProfile {
  readonly id: string
  readonly name: string
  readonly domain: string | null
  readonly domains: readonly string[]
  readonly website: string | null
  readonly industry: string | null
  readonly employees: number | null
  readonly annualRevenue: number | null
  readonly country: string | null
  readonly owner: { readonly id: string; readonly name: string } | null
  readonly sdr: { readonly id: string; readonly name: string } | null
  readonly isTarget: boolean
  readonly icpTier: 1 | 2 | 3 | null
  readonly stage: AccountStage | null
  readonly stageChangedAt: Date | null
  readonly buyingStage: BuyingStage | null
  readonly engagementScore: number
  readonly momentum: number | null
  readonly scoredAt: Date | null
  readonly contacts: { readonly total: number; readonly items: readonly AccountPerson[] }
  /** The account's first stage moves, oldest first. */
  readonly stageHistory: readonly AccountStageMove[]
  /** Whether it moved more often than stageHistory lists (GET /v1/accounts/:id/stages pages all). */
  readonly stageHistoryContinues: boolean
  readonly engagementByWeek: readonly WeekOfEngagement[]
  /** The active plan, else the latest one; null when the account has none. */
  readonly plan: {
    readonly id: string
    readonly status: 'draft' | 'active' | 'closed'
    readonly periodStart: string
    readonly periodEnd: string
  } | null
}

interface PersonRow {
  id: string
  first_name: string | null
  last_name: string | null
  email: string | null
  title: string | null
  seniority: string | null
  department: string | null
  lifecycle_stage: LeadStage
  score_state: ContactScoreState | null
  data_quality_issues: string[]
  opportunity_role: string | null
}

export async function readAccountProfile(
  db: Kysely<Database>,
  workspaceId: string,
  accountId: string,
  now: Date,
): Promise<AccountProfile> {
  const account = /^[0-9a-f-]{36}$/i.test(accountId)
    ? await db
        .selectFrom('accounts as a')
        .leftJoin('users as o', (j) =>
          j.onRef('o.workspace_id', '=', 'a.workspace_id').onRef('o.id', '=', 'a.owner_id'),
        )
        .leftJoin('users as s', (j) =>
          j.onRef('s.workspace_id', '=', 'a.workspace_id').onRef('s.id', '=', 'a.sdr_id'),
        )
        .selectAll('a')
        .select(['o.name as owner_name', 's.name as sdr_name'])
        .where('a.workspace_id', '=', workspaceId)
        .where('a.id', '=', accountId)
        .executeTakeFirst()
    : undefined
  if (account === undefined)
    throw new AppError(
      'not_found',
      `There is no account ${accountId} in this workspace: pick one from GET /v1/accounts.`,
    )
  const [domains, people, total, moves, counts, plan] = await Promise.all([
    db
      .selectFrom('account_domains')
      .select('domain')
      .where('workspace_id', '=', workspaceId)
      .where('account_id', '=', accountId)
      .orderBy('domain')
      .limit(PROFILE_DOMAIN_LIMIT)
      .execute(),
    sql<PersonRow>`select c.id, c.first_name, c.last_name, c.email, c.title, c.seniority, c.department,
        c.lifecycle_stage, c.score_state, c.data_quality_issues,
        ${opportunityRole} as opportunity_role
      from contacts c
      where c.workspace_id = ${workspaceId} and c.account_id = ${accountId} and c.erased_at is null
      order by c.engagement_score desc, c.fit_score desc nulls last, c.id
      limit ${PROFILE_CONTACT_LIMIT}`.execute(db),
    db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('account_id', '=', accountId)
      .where('erased_at', 'is', null)
      .executeTakeFirstOrThrow(),
    stageHistory(db, workspaceId, 'account', accountId, { limit: PROFILE_STAGE_MOVES, offset: 0 }),
    sql<{ function: FunctionName; weeks_ago: number; activities: number }>`
      select function, floor(extract(epoch from (${now}::timestamptz - occurred_at)) / 604800)::int
          as weeks_ago, count(*)::int as activities
      from activities
      where workspace_id = ${workspaceId} and account_id = ${accountId}
        and occurred_at > ${engagementWindowStart(now)} and occurred_at <= ${now}
      group by 1, 2`.execute(db),
    db
      .selectFrom('account_plans')
      .select(['id', 'status', 'period_start', 'period_end'])
      .where('workspace_id', '=', workspaceId)
      .where('account_id', '=', accountId)
      .orderBy(sql`status = 'active'`, 'desc')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ])
  const actorIds = moves.items.flatMap((m) =>
    m.actorType === 'user' && m.actorId !== null ? [m.actorId] : [],
  )
  const actorNames = new Map(
    actorIds.length === 0
      ? []
      : (
          await db
            .selectFrom('users')
            .select(['id', 'name'])
            .where('workspace_id', '=', workspaceId)
            .where('id', 'in', actorIds)
            .execute()
        ).map((u) => [u.id, u.name]),
  )
  return {
    id: account.id,
    name: account.name,
    domain: account.domain,
    domains: domains.map((d) => d.domain),
    website: account.website,
    industry: account.industry,
    employees: account.employees,
    annualRevenue: account.annual_revenue === null ? null : Number(account.annual_revenue),
    country: account.country,
    owner: person(account.owner_id, account.owner_name),
    sdr: person(account.sdr_id, account.sdr_name),
    isTarget: account.is_target,
    icpTier: account.icp_tier,
    stage: account.stage,
    stageChangedAt: account.stage_changed_at,
    buyingStage: account.buying_stage,
    engagementScore: Number(account.engagement_score),
    momentum: account.momentum === null ? null : Number(account.momentum),
    scoredAt: account.scored_at,
    contacts: {
      total: Number(total.n),
      items: await withScoreCells(db, workspaceId, people.rows, now),
    },
    stageHistory: moves.items.map((m) => ({
      from: m.from,
      to: m.to,
      at: m.at,
      actorType: m.actorType,
      actorName: m.actorType === 'user' ? (actorNames.get(m.actorId ?? '') ?? null) : null,
      reason: m.reason,
    })),
    stageHistoryContinues: moves.next !== undefined,
    engagementByWeek: weeklyEngagement(
      counts.rows.map(
        (c): ActivityCount => ({
          function: c.function,
          weeksAgo: Number(c.weeks_ago),
          activities: Number(c.activities),
        }),
      ),
      now,
    ),
    plan:
      plan === undefined
        ? null
        : {
            id: plan.id,
            status: plan.status,
            periodStart: plan.period_start,
            periodEnd: plan.period_end,
          },
  }
}

const person = (id: string | null, name: string | null) =>
  id === null ? null : { id, name: name ?? 'a former user' }

/** Each person's cell as of now, under the qualification version that scored them. */
async function withScoreCells(
  db: Kysely<Database>,
  workspaceId: string,
  rows: readonly PersonRow[],
  now: Date,
): Promise<AccountPerson[]> {
  const versions = [...new Set(rows.flatMap((r) => (r.score_state ? [r.score_state.version] : [])))]
  const definitions = new Map(
    await Promise.all(
      versions.map(async (v) => {
        const contract = await contractByVersion(db, workspaceId, 'qualification', v)
        return [v, contract?.body as QualificationDefinition | undefined] as const
      }),
    ),
  )
  return rows.map((r) => {
    const definition = r.score_state ? definitions.get(r.score_state.version) : undefined
    const score =
      r.score_state && definition
        ? readContactScore(
            definition,
            r.score_state,
            r.data_quality_issues as DataQualityIssue[],
            now,
          )
        : undefined
    const { role, reason } = buyingRoleOf({
      opportunityRole: r.opportunity_role,
      seniority: r.seniority,
      department: r.department,
    })
    return {
      id: r.id,
      name: contactName(r),
      email: r.email,
      title: r.title,
      role,
      roleReason: reason,
      leadStage: r.lifecycle_stage,
      cell: score?.cell ?? null,
      mql: score?.mql ?? false,
    }
  })
}
