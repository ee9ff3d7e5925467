import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseContractText } from '../../src/domain/contracts/parse-contract.ts'
import { adoptContract } from '../../src/services/contracts.ts'
import { addUser } from '../../src/services/users.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import { migrateToLatest } from '../../src/store/migrate.ts'
import { openStore } from '../../src/store/open-store.ts'
import { spawnTandem } from '../support/tandem-process.ts'

// `tandem audit` on an embedded database where marketing and sales adopted the example routing
// rules: drafted, approved by each side, activated.

const dir = mkdtempSync(join(tmpdir(), 'tandem-audit-'))
const data = join(dir, 'data')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

beforeAll(async () => {
  const store = await openStore({ kind: 'pglite', dataDir: data })
  try {
    await migrateToLatest(store.db)
    const workspaceId = (await createWorkspace(store.db, { slug: 'acme', name: 'Acme' })).id
    const user = async (key: string, name: string, role: 'marketing' | 'sales') =>
      (await addUser(store.db, { workspaceId, email: `${key}@acme.test`, name, role })).id
    const routing = parseContractText(
      readFileSync(new URL('../../examples/contracts/routing.yaml', import.meta.url), 'utf8'),
    )
    if (!routing.ok) throw new Error(routing.problems.join('\n'))
    await adoptContract(store.db, {
      workspaceId,
      document: routing.contract,
      marketingUserId: await user('mia', 'Mia Marketing', 'marketing'),
      salesUserId: await user('sam', 'Sam Sales', 'sales'),
      at: new Date(),
    })
  } finally {
    await store.close()
  }
})

describe('tandem audit', () => {
  it('lists who approved the contract, as CSV, filtered by action', async () => {
    const child = spawnTandem([
      'audit',
      '--action',
      'contract.approved',
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
    const lines = output.split(/\r?\n/)
    const header = lines.findIndex((line) => line.startsWith('At,'))
    expect(lines[header]).toBe('At,Who,Action,Entity type,Entity,Details')
    const rows = lines.slice(header + 1).filter((line) => line !== '')
    expect(rows.map((row) => row.split(',')[1]).sort()).toEqual(['Mia Marketing', 'Sam Sales'])
    expect(rows.every((row) => row.split(',')[2] === 'contract.approved')).toBe(true)
  })
})
