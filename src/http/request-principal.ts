import type { FastifyRequest } from 'fastify'
import { AppError } from '../services/app-error.ts'
import type { AuditActor } from '../services/audit.ts'

/** The part of a request the helpers read: who the API key authenticated, if anyone. */
export type Principal = Pick<FastifyRequest, 'principal'>

/**
 * The key's workspace. Routes behind requireScope always have a principal; the empty id only
 * keeps the type simple and matches no workspace.
 */
export const workspaceOf = (request: Principal) => request.principal?.workspaceId ?? ''

/** The person acting: answers and stage moves are a person's decisions, not a system key's. */
export function userOf(request: Principal, what: string): string {
  const userId = request.principal?.userId
  if (userId == null)
    throw new AppError(
      'forbidden',
      `${what} is done by a person, and this API key acts for no one: use a key created for a workspace user ("tandem api-key create --user EMAIL").`,
    )
  return userId
}

/** Who the audit trail names: the key's user, or else the key itself. */
export function actorOf(request: Principal): AuditActor {
  return request.principal?.userId != null
    ? { type: 'user', id: request.principal.userId }
    : { type: 'api_key', id: request.principal?.keyId ?? null }
}

/** `me` as the key's user; any other value as given. */
export function userParam(request: Principal, value: string | undefined, name: string) {
  if (value !== 'me') return value
  const userId = request.principal?.userId
  if (userId == null)
    throw new AppError(
      'forbidden',
      `${name}=me means the API key's user, and this key acts for no one: pass a user id, or use a key created with "tandem api-key create --user EMAIL".`,
    )
  return userId
}

/** Lets a route whose body fields are all optional take no body at all, validated as {}. */
export async function absentBodyAsEmpty(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {}
}
