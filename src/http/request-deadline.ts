import type { Socket } from 'node:net'
import type { FastifyRequest } from 'fastify'
import type { ErrorCode } from '../services/app-error.ts'
import type { TandemApp } from './app-deps.ts'

// A request must arrive whole within the request timeout, or the connection is answered 408 and
// closed, so a client that sends its body a byte at a time holds no connection for long. Node's
// own requestTimeout cannot spare a route, and a CSV import streams its body into the database
// for as long as the file takes: routes that stream their body say so in their config and are
// spared.

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads its body as a stream for as long as it takes (a CSV import). */
    readonly streamsBody?: boolean
  }
}

/** Writes an HTTP error in the one error shape straight to the socket, then closes it. */
export function answerOnSocket(
  socket: Socket,
  status: number,
  code: ErrorCode,
  message: string,
): void {
  if (socket.writable) {
    const body = JSON.stringify({ error: { code, message } })
    socket.write(
      `HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}\r\nConnection: close\r\n` +
        `Content-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    )
  }
  socket.destroy()
}

const statusText: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
}

const timeoutMessage = (seconds: number) =>
  `The request did not arrive within ${seconds} seconds; send it again, faster.`

/** Cuts off requests that have not arrived whole `seconds` after they began. */
export function limitRequestTime(app: TandemApp, seconds: number): void {
  const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>()
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.streamsBody === true || request.raw.complete) return
    const timer = setTimeout(() => {
      if (!request.raw.complete)
        answerOnSocket(request.raw.socket, 408, 'request_timeout', timeoutMessage(seconds))
    }, seconds * 1000)
    timer.unref()
    timers.set(request, timer)
    request.raw.once('close', () => clearTimeout(timer))
  })
  app.addHook('onResponse', async (request) => clearTimeout(timers.get(request)))
}

/**
 * Errors Node raises before Fastify sees a request (headers too slow or too large, bytes that
 * are not HTTP), in the one error shape instead of Fastify's own.
 */
export function clientErrorHandler(seconds: number) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
      answerOnSocket(socket, 408, 'request_timeout', timeoutMessage(seconds))
    else if (error.code === 'HPE_HEADER_OVERFLOW')
      answerOnSocket(
        socket,
        431,
        'payload_too_large',
        'The request headers are larger than 16 KB; send fewer or shorter headers.',
      )
    else answerOnSocket(socket, 400, 'validation_failed', 'The request is not valid HTTP/1.1.')
  }
}
