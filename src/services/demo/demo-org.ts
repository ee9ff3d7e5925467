import type { Insertable } from 'kysely'
import type {
  FunctionName,
  Motion,
  Role,
  TeamsTable,
  UsersTable,
  WorkingHours,
} from '../../store/database.ts'
import { jsonb } from '../../store/jsonb.ts'
import { FIRST_NAMES, LAST_NAMES, USER_TIME_ZONES } from './demo-vocabulary.ts'
import type { Random } from './random.ts'

// The demo vendor's revenue organisation: marketing, SDRs and AEs in a volume motion and in an
// account-based motion, customer success, and the leaders they report to.

export const DEMO_EMAIL_DOMAIN = 'tandem-demo.test'
export const DEMO_ADMIN_EMAIL = `admin@${DEMO_EMAIL_DOMAIN}`

export type DemoUser = Insertable<UsersTable> & { readonly id: string; readonly role: Role }
export type DemoTeam = Insertable<TeamsTable> & { readonly id: string }

export interface DemoOrg {
  readonly teams: DemoTeam[]
  /** Applied after the users exist: a team's manager is one of its users. */
  readonly teamManagers: { teamId: string; managerId: string }[]
  /** In an order that inserts managers before the people who report to them. */
  readonly users: DemoUser[]
  readonly marketers: DemoUser[]
  readonly sdrs: Readonly<Record<Motion, DemoUser[]>>
  readonly aes: Readonly<Record<Motion, DemoUser[]>>
  readonly csms: DemoUser[]
}

interface TeamPlan {
  readonly name: string
  readonly function: FunctionName
  readonly motion: Motion | null
  readonly memberRole: Role
  readonly managerRole: Role
  readonly members: number
  readonly capacity: number
}

const weekdays = (from: string, to: string): WorkingHours => ({
  mon: [[from, to]],
  tue: [[from, to]],
  wed: [[from, to]],
  thu: [[from, to]],
  fri: [[from, to]],
})

const DAY_MS = 86_400_000

/** The Monday-to-Friday after `now`, as dates. */
function nextWorkWeek(now: Date): { from: string; to: string } {
  const daysToMonday = ((8 - now.getUTCDay()) % 7 || 7) * DAY_MS
  const monday = new Date(now.getTime() + daysToMonday)
  const friday = new Date(monday.getTime() + 4 * DAY_MS)
  return { from: monday.toISOString().slice(0, 10), to: friday.toISOString().slice(0, 10) }
}

export function generateOrg(
  random: Random,
  workspaceId: string,
  scale: number,
  now: Date,
): DemoOrg {
  const emails = new Set<string>()
  const users: DemoUser[] = []
  const person = (
    role: Role,
    fields: Partial<Insertable<UsersTable>> = {},
    email?: string,
  ): DemoUser => {
    const first = random.pick(FIRST_NAMES.anglo)
    const last = random.pick(LAST_NAMES.anglo)
    let address = email ?? `${first}.${last}@${DEMO_EMAIL_DOMAIN}`.toLowerCase()
    for (let n = 2; emails.has(address); n++) {
      address = `${first}.${last}${n}@${DEMO_EMAIL_DOMAIN}`.toLowerCase()
    }
    emails.add(address)
    const region = random.weighted([
      ['North America', 6],
      ['EMEA', 3],
    ] as const)
    const start = random.weighted([
      ['09:00', 6],
      ['08:00', 2],
      ['10:00', 1],
    ] as const)
    const end = start === '08:00' ? '16:30' : start === '09:00' ? '17:30' : '18:30'
    const user: DemoUser = {
      workspace_id: workspaceId,
      id: random.uuid(),
      email: address,
      name: `${first} ${last}`,
      role,
      team_id: null,
      manager_id: null,
      motion: null,
      capacity: 0,
      time_zone: random.pick(USER_TIME_ZONES[region]),
      working_hours: weekdays(start, end),
      ...fields,
    }
    users.push(user)
    return user
  }

  person('admin', { name: 'Avery Admin', time_zone: 'America/New_York' }, DEMO_ADMIN_EMAIL)
  const cmo = person('marketing')
  const vpSales = person('sales')
  const members = (n: number) => Math.max(1, Math.round(n * scale))
  const plans: readonly TeamPlan[] = [
    {
      name: 'Demand Generation',
      function: 'marketing',
      motion: null,
      memberRole: 'marketing',
      managerRole: 'marketing',
      members: members(4),
      capacity: 0,
    },
    {
      name: 'SDR Volume',
      function: 'sdr',
      motion: 'volume',
      memberRole: 'sdr',
      managerRole: 'sales',
      members: members(6),
      capacity: 60,
    },
    {
      name: 'SDR Enterprise',
      function: 'sdr',
      motion: 'account_based',
      memberRole: 'sdr',
      managerRole: 'sales',
      members: members(4),
      capacity: 30,
    },
    {
      name: 'Commercial Sales',
      function: 'sales',
      motion: 'volume',
      memberRole: 'ae',
      managerRole: 'sales',
      members: members(8),
      capacity: 40,
    },
    {
      name: 'Enterprise Sales',
      function: 'sales',
      motion: 'account_based',
      memberRole: 'ae',
      managerRole: 'sales',
      members: members(6),
      capacity: 25,
    },
    {
      name: 'Customer Success',
      function: 'cs',
      motion: null,
      memberRole: 'cs',
      managerRole: 'cs',
      members: members(5),
      capacity: 50,
    },
  ]

  const teams: DemoTeam[] = []
  const teamManagers: { teamId: string; managerId: string }[] = []
  const byTeam = new Map<string, DemoUser[]>()
  for (const plan of plans) {
    const team: DemoTeam = {
      workspace_id: workspaceId,
      id: random.uuid(),
      name: plan.name,
      function: plan.function,
      motion: plan.motion,
      manager_id: null,
    }
    teams.push(team)
    const leader = plan.function === 'marketing' ? cmo : vpSales
    const manager = person(plan.managerRole, {
      team_id: team.id,
      manager_id: leader.id,
      motion: plan.motion,
    })
    teamManagers.push({ teamId: team.id, managerId: manager.id })
    const reps: DemoUser[] = []
    for (let i = 0; i < plan.members; i++) {
      reps.push(
        person(plan.memberRole, {
          team_id: team.id,
          manager_id: manager.id,
          motion: plan.motion,
          capacity: plan.capacity,
        }),
      )
    }
    byTeam.set(plan.name, reps)
  }
  // One rep is out of office next week, so routing has someone to route around.
  const away = byTeam.get('Commercial Sales')?.[0]
  if (away !== undefined) away.out_of_office = jsonb([nextWorkWeek(now)])

  const team = (name: string) => byTeam.get(name) ?? []
  return {
    teams,
    teamManagers,
    users,
    marketers: team('Demand Generation'),
    sdrs: { volume: team('SDR Volume'), account_based: team('SDR Enterprise') },
    aes: { volume: team('Commercial Sales'), account_based: team('Enterprise Sales') },
    csms: team('Customer Success'),
  }
}
