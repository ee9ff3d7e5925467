import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { RoutingContract } from '../contracts/contract-schemas.ts'
import { parseContractText } from '../contracts/parse-contract.ts'
import { type AccountPerson, chooseRoute, type LeadFacts } from './choose-route.ts'

const parsed = parseContractText(
  readFileSync(new URL('../../../examples/contracts/routing.yaml', import.meta.url), 'utf8'),
)
if (!parsed.ok || parsed.contract.kind !== 'routing') throw new Error('routing example')
const contract: RoutingContract = parsed.contract

const sdr: AccountPerson = { id: 'u-sdr', name: 'Sam', motion: 'account_based', available: true }
const owner: AccountPerson = { id: 'u-ae', name: 'Ada', motion: 'account_based', available: true }
const lead = (values: LeadFacts['values'], people: Partial<LeadFacts> = {}): LeadFacts => ({
  values,
  accountOwner: null,
  accountSdr: null,
  ...people,
})

describe('choosing where a lead goes', () => {
  it("gives a lead of a worked account to the account's SDR first", () => {
    const choice = chooseRoute(contract, lead({}, { accountSdr: sdr, accountOwner: owner }))
    expect(choice).toEqual({
      kind: 'person',
      personId: 'u-sdr',
      motion: 'account_based',
      reasons: ["The account's SDR Sam gets its leads"],
    })
  })

  it('passes over an account SDR who is away, to the owner', () => {
    const away = { ...sdr, available: false }
    const choice = chooseRoute(contract, lead({}, { accountSdr: away, accountOwner: owner }))
    expect(choice.kind === 'person' && choice.personId).toBe('u-ae')
    expect(choice.reasons).toEqual([
      "The account's SDR Sam is away",
      "The account's owner Ada gets its leads",
    ])
  })

  it('routes by the first territory that holds, and says which', () => {
    const choice = chooseRoute(contract, lead({ 'account.icp_tier': 2, 'account.employees': 5000 }))
    expect(choice).toMatchObject({
      kind: 'team',
      team: 'SDR Enterprise',
      territory: 'enterprise',
      motion: 'account_based',
    })
    expect(choice.reasons).toEqual([
      'Territory enterprise (Companies of 2,000 people or more): team SDR Enterprise',
    ])
  })

  it('falls back when no territory holds; a missing value never matches', () => {
    const choice = chooseRoute(contract, lead({ 'account.employees': null, country: 'France' }))
    expect(choice).toMatchObject({ kind: 'team', team: 'SDR Volume', motion: 'volume' })
    expect(choice.reasons).toEqual(['No territory matched: the fallback team SDR Volume'])
  })

  it('ignores account people when the contract says so', () => {
    const choice = chooseRoute(
      { ...contract, accountOwners: 'ignore' },
      lead({}, { accountSdr: sdr }),
    )
    expect(choice.kind).toBe('team')
  })
})
