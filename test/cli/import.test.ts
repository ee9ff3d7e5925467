import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnTandem } from '../support/tandem-process.ts'

const dir = mkdtempSync(join(tmpdir(), 'tandem-import-'))
const data = join(dir, 'data')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const shared = fileURLToPath(new URL('../../../shared/data/maven_crm/', import.meta.url))
const mappings = fileURLToPath(new URL('../../examples/mappings/', import.meta.url))

const run = async (args: string[]) => {
  const process = spawnTandem([...args, '--data', data])
  const { code } = await process.exited
  return { code, output: process.output() }
}

describe('tandem import', () => {
  beforeAll(async () => {
    expect((await run(['demo', '--size', 'small', '--workspace', 'crm'])).code).toBe(0)
  })

  it('imports with progress and a summary, writes rejected rows to a file, and re-imports nothing', async () => {
    const accounts = await run([
      'import',
      'accounts',
      join(shared, 'accounts.csv'),
      '--workspace',
      'crm',
      '--mapping',
      join(mappings, 'maven-accounts.accounts.json'),
    ])
    expect(accounts.code).toBe(0)
    expect(accounts.output).toMatch(/read \(KB\): 100%/)
    expect(accounts.output).toMatch(/Done in [\d.]+s \(mapping \(source maven\)\): 85 rows, 85 new/)

    const pipeline = parse(readFileSync(join(shared, 'sales_pipeline.csv')), {
      columns: true,
    }) as Record<string, string>[]
    const rejects = join(dir, 'pipeline.rejects.csv')
    const args = [
      'import',
      'opportunities',
      join(shared, 'sales_pipeline.csv'),
      '--workspace',
      'crm',
      '--mapping',
      join(mappings, 'maven-pipeline.opportunities.json'),
      '--rejects',
      rejects,
    ]
    const first = await run(args)
    const withoutAccount = pipeline.filter((r) => r.account === '').length
    expect(first.code).toBe(0)
    expect(first.output).toContain(
      `${(pipeline.length - withoutAccount).toLocaleString('en-US')} new, 0 updated, 0 unchanged, ${withoutAccount.toLocaleString('en-US')} rejected`,
    )
    expect(first.output).toContain(`Rejected rows, with line and reason: ${rejects}`)
    const rejected = parse(readFileSync(rejects), { columns: true }) as Record<string, string>[]
    expect(rejected).toHaveLength(withoutAccount)
    expect(rejected[0]).toMatchObject({
      reason: 'the row names no account (map accountExternalId or accountName)',
      opportunity_id: pipeline.find((r) => r.account === '')?.opportunity_id,
    })

    const again = await run(args)
    expect(again.output).toContain(
      `0 new, 0 updated, ${(pipeline.length - withoutAccount).toLocaleString('en-US')} unchanged`,
    )
  })

  it('explains an unknown file and a wrong entity before touching anything', async () => {
    const unknown = await run([
      'import',
      'contacts',
      join(shared, 'products.csv'),
      '--workspace',
      'crm',
    ])
    expect(unknown.code).toBe(1)
    expect(unknown.output).toContain('is not an export Tandem recognises')
    const wrong = await run(['import', 'leads', join(shared, 'products.csv')])
    expect(wrong.code).toBe(1)
    expect(wrong.output).toContain(
      "'leads' is invalid for argument 'entity'. Allowed choices are contacts",
    )
  })
})
