import type { Department, Seniority } from '../job-title.ts'

// The role a person plays in their company's buying decision. A rep who names it on an
// opportunity knows best; until then the title gives a transparent first guess.

export const BUYING_ROLES = [
  'economic_buyer',
  'decision_maker',
  'champion',
  'technical_buyer',
  'influencer',
  'user',
] as const
export type BuyingRole = (typeof BUYING_ROLES)[number]

export interface BuyingRoleEvidence {
  /** The role a rep gave the person on one of the account's opportunities, if any. */
  readonly opportunityRole: string | null
  readonly seniority: Seniority | string | null
  readonly department: Department | string | null
}

export function buyingRoleOf(person: BuyingRoleEvidence): {
  readonly role: BuyingRole
  readonly reason: string
} {
  const named = BUYING_ROLES.find((r) => r === person.opportunityRole)
  if (named !== undefined) return { role: named, reason: `named ${label(named)} on an opportunity` }
  const technical = person.department === 'it' || person.department === 'engineering'
  switch (person.seniority) {
    case 'c_level':
      return { role: 'economic_buyer', reason: 'a C-level title usually owns the budget' }
    case 'vp':
    case 'director':
      return technical
        ? { role: 'technical_buyer', reason: 'a technical leader judges the fit' }
        : { role: 'decision_maker', reason: `a ${person.seniority} title usually decides` }
    case 'manager':
      return technical
        ? { role: 'technical_buyer', reason: 'a technical manager judges the fit' }
        : { role: 'champion', reason: 'a manager is who usually carries the case inside' }
    default:
      return technical
        ? { role: 'influencer', reason: 'a technical person shapes the choice' }
        : { role: 'user', reason: 'no senior or technical title: a likely user' }
  }
}

export const label = (role: BuyingRole) => role.replace('_', ' ')
