import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import Type from 'typebox'
import type { AppDeps } from '../app-deps.ts'

const Health = Type.Object({ status: Type.Literal('ok') })
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
  database: Type.String(),
})

/** Liveness (the process answers) and readiness (the database answers too). */
export const healthRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'The server is running', response: { 200: Health } } },
    async () => ({ status: 'ok' as const }),
  )
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'The server can reach its database',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(db)
        return { status: 'ready' as const, database: 'ok' }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        return reply.status(503).send({ status: 'unavailable', database: message })
      }
    },
  )
}
