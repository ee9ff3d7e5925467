import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { AppError } from '../../services/app-error.ts'
import { findWorkspace } from '../../services/workspaces.ts'
import type { AppDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { errorResponses } from '../error-mapper.ts'

const WorkspaceBody = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  name: Type.String(),
  timeZone: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
})

/** The workspace the caller's key belongs to: the first call to make with a new key. */
export const workspaceRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, clock }) => {
  app.get(
    '/v1/workspace',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['workspace'],
        summary: 'The workspace of the API key',
        description:
          'Example: curl -H "Authorization: Bearer $TANDEM_KEY" localhost:4680/v1/workspace',
        security: [{ apiKey: [] }],
        response: { 200: WorkspaceBody, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const workspaceId = request.principal?.workspaceId ?? ''
      const workspace = await findWorkspace(db, workspaceId)
      if (workspace === undefined)
        throw new AppError('not_found', 'The workspace no longer exists.')
      return {
        id: workspace.id,
        slug: workspace.slug,
        name: workspace.name,
        timeZone: workspace.time_zone,
        createdAt: workspace.created_at.toISOString(),
      }
    },
  )
}
