import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { simulateRouting } from '../../services/handoff/simulate-routing.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { Motion, NullableString, Uuid } from '../common-schemas.ts'
import { errorResponses } from '../error-mapper.ts'
import { workspaceOf } from '../request-principal.ts'

const errors = errorResponses(400, 401, 403, 404, 409)

const Decision = {
  ownerId: NullableString,
  ownerName: NullableString,
  teamId: NullableString,
  teamName: NullableString,
  motion: Motion,
  reasons: Type.Array(Type.String()),
}

/**
 * The routing simulator: who the routing rules would hand a lead to now, and why, so rules can
 * be tried (a draft version too) without handing anything over or taking a round-robin turn.
 */
export const routingRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock } = deps

  app.post(
    '/v1/routing/simulate',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['routing'],
        summary: 'Who would get this lead now, and why? (no round-robin turn is taken)',
        description:
          'Under the active routing rules, or under the given version of them (a draft, say).',
        security: [{ apiKey: [] }],
        body: Type.Object(
          { contactId: Uuid, version: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ routingVersion: Type.Integer(), ...Decision }),
          ...errors,
        },
      },
    },
    async (request) => {
      const simulation = await simulateRouting(db, workspaceOf(request), request.body.contactId, {
        now: clock.now(),
        ...(request.body.version === undefined ? {} : { version: request.body.version }),
      })
      return { ...simulation, reasons: [...simulation.reasons] }
    },
  )
}
