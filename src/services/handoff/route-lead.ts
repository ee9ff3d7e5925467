import type { Kysely } from 'kysely'
import { isWorkingAt } from '../../domain/business-hours/business-clock.ts'
import type { RoutingContract } from '../../domain/contracts/contract-schemas.ts'
import type { Motion } from '../../domain/contracts/routing-contract-schema.ts'
import { type AccountPerson, chooseRoute } from '../../domain/routing/choose-route.ts'
import { pickTeamMember, type RosterMember } from '../../domain/routing/weighted-round-robin.ts'
import type { Database } from '../../store/database.ts'
import { jsonb } from '../../store/jsonb.ts'
import { AppError } from '../app-error.ts'
import { calendarOf, isOutOfOffice } from './owner-calendar.ts'

// Routing a lead to a named owner: the account's people first, then a team by territory and a
// weighted round robin inside it. The decision keeps every reason, for the assignment and for
// the simulator ("who would get this lead, and why?").

export interface RoutingDecision {
  readonly ownerId: string | null
  readonly ownerName: string | null
  readonly teamId: string | null
  readonly teamName: string | null
  readonly motion: Motion
  readonly reasons: readonly string[]
}

export interface RouteOptions {
  readonly now: Date
  /** Only say who would get the lead: the team's round-robin turn is not taken. */
  readonly dryRun?: boolean
  /** People who must not get it (the owner who breached the SLA, when reassigning). */
  readonly exclude?: readonly string[]
}

/** Who gets this contact, and why; takes the round-robin turn unless it is a dry run. */
export async function routeContact(
  trx: Kysely<Database>,
  workspaceId: string,
  contactId: string,
  contract: RoutingContract,
  options: RouteOptions,
): Promise<RoutingDecision> {
  const lead = await trx
    .selectFrom('contacts as c')
    .leftJoin('accounts as a', (j) =>
      j.onRef('a.workspace_id', '=', 'c.workspace_id').onRef('a.id', '=', 'c.account_id'),
    )
    .select([
      'c.country',
      'c.source',
      'a.country as account_country',
      'a.industry',
      'a.employees',
      'a.annual_revenue',
      'a.icp_tier',
      'a.owner_id',
      'a.sdr_id',
    ])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.id', '=', contactId)
    .executeTakeFirst()
  if (lead === undefined) throw new AppError('not_found', `There is no contact ${contactId}.`)
  const exclude = new Set(options.exclude ?? [])
  const people = await accountPeople(trx, workspaceId, [lead.owner_id, lead.sdr_id], options.now)
  const person = (id: string | null) => {
    const found = id === null || exclude.has(id) ? undefined : people.get(id)
    return found ?? null
  }
  const choice = chooseRoute(contract, {
    values: {
      country: lead.country,
      source: lead.source,
      'account.country': lead.account_country,
      'account.industry': lead.industry,
      'account.employees': lead.employees,
      'account.annual_revenue': lead.annual_revenue === null ? null : Number(lead.annual_revenue),
      'account.icp_tier': lead.icp_tier,
    },
    accountOwner: person(lead.owner_id),
    accountSdr: person(lead.sdr_id),
  })
  if (choice.kind === 'person')
    return {
      ownerId: choice.personId,
      ownerName: people.get(choice.personId)?.name ?? null,
      teamId: null,
      teamName: null,
      motion: choice.motion,
      reasons: choice.reasons,
    }
  const team = await trx
    .selectFrom('teams')
    .select(['id', 'name', 'manager_id'])
    .where('workspace_id', '=', workspaceId)
    .where('name', '=', choice.team)
    .executeTakeFirst()
  if (team === undefined)
    return {
      ownerId: null,
      ownerName: null,
      teamId: null,
      teamName: choice.team,
      motion: choice.motion,
      reasons: [
        ...choice.reasons,
        `There is no team named ${choice.team}: create it, or change the routing rules`,
      ],
    }
  const roster = await teamRoster(trx, workspaceId, team, contract.holidays, options.now)
  const state = await trx
    .selectFrom('routing_state')
    .select('credits')
    .where('workspace_id', '=', workspaceId)
    .where('team_id', '=', team.id)
    .executeTakeFirst()
  const pick = pickTeamMember(
    roster.filter((m) => !exclude.has(m.id)),
    state?.credits ?? {},
  )
  const base = { teamId: team.id, teamName: team.name, motion: choice.motion }
  if (pick.kind === 'nobody')
    return {
      ...base,
      ownerId: null,
      ownerName: null,
      reasons: [...choice.reasons, ...pick.reasons],
    }
  if (options.dryRun !== true)
    await trx
      .insertInto('routing_state')
      .values({
        workspace_id: workspaceId,
        team_id: team.id,
        credits: jsonb(pick.state),
        updated_at: options.now,
      })
      .onConflict((oc) =>
        oc
          .columns(['workspace_id', 'team_id'])
          .doUpdateSet({ credits: jsonb(pick.state), updated_at: options.now }),
      )
      .execute()
  return {
    ...base,
    ownerId: pick.memberId,
    ownerName: roster.find((m) => m.id === pick.memberId)?.name ?? null,
    reasons: [...choice.reasons, ...pick.reasons],
  }
}

async function accountPeople(
  trx: Kysely<Database>,
  workspaceId: string,
  ids: readonly (string | null)[],
  now: Date,
): Promise<Map<string, AccountPerson>> {
  const wanted = ids.filter((id): id is string => id !== null)
  if (wanted.length === 0) return new Map()
  const rows = await trx
    .selectFrom('users')
    .select(['id', 'name', 'motion', 'active', 'time_zone', 'working_hours', 'out_of_office'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', wanted)
    .execute()
  return new Map(
    rows.map((u) => [
      u.id,
      {
        id: u.id,
        name: u.name,
        motion: u.motion,
        available: u.active && !isOutOfOffice(u, now),
      },
    ]),
  )
}

/** A team's active members (its manager only when alone), with their load and availability. */
async function teamRoster(
  trx: Kysely<Database>,
  workspaceId: string,
  team: { readonly id: string; readonly manager_id: string | null },
  holidays: readonly string[],
  now: Date,
): Promise<RosterMember[]> {
  const rows = await trx
    .selectFrom('users as u')
    .select((eb) => [
      'u.id',
      'u.name',
      'u.routing_weight',
      'u.capacity',
      'u.time_zone',
      'u.working_hours',
      'u.out_of_office',
      eb
        .selectFrom('assignments as a')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('a.workspace_id', '=', 'u.workspace_id')
        .whereRef('a.owner_id', '=', 'u.id')
        .where('a.status', '=', 'pending')
        .as('open'),
    ])
    .where('u.workspace_id', '=', workspaceId)
    .where('u.team_id', '=', team.id)
    .where('u.active', '=', true)
    .orderBy('u.id')
    .execute()
  const members = rows.length > 1 ? rows.filter((u) => u.id !== team.manager_id) : rows
  return members.map((u) => ({
    id: u.id,
    name: u.name,
    weight: Number(u.routing_weight),
    capacity: u.capacity,
    openAssignments: Number(u.open ?? 0),
    atWork: isWorkingAt(calendarOf(u, holidays), now),
    outOfOffice: isOutOfOffice(u, now),
  }))
}
