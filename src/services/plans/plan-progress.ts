import { type Kysely, sql } from 'kysely'
import type { BuyingRole } from '../../domain/plans/buying-roles.ts'
import { type GoalProgress, goalProgress, type PlanActuals } from '../../domain/plans/plan-goals.ts'
import type { Database } from '../../store/database.ts'
import { type AccountPerson, accountPeople } from './account-people.ts'
import { getPlan, type PlanView } from './account-plans.ts'

// A plan's goals against what happened at the account during its period, with the rows behind
// every number: the opportunities counted (created, won, touched by a play) and the people
// engaged by buying role. Rolled up per team of the plan owners.

const DAY_MS = 86_400_000

export interface CountedOpportunity {
  readonly id: string
  readonly name: string
  readonly amount: number
  readonly createdAt: Date
  readonly closedAt: Date | null
  readonly won: boolean
  /** Opened in the period (pipeline created). */
  readonly created: boolean
  /** Won in the period (revenue won). */
  readonly wonInPeriod: boolean
  /** A play's campaign touched the account before it closed (pipeline influenced). */
  readonly influenced: boolean
}

export interface PlanProgress {
  readonly plan: PlanView
  readonly actuals: PlanActuals
  readonly goals: readonly GoalProgress[]
  readonly opportunities: readonly CountedOpportunity[]
  readonly peopleEngaged: readonly AccountPerson[]
}

export async function planProgress(
  db: Kysely<Database>,
  workspaceId: string,
  planId: string,
  now: Date,
): Promise<PlanProgress> {
  const plan = await getPlan(db, workspaceId, planId, now)
  const from = new Date(`${plan.periodStart}T00:00:00Z`)
  const to = new Date(Date.parse(`${plan.periodEnd}T00:00:00Z`) + DAY_MS)
  const { rows } = await sql<{
    id: string
    name: string
    amount: string
    created_at: Date
    closed_at: Date | null
    is_won: boolean
    influenced: boolean
  }>`
    select o.id, o.name, o.amount, o.created_at, o.closed_at, o.is_won,
      exists (
        select 1 from plays p
        join activities a on a.workspace_id = p.workspace_id and a.campaign_id = p.campaign_id
        where p.workspace_id = o.workspace_id and p.plan_id = ${planId}
          and (a.account_id = o.account_id or a.contact_id in (
            select c.id from contacts c where c.workspace_id = o.workspace_id and c.account_id = o.account_id))
          and a.occurred_at >= coalesce(p.starts_at, ${from})
          and a.occurred_at <= least(coalesce(p.ends_at, ${now}), coalesce(o.closed_at, ${now}))
      ) as influenced
    from opportunities o
    where o.workspace_id = ${workspaceId} and o.account_id = ${plan.accountId}
      and o.created_at < ${to} and (o.closed_at is null or o.closed_at >= ${from})
    order by o.created_at, o.id`.execute(db)
  const opportunities = rows.map((o) => ({
    id: o.id,
    name: o.name,
    amount: Number(o.amount),
    createdAt: o.created_at,
    closedAt: o.closed_at,
    won: o.is_won,
    created: o.created_at >= from,
    wonInPeriod: o.is_won && o.closed_at !== null && o.closed_at >= from && o.closed_at < to,
    influenced: o.influenced,
  }))
  const people = await accountPeople(db, workspaceId, plan.accountId, {
    from,
    to: new Date(Math.min(to.getTime(), now.getTime() + 1)),
  })
  const peopleEngaged = people.filter((p) => p.lastActivityAt !== null)
  const rolesEngaged: Partial<Record<BuyingRole, number>> = {}
  for (const person of peopleEngaged)
    rolesEngaged[person.role] = (rolesEngaged[person.role] ?? 0) + 1
  const sum = (list: readonly CountedOpportunity[]) =>
    Math.round(list.reduce((total, o) => total + o.amount, 0) * 100) / 100
  const actuals: PlanActuals = {
    pipelineCreated: sum(opportunities.filter((o) => o.created)),
    pipelineInfluenced: sum(opportunities.filter((o) => o.influenced)),
    revenueWon: sum(opportunities.filter((o) => o.wonInPeriod)),
    rolesEngaged,
  }
  return {
    plan,
    actuals,
    goals: goalProgress(plan.goals, actuals),
    opportunities,
    peopleEngaged,
  }
}

export interface TeamProgress {
  readonly teamId: string | null
  readonly teamName: string
  readonly plans: number
  readonly goals: number
  readonly goalsMet: number
  readonly pipelineCreated: number
  readonly pipelineInfluenced: number
  readonly revenueWon: number
  readonly accounts: readonly {
    readonly planId: string
    readonly accountId: string
    readonly accountName: string
    readonly ownerName: string | null
    readonly goalsMet: number
    readonly goals: number
    /** Each goal against its actual, as the plan's own progress gives it. */
    readonly goalProgress: readonly GoalProgress[]
    readonly pipelineCreated: number
    readonly pipelineInfluenced: number
    readonly revenueWon: number
  }[]
}

/**
 * Active plans' progress by the team of their owner (plans without an owner's team together):
 * one row per team, with its accounts.
 */
export async function teamPlanProgress(
  db: Kysely<Database>,
  workspaceId: string,
  now: Date,
): Promise<TeamProgress[]> {
  const plans = await db
    .selectFrom('account_plans as ap')
    .leftJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'ap.workspace_id').onRef('u.id', '=', 'ap.owner_id'),
    )
    .leftJoin('teams as t', (j) =>
      j.onRef('t.workspace_id', '=', 'u.workspace_id').onRef('t.id', '=', 'u.team_id'),
    )
    .select(['ap.id', 't.id as team_id', 't.name as team_name'])
    .where('ap.workspace_id', '=', workspaceId)
    .where('ap.status', '=', 'active')
    .orderBy('t.name')
    .orderBy('ap.id')
    .execute()
  const teams = new Map<string, { id: string | null; name: string; planIds: string[] }>()
  for (const p of plans) {
    const key = p.team_id ?? ''
    const team = teams.get(key) ?? { id: p.team_id, name: p.team_name ?? 'No team', planIds: [] }
    team.planIds.push(p.id)
    teams.set(key, team)
  }
  const items: TeamProgress[] = []
  for (const team of teams.values()) {
    const accounts: (TeamProgress['accounts'][number] & { rolesEngaged: unknown })[] = []
    for (const planId of team.planIds) {
      const progress = await planProgress(db, workspaceId, planId, now)
      accounts.push({
        planId,
        accountId: progress.plan.accountId,
        accountName: progress.plan.accountName,
        ownerName: progress.plan.ownerName,
        goalsMet: progress.goals.filter((g) => g.met).length,
        goals: progress.goals.length,
        goalProgress: progress.goals,
        ...progress.actuals,
      })
    }
    const total = (
      key: 'pipelineCreated' | 'pipelineInfluenced' | 'revenueWon' | 'goalsMet' | 'goals',
    ) => Math.round(accounts.reduce((sum, a) => sum + a[key], 0) * 100) / 100
    items.push({
      teamId: team.id,
      teamName: team.name,
      plans: accounts.length,
      goals: total('goals'),
      goalsMet: total('goalsMet'),
      pipelineCreated: total('pipelineCreated'),
      pipelineInfluenced: total('pipelineInfluenced'),
      revenueWon: total('revenueWon'),
      accounts: accounts.map(({ rolesEngaged: _, ...rest }) => rest),
    })
  }
  return items
}
