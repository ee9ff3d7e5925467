import Type from 'typebox'
import { condition } from './field-condition.ts'

// The third contract both sides approve: who gets a lead handed over, how fast they answer, and
// how marketing and sales take turns talking to a person. Motions (seed 000) let volume teams and
// account-based teams work to different thresholds, routing and SLAs.

/** What a territory rule can look at: the person, their account and its ICP tier. */
export const ROUTING_FIELDS = [
  'country',
  'source',
  'account.country',
  'account.industry',
  'account.employees',
  'account.annual_revenue',
  'account.icp_tier',
] as const
export type RoutingField = (typeof ROUTING_FIELDS)[number]

export const MOTIONS = ['volume', 'account_based'] as const
export type Motion = (typeof MOTIONS)[number]

const Motion = Type.Enum([...MOTIONS])

const BusinessDuration = Type.String({
  pattern: '^(\\d+d)?(\\d+h)?(\\d+m)?$',
  minLength: 2,
  description: 'Business time such as 30m, 4h, 1d or 1d4h (a business day is 8 business hours)',
})

const SlaPolicy = Type.Object(
  {
    acceptWithin: BusinessDuration,
    firstTouchWithin: BusinessDuration,
    remindBefore: Type.Optional(BusinessDuration),
    onBreach: Type.Object(
      {
        escalate: Type.Boolean({ description: "Tell the owner's manager" }),
        reassign: Type.Boolean({ description: 'Route the lead again, to someone else' }),
      },
      { additionalProperties: false },
    ),
  },
  {
    additionalProperties: false,
    description: "Counted in the owner's working hours and time zone",
  },
)

const MotionPolicy = Type.Object(
  {
    handoff: Type.Object(
      {
        minGrade: Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C')], {
          description: 'MQLs below this fit grade stay with marketing in this motion',
        }),
        explore: Type.Boolean({
          description: 'Hand demo and trial requests to an owner for an explore conversation',
        }),
      },
      { additionalProperties: false },
    ),
    sla: SlaPolicy,
  },
  { additionalProperties: false },
)

const Territory = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: 60 }),
    description: Type.Optional(Type.String({ maxLength: 300 })),
    when: Type.Array(condition(ROUTING_FIELDS), {
      minItems: 1,
      description: 'Conditions that must all hold; a missing value never holds',
    }),
    team: Type.String({ minLength: 1, description: 'The name of the team that gets the lead' }),
    motion: Motion,
  },
  { additionalProperties: false },
)

export const RoutingContractSchema = Type.Object(
  {
    kind: Type.Literal('routing'),
    name: Type.String({ minLength: 1, maxLength: 120 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    accountOwners: Type.Union(
      [Type.Literal('sdr_first'), Type.Literal('owner_first'), Type.Literal('ignore')],
      {
        description:
          "A lead of an account with an owner goes to the account's SDR first, to its owner " +
          'first, or through the territories like any other',
      },
    ),
    territories: Type.Array(Territory, {
      maxItems: 200,
      description: 'Checked in order; the first that holds chooses the team and motion',
    }),
    fallback: Type.Object(
      { team: Type.String({ minLength: 1 }), motion: Motion },
      { additionalProperties: false, description: 'Where a lead goes when no territory holds' },
    ),
    motions: Type.Object(
      { volume: MotionPolicy, account_based: MotionPolicy },
      { additionalProperties: false },
    ),
    coordination: Type.Object(
      {
        holdMarketingDays: Type.Number({
          minimum: 0,
          maximum: 90,
          description:
            'After a sales touch, marketing sends to the person wait this many days ' +
            '(one voice at a time)',
        }),
      },
      { additionalProperties: false },
    ),
    recycle: Type.Object(
      {
        requalifyAfterDays: Type.Number({
          minimum: 0,
          maximum: 3650,
          description:
            'A recycled lead can become an MQL again this many days after it was recycled, ' +
            'or sooner on a new readiness or explore signal',
        }),
      },
      { additionalProperties: false },
    ),
    holidays: Type.Array(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), {
      maxItems: 1000,
      uniqueItems: true,
      description: "Company holidays (YYYY-MM-DD), added to every owner's calendar",
    }),
  },
  { additionalProperties: false, $id: 'https://tandem.dev/schemas/routing.json' },
)
