import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { listNotifications } from '../../services/notifications/list-notifications.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { iso, NullableString, NullableTimestamp, OwnerOrMe, Timestamp } from '../common-schemas.ts'
import { errorResponses } from '../error-mapper.ts'
import { PageQuery, pageRequest } from '../page-query.ts'
import { userParam, workspaceOf } from '../request-principal.ts'

const errors = errorResponses(400, 401, 403, 404, 409)

const Notification = Type.Object({
  id: Type.String(),
  recipientId: Type.String(),
  recipientName: Type.String(),
  kind: Type.String({ description: 'handoff, sla_reminder, sla_breach or reassigned' }),
  subject: NullableString,
  body: NullableString,
  entityType: NullableString,
  entityId: NullableString,
  link: NullableString,
  createdAt: Timestamp,
  sentAt: NullableTimestamp,
  attempts: Type.Integer(),
  lastError: NullableString,
})

/**
 * The notifications people were sent (handoffs, SLA reminders and breaches, reassignments),
 * with whether each went out, so an owner can see what they were told and when.
 */
export const notificationRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock } = deps

  app.get(
    '/v1/notifications',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['notifications'],
        summary: 'Notifications sent (or waiting to be sent) to people, newest first',
        description:
          "recipientId=me for the key's user. Pages of up to 500; pass `next` as `after` for the next page.",
        security: [{ apiKey: [] }],
        querystring: Type.Object({
          ...PageQuery.properties,
          recipientId: Type.Optional(OwnerOrMe),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(Notification),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const recipientId = userParam(request, request.query.recipientId, 'recipientId')
      const page = await listNotifications(db, workspaceOf(request), {
        ...(recipientId === undefined ? {} : { recipientId }),
        page: pageRequest(request.query),
      })
      return {
        items: page.items.map((n) => ({
          ...n,
          createdAt: n.createdAt.toISOString(),
          sentAt: iso(n.sentAt),
        })),
        next: page.next ?? null,
      }
    },
  )
}
