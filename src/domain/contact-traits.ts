import { inferDepartment, inferSeniority } from './job-title.ts'

// Segment traits (https://segment.com/docs/connections/spec/identify/#traits) as Tandem's
// columns. Clients spell traits in camelCase or snake_case; both are read. A trait that is absent
// or empty leaves the column alone.

export interface ContactPatch {
  email?: string
  first_name?: string
  last_name?: string
  title?: string
  seniority?: string
  department?: string
  phone?: string
  country?: string
  city?: string
  company_name?: string
  website?: string
}

export interface AccountPatch {
  name?: string
  website?: string
  domain?: string
  industry?: string
  employees?: number
  annual_revenue?: number
  country?: string
  city?: string
}

/** The contact columns a person's traits set. Seniority and department follow from the title. */
export function contactPatchFromTraits(traits: Record<string, unknown>): ContactPatch {
  const patch: ContactPatch = {}
  const address = recordOf(traits.address)
  const company = traits.company
  let first = text(traits, 'firstName', 'first_name')
  let last = text(traits, 'lastName', 'last_name')
  const name = text(traits, 'name')
  if (first === undefined && last === undefined && name !== undefined) {
    const space = name.indexOf(' ')
    first = space < 0 ? name : name.slice(0, space)
    last = space < 0 ? undefined : name.slice(space + 1).trim()
  }
  const title = text(traits, 'title', 'jobTitle', 'job_title')
  set(patch, 'email', text(traits, 'email'))
  set(patch, 'first_name', first)
  set(patch, 'last_name', last)
  set(patch, 'title', title)
  set(
    patch,
    'seniority',
    text(traits, 'seniority') ?? (title === undefined ? undefined : inferSeniority(title)),
  )
  set(
    patch,
    'department',
    text(traits, 'department') ?? (title === undefined ? undefined : inferDepartment(title)),
  )
  set(patch, 'phone', text(traits, 'phone'))
  set(patch, 'country', text(address, 'country') ?? text(traits, 'country'))
  set(patch, 'city', text(address, 'city') ?? text(traits, 'city'))
  set(
    patch,
    'company_name',
    typeof company === 'string' ? nonEmpty(company) : text(recordOf(company), 'name'),
  )
  set(patch, 'website', text(traits, 'website'))
  return patch
}

/** The account columns a `group` call's traits set. */
export function accountPatchFromGroupTraits(traits: Record<string, unknown>): AccountPatch {
  const patch: AccountPatch = {}
  const address = recordOf(traits.address)
  set(patch, 'name', text(traits, 'name'))
  set(patch, 'website', text(traits, 'website'))
  set(patch, 'domain', text(traits, 'domain')?.toLowerCase())
  set(patch, 'industry', text(traits, 'industry'))
  set(patch, 'employees', count(traits.employees ?? traits.employee_count))
  set(patch, 'annual_revenue', amount(traits.annualRevenue ?? traits.annual_revenue))
  set(patch, 'country', text(address, 'country') ?? text(traits, 'country'))
  set(patch, 'city', text(address, 'city') ?? text(traits, 'city'))
  return patch
}

function set<T, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value
}

function text(record: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = record[key]
    if (typeof value === 'string' && nonEmpty(value) !== undefined) return nonEmpty(value)
    if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  }
  return undefined
}

function nonEmpty(value: string): string | undefined {
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

function amount(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value.replaceAll(/[,\s]/g, '')) : value
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined
}

function count(value: unknown): number | undefined {
  const n = amount(value)
  return n === undefined ? undefined : Math.round(n)
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}
