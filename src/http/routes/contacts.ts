import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { recordView } from '../../services/alerts/alert-tracking.ts'
import { getContact } from '../../services/contacts.ts'
import {
  decideAccountMatch,
  listMatchesToReview,
  MAX_PAGE_SIZE,
} from '../../services/lead-review.ts'
import type { AppDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { toContactBody } from '../contact-body.ts'
import { errorResponses } from '../error-mapper.ts'
import { IdParams } from '../id-params.ts'
import { PageQuery, pageRequest } from '../page-query.ts'

const MatchReview = Type.Object({
  contact: Type.Ref('Contact'),
  candidate: Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }),
})

const MatchDecisionBody = Type.Union([
  Type.Object({ decision: Type.Literal('accept') }, { additionalProperties: false }),
  Type.Object({ decision: Type.Literal('reject') }, { additionalProperties: false }),
  Type.Object(
    { decision: Type.Literal('link'), accountId: Type.String({ format: 'uuid' }) },
    { additionalProperties: false },
  ),
])

const errors = errorResponses(400, 401, 403)

/** Contacts, and the weak lead-to-account matches that wait for a person's decision. */
export const contactRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, clock }) => {
  app.get(
    '/v1/contacts/:id',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['contacts'],
        summary: 'A contact, with its account match and data-quality checks',
        description:
          'A contact merged into another (the same person identified twice) answers as the contact it became.',
        security: [{ apiKey: [] }],
        params: IdParams,
        response: { 200: Type.Ref('Contact'), ...errors, ...errorResponses(404) },
      },
    },
    async (request) => {
      const workspaceId = request.principal?.workspaceId ?? ''
      const contact = await getContact(db, workspaceId, request.params.id)
      await recordView(db, {
        workspaceId,
        userId: request.principal?.userId,
        entityType: 'contact',
        entityId: contact.id,
        at: clock.now(),
      })
      return toContactBody(contact)
    },
  )

  app.get(
    '/v1/account-matches/review',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['contacts'],
        summary: 'Weak lead-to-account matches waiting for a decision',
        description: `Contacts whose company resembles an account's, or names several, with the proposed account. Pages of up to ${MAX_PAGE_SIZE}; pass \`next\` as \`after\` for the next page.`,
        security: [{ apiKey: [] }],
        querystring: PageQuery,
        response: {
          200: Type.Object({ items: Type.Array(MatchReview), next: Type.Optional(Type.String()) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const page = await listMatchesToReview(
        db,
        request.principal?.workspaceId ?? '',
        pageRequest(request.query),
      )
      return {
        items: page.items.map((contact) => ({
          contact: toContactBody(contact),
          candidate: { id: contact.account_candidate_id ?? '', name: contact.candidate_name },
        })),
        ...(page.next === undefined ? {} : { next: page.next }),
      }
    },
  )

  app.post(
    '/v1/contacts/:id/account-match',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'match-account' }),
      schema: {
        tags: ['contacts'],
        summary: "Decide a contact's account: accept the proposed one, reject it, or link another",
        description:
          'Body: {"decision":"accept"}, {"decision":"reject"} or {"decision":"link","accountId":"…"}. Automatic matching never overrides this decision.',
        security: [{ apiKey: [] }],
        params: IdParams,
        body: MatchDecisionBody,
        response: {
          200: Type.Ref('Contact'),
          ...errors,
          ...errorResponses(404, 409),
        },
      },
    },
    async (request) => {
      const principal = request.principal
      const contact = await decideAccountMatch(
        db,
        principal?.workspaceId ?? '',
        request.params.id,
        request.body,
        { type: 'api_key', id: principal?.keyId ?? '' },
        clock.now(),
      )
      return toContactBody(contact)
    },
  )
}
