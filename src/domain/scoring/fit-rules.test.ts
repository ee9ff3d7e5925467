import { describe, expect, it } from 'vitest'
import type { FitRule } from '../contracts/contract-schemas.ts'
import { evaluateFitRules, fitGrade, icpTier } from './fit-rules.ts'

const rules: FitRule[] = [
  { id: 'senior', when: [{ field: 'seniority', in: ['VP', 'director'] }], points: 25 },
  { id: 'mid-market', when: [{ field: 'account.employees', min: 200, max: 10_000 }], points: 15 },
  { id: 'crm', when: [{ field: 'account.technologies', in: ['hubspot'] }], points: 10 },
  {
    id: 'student',
    description: 'Students do not buy',
    when: [{ field: 'title', matches: '\\bstudent\\b' }],
    points: -50,
  },
  {
    id: 'senior-in-software',
    when: [
      { field: 'seniority', in: ['vp'] },
      { field: 'account.industry', in: ['Software'] },
    ],
    points: 5,
  },
]

describe('evaluateFitRules', () => {
  it('adds the points of every rule whose conditions all hold, with the rule as reason', () => {
    const result = evaluateFitRules(rules, {
      seniority: 'vp',
      'account.employees': 1200,
      'account.technologies': ['Salesforce', 'HubSpot'],
      'account.industry': 'Software',
      title: 'VP Marketing',
    })
    expect(result).toEqual({
      points: 55,
      reasons: [
        { rule: 'senior', points: 25 },
        { rule: 'mid-market', points: 15 },
        { rule: 'crm', points: 10 },
        { rule: 'senior-in-software', points: 5 },
      ],
    })
  })

  it('never lets a missing value satisfy a condition, and includes the bounds of a range', () => {
    expect(evaluateFitRules(rules, {}).points).toBe(0)
    expect(evaluateFitRules(rules, { 'account.employees': null, seniority: '' }).points).toBe(0)
    expect(evaluateFitRules(rules, { 'account.employees': 200 }).points).toBe(15)
    expect(evaluateFitRules(rules, { 'account.employees': 10_001 }).points).toBe(0)
    expect(evaluateFitRules(rules, { 'account.technologies': [] }).points).toBe(0)
  })

  it('takes negative signals off, with their description', () => {
    expect(evaluateFitRules(rules, { title: 'Student assistant' })).toEqual({
      points: -50,
      reasons: [{ rule: 'student', description: 'Students do not buy', points: -50 }],
    })
  })
})

describe('grades and tiers', () => {
  it('gives the highest grade whose threshold the points reach', () => {
    const grades = { A: 60, B: 40, C: 20 }
    expect([75, 60, 59, 40, 20, 19, -30].map((p) => fitGrade(p, grades))).toEqual([
      'A',
      'A',
      'B',
      'B',
      'C',
      'D',
      'D',
    ])
  })

  it('gives every account a tier, even one with no points', () => {
    const tiers = { '1': 60, '2': 35 }
    expect([80, 60, 35, 0, -100].map((p) => icpTier(p, tiers))).toEqual([1, 1, 2, 3, 3])
  })
})
