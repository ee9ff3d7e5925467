import type { Insertable } from 'kysely'
import { normalizeCompanyName } from '../../domain/company-name.ts'
import type { AccountDomainsTable, AccountsTable } from '../../store/database.ts'
import type { DemoOrg } from './demo-org.ts'
import {
  CORE_INDUSTRIES,
  COUNTRIES,
  type Country,
  INDUSTRIES,
  NAME_PREFIXES,
  NAME_SUFFIXES,
  STANDALONE_WORDS,
  TECHNOLOGIES,
} from './demo-vocabulary.ts'
import type { Random } from './random.ts'

// The companies the demo vendor sells to. Each carries a hidden fit (how much it looks like the
// vendor's best customers) and a propensity to engage, which drive everything that happens later.

export interface DemoAccount {
  readonly row: Insertable<AccountsTable> & { readonly id: string; domain: string }
  readonly country: Country
  /** 0..1: how closely the account matches the vendor's best customers. */
  readonly fit: number
  /** 0..1: how likely its people are to engage at all. */
  readonly propensity: number
  /** Its people engage far more in the last three weeks: what "surging" looks like on a radar. */
  readonly surging: boolean
}

const industryPicker = INDUSTRIES.map((i) => [i, i.weight] as const)
const countryPicker = COUNTRIES.map((c) => [c, c.weight] as const)

function companyName(random: Random, nouns: readonly string[]): string {
  const shape = random.next()
  if (shape < 0.45)
    return `${random.pick(NAME_PREFIXES)}${random.pick(NAME_SUFFIXES)} ${random.pick(nouns)}`
  if (shape < 0.8) return `${random.pick(STANDALONE_WORDS)} ${random.pick(nouns)}`
  return `${random.pick(NAME_PREFIXES)}${random.pick(NAME_SUFFIXES)}`
}

export function generateAccounts(
  random: Random,
  workspaceId: string,
  count: number,
  org: DemoOrg,
  start: Date,
): { accounts: DemoAccount[]; domains: Insertable<AccountDomainsTable>[] } {
  const names = new Set<string>()
  const accounts: DemoAccount[] = []
  for (let i = 0; i < count; i++) {
    const industry = random.weighted(industryPicker)
    const country = random.weighted(countryPicker)
    let base = companyName(random, industry.nouns)
    for (let n = 2; names.has(normalizeCompanyName(base)); n++)
      base = `${base.replace(/ \d+$/, '')} ${n}`
    names.add(normalizeCompanyName(base))
    const legal = random.pick<string>(country.legal)
    const name = legal === '' ? base : `${base} ${legal}`
    const domain = `${normalizeCompanyName(base).replaceAll(/[^a-z0-9]+/g, '-')}.example`
    const employees = Math.round(Math.min(250_000, Math.max(5, random.lognormal(160, 1.5))))
    const revenue =
      Math.round((employees * industry.revenuePerEmployee * random.lognormal(1, 0.3)) / 1000) * 1000
    const technologies = TECHNOLOGIES.filter((t) => random.chance(t.probability)).map((t) =>
      random.weighted(t.options),
    )

    const core = (CORE_INDUSTRIES as readonly string[]).includes(industry.name)
    const sized = employees >= 200 && employees <= 10_000
    const stack = technologies.some((t) => t === 'Salesforce' || t === 'HubSpot' || t === 'Marketo')
    const market = country.region === 'North America' || country.region === 'EMEA'
    const fit = Math.min(
      1,
      0.1 +
        (core ? 0.3 : 0) +
        (sized ? 0.25 : employees > 50 ? 0.1 : 0) +
        (stack ? 0.15 : 0) +
        (market ? 0.1 : 0) +
        random.float(0, 0.1),
    )
    accounts.push({
      row: {
        workspace_id: workspaceId,
        id: random.uuid(),
        name,
        normalized_name: normalizeCompanyName(name),
        domain,
        website: `https://www.${domain}`,
        industry: industry.name,
        employees,
        annual_revenue: revenue,
        country: country.name,
        region: country.region,
        city: random.pick<string>(country.cities),
        technologies,
        created_at: start,
        updated_at: start,
      },
      country,
      fit,
      propensity: Math.min(1, 0.25 * random.next() + 0.55 * fit + 0.2 * random.next()),
      surging: random.chance(0.02 + 0.06 * fit),
    })
  }

  // The account-based team targets the best-fitting 15%, chosen with some judgement (noise).
  const ranked = [...accounts].sort(
    (a, b) => b.fit + b.propensity * 0.2 - (a.fit + a.propensity * 0.2),
  )
  const targets = ranked.slice(0, Math.round(count * 0.15))
  targets.forEach((account, i) => {
    const aes = org.aes.account_based
    const sdrs = org.sdrs.account_based
    account.row.is_target = true
    account.row.owner_id = aes[i % aes.length]?.id ?? null
    account.row.sdr_id = sdrs[i % sdrs.length]?.id ?? null
  })

  const domains = accounts.map((a) => ({
    workspace_id: workspaceId,
    domain: a.row.domain,
    account_id: a.row.id,
  }))
  return { accounts, domains }
}
