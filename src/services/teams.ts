import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { DateTime, IANAZone } from 'luxon'
import {
  calendarProblems,
  defaultWorkingCalendar,
  localDateNumber,
} from '../domain/business-hours/working-calendar.ts'
import type { Database, FunctionName, Motion, WorkingHours } from '../store/database.ts'
import { jsonb } from '../store/jsonb.ts'
import { AppError } from './app-error.ts'

// Teams and their members as routing sees them: who is in which team, their share of the round
// robin, how many open leads they can hold, and when they work.

export const FUNCTIONS: readonly FunctionName[] = ['marketing', 'sdr', 'sales', 'cs']

/** The largest routing weight the column holds (numeric(6, 2)). */
const MAX_WEIGHT = 9999.99

export interface TeamView {
  readonly id: string
  readonly name: string
  readonly function: FunctionName
  readonly motion: Motion | null
  readonly managerId: string | null
  readonly managerName: string | null
}

export interface NewTeam {
  readonly workspaceId: string
  readonly name: string
  readonly function: FunctionName
  readonly motion?: Motion
  readonly managerId?: string
}

/** Adds a team; routing rules name teams, so a name is used once per workspace. */
export async function addTeam(db: Kysely<Database>, input: NewTeam): Promise<TeamView> {
  const ws = input.workspaceId
  const name = input.name.trim()
  if (name === '' || name.length > 100)
    throw new AppError('validation_failed', 'Give the team a name of 1 to 100 characters.', {
      problems: ['/name: must be 1 to 100 characters'],
    })
  const existing = await teamByName(db, ws, name)
  if (existing !== undefined)
    throw new AppError(
      'conflict',
      `There is already a team named "${name}". Choose another name, or add people to it.`,
    )
  let managerName: string | null = null
  if (input.managerId !== undefined) {
    const manager = await db
      .selectFrom('users')
      .select('name')
      .where('workspace_id', '=', ws)
      .where('id', '=', input.managerId)
      .executeTakeFirst()
    if (manager === undefined)
      throw new AppError('not_found', `There is no user ${input.managerId} to manage the team.`)
    managerName = manager.name
  }
  const id = randomUUID()
  await db
    .insertInto('teams')
    .values({
      workspace_id: ws,
      id,
      name,
      function: input.function,
      motion: input.motion ?? null,
      manager_id: input.managerId ?? null,
    })
    .execute()
  return {
    id,
    name,
    function: input.function,
    motion: input.motion ?? null,
    managerId: input.managerId ?? null,
    managerName,
  }
}

export interface TeamMemberInput {
  readonly workspaceId: string
  readonly userId: string
  readonly teamId: string
  /** Share of the team's round robin; 0 takes no new leads. */
  readonly weight?: number
  /** Most pending assignments at once; 0 means no limit. */
  readonly capacity?: number
  /** IANA, e.g. Europe/London. */
  readonly timeZone?: string
  readonly workingHours?: WorkingHours
  /** Instants with an offset, or whole local days as YYYY-MM-DD. */
  readonly outOfOffice?: readonly { readonly from: string; readonly to: string }[]
}

export interface MemberView {
  readonly userId: string
  readonly email: string
  readonly name: string
  readonly teamId: string
  readonly teamName: string
  readonly managerId: string | null
  readonly weight: number
  readonly capacity: number
  readonly timeZone: string
  readonly workingHours: WorkingHours
  readonly outOfOffice: readonly { readonly from: string; readonly to: string }[]
}

/**
 * Puts a user in a team with their routing settings, changing only the settings given. Nothing
 * is saved unless all of them are valid; the problems are named by path.
 */
export async function setTeamMember(
  db: Kysely<Database>,
  input: TeamMemberInput,
): Promise<MemberView> {
  const ws = input.workspaceId
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'time_zone', 'manager_id'])
    .where('workspace_id', '=', ws)
    .where('id', '=', input.userId)
    .executeTakeFirst()
  if (user === undefined)
    throw new AppError('not_found', `There is no user ${input.userId} in this workspace.`)
  const team = await db
    .selectFrom('teams')
    .select(['id', 'name', 'manager_id'])
    .where('workspace_id', '=', ws)
    .where('id', '=', input.teamId)
    .executeTakeFirst()
  if (team === undefined)
    throw new AppError('not_found', `There is no team ${input.teamId} in this workspace.`)

  const problems = memberProblems(input, user.time_zone)
  if (problems.length > 0)
    throw new AppError('validation_failed', `The team settings of ${user.email} are not valid:`, {
      problems,
    })
  await db
    .updateTable('users')
    .set({
      team_id: team.id,
      // A member without a manager answers to the team's: they escalate SLA breaches to them.
      ...(user.manager_id === null && team.manager_id !== null && team.manager_id !== user.id
        ? { manager_id: team.manager_id }
        : {}),
      ...(input.weight === undefined ? {} : { routing_weight: input.weight }),
      ...(input.capacity === undefined ? {} : { capacity: input.capacity }),
      ...(input.timeZone === undefined ? {} : { time_zone: input.timeZone }),
      ...(input.workingHours === undefined ? {} : { working_hours: jsonb(input.workingHours) }),
      ...(input.outOfOffice === undefined ? {} : { out_of_office: jsonb(input.outOfOffice) }),
    })
    .where('workspace_id', '=', ws)
    .where('id', '=', user.id)
    .execute()
  const saved = await db
    .selectFrom('users')
    .select([
      'id',
      'email',
      'name',
      'manager_id',
      'routing_weight',
      'capacity',
      'time_zone',
      'working_hours',
      'out_of_office',
    ])
    .where('workspace_id', '=', ws)
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow()
  return {
    userId: saved.id,
    email: saved.email,
    name: saved.name,
    teamId: team.id,
    teamName: team.name,
    managerId: saved.manager_id,
    weight: Number(saved.routing_weight),
    capacity: saved.capacity,
    timeZone: saved.time_zone,
    workingHours: saved.working_hours,
    outOfOffice: saved.out_of_office,
  }
}

/** A team by its name, as routing rules and the CLI name it. */
export async function teamByName(
  db: Kysely<Database>,
  workspaceId: string,
  name: string,
): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('name', '=', name.trim())
    .executeTakeFirst()
}

/** A workspace user by email, for requests that name people by address (a team's manager). */
export async function findUserByEmail(
  db: Kysely<Database>,
  workspaceId: string,
  email: string,
): Promise<{ id: string; name: string }> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst()
  if (user === undefined)
    throw new AppError(
      'not_found',
      `There is no user "${email}" in this workspace. Add them first (tandem user add EMAIL --role ROLE).`,
    )
  return user
}

/** Every problem of the given settings, as "path: what to do", paths named as in the request. */
function memberProblems(input: TeamMemberInput, currentZone: string): string[] {
  const problems: string[] = []
  if (input.weight !== undefined && !(input.weight >= 0 && input.weight <= MAX_WEIGHT))
    problems.push(`/weight: use a number from 0 (takes no new leads) to ${MAX_WEIGHT}`)
  if (input.capacity !== undefined && !(Number.isInteger(input.capacity) && input.capacity >= 0))
    problems.push('/capacity: use a whole number of open leads, 0 for no limit')
  if (
    input.timeZone === undefined &&
    input.workingHours === undefined &&
    input.outOfOffice === undefined
  )
    return problems
  const timeZone = input.timeZone ?? currentZone
  // Whole days off are kept as dates (the owner's calendar reads them in their time zone); the
  // calendar check wants instants, so a date is checked as the local midnight it stands for.
  const zone = IANAZone.isValidZone(timeZone) ? timeZone : 'UTC'
  const instant = (text: unknown, endOfDay: boolean): unknown => {
    if (localDateNumber(text) === undefined) return text
    const day = DateTime.fromISO(text as string, { zone })
    return (endOfDay ? day.plus({ days: 1 }) : day).toISO()
  }
  const rename: readonly [string, string][] = [
    ['/week', '/workingHours'],
    ['/absences', '/outOfOffice'],
  ]
  for (const p of calendarProblems({
    timeZone,
    week: input.workingHours ?? defaultWorkingCalendar(zone).week,
    holidays: [],
    absences: (input.outOfOffice ?? []).map((a) => ({
      from: instant(a?.from, false) as string,
      to: instant(a?.to, true) as string,
    })),
  })) {
    const prefix = rename.find(([from]) => p.path === from || p.path.startsWith(`${from}/`))
    const path = prefix === undefined ? p.path : prefix[1] + p.path.slice(prefix[0].length)
    const message =
      p.path.startsWith('/absences/') && p.message.startsWith('write the')
        ? `${p.message}, or a whole day as YYYY-MM-DD`
        : p.message
    problems.push(`${path}: ${message}`)
  }
  return problems
}
