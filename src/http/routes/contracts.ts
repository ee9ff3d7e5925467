import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { CONTRACT_SCHEMAS } from '../../domain/contracts/contract-schemas.ts'
import { AppError } from '../../services/app-error.ts'
import {
  activateContract,
  approveContract,
  type ContractVersion,
  changesScores,
  draftContract,
  getContract,
  listContracts,
} from '../../services/contracts.ts'
import { getRescore, startRescore } from '../../services/scoring/rescore.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { errorResponses } from '../error-mapper.ts'
import { IdParams } from '../id-params.ts'
import { PageQuery, pageRequest } from '../page-query.ts'
import { actorOf, workspaceOf } from '../request-principal.ts'

const errors = errorResponses(400, 401, 403, 404, 409)

const Kind = Type.Union([
  Type.Literal('qualification'),
  Type.Literal('icp'),
  Type.Literal('routing'),
])

const Contract = Type.Object({
  id: Type.String(),
  kind: Kind,
  version: Type.Integer(),
  name: Type.String(),
  status: Type.String({ description: 'draft, approved, active, retired or withdrawn' }),
  createdAt: Type.String({ format: 'date-time' }),
  activatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  retiredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  approvals: Type.Array(
    Type.Object({
      side: Type.Union([Type.Literal('marketing'), Type.Literal('sales')]),
      userId: Type.String(),
      userName: Type.String(),
      approvedAt: Type.String({ format: 'date-time' }),
      comment: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  body: Type.Record(Type.String(), Type.Unknown(), { description: 'The contract document' }),
})

const Rescore = Type.Object({
  runId: Type.String(),
  phase: Type.String({ description: 'contacts, accounts or done' }),
  done: Type.Integer(),
  total: Type.Integer(),
  status: Type.Optional(Type.String()),
  error: Type.Optional(Type.Union([Type.String(), Type.Null()])),
})

function toBody(c: ContractVersion) {
  return {
    ...c,
    createdAt: c.createdAt.toISOString(),
    activatedAt: c.activatedAt?.toISOString() ?? null,
    retiredAt: c.retiredAt?.toISOString() ?? null,
    approvals: c.approvals.map((a) => ({ ...a, approvedAt: a.approvedAt.toISOString() })),
    body: c.body as unknown as Record<string, unknown>,
  }
}

/**
 * The qualification definition, ideal customer profile and routing rules: drafted, approved by marketing and
 * by sales, activated (which re-scores the workspace), and their published JSON Schemas.
 */
export const contractRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock, rescoreWorker } = deps

  app.get(
    '/v1/contract-schemas/:kind',
    {
      schema: {
        tags: ['contracts'],
        summary: 'The published JSON Schema of a contract kind',
        params: Type.Object({ kind: Kind }),
      },
    },
    async (request) => CONTRACT_SCHEMAS[request.params.kind],
  )

  app.get(
    '/v1/contracts',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['contracts'],
        summary:
          'Every version of the qualification definition, ICP and routing rules, newest first',
        security: [{ apiKey: [] }],
        description: 'Pages of up to 500, by kind; pass `next` as `after` for the next page.',
        querystring: Type.Object({ ...PageQuery.properties, kind: Type.Optional(Kind) }),
        response: {
          200: Type.Object({
            items: Type.Array(Contract),
            next: Type.Union([Type.String(), Type.Null()], {
              description: 'Pass as `after` for the next page; null on the last page',
            }),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const page = await listContracts(
        db,
        workspaceOf(request),
        request.query.kind,
        pageRequest(request.query),
      )
      return { items: page.items.map(toBody), next: page.next ?? null }
    },
  )

  app.post(
    '/v1/contracts',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'draft-contract' }),
      schema: {
        tags: ['contracts'],
        summary: 'Draft a new version of a contract',
        description:
          'Send the document as JSON, or as YAML with Content-Type application/yaml. Problems are listed by path in error.details.problems. The draft needs approval by a marketing user and by a sales user before it can be activated.',
        security: [{ apiKey: [] }],
        body: Type.Unknown(),
        response: { 201: Contract, ...errors },
      },
    },
    async (request, reply) => {
      const contract = await draftContract(db, {
        workspaceId: workspaceOf(request),
        document: request.body,
        actor: actorOf(request),
        at: clock.now(),
      })
      return reply.code(201).send(toBody(contract))
    },
  )

  app.get(
    '/v1/contracts/:id',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['contracts'],
        summary: 'One contract version with its approvals',
        security: [{ apiKey: [] }],
        params: IdParams,
        response: { 200: Contract, ...errors },
      },
    },
    async (request) => {
      const contract = await getContract(db, workspaceOf(request), request.params.id)
      if (contract === undefined)
        throw new AppError('not_found', `There is no contract ${request.params.id}.`)
      return toBody(contract)
    },
  )

  app.post(
    '/v1/contracts/:id/approvals',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'approve-contract' }),
      schema: {
        tags: ['contracts'],
        summary: "Approve a draft for your side (the key's user: marketing, or sales, sdr, ae)",
        security: [{ apiKey: [] }],
        params: IdParams,
        description: 'An optional JSON body { "comment": "…" } is kept with the approval.',
        response: { 200: Contract, ...errors },
      },
    },
    async (request) => {
      const userId = request.principal?.userId
      if (userId == null)
        throw new AppError(
          'forbidden',
          'Approvals are made by a person: use an API key created for a marketing or sales user ("tandem api-key create --user EMAIL").',
        )
      // The body is optional, so a schema (which Fastify applies to an absent body) cannot say so.
      const comment = (request.body as { comment?: unknown } | undefined | null)?.comment
      if (comment !== undefined && (typeof comment !== 'string' || comment.length > 2000))
        throw new AppError('validation_failed', 'comment must be text of at most 2,000 characters.')
      const contract = await approveContract(db, {
        workspaceId: workspaceOf(request),
        contractId: request.params.id,
        userId,
        ...(comment === undefined ? {} : { comment }),
        at: clock.now(),
      })
      return toBody(contract)
    },
  )

  app.post(
    '/v1/contracts/:id/activate',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'activate-contract' }),
      schema: {
        tags: ['contracts'],
        summary:
          'Activate an approved version; the previous one retires and the workspace is re-scored',
        security: [{ apiKey: [] }],
        params: IdParams,
        response: {
          200: Type.Object({
            contract: Contract,
            retiredVersion: Type.Union([Type.Integer(), Type.Null()]),
            rescore: Type.Union([Rescore, Type.Null()], {
              description:
                'The full re-score it started; null for routing rules, which score nothing',
            }),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const workspaceId = workspaceOf(request)
      const { activated, retired } = await activateContract(db, {
        workspaceId,
        contractId: request.params.id,
        actor: actorOf(request),
        at: clock.now(),
      })
      if (!changesScores(activated.kind))
        return { contract: toBody(activated), retiredVersion: retired, rescore: null }
      const rescore = await startRescore(
        db,
        workspaceId,
        `${activated.kind} version ${activated.version} activated`,
        clock.now(),
      )
      rescoreWorker.enqueue({ workspaceId, runId: rescore.runId })
      return { contract: toBody(activated), retiredVersion: retired, rescore }
    },
  )

  app.get(
    '/v1/rescores/:id',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['contracts'],
        summary: 'Progress of a full re-score',
        security: [{ apiKey: [] }],
        params: IdParams,
        response: { 200: Rescore, ...errors },
      },
    },
    async (request) => {
      const run = await getRescore(db, workspaceOf(request), request.params.id)
      if (run === undefined)
        throw new AppError('not_found', `There is no re-score ${request.params.id}.`)
      return run
    },
  )
}
