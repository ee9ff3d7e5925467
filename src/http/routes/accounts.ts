import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { ENGAGEMENT_WEEKS } from '../../domain/accounts/weekly-engagement.ts'
import { ACCOUNT_STAGES } from '../../domain/lifecycle/account-funnel.ts'
import { LEAD_STAGES } from '../../domain/lifecycle/lead-funnel.ts'
import { BUYING_ROLES } from '../../domain/plans/buying-roles.ts'
import {
  type AccountProfile,
  PROFILE_CONTACT_LIMIT,
  PROFILE_DOMAIN_LIMIT,
  PROFILE_STAGE_MOVES,
  readAccountProfile,
} from '../../services/accounts/account-profile.ts'
import { listAccounts } from '../../services/accounts/list-accounts.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { iso, NullableString, NullableTimestamp, Timestamp, Uuid } from '../common-schemas.ts'
import { errorResponses } from '../error-mapper.ts'
import { IdParams } from '../id-params.ts'
import { PageQuery, pageRequest } from '../page-query.ts'
import { workspaceOf } from '../request-principal.ts'

const errors = errorResponses(400, 401, 403)
const NullableNumber = Type.Union([Type.Number(), Type.Null()])
const Tier = Type.Union([Type.Integer({ minimum: 1, maximum: 3 }), Type.Null()])
const Stage = Type.Union([Type.Enum([...ACCOUNT_STAGES]), Type.Null()])
const BuyingStage = Type.Union([
  Type.Enum(['awareness', 'consideration', 'decision', 'purchase']),
  Type.Null(),
])
const Person = Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()])

const AccountSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  domain: NullableString,
  industry: NullableString,
  employees: NullableNumber,
  icpTier: Tier,
  stage: Stage,
  buyingStage: BuyingStage,
  engagementScore: Type.Number(),
  momentum: Type.Union([Type.Number(), Type.Null()], {
    description: 'This week against the weekly average of the three before',
  }),
  ownerName: NullableString,
})

const Activities = Type.Integer({ minimum: 0 })
const AccountBody = Type.Object({
  ...AccountSummary.properties,
  domains: Type.Array(Type.String(), {
    maxItems: PROFILE_DOMAIN_LIMIT,
    description: 'Web domains its people write from',
  }),
  website: NullableString,
  annualRevenue: NullableNumber,
  country: NullableString,
  owner: Person,
  sdr: Person,
  isTarget: Type.Boolean(),
  stageChangedAt: NullableTimestamp,
  scoredAt: NullableTimestamp,
  contacts: Type.Object({
    total: Type.Integer({ description: 'Everyone at the account; items lists the most engaged' }),
    items: Type.Array(
      Type.Object({
        id: Uuid,
        name: Type.String(),
        email: NullableString,
        title: NullableString,
        role: Type.Enum([...BUYING_ROLES]),
        roleReason: Type.String({ description: 'Named on an opportunity, or guessed from title' }),
        leadStage: Type.Enum([...LEAD_STAGES]),
        cell: Type.Union([Type.String(), Type.Null()], {
          description: 'Fit grade x engagement band now, e.g. A1; null until scored',
        }),
        mql: Type.Boolean(),
      }),
      { maxItems: PROFILE_CONTACT_LIMIT },
    ),
  }),
  stageHistory: Type.Array(
    Type.Object({
      from: NullableString,
      to: Type.String(),
      at: Timestamp,
      actorType: Type.Enum(['user', 'rule', 'system', 'import']),
      actorName: NullableString,
      reason: NullableString,
    }),
    {
      maxItems: PROFILE_STAGE_MOVES,
      description:
        'Account stage moves, oldest first (GET /v1/accounts/{id}/stages pages them all)',
    },
  ),
  stageHistoryContinues: Type.Boolean({ description: 'It moved more often than listed' }),
  engagementByWeek: Type.Array(
    Type.Object({
      weekStart: Timestamp,
      marketing: Activities,
      sdr: Activities,
      sales: Activities,
      cs: Activities,
    }),
    {
      maxItems: ENGAGEMENT_WEEKS,
      description: `Activities by function in each of the last ${ENGAGEMENT_WEEKS} weeks (seven days ending now, and before), oldest first`,
    },
  ),
  plan: Type.Union([
    Type.Object({
      id: Uuid,
      status: Type.Enum(['draft', 'active', 'closed']),
      periodStart: Type.String({ format: 'date' }),
      periodEnd: Type.String({ format: 'date' }),
    }),
    Type.Null(),
  ]),
})

const profileBody = (p: AccountProfile) => ({
  ...p,
  ownerName: p.owner?.name ?? null,
  domains: [...p.domains],
  stageChangedAt: iso(p.stageChangedAt),
  scoredAt: iso(p.scoredAt),
  contacts: { total: p.contacts.total, items: [...p.contacts.items] },
  stageHistory: p.stageHistory.map((m) => ({ ...m, at: m.at.toISOString() })),
  engagementByWeek: p.engagementByWeek.map((w) => ({ ...w, weekStart: w.weekStart.toISOString() })),
})

/** Accounts to find and open: the list, and one account with its people, stages and engagement. */
export const accountRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db, clock }) => {
  app.get(
    '/v1/accounts',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['accounts'],
        summary: 'Accounts, the most engaged first, found by name or domain, by tier or stage',
        description:
          'Sorted by engagement score (highest first), then name. Pages of up to 500; pass `next` as `after` for the next page.',
        security: [{ apiKey: [] }],
        querystring: Type.Object({
          ...PageQuery.properties,
          q: Type.Optional(
            Type.String({ maxLength: 200, description: 'Part of the name or a web domain' }),
          ),
          tier: Type.Optional(
            Type.Enum(['1', '2', '3', 'none'], { description: 'ICP tier; none: not scored' }),
          ),
          stage: Type.Optional(
            Type.Enum([...ACCOUNT_STAGES, 'none'], {
              description: 'Account stage; none: not in the account funnel',
            }),
          ),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(AccountSummary),
            next: Type.Optional(Type.String()),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { q, tier, stage } = request.query
      const page = await listAccounts(db, workspaceOf(request), {
        ...(q === undefined ? {} : { q }),
        ...(tier === undefined ? {} : { tier: tier === 'none' ? 'none' : (Number(tier) as 1) }),
        ...(stage === undefined ? {} : { stage }),
        page: pageRequest(request.query),
      })
      return { ...page, items: [...page.items] }
    },
  )

  app.get(
    '/v1/accounts/:id',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['accounts'],
        summary:
          'An account: profile, its people and their buying roles, stage history, weekly engagement by function, its plan',
        description: `Lists the ${PROFILE_CONTACT_LIMIT} most engaged people (contacts.total counts all), the first ${PROFILE_STAGE_MOVES} stage moves and ${ENGAGEMENT_WEEKS} weeks. Why its tier, engagement, momentum and buying stage are what they are: GET /v1/accounts/{id}/score.`,
        security: [{ apiKey: [] }],
        params: IdParams,
        response: { 200: AccountBody, ...errors, ...errorResponses(404) },
      },
    },
    async (request) =>
      profileBody(
        await readAccountProfile(db, workspaceOf(request), request.params.id, clock.now()),
      ),
  )
}
