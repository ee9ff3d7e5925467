import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { createAttemptLimiter } from '../../domain/attempt-limiter.ts'
import { AppError } from '../../services/app-error.ts'
import { authenticateSession, logIn, logOut, SESSION_TTL_MS } from '../../services/auth/sessions.ts'
import type { RouteDeps } from '../app-deps.ts'
import { SESSION_COOKIE } from '../authenticate.ts'
import { Timestamp } from '../common-schemas.ts'
import { errorResponses } from '../error-mapper.ts'

// Logging in for people (the dashboard): POST /v1/session with workspace, email and password
// sets an HttpOnly session cookie; every endpoint then admits the person with the scopes of
// their role. Failed logins are limited per workspace and email, and per address.

export const LOGIN_FAILURES_ALLOWED = 5
export const ADDRESS_FAILURES_ALLOWED = 50
export const LOGIN_WINDOW_MS = 15 * 60_000

const SessionUser = Type.Object({
  id: Type.String(),
  workspaceId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Type.String(),
})

const SessionBody = Type.Object({ user: SessionUser, expiresAt: Timestamp })

const LoginBody = Type.Object(
  {
    workspace: Type.String({ minLength: 1, maxLength: 100, description: 'The workspace slug' }),
    email: Type.String({ minLength: 3, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
)

export const sessionRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock } = deps
  // One login is guessed at slowly; one address (an office behind one IP) gets more room.
  const limiters = [
    {
      limiter: createAttemptLimiter({
        maxFailures: LOGIN_FAILURES_ALLOWED,
        windowMs: LOGIN_WINDOW_MS,
      }),
      key: (workspace: string, email: string, _ip: string) =>
        `${workspace}:${email.trim().toLowerCase()}`,
    },
    {
      limiter: createAttemptLimiter({
        maxFailures: ADDRESS_FAILURES_ALLOWED,
        windowMs: LOGIN_WINDOW_MS,
      }),
      key: (_workspace: string, _email: string, ip: string) => ip,
    },
  ]

  app.post(
    '/v1/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Log in: sets the session cookie for the dashboard',
        description: `Workspace slug, email and password. A wrong one of the three is not told apart. After ${LOGIN_FAILURES_ALLOWED} failures within ${LOGIN_WINDOW_MS / 60_000} minutes for one login (${ADDRESS_FAILURES_ALLOWED} for one address), 429 with Retry-After.`,
        body: LoginBody,
        response: { 200: SessionBody, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { workspace, email, password } = request.body
      const now = clock.now()
      const keyed = limiters.map((l) => ({
        limiter: l.limiter,
        key: l.key(workspace, email, request.ip),
      }))
      const wait = Math.max(...keyed.map((k) => k.limiter.retryAfterMs(k.key, now.getTime())))
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000)
        reply.header('retry-after', String(seconds))
        throw new AppError(
          'rate_limited',
          `Too many failed logins: try again in ${Math.ceil(seconds / 60)} minute(s), or ask an admin to set your password ("tandem user password").`,
        )
      }
      const session = await logIn(db, { workspace, email, password, now })
      if (session === undefined) {
        for (const k of keyed) k.limiter.recordFailure(k.key, now.getTime())
        throw new AppError(
          'unauthorized',
          'The workspace, email or password is not right. An admin can set a password with "tandem user password".',
        )
      }
      for (const k of keyed) k.limiter.recordSuccess(k.key)
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: SESSION_TTL_MS / 1000,
      })
      return { user: session.user, expiresAt: session.expiresAt.toISOString() }
    },
  )

  app.get(
    '/v1/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Who is logged in, from the session cookie',
        response: { 200: SessionBody, ...errorResponses(401) },
      },
    },
    async (request) => {
      const token = request.cookies[SESSION_COOKIE]
      const principal =
        token === undefined ? undefined : await authenticateSession(db, token, clock.now())
      if (principal === undefined)
        throw new AppError('unauthorized', 'Nobody is logged in: POST /v1/session to log in.')
      return { user: principal.user, expiresAt: principal.expiresAt.toISOString() }
    },
  )

  app.delete(
    '/v1/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Log out: ends the session and clears the cookie',
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE]
      if (token !== undefined) await logOut(db, token, clock.now())
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.status(204).send(null)
    },
  )
}
