import { readFileSync } from 'node:fs'
import type { Kysely } from 'kysely'
import type {
  Contract,
  IdealCustomerProfile,
  QualificationDefinition,
  RoutingContract,
} from '../../domain/contracts/contract-schemas.ts'
import { parseContractText } from '../../domain/contracts/parse-contract.ts'
import type { Database } from '../../store/database.ts'
import { adoptContract } from '../contracts.ts'

// The contracts shipped in examples/contracts: the demo workspace starts with them, and tests
// and benchmarks score and route under them.

function load(file: string) {
  const text = readFileSync(new URL(`../../../examples/contracts/${file}`, import.meta.url), 'utf8')
  const parsed = parseContractText(text)
  if (!parsed.ok) throw new Error(`examples/contracts/${file}: ${parsed.problems.join('; ')}`)
  return parsed.contract
}

export function exampleQualificationDefinition(): QualificationDefinition {
  return load('qualification.yaml') as QualificationDefinition
}

export function exampleIdealCustomerProfile(): IdealCustomerProfile {
  return load('icp.yaml') as IdealCustomerProfile
}

export function exampleRoutingRules(): RoutingContract {
  return load('routing.yaml') as RoutingContract
}

export interface ExampleAdoption {
  readonly workspaceId: string
  readonly marketingUserId: string
  readonly salesUserId: string
  readonly at: Date
  /** Also the routing rules, whose teams the workspace must have for leads to be handed over. */
  readonly routing: boolean
}

/** A marketing and a sales user approve the example contracts, which become active. */
export async function adoptExampleContracts(
  db: Kysely<Database>,
  input: ExampleAdoption,
): Promise<void> {
  const documents: Contract[] = [exampleQualificationDefinition(), exampleIdealCustomerProfile()]
  if (input.routing) documents.push(exampleRoutingRules())
  for (const document of documents)
    await adoptContract(db, {
      workspaceId: input.workspaceId,
      document,
      marketingUserId: input.marketingUserId,
      salesUserId: input.salesUserId,
      at: input.at,
    })
}
