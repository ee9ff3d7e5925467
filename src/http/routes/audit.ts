import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { listAudit } from '../../services/audit.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { NullableString, Timestamp } from '../common-schemas.ts'
import { errorResponses } from '../error-mapper.ts'
import { PageQuery } from '../page-query.ts'
import { workspaceOf } from '../request-principal.ts'

const errors = errorResponses(400, 401, 403)

const AuditQuery = Type.Object({
  limit: PageQuery.properties.limit,
  after: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,15}$', description: 'The `next` of the previous page' }),
  ),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Entries at or after' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Entries before' })),
  action: Type.Optional(
    Type.String({ maxLength: 100, description: 'e.g. contract.approved, assignment.accepted' }),
  ),
  entityType: Type.Optional(Type.String({ maxLength: 100 })),
  entityId: Type.Optional(Type.String({ maxLength: 100 })),
  actorId: Type.Optional(Type.String({ maxLength: 100, description: 'A user id or a rule' })),
})

const AuditEntry = Type.Object({
  id: Type.String(),
  at: Timestamp,
  actorType: Type.String({ description: 'user, api_key, rule or system' }),
  actorId: NullableString,
  actorName: NullableString,
  action: Type.String(),
  entityType: NullableString,
  entityId: NullableString,
  details: Type.Record(Type.String(), Type.Unknown()),
})

/** Who changed what, for admins: the audit log newest first, filtered and paged. */
export const auditRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock } = deps

  app.get(
    '/v1/audit',
    {
      onRequest: requireScope(db, clock, 'admin'),
      schema: {
        tags: ['audit'],
        summary: 'The audit log: who changed what, newest first',
        description:
          'Contracts drafted, approved and activated; handoffs, answers, reassignments and SLA escalations; merges. Needs the admin scope. Pages of up to 500; pass `next` as `after` for the next page.',
        security: [{ apiKey: [] }],
        querystring: AuditQuery,
        response: {
          200: Type.Object({
            items: Type.Array(AuditEntry),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const q = request.query
      const page = await listAudit(db, workspaceOf(request), {
        limit: q.limit ?? 100,
        ...(q.after === undefined ? {} : { after: q.after }),
        ...(q.from === undefined ? {} : { from: new Date(q.from) }),
        ...(q.to === undefined ? {} : { to: new Date(q.to) }),
        ...(q.action === undefined ? {} : { action: q.action }),
        ...(q.entityType === undefined ? {} : { entityType: q.entityType }),
        ...(q.entityId === undefined ? {} : { entityId: q.entityId }),
        ...(q.actorId === undefined ? {} : { actorId: q.actorId }),
      })
      return {
        items: page.items.map((e) => ({ ...e, at: e.at.toISOString() })),
        next: page.next ?? null,
      }
    },
  )
}
