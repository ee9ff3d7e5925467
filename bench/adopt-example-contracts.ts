import type { Kysely } from 'kysely'
import { adoptExampleContracts as adoptExample } from '../src/services/scoring/example-contracts.ts'
import { addTeam, setTeamMember } from '../src/services/teams.ts'
import { addUser } from '../src/services/users.ts'
import type { Database } from '../src/store/database.ts'

/**
 * A benchmark workspace scores as one with active contracts does: a marketing and a sales user
 * approve the example contracts, which become active. With `routing`, the example routing rules
 * too, and the two SDR teams they name (four SDRs each, working around the clock so that the
 * round robin, not the calendar, decides), so MQLs and demo requests are handed over.
 */
export async function adoptExampleContracts(
  db: Kysely<Database>,
  workspaceId: string,
  at: Date,
  options: { readonly routing?: boolean } = {},
): Promise<void> {
  const marketing = await addUser(db, {
    workspaceId,
    email: 'marketing@bench.example',
    name: 'marketing',
    role: 'marketing',
  })
  const sales = await addUser(db, {
    workspaceId,
    email: 'sales@bench.example',
    name: 'sales',
    role: 'sales',
  })
  if (options.routing === true) await addSdrTeams(db, workspaceId)
  await adoptExample(db, {
    workspaceId,
    marketingUserId: marketing.id,
    salesUserId: sales.id,
    at,
    routing: options.routing === true,
  })
}

async function addSdrTeams(db: Kysely<Database>, workspaceId: string): Promise<void> {
  const allDay = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
  )
  for (const [name, motion] of [
    ['SDR Volume', 'volume'],
    ['SDR Enterprise', 'account_based'],
  ] as const) {
    const team = await addTeam(db, { workspaceId, name, function: 'sdr', motion })
    for (let i = 1; i <= 4; i++) {
      const email = `${motion}.sdr${i}@bench.example`
      const { id } = await addUser(db, { workspaceId, email, name: email, role: 'sdr' })
      await setTeamMember(db, {
        workspaceId,
        userId: id,
        teamId: team.id,
        weight: i,
        workingHours: allDay,
      })
    }
  }
}
