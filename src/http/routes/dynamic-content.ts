import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { ACCOUNT_STAGES } from '../../domain/lifecycle/account-funnel.ts'
import {
  ContentVariantCache,
  contentFor,
  deleteContentVariant,
  listContentVariants,
  MAX_VARIANTS_PER_SLOT,
  putContentVariant,
  type StoredVariant,
} from '../../services/plans/dynamic-content.ts'
import type { RouteDeps } from '../app-deps.ts'
import { type KeySource, keyFromHeader, requireScope } from '../authenticate.ts'
import { Timestamp, Uuid } from '../common-schemas.ts'
import { errorResponses } from '../error-mapper.ts'
import { actorOf, workspaceOf } from '../request-principal.ts'

const Slot = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$', description: 'e.g. home-hero' })
const Name = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$', description: 'e.g. tier-1' })
const Tier = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Null()])
const AccountStage = Type.Union([Type.Enum([...ACCOUNT_STAGES]), Type.Null()])
const BuyingStage = Type.Union([
  Type.Literal('awareness'),
  Type.Literal('consideration'),
  Type.Literal('decision'),
  Type.Literal('purchase'),
  Type.Null(),
])
const Content = Type.Unknown({ description: 'Any JSON: what the page or email renders' })

const Variant = Type.Object({
  id: Uuid,
  slot: Type.String(),
  name: Type.String(),
  tier: Tier,
  accountStage: AccountStage,
  buyingStage: BuyingStage,
  withPlan: Type.Union([Type.Boolean(), Type.Null()]),
  content: Content,
  updatedAt: Timestamp,
})

// The website already holds the workspace's write key for tracking; it asks for content with it.
const siteKey: KeySource = {
  keyOf: (request) =>
    keyFromHeader(request.headers.authorization) ??
    (request.query as { writeKey?: string } | undefined)?.writeKey,
  missing:
    'Send the workspace write key as the HTTP Basic user name ("writeKey:"), as a Bearer token, or as ?writeKey=.',
}

const variantBody = (v: StoredVariant) => ({ ...v, updatedAt: v.updatedAt.toISOString() })

/** Dynamic content: the variant of a slot for a visitor's account, and the variants themselves. */
export const dynamicContentRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { db, clock },
) => {
  const cache = new ContentVariantCache()
  app.get(
    '/v1/content/:slot',
    {
      onRequest: requireScope(db, clock, 'ingest', { source: siteKey }),
      schema: {
        tags: ['dynamic content'],
        summary: "The content variant for a visitor's account, while the page renders",
        description:
          "Name the visitor by anonymousId, userId or domain (their company's). The most specific variant matching their account's ICP tier, account stage, buying stage and active plan wins; an unknown visitor gets the variant without criteria. Answers with the reason, and `variant: null` when nothing matches and there is no default. Asked with the write key the website already uses for tracking.",
        security: [{ writeKey: [] }],
        params: Type.Object({ slot: Slot }),
        querystring: Type.Object({
          anonymousId: Type.Optional(Type.String({ maxLength: 200 })),
          userId: Type.Optional(Type.String({ maxLength: 200 })),
          domain: Type.Optional(Type.String({ maxLength: 253 })),
          writeKey: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: {
          200: Type.Object({
            slot: Type.String(),
            variant: Type.Union([
              Type.Object({ id: Uuid, name: Type.String(), content: Content }),
              Type.Null(),
            ]),
            reason: Type.String(),
            account: Type.Union([
              Type.Object({
                tier: Tier,
                stage: AccountStage,
                buyingStage: BuyingStage,
                hasActivePlan: Type.Boolean(),
              }),
              Type.Null(),
            ]),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { anonymousId, userId, domain } = request.query
      const answer = await contentFor(
        db,
        workspaceOf(request),
        request.params.slot,
        {
          ...(anonymousId === undefined ? {} : { anonymousId }),
          ...(userId === undefined ? {} : { userId }),
          ...(domain === undefined ? {} : { domain }),
        },
        cache,
        clock.now().getTime(),
      )
      // Personal to the visitor: never kept by a shared cache.
      reply.header('cache-control', 'private, no-store')
      return answer
    },
  )

  app.get(
    '/v1/content/:slot/variants',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['dynamic content'],
        summary: "A slot's variants, oldest first (by name when written together)",
        security: [{ apiKey: [] }],
        params: Type.Object({ slot: Slot }),
        response: {
          200: Type.Object({ items: Type.Array(Variant, { maxItems: MAX_VARIANTS_PER_SLOT }) }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => ({
      items: (await listContentVariants(db, workspaceOf(request), request.params.slot)).map(
        variantBody,
      ),
    }),
  )

  app.put(
    '/v1/content/:slot/variants/:name',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'write-content' }),
      schema: {
        tags: ['dynamic content'],
        summary: 'Write a variant of a slot: its criteria and content',
        description:
          'Criteria left out or null match any account; a variant with none is the default for everyone, unknown visitors included. `withPlan` true shows it only to accounts with an active plan.',
        security: [{ apiKey: [] }],
        params: Type.Object({ slot: Slot, name: Name }),
        body: Type.Object(
          {
            tier: Type.Optional(Tier),
            accountStage: Type.Optional(AccountStage),
            buyingStage: Type.Optional(BuyingStage),
            withPlan: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
            content: Content,
          },
          { additionalProperties: false },
        ),
        response: { 200: Variant, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const variant = await putContentVariant(
        db,
        workspaceOf(request),
        request.params.slot,
        request.params.name,
        request.body,
        actorOf(request),
        clock.now(),
      )
      cache.forget(workspaceOf(request), request.params.slot)
      return variantBody(variant)
    },
  )

  app.delete(
    '/v1/content/:slot/variants/:name',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'write-content' }),
      schema: {
        tags: ['dynamic content'],
        summary: 'Remove a variant of a slot',
        security: [{ apiKey: [] }],
        params: Type.Object({ slot: Slot, name: Name }),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteContentVariant(
        db,
        workspaceOf(request),
        request.params.slot,
        request.params.name,
        actorOf(request),
        clock.now(),
      )
      cache.forget(workspaceOf(request), request.params.slot)
      return reply.code(204).send(null)
    },
  )
}
