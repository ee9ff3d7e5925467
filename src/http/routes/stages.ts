import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { ACCOUNT_STAGES, type AccountStage } from '../../domain/lifecycle/account-funnel.ts'
import { LEAD_STAGES, type LeadStage } from '../../domain/lifecycle/lead-funnel.ts'
import { leadMoveRefusal } from '../../domain/role-permissions.ts'
import { MAX_PAGE_SIZE } from '../../services/lead-review.ts'
import { moveAccount, moveLead } from '../../services/lifecycle/move-stage.ts'
import { stageHistory } from '../../services/lifecycle/stage-history.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { NullableString, Timestamp } from '../common-schemas.ts'
import { errorResponses } from '../error-mapper.ts'
import { IdParams } from '../id-params.ts'
import { userOf, workspaceOf } from '../request-principal.ts'

const errors = errorResponses(400, 401, 403, 404, 409)

const StageChange = Type.Object({
  from: NullableString,
  to: Type.String(),
  at: Timestamp,
  actorType: Type.String({ description: 'user, rule, system or import' }),
  actorId: NullableString,
  reasonCode: NullableString,
  reason: NullableString,
})

const HistoryQuery = Type.Object({
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: MAX_PAGE_SIZE }),
  ),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
})

const StageMoveBody = <S extends string>(stages: readonly S[]) =>
  Type.Object(
    {
      to: Type.Enum([...stages]),
      reasonCode: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      reason: Type.Optional(Type.String({ maxLength: 2000 })),
    },
    { additionalProperties: false },
  )

/**
 * The two funnels by hand: a person moves a contact along the lead funnel or an account along
 * the account funnel, and reads back either one's stage history.
 */
export const stageRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock } = deps

  const funnels = [
    {
      path: 'contacts',
      funnel: 'lead',
      stages: LEAD_STAGES,
      noun: 'contact',
      moveAction: 'move-lead',
    },
    {
      path: 'accounts',
      funnel: 'account',
      stages: ACCOUNT_STAGES,
      noun: 'account',
      moveAction: 'move-account',
    },
  ] as const
  for (const { path, funnel, stages, noun, moveAction } of funnels) {
    app.post(
      `/v1/${path}/:id/stage`,
      {
        onRequest: requireScope(db, clock, 'write', { action: moveAction }),
        schema: {
          tags: ['stages'],
          summary: `Move a${noun === 'account' ? 'n' : ''} ${noun} along the ${funnel} funnel by hand`,
          description: `The key's user makes the move. 409 names the stages the ${noun} can go to from where it is.`,
          security: [{ apiKey: [] }],
          params: IdParams,
          body: StageMoveBody<string>(stages),
          response: {
            200: Type.Object({ from: NullableString, to: Type.String() }),
            ...errors,
          },
        },
      },
      async (request) => {
        const userId = userOf(request, 'Moving a stage by hand')
        const { to, reasonCode, reason } = request.body
        const move = {
          actor: { type: 'user' as const, id: userId },
          at: clock.now(),
          reasonCode: reasonCode ?? null,
          reason: reason ?? null,
        }
        const ws = workspaceOf(request)
        const role = request.principal?.role ?? null
        return db.transaction().execute(
          async (trx): Promise<{ from: string | null; to: string }> =>
            funnel === 'lead'
              ? // The schema admitted only this funnel's stages.
                moveLead(trx, ws, request.params.id, {
                  ...move,
                  to: to as LeadStage,
                  ...(role === null ? {} : { refuse: (from) => leadMoveRefusal(role, from) }),
                })
              : moveAccount(trx, ws, request.params.id, { ...move, to: to as AccountStage }),
        )
      },
    )

    app.get(
      `/v1/${path}/:id/stages`,
      {
        onRequest: requireScope(db, clock, 'read'),
        schema: {
          tags: ['stages'],
          summary: `A${noun === 'account' ? 'n' : ''} ${noun}'s ${funnel} funnel history, oldest first`,
          security: [{ apiKey: [] }],
          description: 'Pages of up to 500; pass `next` as `offset` for the next page.',
          params: IdParams,
          querystring: HistoryQuery,
          response: {
            200: Type.Object({
              items: Type.Array(StageChange),
              next: Type.Union([Type.Integer(), Type.Null()], {
                description: 'Pass as `offset` for the next page; null on the last page',
              }),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        const { limit, offset } = request.query
        const page = await stageHistory(db, workspaceOf(request), funnel, request.params.id, {
          limit: limit ?? MAX_PAGE_SIZE,
          offset: offset ?? 0,
        })
        return {
          items: page.items.map((c) => ({ ...c, at: c.at.toISOString() })),
          next: page.next ?? null,
        }
      },
    )
  }
}
