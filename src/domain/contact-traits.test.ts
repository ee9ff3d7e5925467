import { describe, expect, it } from 'vitest'
import { accountPatchFromGroupTraits, contactPatchFromTraits } from './contact-traits.ts'

describe('traits', () => {
  it('reads the Segment spec traits of a person, inferring seniority and department', () => {
    expect(
      contactPatchFromTraits({
        email: 'ana@acme.com',
        firstName: 'Ana',
        lastName: ' Silva ',
        title: 'VP Demand Generation',
        phone: '+351 21 000 0000',
        address: { city: 'Lisbon', country: 'PT' },
        company: { name: 'Acme Data', industry: 'Software' },
        website: 'acme.com',
        plan: 'trial',
      }),
    ).toEqual({
      email: 'ana@acme.com',
      first_name: 'Ana',
      last_name: 'Silva',
      title: 'VP Demand Generation',
      seniority: 'vp',
      department: 'marketing',
      phone: '+351 21 000 0000',
      city: 'Lisbon',
      country: 'PT',
      company_name: 'Acme Data',
      website: 'acme.com',
    })
  })

  it('splits a full name, reads snake case, and leaves empty traits alone', () => {
    expect(
      contactPatchFromTraits({ name: 'Mary Jane Watson', company: 'Daily Bugle', email: ' ' }),
    ).toEqual({ first_name: 'Mary', last_name: 'Jane Watson', company_name: 'Daily Bugle' })
    expect(
      contactPatchFromTraits({ first_name: 'Li', job_title: 'Engineer', seniority: 'manager' }),
    ).toEqual({
      first_name: 'Li',
      title: 'Engineer',
      seniority: 'manager',
      department: 'engineering',
    })
  })

  it('reads the traits of a group call as account columns', () => {
    expect(
      accountPatchFromGroupTraits({
        name: 'Acme Data',
        website: 'https://acme.com',
        domain: 'ACME.com',
        industry: 'Software',
        employees: '1,200',
        annualRevenue: 5e7,
        address: { country: 'US', city: 'Austin' },
      }),
    ).toEqual({
      name: 'Acme Data',
      website: 'https://acme.com',
      domain: 'acme.com',
      industry: 'Software',
      employees: 1200,
      annual_revenue: 50_000_000,
      country: 'US',
      city: 'Austin',
    })
    expect(accountPatchFromGroupTraits({ employees: 'many', annual_revenue: -1 })).toEqual({})
  })
})
