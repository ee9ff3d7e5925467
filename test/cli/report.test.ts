import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseContractText } from '../../src/domain/contracts/parse-contract.ts'
import { adoptContract } from '../../src/services/contracts.ts'
import { answerAssignment } from '../../src/services/handoff/answer-assignment.ts'
import { handOffContact } from '../../src/services/handoff/manual-handoff.ts'
import { addUser } from '../../src/services/users.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import { migrateToLatest } from '../../src/store/migrate.ts'
import { openStore } from '../../src/store/open-store.ts'
import { spawnTandem } from '../support/tandem-process.ts'

// `tandem report sla` as a spreadsheet user runs it, on an embedded database prepared in-process:
// two leads handed to one SDR of a team two and one hours ago, one accepted an hour later.

const dir = mkdtempSync(join(tmpdir(), 'tandem-report-'))
const data = join(dir, 'data')
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let teamId: string

beforeAll(async () => {
  const store = await openStore({ kind: 'pglite', dataDir: data })
  try {
    const db = store.db
    await migrateToLatest(db)
    const workspaceId = (await createWorkspace(db, { slug: 'acme', name: 'Acme' })).id
    const user = async (key: string, name: string, role: 'marketing' | 'sales' | 'sdr') =>
      (await addUser(db, { workspaceId, email: `${key}@acme.test`, name, role })).id
    const mia = await user('mia', 'Mia Marketing', 'marketing')
    const sam = await user('sam', 'Sam Manager', 'sales')
    const ada = await user('ada', 'Ada Sdr', 'sdr')
    teamId = randomUUID()
    await db
      .insertInto('teams')
      .values({ workspace_id: workspaceId, id: teamId, name: 'SDR Volume', function: 'sdr' })
      .execute()
    await db.updateTable('users').set({ team_id: teamId }).where('id', '=', ada).execute()
    const routing = parseContractText(
      readFileSync(new URL('../../examples/contracts/routing.yaml', import.meta.url), 'utf8'),
    )
    if (!routing.ok) throw new Error(routing.problems.join('\n'))
    await adoptContract(db, {
      workspaceId,
      document: routing.contract,
      marketingUserId: mia,
      salesUserId: sam,
      at: new Date(),
    })
    const handedAt = new Date(Date.now() - 2 * 3_600_000)
    for (const [index, email] of ['jane@initech.example', 'joe@initech.example'].entries()) {
      const contactId = randomUUID()
      await db
        .insertInto('contacts')
        .values({ workspace_id: workspaceId, id: contactId, email, first_name: 'J' })
        .execute()
      const { assignmentId } = await handOffContact(db, {
        workspaceId,
        contactId,
        kind: 'manual',
        ownerId: ada,
        actor: { type: 'system', id: 'test' },
        at: handedAt,
      })
      if (index === 0)
        await answerAssignment(db, {
          workspaceId,
          assignmentId,
          userId: ada,
          answer: { action: 'accept' },
          at: new Date(handedAt.getTime() + 3_600_000),
        })
    }
  } finally {
    await store.close()
  }
})

/** `tandem report …` as CSV on the acme workspace: its lines, from the header on. */
async function csvReport(...args: string[]): Promise<string[]> {
  const child = spawnTandem([
    'report',
    ...args,
    '--format',
    'csv',
    '--workspace',
    'acme',
    '--data',
    data,
  ])
  const { code } = await child.exited
  const output = child.output()
  expect(code, output).toBe(0)
  // The CSV's lines end in CRLF; the database notes before it, on stderr, in LF.
  expect(output).toMatch(/\nGroup,[^\n]*\r\n/)
  const lines = output.split(/\r?\n/)
  return lines.slice(lines.findIndex((line) => line.startsWith('Group,')))
}

describe('tandem report sla --format csv', () => {
  it('prints one CSV row per team and the total, under a header', async () => {
    const lines = await csvReport('sla')
    expect(lines[0]).toBe(
      'Group,Handoffs,Accepted,First touched,Median hours to accept,P90 hours to accept,' +
        'Median hours to first touch,P90 hours to first touch,Accept clocks,' +
        'Accepted within SLA,Accepted within SLA share,Answered within SLA,' +
        'Answered within SLA share,Accept SLA missed,First-touch clocks,' +
        'First touched within SLA,First touched within SLA share,First-touch SLA missed,' +
        'Accept breaches,First-touch breaches,Key',
    )
    const team = lines[1]?.split(',') ?? []
    // Two handoffs, one accepted an hour after it was made, none touched yet.
    expect(team.slice(0, 8)).toEqual(['SDR Volume', '2', '1', '0', '1', '1', '', ''])
    expect(team.at(-1)).toBe(teamId)
    expect(lines[2]?.startsWith('All,2,1,0,1,1,,,')).toBe(true)
  })
})

describe('tandem report funnel and pipeline', () => {
  it('prints the lead funnel by cohort as CSV', async () => {
    const lines = await csvReport('funnel', '--cohort-stage', 'lead')
    expect(lines[0]).toBe('Group,Stage,Reached,Conversion,Median days,p90 days')
    // The two leads were inserted without a stage history: nobody entered the funnel.
    expect(lines.slice(1).filter((l) => l !== '')).toEqual([])
  })

  it('prints both funnels side by side, aligned where the SDRs qualify', async () => {
    const lines = await csvReport('funnel', '--funnel', 'both', '--cut', 'sdr')
    expect(lines[0]).toBe(
      'Group,Lead stage,Leads,Lead conversion,Lead median days,Account stage,Accounts,Account conversion,Account median days',
    )
  })

  it('refuses a cohort stage or rows for both funnels at once, saying what to add', async () => {
    const child = spawnTandem(['report', 'funnel', '--funnel', 'both', '--rows', '--data', data])
    const { code } = await child.exited
    expect(code).not.toBe(0)
    expect(child.output()).toMatch(/add --funnel lead or --funnel account/)
  })

  it('explains a cut it does not know', async () => {
    const child = spawnTandem(['report', 'pipeline', '--cut', 'shoe_size', '--data', data])
    const { code } = await child.exited
    expect(code).not.toBe(0)
    expect(child.output()).toMatch(
      /Allowed choices are none, owner, team, industry, source, campaign/,
    )
  })
})
