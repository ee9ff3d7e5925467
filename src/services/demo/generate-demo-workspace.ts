import type { Insertable } from 'kysely'
import type {
  AccountDomainsTable,
  AccountsTable,
  ActivitiesTable,
  CampaignsTable,
  ContactsTable,
  OpportunitiesTable,
  OpportunityContactsTable,
  StageTransitionsTable,
  TeamsTable,
  UsersTable,
} from '../../store/database.ts'
import { generateAccounts } from './demo-accounts.ts'
import { generateCampaigns } from './demo-campaigns.ts'
import { generateJourneys } from './demo-journeys.ts'
import { generateOrg } from './demo-org.ts'
import { createRandom } from './random.ts'

export type DemoSize = 'small' | 'default' | 'large'

export const DEMO_SIZES = {
  small: { accounts: 200, contacts: 2_000, orgScale: 0.5 },
  default: { accounts: 2_000, contacts: 20_000, orgScale: 1 },
  large: { accounts: 10_000, contacts: 100_000, orgScale: 2.5 },
} as const satisfies Record<DemoSize, { accounts: number; contacts: number; orgScale: number }>

/** How far back the demo's history reaches. */
export const DEMO_HISTORY_DAYS = 365

export interface DemoRequestRows {
  readonly workspaceId: string
  readonly size: DemoSize
  readonly seed: number
  /** The history ends here; nothing is dated after it. */
  readonly now: Date
}

/** Every row of a demo workspace, in the order they can be inserted. */
export interface DemoWorkspaceRows {
  readonly teams: Insertable<TeamsTable>[]
  readonly users: (Insertable<UsersTable> & { readonly id: string })[]
  readonly teamManagers: { readonly teamId: string; readonly managerId: string }[]
  readonly campaigns: Insertable<CampaignsTable>[]
  readonly accounts: Insertable<AccountsTable>[]
  readonly accountDomains: Insertable<AccountDomainsTable>[]
  readonly contacts: Insertable<ContactsTable>[]
  readonly activities: Insertable<ActivitiesTable>[]
  readonly opportunities: Insertable<OpportunitiesTable>[]
  readonly opportunityContacts: Insertable<OpportunityContactsTable>[]
  readonly stageTransitions: Insertable<StageTransitionsTable>[]
}

/**
 * A realistic B2B company: its revenue team, a year of campaigns, the accounts it sells to, their
 * people's journeys through both funnels, and the deals won and lost. Pure and deterministic: the
 * same request gives the same rows.
 */
export function generateDemoWorkspace(request: DemoRequestRows): DemoWorkspaceRows {
  const { workspaceId, seed } = request
  const size = DEMO_SIZES[request.size]
  const random = createRandom(seed)
  const now = request.now.getTime()
  const start = now - DEMO_HISTORY_DAYS * 86_400_000
  const org = generateOrg(random.fork('org'), workspaceId, size.orgScale, request.now)
  const campaigns = generateCampaigns(
    random.fork('campaigns'),
    workspaceId,
    new Date(start),
    request.now,
  )
  const { accounts, domains } = generateAccounts(
    random.fork('accounts'),
    workspaceId,
    size.accounts,
    org,
    new Date(start),
  )
  const journeys = generateJourneys(
    { random: random.fork('journeys'), workspaceId, start, now, org, accounts, campaigns },
    size.contacts,
  )
  return {
    teams: org.teams,
    users: org.users,
    teamManagers: org.teamManagers,
    campaigns: campaigns.campaigns,
    accounts: accounts.map((a) => a.row),
    accountDomains: domains,
    contacts: journeys.contacts,
    activities: journeys.activities,
    opportunities: journeys.opportunities,
    opportunityContacts: journeys.opportunityContacts,
    stageTransitions: journeys.stageTransitions,
  }
}
