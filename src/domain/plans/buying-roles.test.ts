import { describe, expect, it } from 'vitest'
import { buyingRoleOf } from './buying-roles.ts'

describe('buyingRoleOf', () => {
  it('takes the role a rep named on an opportunity first', () => {
    expect(
      buyingRoleOf({ opportunityRole: 'champion', seniority: 'c_level', department: 'finance' }),
    ).toEqual({ role: 'champion', reason: 'named champion on an opportunity' })
  })

  it('guesses from seniority and department otherwise', () => {
    const role = (seniority: string | null, department: string | null) =>
      buyingRoleOf({ opportunityRole: 'other', seniority, department }).role
    expect(role('c_level', 'finance')).toBe('economic_buyer')
    expect(role('vp', 'marketing')).toBe('decision_maker')
    expect(role('director', 'it')).toBe('technical_buyer')
    expect(role('manager', 'operations')).toBe('champion')
    expect(role('manager', 'engineering')).toBe('technical_buyer')
    expect(role('individual', 'engineering')).toBe('influencer')
    expect(role(null, null)).toBe('user')
  })
})
