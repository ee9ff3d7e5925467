import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { Clock } from '../domain/clock.ts'
import { ACTION_RULES, type Action, refusal, roleMay } from '../domain/role-permissions.ts'
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

/** What a route needs beyond its scope, and where it takes its key from. */
export interface Needs {
  /** The action a person's role must allow (role-permissions.ts); keys acting for no one skip it. */
  readonly action?: Action
  readonly source?: KeySource
}

/** What a route's guard requires, as the API description publishes it. */
export interface Requirement {
  readonly scope: Scope
  readonly action?: Action
}

/**
 * A route hook (onRequest, so no one unauthorised learns even how their input was wrong) that
 * admits a request whose key or session holds `scope` (admin holds every scope) and, when the
 * route names an action, whose person's role may do it; and isolates the rest of the request to
 * the caller's workspace (row-level security, isolate-requests.ts).
 */
export function requireScope(db: Kysely<Database>, clock: Clock, scope: Scope, needs: Needs = {}) {
  const source = needs.source ?? headerKey
  const guard = async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const key = source.keyOf(request)
    // Without a key, a person logged in to this server (the session cookie) acts as themselves.
    const session = source === headerKey ? request.cookies?.[SESSION_COOKIE] : undefined
    let principal: KeyPrincipal | undefined
    if (key === undefined && session !== undefined) {
      principal = await authenticateSession(db, session, clock.now())
      if (principal === undefined)
        throw new AppError('unauthorized', 'The session has ended: log in again.')
    } else {
      if (key === undefined) throw new AppError('unauthorized', source.missing)
      principal = await authenticateKey(db, key, clock.now())
      if (principal === undefined) {
        throw new AppError(
          'unauthorized',
          'The API key is not valid (unknown, revoked or malformed). Create one with "tandem api-key create".',
        )
      }
    }
    checkScope(principal, scope)
    if (needs.action !== undefined) checkRole(principal, needs.action)
    request.principal = principal
    isolateTo(principal.workspaceId)
  }
  const requirement: Requirement = {
    scope,
    ...(needs.action === undefined ? {} : { action: needs.action }),
  }
  return Object.assign(guard, { [REQUIREMENT]: requirement })
}

const REQUIREMENT = Symbol('requirement')

/** What a route's guard requires, from its onRequest, preValidation or preHandler hooks. */
export function requirementOf(route: {
  readonly onRequest?: unknown
  readonly preValidation?: unknown
  readonly preHandler?: unknown
}): Requirement | undefined {
  for (const hooks of [route.onRequest, route.preValidation, route.preHandler]) {
    for (const hook of [hooks].flat())
      if (typeof hook === 'function' && REQUIREMENT in hook)
        return (hook as { [REQUIREMENT]: Requirement })[REQUIREMENT]
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

/** A person's role, or the role of the person a key acts for, narrows what the scope allows. */
function checkRole(principal: KeyPrincipal, action: Action): void {
  if (principal.role === null || roleMay(principal.role, action)) return
  throw new AppError('forbidden', refusal(principal.role, action), {
    action,
    roles: ACTION_RULES[action].by.roles,
    role: principal.role,
  })
}
