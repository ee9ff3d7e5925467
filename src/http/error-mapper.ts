import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import Type from 'typebox'
import { AppError, type ErrorCode } from '../services/app-error.ts'
import type { TandemApp } from './app-deps.ts'
import { type DashboardPage, isDashboardRequest } from './web-app.ts'

// One place turns every failure into `{ error: { code, message, details } }` with its status.

export const errorStatus = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  request_timeout: 408,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<ErrorCode, number>

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'Error', description: 'Every error: a stable code, what to do, and details' },
)

/** The longest path parameter the router accepts (Fastify's default). */
export const MAX_PARAM_LENGTH = 100

type ErrorStatus = (typeof errorStatus)[keyof typeof errorStatus]

/** A route's error answers, each the one error shape: `response: { 200: …, ...errorResponses(400, 404) }`. */
export function errorResponses<S extends ErrorStatus>(
  ...statuses: S[]
): Record<S, { readonly $ref: 'Error#' }> {
  return Object.fromEntries(statuses.map((s) => [s, { $ref: 'Error#' }])) as Record<
    S,
    { readonly $ref: 'Error#' }
  >
}

/** Fastify's own 4xx errors (bad JSON, body too large, wrong content type) in our vocabulary. */
function codeForStatus(status: number): ErrorCode {
  if (status === 408) return 'request_timeout'
  if (status === 413) return 'payload_too_large'
  if (status === 415) return 'unsupported_media_type'
  if (status === 404) return 'not_found'
  if (status === 429) return 'rate_limited'
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  return 'validation_failed'
}

export function toAppError(error: FastifyError | AppError | Error): AppError {
  if (error instanceof AppError) return error
  const fastifyError = error as FastifyError
  if (fastifyError.validation !== undefined) {
    const details = fastifyError.validation.map((issue) => ({
      path: `${fastifyError.validationContext ?? 'body'}${issue.instancePath}`,
      message: issue.message ?? 'is invalid',
    }))
    const summary = details.map((d) => `${d.path} ${d.message}`).join('; ')
    return new AppError('validation_failed', `The request is invalid: ${summary}.`, details)
  }
  // PostgreSQL refuses a NUL character in text (22P05, 22021): bad input, not our failure.
  if (fastifyError.code === '22P05' || fastifyError.code === '22021')
    return new AppError(
      'validation_failed',
      'The request holds a NUL character (\\u0000), which text may not contain.',
    )
  if (fastifyError.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return new AppError(
      'validation_failed',
      `A part of the path is longer than ${MAX_PARAM_LENGTH} characters; ids in paths are UUIDs.`,
    )
  const status = fastifyError.statusCode
  if (status !== undefined && status >= 400 && status < 500) {
    return new AppError(codeForStatus(status), fastifyError.message)
  }
  return new AppError(
    'internal',
    'Something went wrong on our side. The error was logged; try again, and report it if it persists.',
  )
}

function bodyTooLarge(limit: number | undefined): AppError {
  const size = limit === undefined ? 'its' : `the ${formatBytes(limit)}`
  return new AppError(
    'payload_too_large',
    `The request body is larger than ${size} limit of this endpoint; send less at once.`,
    { maxBytes: limit },
  )
}

const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / 1024 / 1024} MB`
    : `${Math.round(bytes / 1024)} KB`

/** Answers a request with the error's status and the one error shape. */
export function replyWithError(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const appError =
    (error as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE'
      ? bodyTooLarge(request.routeOptions.bodyLimit)
      : toAppError(error)
  const status = errorStatus[appError.code]
  if (status >= 500) request.log.error({ err: error }, 'request failed')
  const body = { code: appError.code, message: appError.message, details: appError.details }
  return reply.status(status).send({ error: body })
}

/** Errors in the one shape; an address no route answers gets the dashboard's page, if given. */
export function registerErrorMapper(app: TandemApp, dashboard?: DashboardPage): void {
  app.addSchema(ErrorBody)
  app.setErrorHandler(replyWithError)
  app.setNotFoundHandler((request, reply) => {
    if (dashboard !== undefined && isDashboardRequest(request)) return dashboard(request, reply)
    const message = `There is no ${request.method} ${request.url.split('?')[0]}. The API is described at /docs.`
    return reply.status(404).send({ error: { code: 'not_found', message } })
  })
}
