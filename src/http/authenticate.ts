import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Clock } from '../domain/clock.ts'
import { authenticateKey, type KeyPrincipal, type Scope } from '../services/api-keys.ts'
import { AppError } from '../services/app-error.ts'
import { authenticateSession } from '../services/auth/sessions.ts'
import type { Database } from '../store/database.ts'
import { isolateTo } from '../store/workspace-isolation.ts'

/** The cookie that carries a logged-in person's session token. */
export const SESSION_COOKIE = 'tandem_session'

declare module 'fastify' {
  interface FastifyRequest {
    principal?: KeyPrincipal
  }
}

/** The key from `Authorization: Bearer KEY` or HTTP Basic with the key as user name. */
export function keyFromHeader(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2)
  if (scheme.toLowerCase() === 'bearer') return value
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8')
    return decoded.split(':', 1)[0]
  }
  return undefined
}

export interface KeySource {
  /** Where this endpoint takes its key from. */
  readonly keyOf: (request: FastifyRequest) => string | undefined
  /** Says how to send a key, when none came. */
  readonly missing: string
}

const headerKey: KeySource = {
  keyOf: (request) => keyFromHeader(request.headers.authorization),
  missing: 'This endpoint needs an API key: send it as "Authorization: Bearer <key>".',
}

/**
 * A route hook (onRequest, so no one unauthorised learns even how their input was wrong) that
 * admits a request whose key or session holds `scope` (admin holds every scope), and isolates
 * the rest of the request to the caller's workspace (row-level security, isolate-requests.ts).
 */
export function requireScope(
  db: Kysely<Database>,
  clock: Clock,
  scope: Scope,
  source: KeySource = headerKey,
) {
  const guard = async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const key = source.keyOf(request)
    // Without a key, a person logged in to this server (the session cookie) acts as themselves.
    const session = source === headerKey ? request.cookies?.[SESSION_COOKIE] : undefined
    if (key === undefined && session !== undefined) {
      const principal = await authenticateSession(db, session, clock.now())
      if (principal === undefined)
        throw new AppError('unauthorized', 'The session has ended: log in again.')
      request.principal = principal
      isolateTo(principal.workspaceId)
      return checkScope(principal, scope)
    }
    if (key === undefined) throw new AppError('unauthorized', source.missing)
    const principal = await authenticateKey(db, key, clock.now())
    if (principal === undefined) {
      throw new AppError(
        'unauthorized',
        'The API key is not valid (unknown, revoked or malformed). Create one with "tandem api-key create".',
      )
    }
    checkScope(principal, scope)
    request.principal = principal
    isolateTo(principal.workspaceId)
  }
  return Object.assign(guard, { [REQUIRED_SCOPE]: scope })
}

const REQUIRED_SCOPE = Symbol('requiredScope')

/** The scope a route's guard requires, from its onRequest, preValidation or preHandler hooks. */
export function requiredScopeOf(route: {
  readonly onRequest?: unknown
  readonly preValidation?: unknown
  readonly preHandler?: unknown
}): Scope | undefined {
  for (const hooks of [route.onRequest, route.preValidation, route.preHandler]) {
    for (const hook of [hooks].flat())
      if (typeof hook === 'function' && REQUIRED_SCOPE in hook)
        return (hook as { [REQUIRED_SCOPE]: Scope })[REQUIRED_SCOPE]
  }
  return undefined
}

function checkScope(principal: KeyPrincipal, scope: Scope): void {
  if (principal.scopes.includes(scope) || principal.scopes.includes('admin')) return
  const who = principal.kind === 'session' ? "Your role's access" : 'This API key'
  throw new AppError('forbidden', `${who} lacks the "${scope}" scope.`, {
    missingScope: scope,
    scopes: principal.scopes,
  })
}
