import Value from 'typebox/value'
import { parse as parseYaml } from 'yaml'
import { parseBusinessDuration } from '../business-hours/business-duration.ts'
import { schemaProblems } from '../schema-problems.ts'
import {
  CONTRACT_SCHEMAS,
  type Contract,
  type ContractKind,
  type FitCondition,
  type FitRule,
  type IdealCustomerProfile,
  type QualificationDefinition,
  type RoutingContract,
} from './contract-schemas.ts'
import { MOTIONS } from './routing-contract-schema.ts'

type TerritoryCondition = RoutingContract['territories'][number]['when'][number]

export type ContractParse<C extends Contract = Contract> =
  | { readonly ok: true; readonly contract: C }
  | { readonly ok: false; readonly problems: readonly string[] }

const NUMERIC_FIELDS = new Set(['account.employees', 'account.annual_revenue', 'account.icp_tier'])

/** A contract file's text, JSON or YAML (JSON is YAML), checked against its schema and rules. */
export function parseContractText(text: string, expected?: ContractKind): ContractParse {
  let document: unknown
  try {
    // A YAML warning (an unknown directive, say) is no reason to refuse a document that parses.
    document = parseYaml(text, { prettyErrors: true, logLevel: 'error' })
  } catch (error) {
    return { ok: false, problems: [`/: neither JSON nor YAML (${(error as Error).message})`] }
  }
  return parseContract(document, expected)
}

/** A contract document, checked: every problem is named by its path. */
export function parseContract(document: unknown, expected?: ContractKind): ContractParse {
  const kind = (document as { kind?: unknown } | null)?.kind
  if (kind !== 'qualification' && kind !== 'icp' && kind !== 'routing')
    return { ok: false, problems: ['/kind: must be qualification, icp or routing'] }
  if (expected !== undefined && kind !== expected)
    return { ok: false, problems: [`/kind: expected a ${expected} document, not ${kind}`] }
  const schema = CONTRACT_SCHEMAS[kind]
  // Defaults (minCount: 1) are filled in so every stored version states them.
  const withDefaults = Value.Default(schema, structuredClone(document))
  if (!Value.Check(schema, withDefaults)) {
    const problems = schemaProblems(schema, withDefaults)
    return { ok: false, problems: problems.length > 0 ? problems : ['/: not a valid contract'] }
  }
  const contract = withDefaults as Contract
  const problems =
    contract.kind === 'qualification'
      ? qualificationProblems(contract)
      : contract.kind === 'icp'
        ? icpProblems(contract)
        : routingProblems(contract)
  return problems.length > 0 ? { ok: false, problems } : { ok: true, contract }
}

function qualificationProblems(d: QualificationDefinition): string[] {
  return [
    ...fitRuleProblems('/fit/rules', d.fit.rules),
    ...descending('/fit/grades', d.fit.grades, ['A', 'B', 'C']),
    ...uniqueIds('/engagement/rules', d.engagement.rules),
    ...d.engagement.rules.flatMap((r, i) =>
      r.path === undefined ? [] : regexProblem(`/engagement/rules/${i}/path`, r.path),
    ),
    ...descending('/engagement/bands', d.engagement.bands, ['1', '2', '3']),
    ...uniqueIds('/readiness', d.readiness),
  ]
}

function icpProblems(p: IdealCustomerProfile): string[] {
  return [...fitRuleProblems('/rules', p.rules), ...descending('/tiers', p.tiers, ['1', '2'])]
}

function routingProblems(r: RoutingContract): string[] {
  const territories = r.territories
  return [
    ...uniqueIds('/territories', territories),
    ...territories.flatMap((t, i) =>
      t.when.flatMap((c, j) => conditionProblems(`/territories/${i}/when/${j}`, c)),
    ),
    ...MOTIONS.flatMap((motion) => slaProblems(`/motions/${motion}/sla`, r.motions[motion].sla)),
    ...r.holidays.flatMap((day, i) =>
      isDate(day) ? [] : [`/holidays/${i}: ${day} is not a date`],
    ),
  ]
}

/** A real calendar date: 2026-02-31 is not one, though Date.parse rolls it over. */
function isDate(day: string): boolean {
  const ms = Date.parse(`${day}T00:00:00Z`)
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day
}

function slaProblems(path: string, sla: RoutingContract['motions']['volume']['sla']): string[] {
  const durations = {
    acceptWithin: sla.acceptWithin,
    firstTouchWithin: sla.firstTouchWithin,
    ...(sla.remindBefore === undefined ? {} : { remindBefore: sla.remindBefore }),
  }
  const minutes: Record<string, number> = {}
  const problems: string[] = []
  for (const [key, text] of Object.entries(durations)) {
    const parsed = parseBusinessDuration(text)
    if (parsed.ok) minutes[key] = parsed.minutes
    else problems.push(`${path}/${key}: ${parsed.message}`)
  }
  const remind = minutes.remindBefore
  const accept = minutes.acceptWithin
  if (remind !== undefined && accept !== undefined && remind >= accept)
    problems.push(`${path}/remindBefore: must be shorter than acceptWithin (${sla.acceptWithin})`)
  return problems
}

function fitRuleProblems(path: string, rules: readonly FitRule[]): string[] {
  return [
    ...uniqueIds(path, rules),
    ...rules.flatMap((rule, i) =>
      rule.when.flatMap((c, j) => conditionProblems(`${path}/${i}/when/${j}`, c)),
    ),
  ]
}

function conditionProblems(path: string, c: FitCondition | TerritoryCondition): string[] {
  const numeric = NUMERIC_FIELDS.has(c.field)
  if (numeric && (c.in !== undefined || c.matches !== undefined))
    return [`${path}: ${c.field} is a number; use min and max`]
  if (!numeric && (c.min !== undefined || c.max !== undefined))
    return [`${path}: ${c.field} is text; use in or matches`]
  if (c.in === undefined && c.matches === undefined && c.min === undefined && c.max === undefined)
    return [`${path}: needs in, matches, min or max`]
  if (c.min !== undefined && c.max !== undefined && c.min > c.max)
    return [`${path}: min ${c.min} is above max ${c.max}`]
  return c.matches === undefined ? [] : regexProblem(`${path}/matches`, c.matches)
}

function regexProblem(path: string, source: string): string[] {
  try {
    new RegExp(source, 'i')
    return []
  } catch (error) {
    return [`${path}: not a regular expression (${(error as Error).message})`]
  }
}

function uniqueIds(path: string, items: readonly { readonly id: string }[]): string[] {
  const seen = new Set<string>()
  const problems: string[] = []
  items.forEach((item, i) => {
    if (seen.has(item.id)) problems.push(`${path}/${i}/id: "${item.id}" is used twice`)
    seen.add(item.id)
  })
  return problems
}

function descending<K extends string>(
  path: string,
  thresholds: Readonly<Record<K, number>>,
  order: readonly K[],
): string[] {
  const problems: string[] = []
  for (let i = 1; i < order.length; i += 1) {
    const higher = order[i - 1] as K
    const lower = order[i] as K
    if (thresholds[lower] >= thresholds[higher])
      problems.push(`${path}/${lower}: must be below ${higher} (${thresholds[higher]})`)
  }
  return problems
}
