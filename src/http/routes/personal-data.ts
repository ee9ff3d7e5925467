import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { CONSENT_CHANNELS } from '../../domain/consent.ts'
import { AppError } from '../../services/app-error.ts'
import { changeConsent, consentsOf, type StoredConsent } from '../../services/consents.ts'
import { getContact } from '../../services/contacts.ts'
import { erasePerson } from '../../services/personal-data/erase-person.ts'
import { exportPerson } from '../../services/personal-data/export-person.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { Timestamp } from '../common-schemas.ts'
import { errorResponses } from '../error-mapper.ts'
import { IdParams } from '../id-params.ts'
import { absentBodyAsEmpty, actorOf, workspaceOf } from '../request-principal.ts'

const ChannelSchema = Type.Enum([...CONSENT_CHANNELS])

const ConsentBody = Type.Object({
  channel: ChannelSchema,
  status: Type.Union([Type.Literal('granted'), Type.Literal('suppressed')]),
  reason: Type.Union([Type.String(), Type.Null()], {
    description: 'opt_in, unsubscribed, bounced, complained, manual or erased',
  }),
  source: Type.String({ description: 'person, user, import or system' }),
  updatedAt: Timestamp,
})

const ConsentChange = Type.Union([
  Type.Object(
    { status: Type.Literal('granted'), reason: Type.Optional(Type.Literal('opt_in')) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      status: Type.Literal('suppressed'),
      reason: Type.Union([
        Type.Literal('unsubscribed'),
        Type.Literal('bounced'),
        Type.Literal('complained'),
        Type.Literal('manual'),
      ]),
    },
    { additionalProperties: false },
  ),
])

const AnyRows = Type.Array(Type.Object({}, { additionalProperties: true }))

const consentBody = (c: StoredConsent) => ({ ...c, updatedAt: c.updatedAt.toISOString() })

/** A person's consent per channel, and their data: exported or erased on request. */
export const personalDataRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { db, clock },
) => {
  app.get(
    '/v1/contacts/:id/consents',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['personal data'],
        summary: "A person's consent and suppressions, per channel",
        description:
          'A channel without a row has no recorded consent. A suppression on `all` covers every channel.',
        security: [{ apiKey: [] }],
        params: IdParams,
        response: {
          200: Type.Object({
            items: Type.Array(ConsentBody, { maxItems: CONSENT_CHANNELS.length }),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const ws = workspaceOf(request)
      const contact = await getContact(db, ws, request.params.id)
      return {
        items: ((await consentsOf(db, ws, [contact.id])).get(contact.id) ?? []).map(consentBody),
      }
    },
  )

  app.put(
    '/v1/contacts/:id/consents/:channel',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'record-consent' }),
      schema: {
        tags: ['personal data'],
        summary: "Record a person's consent or a suppression on one channel",
        description:
          'Body: {"status":"granted"} (an opt-in) or {"status":"suppressed","reason":"unsubscribed|bounced|complained|manual"}. A suppression never gives way to a weaker one, and an unsubscribe or spam complaint is lifted only by the person\'s own opt-in (a tracked "Subscribed" event): such a change answers 409 and says what is kept.',
        security: [{ apiKey: [] }],
        params: Type.Object({ id: IdParams.properties.id, channel: ChannelSchema }),
        body: ConsentChange,
        response: { 200: ConsentBody, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const ws = workspaceOf(request)
      const { channel } = request.params
      const body = request.body
      const at = clock.now()
      const change =
        body.status === 'granted'
          ? ({ status: 'granted', reason: 'opt_in', source: 'user' } as const)
          : ({ status: 'suppressed', reason: body.reason, source: 'user' } as const)
      await db.transaction().execute(async (trx) => {
        const contact = await getContact(trx, ws, request.params.id)
        const decision = await changeConsent(trx, {
          workspaceId: ws,
          contactId: contact.id,
          channel,
          change,
          actor: actorOf(request),
          at,
        })
        if (!decision.applied)
          throw new AppError('conflict', decision.why, { kept: decision.consent })
      })
      // Applied: the channel now holds exactly this change.
      return consentBody({ channel, ...change, updatedAt: at })
    },
  )

  app.get(
    '/v1/contacts/:id/export',
    {
      onRequest: requireScope(db, clock, 'admin'),
      schema: {
        tags: ['personal data'],
        summary: 'Everything held about a person, as one JSON document',
        description:
          'Profile, identities, ids in other systems, consents, raw events, activities, stage history, assignments, opportunity roles, notifications and audit entries about them. The export is audited.',
        security: [{ apiKey: [] }],
        params: IdParams,
        response: {
          200: Type.Object({
            exportedAt: Timestamp,
            workspaceId: Type.String(),
            contact: Type.Object({}, { additionalProperties: true }),
            identities: AnyRows,
            externalIds: AnyRows,
            consents: AnyRows,
            events: AnyRows,
            activities: AnyRows,
            stageHistory: AnyRows,
            assignments: AnyRows,
            opportunities: AnyRows,
            notifications: AnyRows,
            audit: AnyRows,
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const document = await exportPerson(db, {
        workspaceId: workspaceOf(request),
        contactId: request.params.id,
        actor: actorOf(request),
        at: clock.now(),
      })
      reply.header(
        'content-disposition',
        `attachment; filename="person-${String(document.contact.id)}.json"`,
      )
      return document
    },
  )

  app.post(
    '/v1/contacts/:id/erase',
    {
      onRequest: requireScope(db, clock, 'admin'),
      preValidation: absentBodyAsEmpty,
      schema: {
        tags: ['personal data'],
        summary: 'Erase a person: their identifying data goes, the numbers stay',
        description:
          "Removes the profile, raw event payloads, identities, ids in other systems and the person's name in alerts; keeps the anonymous contact row, its stages and activities so funnel, SLA and attribution totals do not change. Their identifiers are kept only as one-way hashes, so a late event or a re-import cannot bring them back. Open assignments close. Audited; cannot be undone.",
        security: [{ apiKey: [] }],
        params: IdParams,
        body: Type.Object(
          {
            reason: Type.Optional(
              Type.String({
                maxLength: 200,
                description: 'For the audit log, e.g. the request reference. No personal data.',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            contactId: Type.String(),
            erasedAt: Timestamp,
            identifiersBlocked: Type.Integer(),
            eventsEmptied: Type.Integer(),
            activitiesKept: Type.Integer(),
            notificationsRedacted: Type.Integer(),
            assignmentsClosed: Type.Integer(),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) =>
      erasePerson(db, {
        workspaceId: workspaceOf(request),
        contactId: request.params.id,
        actor: actorOf(request),
        ...(request.body.reason === undefined ? {} : { reason: request.body.reason }),
        at: clock.now(),
      }),
  )
}
