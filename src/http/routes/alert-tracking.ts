import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { trackNotification } from '../../services/alerts/alert-tracking.ts'
import { AppError } from '../../services/app-error.ts'
import { entityLink } from '../../services/notifications/notification-link.ts'
import type { RouteDeps } from '../app-deps.ts'
import { errorResponses } from '../error-mapper.ts'

// The public end of alert tracking: the pixel of an email, the click redirect of its link and
// the acknowledgement of a webhook message. They carry no key (a mail client sends none); the
// unguessable token in the URL is the credential, and it names one notification only.

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')
const Token = Type.String({ maxLength: 80 })

export const alertTrackingRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock, config } = deps

  app.get(
    '/t/o/:file',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Tracking pixel of a notification email: records that it was opened',
        params: Type.Object({ file: Type.String({ maxLength: 84 }) }),
      },
    },
    async (request, reply) => {
      const token = request.params.file.replace(/\.gif$/, '')
      await trackNotification(db, token, 'open', clock.now())
      // The same image whatever the token: the pixel tells nobody which tokens exist.
      return reply
        .header('content-type', 'image/gif')
        .header('cache-control', 'no-store, max-age=0')
        .send(PIXEL)
    },
  )

  app.get(
    '/t/c/:token',
    {
      schema: {
        tags: ['alerts'],
        summary: "A notification's link: records the click, then redirects to the page in Tandem",
        params: Type.Object({ token: Token }),
        response: errorResponses(404),
      },
    },
    async (request, reply) => {
      const tracked = await trackNotification(db, request.params.token, 'click', clock.now())
      const target =
        tracked === undefined
          ? undefined
          : entityLink(config.publicUrl ?? '', tracked.entityType, tracked.entityId)
      if (target === undefined)
        throw new AppError(
          'not_found',
          'This link is unknown or leads nowhere; open Tandem itself.',
        )
      return reply.header('cache-control', 'no-store').redirect(target, 302)
    },
  )

  const acknowledge = {
    schema: {
      tags: ['alerts'],
      summary: 'Acknowledges a notification (a webhook receiver or its reader saw it)',
      params: Type.Object({ token: Token }),
      response: { 204: Type.Null(), ...errorResponses(404) },
    },
  }
  const ack = async (
    request: { params: { token: string } },
    reply: { code(n: number): { send(): unknown } },
  ) => {
    const tracked = await trackNotification(db, request.params.token, 'open', clock.now())
    if (tracked === undefined)
      throw new AppError('not_found', 'There is no notification with this acknowledgement link.')
    return reply.code(204).send()
  }
  app.get('/t/a/:token', acknowledge, ack)
  app.post('/t/a/:token', acknowledge, ack)
}
