import Type, { type Static } from 'typebox'
import { DATA_QUALITY_ISSUES } from '../data-quality.ts'
import { condition } from './field-condition.ts'
import { RoutingContractSchema } from './routing-contract-schema.ts'

// The two contracts sales and marketing approve together (seed 003), as data: the lead
// qualification definition (who is a marketing-qualified lead) and the ideal customer profile
// (which accounts matter most). These schemas are the published JSON Schema of both documents.

const RuleId = Type.String({
  pattern: '^[a-z0-9][a-z0-9_-]*$',
  maxLength: 60,
  description: 'A short, stable name for the rule, shown in every score explanation',
})

const Description = Type.String({ maxLength: 300, description: 'What the rule means, in words' })

/** What a fit rule can look at: the person, and the company they work for. */
export const CONTACT_FIT_FIELDS = [
  'title',
  'seniority',
  'department',
  'country',
  'email_domain',
  'source',
] as const
export const ACCOUNT_FIT_FIELDS = [
  'account.name',
  'account.industry',
  'account.employees',
  'account.annual_revenue',
  'account.country',
  'account.technologies',
] as const
export type FitField = (typeof CONTACT_FIT_FIELDS)[number] | (typeof ACCOUNT_FIT_FIELDS)[number]

const fitRule = <F extends string>(fields: readonly F[]) =>
  Type.Object(
    {
      id: RuleId,
      description: Type.Optional(Description),
      when: Type.Array(condition(fields), {
        minItems: 1,
        description: 'Conditions that must all hold; a missing value never holds',
      }),
      points: Type.Integer({ minimum: -100, maximum: 100 }),
    },
    { additionalProperties: false },
  )

const ActivityTypes = Type.Array(Type.String({ minLength: 1 }), {
  minItems: 1,
  description: 'Activity types, e.g. pricing_page_visit, webinar_attended, demo_request',
})

const BehaviourRule = Type.Object(
  {
    id: RuleId,
    description: Type.Optional(Description),
    activities: ActivityTypes,
    path: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Only visits whose page path matches this regular expression, e.g. ^/careers',
      }),
    ),
    points: Type.Number({
      minimum: -100,
      maximum: 100,
      description: 'Points per occurrence; negative for signals against buying',
    }),
    cap: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description: 'The most (or, for negative points, the least) the rule adds in total',
      }),
    ),
    halfLifeDays: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 3650,
        description: 'Days after which an occurrence counts half; without it points never fade',
      }),
    ),
  },
  { additionalProperties: false },
)

const WindowedSignal = Type.Object(
  {
    id: RuleId,
    description: Type.Optional(Description),
    activities: ActivityTypes,
    minCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 1 })),
    withinDays: Type.Number({ exclusiveMinimum: 0, maximum: 3650 }),
  },
  { additionalProperties: false },
)

const Grade = Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C')])

export const QualificationDefinitionSchema = Type.Object(
  {
    kind: Type.Literal('qualification'),
    name: Type.String({ minLength: 1, maxLength: 120 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    fit: Type.Object(
      {
        rules: Type.Array(fitRule([...CONTACT_FIT_FIELDS, ...ACCOUNT_FIT_FIELDS]), {
          maxItems: 200,
        }),
        grades: Type.Object(
          {
            A: Type.Number({ description: 'Fit points for grade A' }),
            B: Type.Number({ description: 'Fit points for grade B' }),
            C: Type.Number({ description: 'Fit points for grade C; below it the grade is D' }),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    engagement: Type.Object(
      {
        rules: Type.Array(BehaviourRule, { maxItems: 200 }),
        bands: Type.Object(
          {
            '1': Type.Number({ description: 'Engagement points for band 1 (the most engaged)' }),
            '2': Type.Number(),
            '3': Type.Number({ description: 'Below band 3 the band is 4' }),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    readiness: Type.Array(WindowedSignal, {
      maxItems: 50,
      description: 'Signals that a person is ready to talk to sales, e.g. a contact-sales form',
    }),
    explore: Type.Object(
      {
        activities: ActivityTypes,
        withinDays: Type.Number({ exclusiveMinimum: 0, maximum: 3650 }),
      },
      {
        additionalProperties: false,
        description:
          'A demo request or trial: the person is exploring, which is not readiness to buy (seed 001)',
      },
    ),
    mql: Type.Object(
      {
        cells: Type.Array(Type.String({ pattern: '^[A-D][1-4]$' }), {
          minItems: 1,
          uniqueItems: true,
          description: 'Grade x engagement-band cells that are MQLs, e.g. A1, A2, B1',
        }),
        readyGrades: Type.Optional(
          Type.Array(Grade, {
            uniqueItems: true,
            description: 'Grades for which a readiness signal alone makes an MQL',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    handoff: Type.Object(
      {
        dataQuality: Type.Array(Type.Enum([...DATA_QUALITY_ISSUES]), {
          uniqueItems: true,
          description: 'Data-quality checks a lead must pass before it goes to sales',
        }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, $id: 'https://tandem.dev/schemas/qualification.json' },
)

export const IdealCustomerProfileSchema = Type.Object(
  {
    kind: Type.Literal('icp'),
    name: Type.String({ minLength: 1, maxLength: 120 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    rules: Type.Array(fitRule(ACCOUNT_FIT_FIELDS), { maxItems: 200 }),
    tiers: Type.Object(
      {
        '1': Type.Number({ description: 'ICP points for tier 1' }),
        '2': Type.Number({ description: 'ICP points for tier 2; below it the tier is 3' }),
      },
      { additionalProperties: false },
    ),
    engagement: Type.Object(
      {
        halfLifeDays: Type.Number({ exclusiveMinimum: 0, maximum: 3650 }),
        points: Type.Record(Type.String({ minLength: 1 }), Type.Number({ minimum: 0 }), {
          description: 'Points per activity type; types not listed count defaultPoints',
        }),
        defaultPoints: Type.Number({ minimum: 0 }),
        engagedThreshold: Type.Number({
          exclusiveMinimum: 0,
          description: 'Account engagement at which the account counts as engaged',
        }),
      },
      { additionalProperties: false },
    ),
    buyingStages: Type.Object(
      {
        decision: WindowedSignal,
        consideration: WindowedSignal,
        awarenessWithinDays: Type.Number({ exclusiveMinimum: 0, maximum: 3650 }),
      },
      {
        additionalProperties: false,
        description:
          'purchase: a won opportunity; decision: an open opportunity or this signal; ' +
          'consideration: this signal; awareness: any activity within awarenessWithinDays',
      },
    ),
  },
  { additionalProperties: false, $id: 'https://tandem.dev/schemas/icp.json' },
)

export type QualificationDefinition = Static<typeof QualificationDefinitionSchema>
export type IdealCustomerProfile = Static<typeof IdealCustomerProfileSchema>
export type FitRule = QualificationDefinition['fit']['rules'][number]
export type FitCondition = FitRule['when'][number]
export type BehaviourRule = Static<typeof BehaviourRule>
export type WindowedSignal = Static<typeof WindowedSignal>
export type RoutingContract = Static<typeof RoutingContractSchema>
export type ContractKind = 'qualification' | 'icp' | 'routing'
export type Contract = QualificationDefinition | IdealCustomerProfile | RoutingContract

export const CONTRACT_SCHEMAS = {
  qualification: QualificationDefinitionSchema,
  icp: IdealCustomerProfileSchema,
  routing: RoutingContractSchema,
} as const
