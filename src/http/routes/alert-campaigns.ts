import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { ALERT_KINDS } from '../../domain/alerts/alert-campaign-defaults.ts'
import { ALERT_ACTIONS } from '../../domain/alerts/alert-goal.ts'
import { DIGEST_FREQUENCIES } from '../../domain/alerts/digest-schedule.ts'
import {
  type AlertCampaign,
  changeCampaign,
  listCampaigns,
  promoteVariant,
} from '../../services/alerts/alert-campaigns.ts'
import { campaignResults } from '../../services/alerts/alert-results.ts'
import { setDigestFrequency } from '../../services/alerts/digests.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { Timestamp } from '../common-schemas.ts'
import { errorResponses } from '../error-mapper.ts'
import { actorOf, userOf, workspaceOf } from '../request-principal.ts'

const errors = errorResponses(400, 401, 403, 404)

const Variant = Type.Object(
  {
    name: Type.String({
      pattern: '^[a-z0-9][a-z0-9_-]{0,39}$',
      description: 'such as wiifm or brief',
    }),
    subject: Type.String({ minLength: 1, maxLength: 300 }),
    body: Type.String({ minLength: 1, maxLength: 2000 }),
    weight: Type.Number({ minimum: 0, maximum: 1000, description: 'share of the traffic' }),
  },
  { additionalProperties: false },
)

const Campaign = Type.Object({
  key: Type.Enum([...ALERT_KINDS]),
  description: Type.String(),
  placeholders: Type.Array(Type.String()),
  goalActions: Type.Array(Type.Enum([...ALERT_ACTIONS])),
  windowMinutes: Type.Integer(),
  variants: Type.Array(Variant),
  promotedVariant: Type.Union([Type.String(), Type.Null()]),
  control: Type.String(),
  status: Type.Enum(['single', 'testing', 'promoted']),
  updatedAt: Timestamp,
})

const NullableNumber = Type.Union([Type.Number(), Type.Null()])

const Results = Type.Object({
  campaign: Campaign,
  asOf: Timestamp,
  variants: Type.Array(
    Type.Object({
      variant: Type.String(),
      control: Type.Boolean(),
      alerts: Type.Integer(),
      sent: Type.Integer(),
      opened: Type.Integer(),
      clicked: Type.Integer(),
      acted: Type.Integer(),
      goalMet: Type.Integer(),
      decided: Type.Integer(),
      open: Type.Integer(),
      openRate: NullableNumber,
      clickRate: NullableNumber,
      goalRate: NullableNumber,
      test: Type.Union([
        Type.Object({
          difference: Type.Number(),
          pooled: Type.Number(),
          standardError: Type.Number(),
          z: Type.Number(),
          p: Type.Number(),
        }),
        Type.Null(),
      ]),
      timeToAction: Type.Object({
        count: Type.Integer(),
        medianMinutes: NullableNumber,
        p90Minutes: NullableNumber,
        buckets: Type.Array(Type.Object({ label: Type.String(), count: Type.Integer() })),
      }),
    }),
  ),
})

const KeyParams = Type.Object({ key: Type.String({ maxLength: 40 }) })

const body = (c: AlertCampaign) => ({ ...c, updatedAt: c.updatedAt.toISOString() })

/**
 * Alerts and digests to reps as campaigns: their goal, their variants of wording, the results
 * per variant with a significance test, and promoting the winner.
 */
export const alertCampaignRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock } = deps

  const Digest = Type.Object({ frequency: Type.Enum([...DIGEST_FREQUENCIES]) })
  app.put(
    '/v1/me/digest',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'choose-digest' }),
      schema: {
        tags: ['alerts'],
        summary: "Sets how often the key's user gets their digest: daily, weekly or off",
        description:
          'A digest lists the leads waiting for you, the deadlines you missed and your surging accounts; it goes out from 08:00 in your time zone on working days.',
        body: Type.Object(
          { frequency: Digest.properties.frequency },
          { additionalProperties: false },
        ),
        response: { 200: Digest, ...errors },
      },
    },
    async (request) => {
      const userId = userOf(request, 'Choosing a digest')
      await setDigestFrequency(db, workspaceOf(request), userId, request.body.frequency)
      return { frequency: request.body.frequency }
    },
  )

  app.get(
    '/v1/alert-campaigns',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['alerts'],
        summary: 'The alert campaigns: goal, variants of wording, and which one is promoted',
        response: { 200: Type.Object({ items: Type.Array(Campaign) }), ...errors },
      },
    },
    async (request) => ({
      items: (await listCampaigns(db, workspaceOf(request), clock.now())).map(body),
    }),
  )

  app.patch(
    '/v1/alert-campaigns/:key',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'edit-alert-campaign' }),
      schema: {
        tags: ['alerts'],
        summary: "Changes a campaign's variants (starting a test) or its goal",
        description:
          'Templates use the placeholders the campaign lists, as {{person}}. Example: {"variants":[{"name":"wiifm",...,"weight":1},{"name":"brief","subject":"New lead: {{person}}","body":"...","weight":1}]}',
        params: KeyParams,
        body: Type.Object(
          {
            variants: Type.Optional(Type.Array(Variant, { minItems: 1, maxItems: 10 })),
            goalActions: Type.Optional(
              Type.Array(Type.Enum([...ALERT_ACTIONS]), { minItems: 1, maxItems: 3 }),
            ),
            windowMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 43_200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Campaign, ...errors },
      },
    },
    async (request) => {
      return body(
        await changeCampaign(db, {
          workspaceId: workspaceOf(request),
          key: request.params.key,
          change: request.body,
          actor: actorOf(request),
          at: clock.now(),
        }),
      )
    },
  )

  app.get(
    '/v1/alert-campaigns/:key/results',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['alerts'],
        summary: 'Per variant: sent, opened, clicked, acted on within the goal, and z and p',
        description:
          "Each variant's goal rate is tested against the control (the promoted variant, else wiifm) with a pooled two-proportion z-test; p is two-sided. Alerts still inside their window and not acted on are counted as open and left out of the rate.",
        params: KeyParams,
        response: { 200: Results, ...errors },
      },
    },
    async (request) => {
      const results = await campaignResults(
        db,
        workspaceOf(request),
        request.params.key,
        clock.now(),
      )
      return { ...results, campaign: body(results.campaign), asOf: results.asOf.toISOString() }
    },
  )

  app.post(
    '/v1/alert-campaigns/:key/promote',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'edit-alert-campaign' }),
      schema: {
        tags: ['alerts'],
        summary: 'Makes one variant the wording of every later alert of the campaign',
        description: 'The promoted variant takes every later alert of the campaign.',
        params: KeyParams,
        body: Type.Object(
          { variant: Type.String({ maxLength: 40 }) },
          { additionalProperties: false },
        ),
        response: { 200: Campaign, ...errors },
      },
    },
    async (request) => {
      return body(
        await promoteVariant(db, {
          workspaceId: workspaceOf(request),
          key: request.params.key,
          variant: request.body.variant,
          actor: actorOf(request),
          at: clock.now(),
        }),
      )
    },
  )
}
