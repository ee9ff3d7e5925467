import { AsyncResource } from 'node:async_hooks'
import type { FastifyRequest } from 'fastify'
import { openIsolationContext } from '../store/workspace-isolation.ts'
import type { TandemApp } from './app-deps.ts'

/**
 * Every request runs in an isolation context of its own, which its guard (requireScope) isolates
 * to the caller's workspace once it knows it: from then on the request's queries see only that
 * workspace's rows, whatever they ask for. Registered before the routes.
 */
export function isolateRequests(app: TandemApp): void {
  const contexts = new WeakMap<FastifyRequest, AsyncResource>()
  app.addHook('onRequest', (request, _reply, done) => {
    openIsolationContext(() => {
      contexts.set(request, new AsyncResource('tandem-request'))
      done()
    })
  })
  // A body is read from the socket's events, outside the request's context: validation, the
  // tracking API's guard and the handler run back inside it.
  app.addHook('preValidation', (request, _reply, done) => {
    const context = contexts.get(request)
    if (context === undefined) done()
    else context.runInAsyncScope(done)
  })
}
