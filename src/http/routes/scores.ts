import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { recordView } from '../../services/alerts/alert-tracking.ts'
import {
  explainAccountScore,
  explainContactScore,
} from '../../services/scoring/score-explanations.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { errorResponses } from '../error-mapper.ts'
import { IdParams } from '../id-params.ts'

const errors = errorResponses(400, 401, 403, 404)
const Num = Type.Number()
const NullableNum = Type.Union([Type.Number(), Type.Null()])
const FitReason = Type.Object({
  rule: Type.String(),
  description: Type.Optional(Type.String()),
  points: Num,
})

const ContactScore = Type.Object({
  contactId: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  score: Type.Object({
    version: Type.Integer({ description: 'The qualification definition version that scored it' }),
    scoredAt: Type.String({ format: 'date-time' }),
    fit: Type.Object({ points: Num, grade: Type.String(), reasons: Type.Array(FitReason) }),
    engagement: Type.Object({
      points: Num,
      band: Type.Integer(),
      reasons: Type.Array(
        Type.Object({
          rule: Type.String(),
          occurrences: Type.Integer(),
          pointsEach: Num,
          halfLifeDays: NullableNum,
          cap: NullableNum,
          value: Type.Number({ description: 'Decayed to now, then capped' }),
          lastAt: Type.String({ format: 'date-time' }),
        }),
      ),
    }),
    cell: Type.String({ description: 'Grade x engagement band, e.g. A1' }),
    ready: Type.Array(Type.String()),
    exploring: Type.Boolean(),
    exploredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    mql: Type.Boolean(),
    mqlReason: Type.String(),
    handoffBlockedBy: Type.Array(Type.String()),
  }),
})

const ByFunction = Type.Object({ marketing: Num, sdr: Num, sales: Num, cs: Num })
const AccountScore = Type.Object({
  accountId: Type.String(),
  name: Type.String(),
  score: Type.Object({
    version: Type.Integer({ description: 'The ICP version that scored it' }),
    scoredAt: Type.String({ format: 'date-time' }),
    icp: Type.Object({ points: Num, tier: Type.Integer(), reasons: Type.Array(FitReason) }),
    engagement: Type.Object({
      points: Num,
      byFunction: ByFunction,
      engaged: Type.Boolean(),
      threshold: Num,
    }),
    momentum: Type.Object({ thisWeek: Num, priorWeeklyAverage: Num, ratio: NullableNum }),
    buyingStage: Type.Union([Type.String(), Type.Null()]),
    buyingStageReason: Type.String(),
  }),
})

/** Scores as of now, with their reasons: rule, points, decayed value and contract version. */
export const scoreRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db, clock }) => {
  app.get(
    '/v1/contacts/:id/score',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['scores'],
        summary: "A contact's fit, engagement and MQL status now, with every reason",
        security: [{ apiKey: [] }],
        params: IdParams,
        response: { 200: ContactScore, ...errors },
      },
    },
    async (request) =>
      explainContactScore(db, request.principal?.workspaceId ?? '', request.params.id, clock.now()),
  )

  app.get(
    '/v1/accounts/:id/score',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['scores'],
        summary: "An account's ICP tier, engagement by function, momentum and buying stage now",
        security: [{ apiKey: [] }],
        params: IdParams,
        response: { 200: AccountScore, ...errors },
      },
    },
    async (request) => {
      const workspaceId = request.principal?.workspaceId ?? ''
      // Opening the account is the action an alert about it asks for, scored or not yet.
      await recordView(db, {
        workspaceId,
        userId: request.principal?.userId,
        entityType: 'account',
        entityId: request.params.id,
        at: clock.now(),
      })
      return explainAccountScore(db, workspaceId, request.params.id, clock.now())
    },
  )
}
