import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import Type from 'typebox'
import { MAX_REQUEST_BYTES, SEGMENT_TYPES, type SegmentType } from '../../domain/segment-message.ts'
import { AppError } from '../../services/app-error.ts'
import { type IngestOutcome, ingestMessages } from '../../services/tracking.ts'
import type { RouteDeps } from '../app-deps.ts'
import { type KeySource, keyFromHeader, requireScope } from '../authenticate.ts'
import { errorResponses, replyWithError } from '../error-mapper.ts'

// The Segment-compatible tracking API: what analytics.js, analytics-node, RudderStack and other
// Segment-spec clients send. Validation of each message lives in the domain, so one bad event in
// a batch is reported by index while the rest are stored.

const Id = Type.Union([Type.String(), Type.Number()])
const Message = Type.Object(
  {
    writeKey: Type.Optional(Type.String({ description: 'or send it as the HTTP Basic user name' })),
    messageId: Type.Optional(Type.String({ description: 'deduplicates retries per workspace' })),
    userId: Type.Optional(Id),
    anonymousId: Type.Optional(Id),
    event: Type.Optional(Type.String()),
    properties: Type.Optional(Type.Unknown()),
    traits: Type.Optional(Type.Unknown()),
    context: Type.Optional(Type.Unknown()),
    integrations: Type.Optional(Type.Unknown()),
    timestamp: Type.Optional(Type.String()),
    sentAt: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
)
const Batch = Type.Object(
  {
    writeKey: Type.Optional(Type.String()),
    batch: Type.Array(Type.Unknown(), { description: 'messages, each with its own type' }),
    context: Type.Optional(Type.Unknown({ description: 'merged into every message' })),
    integrations: Type.Optional(Type.Unknown()),
    sentAt: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
)
const Accepted = Type.Object({
  success: Type.Literal(true),
  accepted: Type.Integer({ description: 'newly stored' }),
  duplicates: Type.Integer({ description: 'already stored under the same messageId' }),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), reason: Type.String() })),
})

const writeKeySource: KeySource = {
  keyOf: (request) =>
    keyFromHeader(request.headers.authorization) ??
    ((request.body as { writeKey?: unknown } | undefined)?.writeKey as string | undefined),
  missing:
    'Send the workspace write key as the HTTP Basic user name ("writeKey:") or as "writeKey" in the body.',
}

/** Bodies may come gzipped; the size limit applies to what they expand to. */
async function gunzipWhenEncoded(
  request: FastifyRequest,
  _reply: FastifyReply,
  payload: Readable,
): Promise<Readable> {
  const encoding = request.headers['content-encoding']?.toLowerCase()
  if (encoding === undefined || encoding === 'identity') return payload
  if (encoding !== 'gzip') {
    throw new AppError(
      'unsupported_media_type',
      `Content-Encoding "${encoding}" is not supported; send the body plain or gzip-encoded.`,
    )
  }
  const gunzip = createGunzip() as ReturnType<typeof createGunzip> & {
    receivedEncodedLength: number
  }
  gunzip.receivedEncodedLength = 0
  payload.on('data', (chunk: Buffer) => {
    gunzip.receivedEncodedLength += chunk.length
  })
  return payload.pipe(gunzip)
}

function trackingError(error: FastifyError): Error {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new AppError(
      'validation_failed',
      'The request is larger than the 500 KB limit per request (after gzip is expanded); send fewer events per batch.',
      { limit: 'request', maxBytes: MAX_REQUEST_BYTES },
    )
  }
  if (typeof error.code === 'string' && error.code.startsWith('Z_')) {
    return new AppError('validation_failed', 'The body is not valid gzip data.')
  }
  return error
}

function answer(reply: FastifyReply, outcome: IngestOutcome, single: boolean) {
  const nothingStored = outcome.accepted + outcome.duplicates === 0
  if (nothingStored && outcome.rejected.length > 0) {
    const reasons = outcome.rejected.map((r) => (single ? r.reason : `#${r.index}: ${r.reason}`))
    throw new AppError(
      'validation_failed',
      `Nothing was stored: ${reasons.slice(0, 5).join('; ')}${reasons.length > 5 ? '; …' : ''}.`,
      { rejected: outcome.rejected },
    )
  }
  return reply.send({ success: true as const, ...outcome })
}

export const trackingRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock, config, eventProcessor } = deps
  app.addHook('preParsing', gunzipWhenEncoded)
  app.setErrorHandler((error: FastifyError, request, reply) =>
    replyWithError(trackingError(error), request, reply),
  )

  // Back-pressure: beyond the configured number of requests in flight, clients are asked to retry.
  let inFlight = 0
  const counted = new WeakSet<FastifyRequest>()
  app.addHook('onRequest', async (request, reply) => {
    if (inFlight >= config.ingestConcurrency) {
      reply.header('retry-after', '1')
      throw new AppError('rate_limited', 'Tandem is busy ingesting; retry in a second.')
    }
    inFlight++
    counted.add(request)
  })
  const release = async (request: FastifyRequest) => {
    if (counted.delete(request)) inFlight--
  }
  app.addHook('onResponse', release)
  app.addHook('onRequestAbort', release)

  const authenticate = requireScope(db, clock, 'ingest', { source: writeKeySource })
  const responses = {
    200: Accepted,
    ...errorResponses(400, 401, 403, 429),
  }

  for (const type of SEGMENT_TYPES) {
    app.post(
      `/v1/${type}`,
      {
        bodyLimit: MAX_REQUEST_BYTES,
        preValidation: authenticate,
        schema: {
          tags: ['tracking'],
          summary: `Record a ${type} call (Segment spec)`,
          description: `Example: curl -u "$WRITE_KEY:" -H 'content-type: application/json' -d '{"userId":"u1"${type === 'track' ? ',"event":"Signed Up"' : ''}}' localhost:4680/v1/${type}`,
          body: Message,
          response: responses,
        },
      },
      async (request, reply) => {
        const outcome = await ingestMessages(db, {
          workspaceId: request.principal?.workspaceId ?? '',
          messages: [request.body],
          type: type as SegmentType,
          receivedAt: clock.now(),
        })
        if (outcome.accepted > 0) eventProcessor.notify(request.principal?.workspaceId ?? '')
        return answer(reply, outcome, true)
      },
    )
  }

  app.post(
    '/v1/batch',
    {
      bodyLimit: MAX_REQUEST_BYTES,
      preValidation: authenticate,
      schema: {
        tags: ['tracking'],
        summary: 'Record many calls at once (Segment spec)',
        description:
          'Valid messages are stored even when others are rejected; rejected ones are listed by index.',
        body: Batch,
        response: responses,
      },
    },
    async (request, reply) => {
      const outcome = await ingestMessages(db, {
        workspaceId: request.principal?.workspaceId ?? '',
        messages: request.body.batch,
        batchContext: request.body.context,
        batchIntegrations: request.body.integrations,
        receivedAt: clock.now(),
      })
      if (outcome.accepted > 0) eventProcessor.notify(request.principal?.workspaceId ?? '')
      return answer(reply, outcome, false)
    },
  )
}
