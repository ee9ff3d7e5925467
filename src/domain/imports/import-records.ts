import type { FunctionName, Role } from '../../store/database.ts'
import { LEAD_STAGES, type LeadStage } from '../lifecycle/lead-funnel.ts'
import type { ImportEntity, ImportMapping } from './import-mapping.ts'
import { type DateOrder, parseDate, parseNumber } from './import-values.ts'

// One CSV row through a mapping: the record Tandem stores, or the reason the row is rejected.

export interface ContactRecord {
  externalId?: string
  email?: string
  firstName?: string
  lastName?: string
  title?: string
  phone?: string
  company?: string
  website?: string
  country?: string
  city?: string
  source?: string
  lifecycleStage?: LeadStage
  createdAt?: Date
  accountExternalId?: string
  owner?: string
}

export interface AccountRecord {
  externalId?: string
  name: string
  domain?: string
  website?: string
  industry?: string
  employees?: number
  annualRevenue?: number
  country?: string
  region?: string
  city?: string
  parentExternalId?: string
  owner?: string
}

export interface OpportunityRecord {
  externalId: string
  name?: string
  accountExternalId?: string
  accountName?: string
  contactExternalId?: string
  contactEmail?: string
  owner?: string
  sdr?: string
  amount: number
  currency?: string
  stage: string
  isClosed: boolean
  isWon: boolean
  createdAt?: Date
  closedAt?: Date
  leadSource?: string
  lossReason?: string
}

export interface ActivityRecord {
  externalId: string
  contactExternalId?: string
  contactEmail?: string
  accountExternalId?: string
  type: string
  channel?: string
  function?: FunctionName
  occurredAt: Date
  campaign?: string
}

export interface UserRecord {
  externalId: string
  email?: string
  name: string
  role: Role
  manager?: string
  team?: string
  timeZone?: string
}

export interface ImportRecords {
  contacts: ContactRecord
  accounts: AccountRecord
  opportunities: OpportunityRecord
  activities: ActivityRecord
  users: UserRecord
}

export type RowOutcome<E extends ImportEntity> =
  | { readonly ok: true; readonly record: ImportRecords[E] }
  | { readonly ok: false; readonly reason: string }

type Row = Readonly<Record<string, string | undefined>>

const ROLES: readonly Role[] = ['admin', 'marketing', 'sales', 'sdr', 'ae', 'cs']
const FUNCTIONS: readonly FunctionName[] = ['marketing', 'sdr', 'sales', 'cs']

class Rejected extends Error {}

/** A row of the mapping's entity, or why it cannot be imported. */
export function mapRow<E extends ImportEntity>(
  mapping: ImportMapping & { entity: E },
  row: Row,
): RowOutcome<E> {
  const read = new FieldReader(mapping, row)
  try {
    const build: Builder = BUILDERS[mapping.entity as ImportEntity]
    const record = build(read, mapping) as ImportRecords[E]
    return { ok: true, record }
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, reason: error.message }
    throw error
  }
}

class FieldReader {
  readonly #mapping: ImportMapping
  readonly #row: Row
  constructor(mapping: ImportMapping, row: Row) {
    this.#mapping = mapping
    this.#row = row
  }

  /** The field's text after the mapping's translation, or undefined when empty. */
  text(field: string): string | undefined {
    const spec = this.#mapping.fields[field]
    if (spec === undefined) return undefined
    let value: string | undefined
    if (typeof spec === 'string') value = this.#row[spec]
    else if ('value' in spec) value = spec.value
    else if ('template' in spec) {
      let missing = false
      value = spec.template.replaceAll(/\{([^}]+)\}/g, (_m, column: string) => {
        const cell = this.#row[column]?.trim() ?? ''
        if (cell === '') missing = true
        return cell
      })
      if (missing) value = undefined
    } else {
      value = this.#row[spec.column]
      const trimmed = value?.trim()
      if (trimmed !== undefined && spec.values?.[trimmed] !== undefined)
        value = spec.values[trimmed]
    }
    const trimmed = value?.trim()
    return trimmed === undefined || trimmed === '' ? undefined : trimmed
  }

  required(field: string, what: string): string {
    const value = this.text(field)
    if (value === undefined) throw new Rejected(`${what} is empty (${this.#describe(field)})`)
    return value
  }

  number(field: string): number | undefined {
    const text = this.text(field)
    if (text === undefined) return undefined
    const n = parseNumber(text)
    if (n === undefined) throw new Rejected(`${field} "${text}" is not a number`)
    const spec = this.#mapping.fields[field]
    const factor = typeof spec === 'object' && 'multiply' in spec ? (spec.multiply ?? 1) : 1
    return n * factor
  }

  date(field: string): Date | undefined {
    const text = this.text(field)
    if (text === undefined) return undefined
    const spec = this.#mapping.fields[field]
    const order: DateOrder =
      typeof spec === 'object' && 'dateFormat' in spec ? (spec.dateFormat ?? 'iso') : 'iso'
    const date = parseDate(text, order)
    if (date === undefined)
      throw new Rejected(
        `${field} "${text}" is not a date${order === 'iso' ? ' (expected YYYY-MM-DD, optionally with a time; set dateFormat "mdy" or "dmy" for dates like 03/04/2018)' : ` in ${order} order`}`,
      )
    return date
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T | undefined {
    const text = this.text(field)?.toLowerCase()
    if (text === undefined) return undefined
    if (!(allowed as readonly string[]).includes(text))
      throw new Rejected(`${field} "${text}" is not one of ${allowed.join(', ')}`)
    return text as T
  }

  #describe(field: string): string {
    const spec = this.#mapping.fields[field]
    if (spec === undefined) return `map a column to "${field}"`
    if (typeof spec === 'string') return `column "${spec}"`
    if ('column' in spec) return `column "${spec.column}"`
    return `field "${field}"`
  }
}

type Builder = (read: FieldReader, mapping: ImportMapping) => ImportRecords[ImportEntity]

const BUILDERS: Record<ImportEntity, Builder> = {
  contacts(read) {
    const email = read.text('email')
    const externalId = read.text('externalId')
    if (email === undefined && externalId === undefined)
      throw new Rejected('the row has neither an email nor an id to find the contact by')
    let firstName = read.text('firstName')
    let lastName = read.text('lastName')
    const fullName = read.text('fullName')
    if (firstName === undefined && lastName === undefined && fullName !== undefined) {
      const space = fullName.indexOf(' ')
      firstName = space < 0 ? fullName : fullName.slice(0, space)
      lastName = space < 0 ? undefined : fullName.slice(space + 1).trim()
    }
    return compact({
      externalId,
      email: email?.toLowerCase(),
      firstName,
      lastName,
      title: read.text('title'),
      phone: read.text('phone'),
      company: read.text('company'),
      website: read.text('website'),
      country: read.text('country'),
      city: read.text('city'),
      source: read.text('source'),
      lifecycleStage: read.oneOf('lifecycleStage', LEAD_STAGES),
      createdAt: read.date('createdAt'),
      accountExternalId: read.text('accountExternalId'),
      owner: read.text('owner'),
    }) as ContactRecord
  },

  accounts(read) {
    const employees = read.number('employees')
    return compact({
      externalId: read.text('externalId'),
      name: read.required('name', 'the account name'),
      domain: read.text('domain')?.toLowerCase(),
      website: read.text('website'),
      industry: read.text('industry'),
      employees: employees === undefined ? undefined : Math.round(employees),
      annualRevenue: read.number('annualRevenue'),
      country: read.text('country'),
      region: read.text('region'),
      city: read.text('city'),
      parentExternalId: read.text('parentExternalId'),
      owner: read.text('owner'),
    }) as AccountRecord
  },

  opportunities(read, mapping) {
    const stage = read.required('stage', 'the stage')
    const won = mapping.wonStages?.includes(stage) ?? /\bwon\b/i.test(stage)
    const lost = !won && (mapping.lostStages?.includes(stage) ?? /\blost\b/i.test(stage))
    const accountExternalId = read.text('accountExternalId')
    const accountName = read.text('accountName')
    if (accountExternalId === undefined && accountName === undefined)
      throw new Rejected('the row names no account (map accountExternalId or accountName)')
    return compact({
      externalId: read.required('externalId', 'the opportunity id'),
      name: read.text('name'),
      accountExternalId,
      accountName,
      contactExternalId: read.text('contactExternalId'),
      contactEmail: read.text('contactEmail')?.toLowerCase(),
      owner: read.text('owner'),
      sdr: read.text('sdr'),
      amount: nonNegative(read.number('amount') ?? 0, 'amount'),
      currency: read.text('currency')?.toUpperCase(),
      stage,
      isClosed: won || lost,
      isWon: won,
      createdAt: read.date('createdAt'),
      closedAt: read.date('closedAt'),
      leadSource: read.text('leadSource'),
      lossReason: read.text('lossReason'),
    }) as OpportunityRecord
  },

  activities(read) {
    const contactExternalId = read.text('contactExternalId')
    const contactEmail = read.text('contactEmail')?.toLowerCase()
    const accountExternalId = read.text('accountExternalId')
    if (
      contactExternalId === undefined &&
      contactEmail === undefined &&
      accountExternalId === undefined
    )
      throw new Rejected('the row names no contact or account the activity belongs to')
    const occurredAt = read.date('occurredAt')
    if (occurredAt === undefined) throw new Rejected('occurredAt is empty')
    return compact({
      externalId: read.required('externalId', 'the activity id'),
      contactExternalId,
      contactEmail,
      accountExternalId,
      type: read
        .required('type', 'the activity type')
        .toLowerCase()
        .replaceAll(/[^a-z0-9]+/g, '_'),
      channel: read.text('channel')?.toLowerCase(),
      function: read.oneOf('function', FUNCTIONS),
      occurredAt,
      campaign: read.text('campaign'),
    }) as ActivityRecord
  },

  users(read) {
    return compact({
      externalId: read.required('externalId', 'the user id'),
      email: read.text('email')?.toLowerCase(),
      name: read.required('name', 'the name'),
      role: read.oneOf('role', ROLES) ?? 'sales',
      manager: read.text('manager'),
      team: read.text('team'),
      timeZone: read.text('timeZone'),
    }) as UserRecord
  },
}

function compact<T extends Record<string, unknown>>(record: T): T {
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key]
  return record
}

function nonNegative(n: number, field: string): number {
  if (n < 0) throw new Rejected(`${field} ${n} is negative`)
  return n
}
