import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { runBacktest } from '../../services/scoring/backtest.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { errorResponses } from '../error-mapper.ts'

const errors = errorResponses(400, 401, 403)
const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()])

const Totals = {
  mqls: Type.Integer(),
  laterSal: Type.Integer({ description: 'MQLs that reached SAL at or after becoming an MQL' }),
  laterSql: Type.Integer(),
  laterWon: Type.Integer(),
}
const Side = Type.Object({
  version: Nullable(Type.Integer()),
  name: Type.String(),
  months: Type.Array(Type.Object({ month: Type.String(), ...Totals })),
  totals: Type.Object(Totals),
  precision: Nullable(Type.Number({ description: 'Of the MQLs, the share that later won' })),
  recall: Nullable(
    Type.Number({ description: 'Of everyone who won, the share that was an MQL first' }),
  ),
})
const Moment = Nullable(
  Type.Object({ at: Type.String({ format: 'date-time' }), cell: Type.String() }),
)
const Report = Type.Object({
  contacts: Type.Integer(),
  won: Type.Integer(),
  active: Nullable(Side),
  proposed: Side,
  changes: Type.Object({
    gained: Type.Integer(),
    lost: Type.Integer(),
    moved: Type.Integer(),
    examples: Type.Array(
      Type.Object({
        contactId: Type.String(),
        label: Type.String(),
        active: Moment,
        proposed: Moment,
      }),
    ),
  }),
})

/** Replays history under a proposed qualification definition, beside the active one. */
export const backtestRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db, clock }) => {
  app.post(
    '/v1/backtests',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['contracts'],
        summary: 'Backtest a proposed qualification definition against the active one',
        description:
          'Send the proposed definition as JSON, or as YAML with Content-Type application/yaml. Nothing is stored. Answers MQLs per month under each, how many later reached SAL, SQL and won, precision and recall against won, and which people change.',
        security: [{ apiKey: [] }],
        body: Type.Unknown(),
        response: { 200: Report, ...errors },
      },
    },
    async (request) =>
      runBacktest(db, {
        workspaceId: request.principal?.workspaceId ?? '',
        document: request.body,
      }),
  )
}
