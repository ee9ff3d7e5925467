import type { RoutingContract } from '../contracts/contract-schemas.ts'
import type { Motion, RoutingField } from '../contracts/routing-contract-schema.ts'
import { conditionHolds } from '../scoring/fit-rules.ts'

// Lead-to-account aware routing (seed 003): a lead of an account that already has people on it
// goes to them; every other lead goes through the territories to a team.

export interface AccountPerson {
  readonly id: string
  readonly name: string
  readonly motion: Motion | null
  /** Active and not out of office right now. */
  readonly available: boolean
}

export interface LeadFacts {
  readonly values: Partial<Record<RoutingField, string | number | null>>
  readonly accountOwner: AccountPerson | null
  readonly accountSdr: AccountPerson | null
}

export type RouteChoice =
  | {
      readonly kind: 'person'
      readonly personId: string
      readonly motion: Motion
      readonly reasons: readonly string[]
    }
  | {
      readonly kind: 'team'
      readonly team: string
      readonly territory: string | null
      readonly motion: Motion
      readonly reasons: readonly string[]
    }

/** Who should get a lead: a person already on its account, or a team by territory. */
export function chooseRoute(contract: RoutingContract, lead: LeadFacts): RouteChoice {
  const reasons: string[] = []
  const order =
    contract.accountOwners === 'sdr_first'
      ? ([
          ['SDR', lead.accountSdr],
          ['owner', lead.accountOwner],
        ] as const)
      : contract.accountOwners === 'owner_first'
        ? ([
            ['owner', lead.accountOwner],
            ['SDR', lead.accountSdr],
          ] as const)
        : []
  for (const [role, person] of order) {
    if (person === null) continue
    if (!person.available) {
      reasons.push(`The account's ${role} ${person.name} is away`)
      continue
    }
    return {
      kind: 'person',
      personId: person.id,
      motion: person.motion ?? 'account_based',
      reasons: [...reasons, `The account's ${role} ${person.name} gets its leads`],
    }
  }
  for (const territory of contract.territories) {
    if (!territory.when.every((c) => conditionHolds(c, lead.values[c.field]))) continue
    const why = territory.description ?? territory.when.map(describeCondition).join(' and ')
    return {
      kind: 'team',
      team: territory.team,
      territory: territory.id,
      motion: territory.motion,
      reasons: [...reasons, `Territory ${territory.id} (${why}): team ${territory.team}`],
    }
  }
  return {
    kind: 'team',
    team: contract.fallback.team,
    territory: null,
    motion: contract.fallback.motion,
    reasons: [...reasons, `No territory matched: the fallback team ${contract.fallback.team}`],
  }
}

function describeCondition(c: RoutingContract['territories'][number]['when'][number]): string {
  if (c.in !== undefined) return `${c.field} in ${c.in.join(', ')}`
  if (c.matches !== undefined) return `${c.field} matches ${c.matches}`
  if (c.min !== undefined && c.max !== undefined) return `${c.field} ${c.min} to ${c.max}`
  if (c.min !== undefined) return `${c.field} at least ${c.min}`
  return `${c.field} at most ${c.max}`
}
