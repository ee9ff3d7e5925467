import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { DATA_QUALITY_ISSUES } from '../../domain/data-quality.ts'
import {
  countDataQualityIssues,
  listLeadsWithIssue,
  MAX_PAGE_SIZE,
  parseIssue,
} from '../../services/lead-review.ts'
import type { AppDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { toContactBody } from '../contact-body.ts'
import { errorResponses } from '../error-mapper.ts'
import { PageQuery, pageRequest } from '../page-query.ts'

const errors = errorResponses(400, 401, 403)

/** Seed 003: the leads held back from sales by data-quality checks, by reason. */
export const dataQualityRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, clock }) => {
  app.get(
    '/v1/data-quality',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['data quality'],
        summary: 'How many leads fail each data-quality check',
        description: 'A lead that fails any check is kept and never handed to sales until fixed.',
        security: [{ apiKey: [] }],
        response: {
          200: Type.Object({
            checks: Type.Array(
              Type.Object({
                issue: Type.String(),
                description: Type.String(),
                leads: Type.Integer(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => ({
      checks: await countDataQualityIssues(db, request.principal?.workspaceId ?? ''),
    }),
  )

  app.get(
    '/v1/data-quality/:issue',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['data quality'],
        summary: 'The leads failing one data-quality check',
        description: `Checks: ${DATA_QUALITY_ISSUES.join(', ')}. Pages of up to ${MAX_PAGE_SIZE}; pass \`next\` as \`after\` for the next page.`,
        security: [{ apiKey: [] }],
        params: Type.Object({ issue: Type.String() }),
        querystring: PageQuery,
        response: {
          200: Type.Object({
            issue: Type.String(),
            items: Type.Array(Type.Ref('Contact')),
            next: Type.Optional(Type.String()),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const issue = parseIssue(request.params.issue)
      const page = await listLeadsWithIssue(
        db,
        request.principal?.workspaceId ?? '',
        issue,
        pageRequest(request.query),
      )
      return {
        issue,
        items: page.items.map(toContactBody),
        ...(page.next === undefined ? {} : { next: page.next }),
      }
    },
  )
}
