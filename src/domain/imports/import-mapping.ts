import Type, { type Static } from 'typebox'
import Value from 'typebox/value'
import { schemaProblems } from '../schema-problems.ts'

// A mapping says how a CSV file's columns become Tandem records: built in for HubSpot and
// Salesforce exports, written by hand (JSON) for any other file.

export const IMPORT_ENTITIES = [
  'contacts',
  'accounts',
  'opportunities',
  'activities',
  'users',
] as const
export type ImportEntity = (typeof IMPORT_ENTITIES)[number]

/** The fields each entity can take, and what each means. */
export const IMPORT_FIELDS = {
  contacts: {
    externalId: "the contact's id in the source system",
    email: 'email address',
    firstName: 'first name',
    lastName: 'last name',
    fullName: 'full name, split at the first space when first and last are absent',
    title: 'job title (seniority and department follow from it)',
    phone: 'phone number',
    company: 'company name (used for lead-to-account matching)',
    website: 'company website',
    country: 'country',
    city: 'city',
    source: 'lead source',
    lifecycleStage:
      'lead stage: inquiry, lead, mql, sal, sql, opportunity, won, lost, recycled, disqualified',
    createdAt: 'when the lead was created',
    accountExternalId: "the account's id in the source system",
    owner: "the owner's user id in the source system",
  },
  accounts: {
    externalId: "the account's id in the source system",
    name: 'company name (required)',
    domain: 'web domain',
    website: 'website (its domain is used when domain is absent)',
    industry: 'industry',
    employees: 'number of employees',
    annualRevenue: 'annual revenue',
    country: 'country',
    region: 'region or state',
    city: 'city',
    parentExternalId: "the parent account's id in the source system",
    owner: "the owner's user id in the source system",
  },
  opportunities: {
    externalId: "the opportunity's id in the source system (required)",
    name: 'opportunity name',
    accountExternalId: "the account's id in the source system",
    accountName: 'account name (finds or creates the account when there is no id)',
    contactExternalId: "the primary contact's id in the source system",
    contactEmail: "the primary contact's email",
    owner: "the owner's user id in the source system",
    sdr: 'the user id of the SDR who qualified the lead (becomes the lead owner)',
    amount: 'amount',
    currency: 'ISO currency code',
    stage: 'stage as the source names it',
    createdAt: 'when the opportunity was created',
    closedAt: 'when it was won or lost',
    leadSource: 'lead source',
    lossReason: 'why it was lost',
  },
  activities: {
    externalId: "the activity's id in the source system (required)",
    contactExternalId: "the contact's id in the source system",
    contactEmail: "the contact's email",
    accountExternalId: "the account's id in the source system",
    type: 'activity type, e.g. form_submit, webinar_attended, call, meeting (required)',
    channel: 'channel, e.g. web, email, event, phone (derived from the type when absent)',
    function: 'marketing, sdr, sales or cs (derived from the type when absent)',
    occurredAt: 'when it happened (required)',
    campaign: 'campaign name or key',
  },
  users: {
    externalId: "the user's id in the source system (required)",
    email: 'email (a placeholder under .invalid when absent; the user cannot log in until set)',
    name: 'full name (required)',
    role: 'admin, marketing, sales, sdr, ae or cs (default sales)',
    manager: "the manager's user id in the source system",
    team: 'team name (created when new)',
    timeZone: 'IANA time zone',
  },
} as const satisfies Record<ImportEntity, Record<string, string>>

export type ImportField<E extends ImportEntity> = keyof (typeof IMPORT_FIELDS)[E] & string

const FieldSpec = Type.Union([
  Type.String({ minLength: 1, description: 'the column to read' }),
  Type.Object(
    {
      column: Type.String({ minLength: 1 }),
      multiply: Type.Optional(
        Type.Number({ description: 'scale numbers, e.g. 1000000 for millions' }),
      ),
      values: Type.Optional(
        Type.Record(Type.String(), Type.String(), { description: 'translate values, e.g. stages' }),
      ),
      dateFormat: Type.Optional(
        Type.Union([Type.Literal('iso'), Type.Literal('dmy'), Type.Literal('mdy')], {
          description: 'how day and month are ordered in dates like 03/04/2018 (default iso)',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  Type.Object({ value: Type.String() }, { additionalProperties: false }),
  Type.Object(
    { template: Type.String({ description: 'text with {column} placeholders' }) },
    { additionalProperties: false },
  ),
])

export const ImportMappingSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    entity: Type.Union([
      Type.Literal('contacts'),
      Type.Literal('accounts'),
      Type.Literal('opportunities'),
      Type.Literal('activities'),
      Type.Literal('users'),
    ]),
    source: Type.String({
      minLength: 1,
      pattern: '^[a-z0-9][a-z0-9_.-]*$',
      description: 'names the system the ids come from, e.g. hubspot, salesforce, olist',
    }),
    description: Type.Optional(Type.String()),
    fields: Type.Record(Type.String(), FieldSpec),
    /** Stages that mean won or lost (opportunities); default: stages containing "won" / "lost". */
    wonStages: Type.Optional(Type.Array(Type.String())),
    lostStages: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
)

export type ImportMapping = Static<typeof ImportMappingSchema>
export type FieldSpec = Static<typeof FieldSpec>

export class ImportMappingError extends Error {
  override readonly name = 'ImportMappingError'
  readonly problems: readonly string[]
  constructor(problems: readonly string[]) {
    super(`The mapping is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.problems = problems
  }
}

/** Checks a mapping document, naming every problem by its path. */
export function parseImportMapping(document: unknown): ImportMapping {
  if (!Value.Check(ImportMappingSchema, document))
    throw new ImportMappingError(mappingProblems(document))
  const mapping = document as ImportMapping
  const known = IMPORT_FIELDS[mapping.entity] as Record<string, string>
  const unknown = Object.keys(mapping.fields).filter((f) => !(f in known))
  if (unknown.length > 0)
    throw new ImportMappingError(
      unknown.map(
        (f) =>
          `/fields/${f}: ${mapping.entity} have no field "${f}"; fields: ${Object.keys(known).join(', ')}`,
      ),
    )
  return mapping
}

/** A mapping file's text: JSON, then the checks of parseImportMapping. */
export function parseImportMappingJson(text: string): ImportMapping {
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new ImportMappingError([`/: not JSON (${(error as Error).message})`])
  }
  return parseImportMapping(document)
}

/** The columns a mapping reads, to check against a file's header. */
export function columnsRead(mapping: ImportMapping): string[] {
  const columns = new Set<string>()
  for (const spec of Object.values(mapping.fields)) {
    if (typeof spec === 'string') columns.add(spec)
    else if ('column' in spec) columns.add(spec.column)
    else if ('template' in spec)
      for (const [, column] of spec.template.matchAll(/\{([^}]+)\}/g))
        if (column) columns.add(column)
  }
  return [...columns]
}

function mappingProblems(document: unknown): string[] {
  const problems = schemaProblems(ImportMappingSchema, document, (path, keyword) =>
    keyword === 'type' && /^\/fields\/[^/]+$/.test(path)
      ? 'must be a column name, or an object with column, value or template'
      : undefined,
  )
  return problems.length > 0 ? problems : ['/: does not match the mapping schema']
}
