import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FUNNEL_CUTS, funnelReport, funnelRows } from '../../src/services/reports/funnel-report.ts'
import { median, percentile } from '../support/median.ts'
import { importOlistWorkspace, OLIST_DIR, olistMqls } from '../support/olist-workspace.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The double funnel checked against the Olist marketing funnel (../shared/data): the figures
// the report gives are computed again here, straight from the CSV files, by a separate and
// simple path.

const DAY = 86_400_000
let t: TestStore
let workspaceId: string

const deals = parse(readFileSync(new URL('olist_closed_deals_dataset.csv', OLIST_DIR)), {
  columns: true,
}) as Record<string, string>[]
const firstContact = new Map(
  olistMqls.map((m) => [m.mql_id as string, Date.parse(`${m.first_contact_date}T00:00:00Z`)]),
)
const origin = new Map(olistMqls.map((m) => [m.mql_id as string, m.origin || null]))
/** Won deals whose MQL was first contacted before they were won: the cohort's reach. */
const wonAfterFirstContact = deals
  .map((d) => ({
    deal: d,
    first: firstContact.get(d.mql_id as string) as number,
    won: Date.parse(`${d.won_date?.replace(' ', 'T')}Z`),
  }))
  .filter((w) => w.won >= w.first)

function tally<T>(
  items: readonly T[],
  key: (item: T) => string | null,
): Map<string | null, number> {
  const counts = new Map<string | null, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}

beforeAll(async () => {
  t = await openTestStore()
  workspaceId = await importOlistWorkspace(t.db, 'olist-funnel')
}, 120_000)

afterAll(async () => {
  await t?.close()
})

const cohort = (cut: Parameters<typeof funnelReport>[2]['cut']) =>
  funnelReport(t.db, workspaceId, {
    funnel: 'lead',
    method: 'cohort',
    cohortStage: 'mql',
    from: new Date('2017-01-01T00:00:00Z'),
    to: new Date('2019-01-01T00:00:00Z'),
    cut,
  })

describe('the lead funnel on the Olist data', () => {
  it('converts MQLs to won as the files say, with the median days from first contact', async () => {
    const report = await cohort('none')
    expect(report.groups).toHaveLength(1)
    const steps = new Map(report.groups[0]?.steps.map((s) => [s.stage, s]))
    expect(steps.get('mql')).toMatchObject({ reached: olistMqls.length, conversion: 1 })
    const won = steps.get('won')
    expect(won?.reached).toBe(wonAfterFirstContact.length)
    expect(won?.conversion).toBeCloseTo(wonAfterFirstContact.length / olistMqls.length, 4)
    const days = wonAfterFirstContact.map((w) => (w.won - w.first) / DAY)
    expect(won?.medianDays).toBeCloseTo(median(days), 2)
  })

  it('by origin', async () => {
    const report = await cohort('source')
    const mqls = tally(olistMqls, (m) => m.origin || null)
    const wins = tally(wonAfterFirstContact, (w) => origin.get(w.deal.mql_id as string) ?? null)
    expect(report.groups.map((g) => g.key).sort()).toEqual(
      [...mqls.keys()].sort((a, b) => String(a).localeCompare(String(b))).sort(),
    )
    for (const group of report.groups) {
      const steps = new Map(group.steps.map((s) => [s.stage, s]))
      expect(steps.get('mql')?.reached).toBe(mqls.get(group.key))
      const expected = wins.get(group.key) ?? 0
      expect(steps.get('won')?.reached).toBe(expected)
      expect(steps.get('won')?.conversion).toBeCloseTo(expected / (mqls.get(group.key) ?? 1), 4)
    }
  })

  it('won deals per SDR and per sales rep', async () => {
    for (const [cut, column] of [
      ['owner', 'sdr_id'],
      ['rep', 'sr_id'],
    ] as const) {
      const report = await cohort(cut)
      const expected = tally(wonAfterFirstContact, (w) => w.deal[column] as string)
      const actual = new Map(
        report.groups
          .map((g) => [g.key, g.steps.find((s) => s.stage === 'won')?.reached ?? 0] as const)
          .filter(([, n]) => n > 0),
      )
      expect(actual).toEqual(expected)
    }
  })

  it('by period: MQLs per month as the file has them', async () => {
    const report = await funnelReport(t.db, workspaceId, {
      funnel: 'lead',
      method: 'period',
      from: new Date('2018-01-01T00:00:00Z'),
      to: new Date('2018-02-01T00:00:00Z'),
      cut: 'none',
    })
    const january = olistMqls.filter((m) => m.first_contact_date?.startsWith('2018-01')).length
    const wonInJanuary = deals.filter((d) => d.won_date?.startsWith('2018-01')).length
    const steps = new Map(report.groups[0]?.steps.map((s) => [s.stage, s]))
    expect(steps.get('mql')?.reached).toBe(january)
    expect(steps.get('won')?.reached).toBe(wonInJanuary)
  })

  it('lists the people behind a step: the won MQLs of one origin, with their days', async () => {
    const wins = wonAfterFirstContact.filter(
      (w) => origin.get(w.deal.mql_id as string) === 'paid_search',
    )
    const query = {
      funnel: 'lead',
      method: 'cohort',
      cohortStage: 'mql',
      from: new Date('2017-01-01T00:00:00Z'),
      to: new Date('2019-01-01T00:00:00Z'),
      cut: 'source',
      key: 'paid_search',
      stage: 'won',
    } as const
    const all = await funnelRows(t.db, workspaceId, { ...query, page: { limit: 500, offset: 0 } })
    expect(all.total).toBe(wins.length)
    expect(all.next).toBeUndefined()
    const rows = all.items
    expect(rows).toHaveLength(wins.length)
    expect(rows.map((r) => r.days).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      wins.map((w) => Math.round(((w.won - w.first) / DAY) * 100) / 100).sort((a, b) => a - b),
    )

    // A page at a time, following `next`, gives the same people in the same order.
    const size = Math.ceil(wins.length / 3)
    const paged: (typeof rows)[number][] = []
    let offset: number | undefined = 0
    while (offset !== undefined) {
      const page = await funnelRows(t.db, workspaceId, { ...query, page: { limit: size, offset } })
      expect(page.total).toBe(wins.length)
      expect(page.items.length).toBeLessThanOrEqual(size)
      paged.push(...page.items)
      offset = page.next
    }
    expect(paged).toEqual(rows)
    const past = await funnelRows(t.db, workspaceId, {
      ...query,
      page: { limit: size, offset: wins.length },
    })
    expect(past).toEqual({ items: [], total: wins.length })
  })

  it("gives each group's steps the median and p90 days of the people behind them", async () => {
    // Without a cut the database sorts each step's days; with one it gathers them per group
    // first: both are checked against the days of the rows the drill-down lists.
    const period = { from: new Date('2018-01-01T00:00:00Z'), to: new Date('2018-04-01T00:00:00Z') }
    for (const method of ['cohort', 'period'] as const)
      for (const cut of ['none', 'source', 'cohort_month'] as const) {
        const query = { funnel: 'lead', method, cohortStage: 'mql', ...period, cut } as const
        const report = await funnelReport(t.db, workspaceId, query)
        expect(report.groups.length).toBeGreaterThan(cut === 'none' ? 0 : 1)
        for (const group of report.groups)
          for (const step of group.steps) {
            const days: number[] = []
            for (let offset: number | undefined = 0; offset !== undefined; ) {
              const page = await funnelRows(t.db, workspaceId, {
                ...query,
                ...(cut === 'none' ? {} : { key: group.key }),
                stage: step.stage,
                page: { limit: 500, offset },
              })
              for (const row of page.items)
                if (row.enteredAt !== null && row.reachedAt >= row.enteredAt)
                  days.push((row.reachedAt.getTime() - row.enteredAt.getTime()) / DAY)
              offset = page.next
            }
            const where = `${method} ${cut} ${group.key} ${step.stage}`
            for (const [actual, p] of [
              [step.medianDays, 0.5],
              [step.p90Days, 0.9],
            ] as const) {
              const expected = percentile(days, p)
              if (expected === null) expect(actual, where).toBeNull()
              // Rounded to two decimals by the report.
              else expect(Math.abs((actual ?? Number.NaN) - expected), where).toBeLessThan(0.0051)
            }
          }
      }
  })

  it('keeps every conversion between 0 and 1, by either method and any cut', async () => {
    for (const method of ['cohort', 'period'] as const)
      for (const cut of FUNNEL_CUTS) {
        const report = await funnelReport(t.db, workspaceId, {
          funnel: 'lead',
          method,
          from: new Date('2017-01-01T00:00:00Z'),
          to: new Date('2018-03-01T00:00:00Z'),
          cut,
        })
        for (const group of report.groups)
          for (const step of group.steps)
            if (step.conversion !== null) {
              expect(step.conversion).toBeGreaterThanOrEqual(0)
              expect(step.conversion).toBeLessThanOrEqual(1)
            }
      }
  })

  it('refuses a stage the funnel does not have, and an empty period', async () => {
    await expect(
      funnelReport(t.db, workspaceId, {
        funnel: 'lead',
        method: 'cohort',
        cohortStage: 'hot',
        from: new Date('2018-01-01'),
        to: new Date('2018-02-01'),
        cut: 'none',
      }),
    ).rejects.toThrow(
      'hot is not a stage of the lead funnel; use one of inquiry, lead, mql, sal, sql, opportunity, won.',
    )
    await expect(
      funnelReport(t.db, workspaceId, {
        funnel: 'lead',
        method: 'period',
        from: new Date('2018-02-01'),
        to: new Date('2018-01-01'),
        cut: 'none',
      }),
    ).rejects.toThrow(/must be before to/)
  })
})
