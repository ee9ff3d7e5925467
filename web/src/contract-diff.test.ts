import { describe, expect, it } from 'vitest'
import {
  exampleQualificationDefinition,
  exampleRoutingRules,
} from '../../src/services/scoring/example-contracts.ts'
import { describeChange, diffContracts, formatValue } from './contract-diff.ts'

const lines = (before: unknown, after: unknown) => diffContracts(before, after).map(describeChange)

describe('the difference between two contract versions', () => {
  it('is nothing between a version and itself', () => {
    const definition = exampleQualificationDefinition()
    expect(diffContracts(definition, structuredClone(definition))).toEqual([])
  })

  it('names a behaviour rule by its id and says the half-life in days', () => {
    const before = exampleQualificationDefinition()
    const after = structuredClone(before)
    const pricing = after.engagement.rules.find((r) => r.id === 'pricing-page')
    if (pricing === undefined) throw new Error('the example has a pricing-page rule')
    pricing.halfLifeDays = 21
    expect(diffContracts(before, after)).toEqual([
      {
        change: 'changed',
        path: ["behaviour rule 'pricing-page'", 'half-life'],
        before: '14',
        after: '21 days',
      },
    ])
    expect(lines(before, after)).toEqual(["behaviour rule 'pricing-page': half-life 14 → 21 days"])
  })

  it('matches rules by id, so reordering them changes nothing', () => {
    const before = exampleQualificationDefinition()
    const after = structuredClone(before)
    after.fit.rules.reverse()
    expect(diffContracts(before, after)).toEqual([])
  })

  it('lists an added and a removed rule whole, and a changed condition by its field', () => {
    const before = exampleQualificationDefinition()
    const after = structuredClone(before)
    after.fit.rules = after.fit.rules.filter((r) => r.id !== 'competitor')
    after.fit.rules.push({ id: 'nordics', when: [{ field: 'country', in: ['Sweden'] }], points: 5 })
    const senior = after.fit.rules.find((r) => r.id === 'senior-buyer')
    if (senior === undefined) throw new Error('the example has a senior-buyer rule')
    senior.when = [{ field: 'seniority', in: ['c_level', 'vp'] }]
    const changes = diffContracts(before, after)
    expect(changes.map((c) => c.change)).toEqual(['changed', 'removed', 'added'])
    const [changed, removed, added] = changes.map(describeChange)
    expect(changed).toBe(
      "fit rule 'senior-buyer' › condition on seniority: is one of c_level, vp, director → c_level, vp",
    )
    expect(removed).toMatch(/^fit rule 'competitor': .*hubspot\.com/)
    expect(added).toBe("fit rule 'nordics': conditions (country is one of Sweden), points 5")
    expect(changes[1]?.before).toContain('points -50')
  })

  it('says which MQL cells and top-level values changed', () => {
    const before = exampleQualificationDefinition()
    const after = { ...structuredClone(before), name: 'Stricter, 2026' }
    after.mql.cells = ['A1', 'A2', 'B1']
    expect(lines(before, after)).toEqual([
      'name: Volume and ABM leads, 2026 → Stricter, 2026',
      'MQL: cells A1, A2, B1, B2, C1 → A1, A2, B1',
    ])
  })

  it('notes an added optional value and a removed one', () => {
    const before = exampleQualificationDefinition()
    const after = structuredClone(before)
    const webinar = after.engagement.rules.find((r) => r.id === 'webinar')
    const unsubscribed = after.engagement.rules.find((r) => r.id === 'unsubscribed')
    if (webinar === undefined || unsubscribed === undefined) throw new Error('example rules')
    delete webinar.cap
    unsubscribed.halfLifeDays = 90
    expect(diffContracts(before, after)).toEqual([
      { change: 'removed', path: ["behaviour rule 'webinar'", 'cap'], before: '30' },
      { change: 'added', path: ["behaviour rule 'unsubscribed'", 'half-life'], after: '90 days' },
    ])
  })

  it('reports a new order of territories, which routing checks in order', () => {
    const before = exampleRoutingRules()
    const after = structuredClone(before)
    after.territories.reverse()
    const ids = before.territories.map((t) => t.id)
    expect(ids.length).toBeGreaterThan(1)
    expect(diffContracts(before, after)).toEqual([
      {
        change: 'changed',
        path: ['territories', 'order'],
        before: ids.join(', '),
        after: [...ids].reverse().join(', '),
      },
    ])
  })
})

describe('a value as the diff shows it', () => {
  it('reads yes/no, lists, days and missing values', () => {
    expect(formatValue(true)).toBe('yes')
    expect(formatValue(['A1', 'B1'])).toBe('A1, B1')
    expect(formatValue(1, 'withinDays')).toBe('1 day')
    expect(formatValue(1200)).toBe('1,200')
    expect(formatValue(null)).toBe('none')
    expect(formatValue({ field: 'account.employees', min: 200 })).toBe(
      'account.employees at least 200',
    )
  })
})
