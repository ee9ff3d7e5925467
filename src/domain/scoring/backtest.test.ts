import { describe, expect, it } from 'vitest'
import { exampleQualificationDefinition } from '../../services/scoring/example-contracts.ts'
import { type BacktestContact, createBacktest, firstMql } from './backtest.ts'

const definition = exampleQualificationDefinition()
// Without the readiness route to MQL, only the grade x band matrix decides.
const matrixOnly = { ...definition, name: 'A1 only', mql: { cells: ['A1'] } }
const seniorBuyer = {
  seniority: 'vp',
  department: 'marketing',
  'account.industry': 'Software',
  'account.employees': 800,
}
const at = (day: string) => new Date(`${day}T10:00:00Z`)
const visits = (days: string[], type = 'webinar_attended') =>
  days.map((d) => ({ type, occurredAt: at(d) }))

describe('firstMql', () => {
  it('finds the first activity after which the person was an MQL', () => {
    // Two webinars (30, capped), then two downloads (16) and three pricing visits reach band 1.
    const activities = [
      ...visits(['2026-01-05', '2026-01-20']),
      ...visits(['2026-02-01', '2026-02-02'], 'content_download'),
      ...visits(['2026-02-03', '2026-02-03', '2026-02-03'], 'pricing_page_visit'),
    ]
    expect(firstMql(matrixOnly, seniorBuyer, activities)).toEqual({
      at: at('2026-02-03'),
      cell: 'A1',
    })
    expect(firstMql(matrixOnly, {}, activities)).toBe(null)
    expect(firstMql(definition, seniorBuyer, activities.slice(0, 4))).toEqual({
      at: at('2026-02-01'),
      cell: 'A2',
    })
  })
})

describe('createBacktest', () => {
  const people: BacktestContact[] = [
    // An MQL under both, who later won.
    {
      id: 'a',
      label: 'a@example.com',
      profile: seniorBuyer,
      activities: visits(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']).concat(
        visits(['2026-03-04', '2026-03-04', '2026-03-04'], 'pricing_page_visit'),
        visits(['2026-03-04', '2026-03-04'], 'content_download'),
      ),
      reached: { sal: at('2026-03-10'), sql: at('2026-03-20'), won: at('2026-05-01') },
    },
    // An MQL only under the wider definition (A2), accepted by sales but never won.
    {
      id: 'b',
      label: 'b@example.com',
      profile: seniorBuyer,
      activities: visits(['2026-04-01', '2026-04-02', '2026-04-03']),
      reached: { sal: at('2026-04-05') },
    },
    // Won without ever being an MQL: missed by both.
    {
      id: 'c',
      label: 'c@example.com',
      profile: {},
      activities: visits(['2026-04-01']),
      reached: { won: at('2026-06-01') },
    },
    // Won before engaging: not counted as a later win.
    {
      id: 'd',
      label: 'd@example.com',
      profile: seniorBuyer,
      activities: visits(['2026-04-01', '2026-04-02', '2026-04-03']),
      reached: { won: at('2026-03-01') },
    },
  ]

  it('reports MQLs per month, later stages, precision and recall, and who changes', () => {
    const backtest = createBacktest(
      { version: 3, body: definition },
      { version: null, body: matrixOnly },
    )
    for (const p of people) backtest.add(p)
    const report = backtest.report()
    expect(report.contacts).toBe(4)
    expect(report.won).toBe(3)
    expect(report.active).toEqual({
      version: 3,
      name: definition.name,
      months: [
        { month: '2026-03', mqls: 1, laterSal: 1, laterSql: 1, laterWon: 1 },
        { month: '2026-04', mqls: 2, laterSal: 1, laterSql: 0, laterWon: 0 },
      ],
      totals: { mqls: 3, laterSal: 2, laterSql: 1, laterWon: 1 },
      precision: 1 / 3,
      recall: 1 / 3,
    })
    expect(report.proposed.totals).toEqual({ mqls: 1, laterSal: 1, laterSql: 1, laterWon: 1 })
    expect(report.proposed.precision).toBe(1)
    expect(report.changes).toEqual({
      gained: 0,
      lost: 2,
      moved: 0,
      examples: [
        {
          contactId: 'b',
          label: 'b@example.com',
          active: { at: at('2026-04-03'), cell: 'A2' },
          proposed: null,
        },
        {
          contactId: 'd',
          label: 'd@example.com',
          active: { at: at('2026-04-03'), cell: 'A2' },
          proposed: null,
        },
      ],
    })
  })

  it('reports the proposed side alone when no definition is active', () => {
    const backtest = createBacktest(null, { version: null, body: definition })
    for (const p of people) backtest.add(p)
    const report = backtest.report()
    expect(report.active).toBe(null)
    expect(report.proposed.totals.mqls).toBe(3)
    expect(report.changes).toEqual({ gained: 0, lost: 0, moved: 0, examples: [] })
  })
})
