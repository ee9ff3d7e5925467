import { readFileSync } from 'node:fs'
import type {
  IdealCustomerProfile,
  QualificationDefinition,
  RoutingContract,
} from '../../domain/contracts/contract-schemas.ts'
import { parseContractText } from '../../domain/contracts/parse-contract.ts'

// The contracts shipped in examples/contracts: the demo workspace starts with them, and tests
// score against them.

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
