import type { FastifyError } from 'fastify'
import { describe, expect, it } from 'vitest'
import { AppError } from '../services/app-error.ts'
import { errorStatus, toAppError } from './error-mapper.ts'

const fastifyError = (fields: Partial<FastifyError>): FastifyError =>
  Object.assign(new Error(fields.message ?? 'x'), fields) as FastifyError

describe('toAppError', () => {
  it('keeps an AppError as it is', () => {
    const error = new AppError('conflict', 'Already exists.', { id: 1 })
    expect(toAppError(error)).toBe(error)
  })

  it('turns schema validation failures into one message listing every path', () => {
    const mapped = toAppError(
      fastifyError({
        validation: [
          { instancePath: '/email', message: 'must match format "email"' } as never,
          { instancePath: '/age', message: 'must be integer' } as never,
        ],
        validationContext: 'body',
      }),
    )
    expect(mapped.code).toBe('validation_failed')
    expect(mapped.message).toBe(
      'The request is invalid: body/email must match format "email"; body/age must be integer.',
    )
    expect(mapped.details).toEqual([
      { path: 'body/email', message: 'must match format "email"' },
      { path: 'body/age', message: 'must be integer' },
    ])
  })

  it("maps the framework's own 4xx errors to codes", () => {
    expect(toAppError(fastifyError({ statusCode: 413, message: 'too large' })).code).toBe(
      'payload_too_large',
    )
    expect(toAppError(fastifyError({ statusCode: 415 })).code).toBe('unsupported_media_type')
    expect(toAppError(fastifyError({ statusCode: 400 })).code).toBe('validation_failed')
  })

  it('hides the details of unexpected errors', () => {
    const mapped = toAppError(new Error('connection string has password hunter2'))
    expect(mapped.code).toBe('internal')
    expect(mapped.message).not.toContain('hunter2')
    expect(errorStatus[mapped.code]).toBe(500)
  })
})
