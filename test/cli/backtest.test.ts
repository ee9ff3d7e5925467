import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { expectedOlistMonths, OLIST_DIR, olistMqls } from '../support/olist-workspace.ts'
import { spawnTandem } from '../support/tandem-process.ts'

// The whole contract workflow through the CLI, on the Olist funnel (../shared/data): a new
// workspace and its people, the imports, a definition drafted, approved by both sides and
// activated, then a backtest of a proposal against it.

const dir = mkdtempSync(join(tmpdir(), 'tandem-backtest-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const data = ['--data', join(dir, 'data')]
const olist = fileURLToPath(OLIST_DIR)
const examples = fileURLToPath(new URL('../../examples/', import.meta.url))

const run = async (...args: string[]) => {
  const process = spawnTandem([...args, ...data])
  const { code } = await process.exited
  return { code, output: process.output() }
}
const ok = async (...args: string[]) => {
  const result = await run(...args)
  expect(result.code, result.output).toBe(0)
  return result.output
}

describe('tandem contract and tandem backtest', () => {
  it('takes a definition from draft to active, then backtests a proposal against it', async () => {
    await ok('workspace', 'create', 'olist', '--name', 'Olist')
    await ok('user', 'add', 'mia@olist.example', '--role', 'marketing', '--workspace', 'olist')
    await ok('user', 'add', 'sam@olist.example', '--role', 'sales', '--workspace', 'olist')
    const mqlFile = join(olist, 'olist_marketing_qualified_leads_dataset.csv')
    const imports: [string, string, string][] = [
      ['contacts', mqlFile, 'olist-mqls.contacts'],
      ['activities', mqlFile, 'olist-first-contacts.activities'],
      [
        'opportunities',
        join(olist, 'olist_closed_deals_dataset.csv'),
        'olist-closed-deals.opportunities',
      ],
    ]
    for (const [entity, file, mapping] of imports)
      await ok(
        'import',
        entity,
        file,
        '--workspace',
        'olist',
        '--rejects',
        join(dir, `${entity}.rejects.csv`),
        '--mapping',
        join(examples, 'mappings', `${mapping}.json`),
      )

    const contract = join(examples, 'contracts', 'olist-every-first-contact.yaml')
    expect(
      await ok('contract', 'draft', contract, '--workspace', 'olist', '--as', 'mia@olist.example'),
    ).toMatch(/Drafted qualification version 1 \("Every first contact"\)/)
    const early = await run('contract', 'activate', 'qualification@1', '--workspace', 'olist')
    expect(early.code).not.toBe(0)
    expect(early.output).toMatch(/Version 1 still needs approval by marketing and sales/)
    expect(
      await ok(
        'contract',
        'approve',
        'qualification@1',
        '--as',
        'mia@olist.example',
        '--workspace',
        'olist',
      ),
    ).toMatch(/is draft: approved by marketing \(mia\)/)
    expect(
      await ok(
        'contract',
        'approve',
        'qualification@1',
        '--as',
        'sam@olist.example',
        '--workspace',
        'olist',
      ),
    ).toMatch(/is approved: approved by marketing \(mia\) and sales \(sam\)/)
    expect(await ok('contract', 'activate', 'qualification@1', '--workspace', 'olist')).toMatch(
      /qualification version 1 is active\.[\s\S]*Re-scored [\d,]+ contacts and accounts/,
    )
    expect(await ok('contract', 'list', '--workspace', 'olist')).toMatch(
      /qualification@1 +active +Every first contact +\(approved by marketing: mia, sales: sam\)/,
    )

    const proposal = join(examples, 'contracts', 'olist-search-only.yaml')
    const json = await ok('backtest', proposal, '--workspace', 'olist', '--json')
    const report = JSON.parse(json.slice(json.indexOf('{\n')))
    const kept = olistMqls.filter((m) =>
      ['organic_search', 'paid_search', 'direct_traffic'].includes(m.origin ?? ''),
    )
    expect(report.active.months).toEqual(expectedOlistMonths(olistMqls))
    expect(report.proposed.months).toEqual(expectedOlistMonths(kept))
    expect(report.changes.lost).toBe(olistMqls.length - kept.length)

    const table = await ok('backtest', proposal, '--workspace', 'olist')
    expect(table).toMatch(/8,000 people replayed/)
    expect(table).toMatch(/^month +active v1 +proposed/m)
    expect(table).toMatch(/^precision \d+\.\d% +\d+\.\d%/m)
    expect(table).toMatch(
      new RegExp(`Changes: 0 people become MQLs, ${olistMqls.length - kept.length} no longer do`),
    )
  })
})
