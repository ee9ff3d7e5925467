import type { Kysely } from 'kysely'
import { issueApiKey } from '../../src/services/api-keys.ts'
import { adoptExampleContracts } from '../../src/services/scoring/example-contracts.ts'
import { addUser } from '../../src/services/users.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import type { Database, Role, WorkingHours } from '../../src/store/database.ts'
import { jsonb } from '../../src/store/jsonb.ts'

// A workspace with a small revenue team and the example contracts active (qualification, ICP,
// routing), as the handoff tests need it: SDR teams named as examples/contracts/routing.yaml
// names them, with managers, working hours in their own time zones, and an API key per person.

export interface SalesOrg {
  readonly workspaceId: string
  readonly writeKey: string
  /** User ids by short name: marketing, vp, max (volume SDR manager), sue, sid, eve. */
  readonly users: Readonly<Record<string, string>>
  readonly keys: Readonly<Record<string, string>>
}

const weekdays = (from: string, to: string): WorkingHours => ({
  mon: [[from, to]],
  tue: [[from, to]],
  wed: [[from, to]],
  thu: [[from, to]],
  fri: [[from, to]],
})

export async function createSalesOrg(
  db: Kysely<Database>,
  slug: string,
  at: Date,
): Promise<SalesOrg> {
  const { id: workspaceId } = await createWorkspace(db, { slug, name: slug })
  const users: Record<string, string> = {}
  const keys: Record<string, string> = {}
  const person = async (short: string, role: Role) => {
    const { id } = await addUser(db, {
      workspaceId,
      email: `${short}@${slug}.example`,
      name: short[0]?.toUpperCase() + short.slice(1),
      role,
    })
    users[short] = id
    keys[short] = (
      await issueApiKey(db, {
        workspaceId,
        kind: 'api',
        name: short,
        scopes: ['read', 'write'],
        userId: id,
      })
    ).key
    return id
  }
  await person('marketing', 'marketing')
  await person('vp', 'sales')
  const team = async (name: string, motion: 'volume' | 'account_based', manager: string) => {
    const id = crypto.randomUUID()
    await db
      .insertInto('teams')
      .values({ workspace_id: workspaceId, id, name, function: 'sdr', motion, manager_id: null })
      .execute()
    const managerId = await person(manager, 'sales')
    await db
      .updateTable('teams')
      .set({ manager_id: managerId })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute()
    await db
      .updateTable('users')
      .set({ team_id: id, motion })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', managerId)
      .execute()
    return { id, managerId, motion }
  }
  const member = async (
    short: string,
    t: { id: string; managerId: string; motion: 'volume' | 'account_based' },
    timeZone: string,
  ) => {
    const id = await person(short, 'sdr')
    await db
      .updateTable('users')
      .set({
        team_id: t.id,
        manager_id: t.managerId,
        motion: t.motion,
        capacity: 20,
        time_zone: timeZone,
        working_hours: jsonb(weekdays('09:00', '17:00')),
      })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute()
  }
  const volume = await team('SDR Volume', 'volume', 'max')
  await member('sue', volume, 'Europe/London')
  await member('sid', volume, 'Europe/London')
  const enterprise = await team('SDR Enterprise', 'account_based', 'erin')
  await member('eve', enterprise, 'America/New_York')

  await adoptExampleContracts(db, {
    workspaceId,
    marketingUserId: users.marketing as string,
    salesUserId: users.vp as string,
    at,
    routing: true,
  })
  const writeKey = (await issueApiKey(db, { workspaceId, kind: 'write', name: 'site', scopes: [] }))
    .key
  return { workspaceId, writeKey, users, keys }
}
