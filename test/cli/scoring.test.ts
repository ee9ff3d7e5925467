import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/open-store.ts'
import { spawnTandem } from '../support/tandem-process.ts'

const dir = mkdtempSync(join(tmpdir(), 'tandem-scoring-'))
const data = join(dir, 'data')
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const contracts = fileURLToPath(new URL('../../examples/contracts/', import.meta.url))

const run = async (args: string[]) => {
  const process = spawnTandem(args)
  const { code } = await process.exited
  return { code, output: process.output() }
}

describe('tandem contract', () => {
  it('checks contract files, naming each problem by its path', async () => {
    const good = await run(['contract', 'check', join(contracts, 'qualification.yaml')])
    expect(good.code).toBe(0)
    expect(good.output).toMatch(/a valid qualification contract, "Volume and ABM leads, 2026"/)
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ kind: 'icp', name: 'x', rules: [], tiers: { '1': 1 } }))
    const checked = await run(['contract', 'check', bad])
    expect(checked.code).not.toBe(0)
    expect(checked.output).toMatch(/\/tiers: needs 2/)
    expect(checked.output).toMatch(/\/: needs engagement/)
  })

  it('prints the published JSON Schema', async () => {
    const schema = await run(['contract', 'schema', 'icp'])
    expect(schema.code).toBe(0)
    expect(JSON.parse(schema.output).$id).toBe('https://tandem.dev/schemas/icp.json')
  })
})

describe('tandem score explain', () => {
  let email: string
  let domain: string

  beforeAll(async () => {
    expect(
      (await run(['demo', '--size', 'small', '--workspace', 'acme', '--data', data])).code,
    ).toBe(0)
    // The demo adopts the example contracts and scores everyone: find an MQL and a tier-1 account.
    const store = await openStore({ kind: 'pglite', dataDir: data })
    try {
      const contact = await store.db
        .selectFrom('contacts')
        .select('email')
        .where('fit_grade', '=', 'A')
        .where(sql<boolean>`engagement_score >= 30`)
        .where('email', 'is not', null)
        .orderBy('email')
        .executeTakeFirstOrThrow()
      email = contact.email ?? ''
      const account = await store.db
        .selectFrom('accounts')
        .select('domain')
        .where('icp_tier', '=', 1)
        .orderBy('domain')
        .executeTakeFirstOrThrow()
      domain = account.domain ?? ''
    } finally {
      await store.close()
    }
  })

  it("explains a contact's score with its rules, decayed values and version", async () => {
    const explained = await run(['score', 'explain', email, '--workspace', 'acme', '--data', data])
    expect(explained.code).toBe(0)
    expect(explained.output).toContain(`${email}: A`)
    expect(explained.output).toMatch(/under qualification definition version 1/)
    expect(explained.output).toMatch(/fit \d+ points, grade A/)
    expect(explained.output).toMatch(/\n {4} *\+\d+ {2}[a-z-]+\n/)
    expect(explained.output).toMatch(/engagement [\d.]+ points now, band [12]/)
  })

  it("explains an account's tier, engagement by function and buying stage, also as JSON", async () => {
    const explained = await run([
      'score',
      'explain',
      domain,
      '--workspace',
      'acme',
      '--json',
      '--data',
      data,
    ])
    expect(explained.code).toBe(0)
    const body = JSON.parse(explained.output.slice(explained.output.indexOf('{')))
    expect(body.score.icp.tier).toBe(1)
    expect(body.score.icp.points).toBeGreaterThanOrEqual(60)
    expect(Object.keys(body.score.engagement.byFunction)).toEqual([
      'marketing',
      'sdr',
      'sales',
      'cs',
    ])
    const unknown = await run([
      'score',
      'explain',
      'nobody@nowhere.example',
      '--workspace',
      'acme',
      '--data',
      data,
    ])
    expect(unknown.code).not.toBe(0)
    expect(unknown.output).toMatch(/No contact with id or email "nobody@nowhere.example"/)
  })
})
