import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { BUYING_ROLES } from '../../domain/plans/buying-roles.ts'
import { PLAY_KINDS } from '../../domain/plans/play-recommendations.ts'
import {
  addPlay,
  createPlan,
  getPlan,
  listPlans,
  MAX_PLAYS_PER_PLAN,
  type PlanView,
  type PlayView,
  updatePlan,
  updatePlay,
} from '../../services/plans/account-plans.ts'
import { planProgress, teamPlanProgress } from '../../services/plans/plan-progress.ts'
import {
  recommendationsFor,
  recommendationsForTargets,
} from '../../services/plans/recommend-plays.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import {
  iso,
  NullableString,
  NullableTimestamp,
  OwnerOrMe,
  Timestamp,
  Uuid,
} from '../common-schemas.ts'
import { errorResponses } from '../error-mapper.ts'
import { IdParams } from '../id-params.ts'
import { PageQuery, pageRequest } from '../page-query.ts'
import { actorOf, userParam, workspaceOf } from '../request-principal.ts'

const Day = Type.String({ format: 'date', description: 'A day, YYYY-MM-DD' })
const Money = Type.Number({ minimum: 0, maximum: 1e13 })

const Goal = Type.Union([
  Type.Object(
    { kind: Type.Literal('pipeline'), amount: Money },
    { additionalProperties: false, description: 'Pipeline created on the account in the period' },
  ),
  Type.Object(
    { kind: Type.Literal('growth'), amount: Money },
    { additionalProperties: false, description: 'Revenue won on the account in the period' },
  ),
  Type.Object(
    {
      kind: Type.Literal('relationships'),
      role: Type.Enum([...BUYING_ROLES]),
      count: Type.Integer({ minimum: 0, maximum: 1000 }),
    },
    { additionalProperties: false, description: 'People in a buying role engaged in the period' },
  ),
])
const Goals = Type.Array(Goal, { maxItems: 50 })
const GoalProgressList = Type.Array(
  Type.Object({
    goal: Goal,
    label: Type.String(),
    target: Type.Number(),
    actual: Type.Number(),
    share: Type.Number(),
    met: Type.Boolean(),
  }),
  { maxItems: 50 },
)
const PlayKind = Type.Enum([...PLAY_KINDS])
const PlanStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('active'),
  Type.Literal('closed'),
])
const PlayStatus = Type.Union([
  Type.Literal('proposed'),
  Type.Literal('active'),
  Type.Literal('done'),
  Type.Literal('dropped'),
])

const Play = Type.Object({
  id: Uuid,
  planId: Uuid,
  kind: PlayKind,
  name: Type.String(),
  status: PlayStatus,
  ownerId: NullableString,
  ownerName: NullableString,
  goal: NullableString,
  reason: NullableString,
  campaignId: NullableString,
  campaignKey: NullableString,
  startsAt: NullableTimestamp,
  endsAt: NullableTimestamp,
  activities: Type.Integer({ description: "Activities at the account from the play's campaign" }),
})

const Plan = Type.Object({
  id: Uuid,
  accountId: Uuid,
  accountName: Type.String(),
  ownerId: NullableString,
  ownerName: NullableString,
  periodStart: Day,
  periodEnd: Day,
  status: PlanStatus,
  goals: Goals,
  plays: Type.Array(Play, { maxItems: MAX_PLAYS_PER_PLAN }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})

const Recommendation = Type.Object({
  kind: PlayKind,
  priority: Type.Integer({ minimum: 1, maximum: 3, description: '1 is the most urgent' }),
  rule: Type.String(),
  reason: Type.String(),
})
const AccountRecommendations = Type.Object({
  accountId: Uuid,
  accountName: Type.String(),
  tier: Type.Union([Type.Integer(), Type.Null()]),
  stage: NullableString,
  buyingStage: NullableString,
  momentumRatio: Type.Union([Type.Number(), Type.Null()]),
  activePlanId: NullableString,
  recommendations: Type.Array(Recommendation, { maxItems: PLAY_KINDS.length }),
})

const Totals = {
  pipelineCreated: Type.Number(),
  pipelineInfluenced: Type.Number(),
  revenueWon: Type.Number(),
}

const playBody = (p: PlayView) => ({ ...p, startsAt: iso(p.startsAt), endsAt: iso(p.endsAt) })
const planBody = (p: PlanView) => ({
  ...p,
  goals: [...p.goals],
  plays: p.plays.map(playBody),
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
})
const date = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : new Date(value)

const errors = errorResponses(400, 401, 403, 404)

/** Account plans with goals and plays, their progress, and the plays worth running next. */
export const accountPlanRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { db, clock },
) => {
  app.post(
    '/v1/account-plans',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'plan-account' }),
      schema: {
        tags: ['account plans'],
        summary: 'Start a plan for a target account: a period and goals',
        description:
          'Goals: {"kind":"pipeline","amount":…} (pipeline created in the period), {"kind":"growth","amount":…} (revenue won), {"kind":"relationships","role":"economic_buyer","count":1} (people in the role engaged). One plan per account is active at a time (409 names the other).',
        security: [{ apiKey: [] }],
        body: Type.Object(
          {
            accountId: Uuid,
            ownerId: Type.Optional(Uuid),
            periodStart: Day,
            periodEnd: Day,
            goals: Goals,
            status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('active')])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Plan, ...errors, ...errorResponses(409) },
      },
    },
    async (request, reply) => {
      const { ownerId, status, ...plan } = request.body
      const created = await createPlan(
        db,
        workspaceOf(request),
        {
          ...plan,
          ...(ownerId === undefined ? {} : { ownerId }),
          ...(status === undefined ? {} : { status }),
        },
        actorOf(request),
        clock.now(),
      )
      return reply.code(201).send(planBody(created))
    },
  )

  app.get(
    '/v1/account-plans',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['account plans'],
        summary: 'Account plans with their plays, in pages',
        security: [{ apiKey: [] }],
        querystring: Type.Object({
          ...PageQuery.properties,
          accountId: Type.Optional(Uuid),
          status: Type.Optional(PlanStatus),
          ownerId: Type.Optional(OwnerOrMe),
        }),
        response: {
          200: Type.Object({ items: Type.Array(Plan), next: Type.Optional(Type.String()) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { accountId, status } = request.query
      const ownerId = userParam(request, request.query.ownerId, 'ownerId')
      const page = await listPlans(
        db,
        workspaceOf(request),
        {
          ...(accountId === undefined ? {} : { accountId }),
          ...(status === undefined ? {} : { status }),
          ...(ownerId === undefined ? {} : { ownerId }),
          page: pageRequest(request.query),
        },
        clock.now(),
      )
      return { ...page, items: page.items.map(planBody) }
    },
  )

  app.get(
    '/v1/account-plans/:id',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['account plans'],
        summary: 'One account plan with its plays',
        security: [{ apiKey: [] }],
        params: IdParams,
        response: { 200: Plan, ...errors },
      },
    },
    async (request) =>
      planBody(await getPlan(db, workspaceOf(request), request.params.id, clock.now())),
  )

  app.patch(
    '/v1/account-plans/:id',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'plan-account' }),
      schema: {
        tags: ['account plans'],
        summary: "Change a plan's status, goals, end or owner",
        security: [{ apiKey: [] }],
        params: IdParams,
        body: Type.Object(
          {
            status: Type.Optional(PlanStatus),
            goals: Type.Optional(Goals),
            periodEnd: Type.Optional(Day),
            ownerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Plan, ...errors, ...errorResponses(409) },
      },
    },
    async (request) =>
      planBody(
        await updatePlan(
          db,
          workspaceOf(request),
          request.params.id,
          request.body,
          actorOf(request),
          clock.now(),
        ),
      ),
  )

  app.post(
    '/v1/account-plans/:id/plays',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'run-play' }),
      schema: {
        tags: ['account plans'],
        summary: 'Attach a play to a plan',
        description:
          "Kinds: account_profiling, lifecycle_nurturing, dynamic_content, pipeline_acceleration, custom. `campaignKey` is the utm_campaign of the play's touches: the activities it produces are those at the account from that campaign between its dates.",
        security: [{ apiKey: [] }],
        params: IdParams,
        body: Type.Object(
          {
            kind: PlayKind,
            name: Type.String({ minLength: 1, maxLength: 200 }),
            ownerId: Type.Optional(Uuid),
            goal: Type.Optional(Type.String({ maxLength: 500 })),
            reason: Type.Optional(Type.String({ maxLength: 1000 })),
            campaignKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            startsAt: Type.Optional(Timestamp),
            endsAt: Type.Optional(Timestamp),
            status: Type.Optional(Type.Union([Type.Literal('proposed'), Type.Literal('active')])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Play, ...errors, ...errorResponses(409) },
      },
    },
    async (request, reply) => {
      const { startsAt, endsAt, ...play } = request.body
      const added = await addPlay(
        db,
        workspaceOf(request),
        request.params.id,
        {
          ...play,
          ...(startsAt === undefined ? {} : { startsAt: new Date(startsAt) }),
          ...(endsAt === undefined ? {} : { endsAt: new Date(endsAt) }),
        },
        actorOf(request),
        clock.now(),
      )
      return reply.code(201).send(playBody(added))
    },
  )

  app.patch(
    '/v1/plays/:id',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'run-play' }),
      schema: {
        tags: ['account plans'],
        summary: "Change a play's status, owner, dates or goal",
        description:
          'A play made active without a start starts now; one done or dropped without an end ends now.',
        security: [{ apiKey: [] }],
        params: IdParams,
        body: Type.Object(
          {
            status: Type.Optional(PlayStatus),
            ownerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
            startsAt: Type.Optional(NullableTimestamp),
            endsAt: Type.Optional(NullableTimestamp),
            goal: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Play, ...errors },
      },
    },
    async (request) => {
      const { startsAt, endsAt, ...changes } = request.body
      const play = await updatePlay(
        db,
        workspaceOf(request),
        request.params.id,
        {
          ...changes,
          ...(startsAt === undefined ? {} : { startsAt: date(startsAt) ?? null }),
          ...(endsAt === undefined ? {} : { endsAt: date(endsAt) ?? null }),
        },
        actorOf(request),
        clock.now(),
      )
      return playBody(play)
    },
  )

  app.get(
    '/v1/account-plans/:id/progress',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['account plans'],
        summary: 'Goals against actuals, with the opportunities and people behind each number',
        security: [{ apiKey: [] }],
        params: IdParams,
        response: {
          200: Type.Object({
            plan: Plan,
            actuals: Type.Object({
              ...Totals,
              rolesEngaged: Type.Record(Type.String(), Type.Integer()),
            }),
            goals: GoalProgressList,
            opportunities: Type.Array(
              Type.Object({
                id: Uuid,
                name: Type.String(),
                amount: Type.Number(),
                createdAt: Timestamp,
                closedAt: NullableTimestamp,
                won: Type.Boolean(),
                created: Type.Boolean(),
                wonInPeriod: Type.Boolean(),
                influenced: Type.Boolean(),
              }),
            ),
            peopleEngaged: Type.Array(
              Type.Object({
                contactId: Uuid,
                name: Type.String(),
                title: NullableString,
                role: Type.String(),
                roleReason: Type.String(),
                lastActivityAt: NullableTimestamp,
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const progress = await planProgress(db, workspaceOf(request), request.params.id, clock.now())
      return {
        ...progress,
        plan: planBody(progress.plan),
        opportunities: progress.opportunities.map((o) => ({
          ...o,
          createdAt: o.createdAt.toISOString(),
          closedAt: iso(o.closedAt),
        })),
        peopleEngaged: progress.peopleEngaged.map((p) => ({
          ...p,
          lastActivityAt: iso(p.lastActivityAt),
        })),
      }
    },
  )

  app.get(
    '/v1/account-plans/progress/teams',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['account plans'],
        summary: "Active plans' progress per team of their owners, account by account",
        description: 'One row per team (plans whose owner has no team together, as "No team").',
        security: [{ apiKey: [] }],
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                teamId: NullableString,
                teamName: Type.String(),
                plans: Type.Integer(),
                goals: Type.Integer(),
                goalsMet: Type.Integer(),
                ...Totals,
                accounts: Type.Array(
                  Type.Object({
                    planId: Uuid,
                    accountId: Uuid,
                    accountName: Type.String(),
                    ownerName: NullableString,
                    goals: Type.Integer(),
                    goalsMet: Type.Integer(),
                    goalProgress: GoalProgressList,
                    ...Totals,
                  }),
                ),
              }),
            ),
          }),
          ...errorResponses(401, 403),
        },
      },
    },
    async (request) => ({ items: await teamPlanProgress(db, workspaceOf(request), clock.now()) }),
  )

  app.get(
    '/v1/accounts/:id/recommended-plays',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['account plans'],
        summary: 'The plays worth running next for an account, each with its rule and reason',
        security: [{ apiKey: [] }],
        params: IdParams,
        response: { 200: AccountRecommendations, ...errors },
      },
    },
    async (request) => recommendationsFor(db, workspaceOf(request), request.params.id, clock.now()),
  )

  app.get(
    '/v1/recommended-plays',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['account plans'],
        summary: 'Recommended plays for every target account, in pages',
        description:
          'Target accounts are those marked as targets or with an active plan. Pages of up to 500; pass `next` as `after`.',
        security: [{ apiKey: [] }],
        querystring: PageQuery,
        response: {
          200: Type.Object({
            items: Type.Array(AccountRecommendations),
            next: Type.Optional(Type.String()),
          }),
          ...errors,
        },
      },
    },
    async (request) =>
      recommendationsForTargets(db, workspaceOf(request), pageRequest(request.query), clock.now()),
  )
}
