import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pipelineReport, pipelineRows } from '../../src/services/reports/pipeline-report.ts'
import { importMavenWorkspace, mavenCsv } from '../support/maven-workspace.ts'
import { median } from '../support/median.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// Pipeline outcomes checked against the Maven CRM data (../shared/data): win rates per agent
// and per sector and the median days from engaging to closing, computed again here straight
// from the CSV files.

const DAY = 86_400_000
let t: TestStore
let workspaceId: string

// The import refuses deals without an account; so does the expectation.
const deals = mavenCsv('sales_pipeline.csv').filter((d) => d.account !== '')
const sectorOf = new Map(
  mavenCsv('accounts.csv').map((a) => [
    a.account,
    a.sector === 'technolgy' ? 'technology' : a.sector,
  ]),
)

function expectedBy(key: (d: Record<string, string>) => string | undefined) {
  const groups = new Map<string, { won: number; lost: number; closeDays: number[] }>()
  for (const d of deals) {
    if (d.engage_date === '') continue
    const k = key(d) ?? ''
    const g = groups.get(k) ?? { won: 0, lost: 0, closeDays: [] }
    groups.set(k, g)
    if (d.deal_stage === 'Won') g.won += 1
    if (d.deal_stage === 'Lost') g.lost += 1
    if (d.close_date !== '')
      g.closeDays.push(
        (Date.parse(d.close_date as string) - Date.parse(d.engage_date as string)) / DAY,
      )
  }
  return groups
}

beforeAll(async () => {
  t = await openTestStore()
  workspaceId = await importMavenWorkspace(t.db, 'maven-pipeline')
}, 120_000)

afterAll(async () => {
  await t?.close()
})

// The deals engaged from 2016 to 2017; those never engaged carry the import's date, later.
const report = (cut: 'owner' | 'industry' | 'none') =>
  pipelineReport(t.db, workspaceId, {
    from: new Date('2016-01-01T00:00:00Z'),
    to: new Date('2018-06-01T00:00:00Z'),
    cut,
  })

describe('pipeline outcomes on the Maven CRM data', () => {
  it('win rate and median days engage-to-close per sales agent', async () => {
    const expected = expectedBy((d) => d.sales_agent)
    const groups = await report('owner')
    expect(groups.map((g) => g.key).sort()).toEqual([...expected.keys()].sort())
    for (const g of groups) {
      const e = expected.get(g.key as string)
      expect(g.won).toBe(e?.won)
      expect(g.lost).toBe(e?.lost)
      expect(g.winRate).toBeCloseTo((e?.won ?? 0) / ((e?.won ?? 0) + (e?.lost ?? 0)), 4)
      expect(g.medianDaysToClose).toBeCloseTo(median(e?.closeDays ?? []), 2)
    }
  })

  it("lists the deals behind a figure: one agent's lost deals", async () => {
    const agent = deals[0]?.sales_agent as string
    const lost = deals.filter(
      (d) => d.sales_agent === agent && d.deal_stage === 'Lost' && d.engage_date !== '',
    )
    const rows = await pipelineRows(t.db, workspaceId, {
      from: new Date('2016-01-01T00:00:00Z'),
      to: new Date('2018-06-01T00:00:00Z'),
      cut: 'owner',
      key: agent,
      outcome: 'lost',
      limit: 500,
    })
    expect(rows.map((r) => r.name).sort()).toEqual(
      lost.map((d) => `${d.product} for ${d.account}`).sort(),
    )
    expect(rows.every((r) => r.outcome === 'lost' && r.owner === agent)).toBe(true)
  })

  it('win rate per sector', async () => {
    const expected = expectedBy((d) => sectorOf.get(d.account as string))
    const groups = await report('industry')
    expect(groups.map((g) => g.key).sort()).toEqual([...expected.keys()].sort())
    for (const g of groups) {
      const e = expected.get(g.key as string)
      expect(g.winRate).toBeCloseTo((e?.won ?? 0) / ((e?.won ?? 0) + (e?.lost ?? 0)), 4)
    }
  })

  it('overall: every engaged deal, open, won or lost', async () => {
    const [all] = await report('none')
    const engaged = deals.filter((d) => d.engage_date !== '')
    expect(all).toMatchObject({
      opportunities: engaged.length,
      won: engaged.filter((d) => d.deal_stage === 'Won').length,
      lost: engaged.filter((d) => d.deal_stage === 'Lost').length,
      open: engaged.filter((d) => d.deal_stage !== 'Won' && d.deal_stage !== 'Lost').length,
    })
    const wonAmount = engaged
      .filter((d) => d.deal_stage === 'Won')
      .reduce((sum, d) => sum + Number(d.close_value), 0)
    expect(all?.wonAmount).toBeCloseTo(wonAmount, 2)
  })
})
