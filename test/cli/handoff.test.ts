import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseContractText } from '../../src/domain/contracts/parse-contract.ts'
import { adoptContract } from '../../src/services/contracts.ts'
import { handOffContact } from '../../src/services/handoff/manual-handoff.ts'
import { addUser } from '../../src/services/users.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import { migrateToLatest } from '../../src/store/migrate.ts'
import { openStore } from '../../src/store/open-store.ts'
import { spawnTandem } from '../support/tandem-process.ts'

// The handoff commands as a person types them, on an embedded database prepared in-process:
// a workspace with its people and the example routing rules, and one contact.

const dir = mkdtempSync(join(tmpdir(), 'tandem-handoff-'))
const data = join(dir, 'data')
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const users: Record<string, string> = {}

const run = async (args: string[]) => {
  const process = spawnTandem([...args, '--data', data])
  const { code } = await process.exited
  return { code, output: process.output() }
}
const inAcme = (args: string[]) => run([...args, '--workspace', 'acme'])

/** Runs `work` on the embedded database while no CLI process holds it. */
async function withStore<T>(
  work: (db: Awaited<ReturnType<typeof openStore>>['db']) => Promise<T>,
): Promise<T> {
  const store = await openStore({ kind: 'pglite', dataDir: data })
  try {
    return await work(store.db)
  } finally {
    await store.close()
  }
}

let workspaceId: string

beforeAll(async () => {
  await withStore(async (db) => {
    await migrateToLatest(db)
    workspaceId = (await createWorkspace(db, { slug: 'acme', name: 'Acme' })).id
    const people = [
      ['mia', 'Mia Marketing', 'marketing'],
      ['sam', 'Sam Manager', 'sales'],
      ['ada', 'Ada Sdr', 'sdr'],
      ['ben', 'Ben Sdr', 'sdr'],
    ] as const
    for (const [key, name, role] of people)
      users[key] = (await addUser(db, { workspaceId, email: `${key}@acme.test`, name, role })).id
    const routing = parseContractText(
      readFileSync(new URL('../../examples/contracts/routing.yaml', import.meta.url), 'utf8'),
    )
    if (!routing.ok) throw new Error(routing.problems.join('\n'))
    await adoptContract(db, {
      workspaceId,
      document: routing.contract,
      marketingUserId: users.mia as string,
      salesUserId: users.sam as string,
      at: new Date(),
    })
    await db
      .insertInto('contacts')
      .values({
        workspace_id: workspaceId,
        id: randomUUID(),
        email: 'jane.doe@initech.example',
        first_name: 'Jane',
        last_name: 'Doe',
      })
      .execute()
  })
})

describe('tandem team, routing, stage and assignment', () => {
  it('adds a team and its members, and explains the working-hours shorthand it expects', async () => {
    const team = await inAcme([
      'team',
      'add',
      'SDR Volume',
      '--function',
      'sdr',
      '--motion',
      'volume',
      '--manager',
      'sam@acme.test',
    ])
    expect(team.code).toBe(0)
    expect(team.output).toContain(
      'Added team "SDR Volume" (sdr, volume motion, managed by Sam Manager)',
    )

    const ada = await inAcme([
      'team',
      'member',
      'ada@acme.test',
      '--team',
      'SDR Volume',
      '--weight',
      '2',
      '--capacity',
      '10',
      '--time-zone',
      'Europe/London',
      '--hours',
      'mon-thu 08:00-16:00; fri 08:00-12:00',
    ])
    expect(ada.code).toBe(0)
    expect(ada.output).toContain(
      'ada@acme.test is in "SDR Volume": weight 2, capacity 10, works mon-thu 08:00-16:00; fri 08:00-12:00 (Europe/London).',
    )

    const badHours = await inAcme([
      'team',
      'member',
      'ben@acme.test',
      '--team',
      'SDR Volume',
      '--hours',
      'mon-fry 9-5',
    ])
    expect(badHours.code).toBe(1)
    expect(badHours.output).toContain(
      'Error: --hours "mon-fry 9-5": "mon-fry" is not a day or a range of days: write days and hours such as "mon-fri 09:00-17:00"',
    )
    const badZone = await inAcme([
      'team',
      'member',
      'ben@acme.test',
      '--team',
      'SDR Volume',
      '--time-zone',
      'Mars/Olympus_Mons',
    ])
    expect(badZone.code).toBe(1)
    expect(badZone.output).toMatch(/\/timeZone: unknown time zone "Mars\/Olympus_Mons"/)

    const ben = await inAcme(['team', 'member', 'ben@acme.test', '--team', 'SDR Volume'])
    expect(ben.code).toBe(0)
    expect(ben.output).toContain('works mon-fri 09:00-17:00, the default (UTC)')
  })

  it('simulates routing: who would get the lead and why, taking no turn', async () => {
    const first = await inAcme(['routing', 'simulate', 'jane.doe@initech.example'])
    expect(first.code).toBe(0)
    const owner =
      /Under routing version 1, (Ada Sdr|Ben Sdr) would get jane\.doe@initech\.example \(team SDR Volume, volume motion\):/.exec(
        first.output,
      )
    expect(owner).not.toBeNull()
    expect(first.output).toMatch(/\n {2}- .+\n/)
    expect(first.output).toContain('A simulation: no round-robin turn was taken.')
    const second = await inAcme([
      'routing',
      'simulate',
      'jane.doe@initech.example',
      '--version',
      '1',
    ])
    expect(second.output).toContain(`${owner?.[1]} would get`)
    const missing = await inAcme([
      'routing',
      'simulate',
      'jane.doe@initech.example',
      '--version',
      '7',
    ])
    expect(missing.code).toBe(1)
    expect(missing.output).toContain('There is no routing version 7')
  })

  it("lists assignments as a table and takes the owner's answer", async () => {
    const moved = await inAcme([
      'stage',
      'set',
      'contact',
      'jane.doe@initech.example',
      'mql',
      '--as',
      'mia@acme.test',
      '--reason',
      'Met at the booth',
    ])
    expect(moved.code).toBe(0)
    expect(moved.output).toContain('Moved contact jane.doe@initech.example from inquiry to mql.')
    const refused = await inAcme([
      'stage',
      'set',
      'contact',
      'jane.doe@initech.example',
      'won',
      '--as',
      'mia@acme.test',
    ])
    expect(refused.code).toBe(1)
    expect(refused.output).toContain('from here it can go to sal, recycled, disqualified')

    const { assignmentId } = await withStore(async (db) => {
      const contact = await db
        .selectFrom('contacts')
        .select('id')
        .where('email', '=', 'jane.doe@initech.example')
        .executeTakeFirstOrThrow()
      return handOffContact(db, {
        workspaceId,
        contactId: contact.id,
        kind: 'manual',
        ownerId: users.ada as string,
        actor: { type: 'system', id: 'test' },
        at: new Date(),
      })
    })

    const listed = await inAcme(['assignment', 'list', '--owner', 'ada@acme.test'])
    expect(listed.code).toBe(0)
    expect(listed.output).toMatch(/ID +CONTACT +KIND +OWNER +STATUS +ACCEPT DUE\n/)
    expect(listed.output).toMatch(
      new RegExp(
        `${assignmentId} +Jane Doe <jane\\.doe@initech\\.example> +manual +Ada Sdr +pending +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\n`,
      ),
    )

    const byBen = await inAcme(['assignment', 'accept', assignmentId, '--as', 'ben@acme.test'])
    expect(byBen.code).toBe(1)
    expect(byBen.output).toContain(
      'Only the owner of this assignment, their manager or an admin can answer it.',
    )
    const byAda = await inAcme(['assignment', 'accept', assignmentId, '--as', 'ada@acme.test'])
    expect(byAda.code).toBe(0)
    expect(byAda.output).toContain(
      `Assignment ${assignmentId} is accepted; the contact is now at stage sal.`,
    )
    const pending = await inAcme([
      'assignment',
      'list',
      '--owner',
      'ada@acme.test',
      '--status',
      'pending',
    ])
    expect(pending.output).toContain('No assignments match.')

    const touched = await inAcme(['assignment', 'touch', assignmentId, '--as', 'ada@acme.test'])
    expect(touched.code).toBe(0)
    expect(touched.output).toMatch(/holds marketing sends until .* \(3 days, as the routing rules/)
  })

  it('sweeps the SLA timers that are due', async () => {
    const swept = await run(['sla', 'sweep'])
    expect(swept.code).toBe(0)
    expect(swept.output).toMatch(/Fired \d+ SLA timers? that were due; queued \d+ notifications?/)
  })
})
