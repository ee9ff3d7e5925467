import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { formatKey, hashKey, parseKey } from '../../domain/api-key-format.ts'
import type { Database, Role } from '../../store/database.ts'
import { asWorkspace } from '../../store/workspace-isolation.ts'
import { type KeyPrincipal, newKeySecret, type Scope } from '../api-keys.ts'
import { AppError } from '../app-error.ts'
import { findWorkspaceBySlug } from '../workspaces.ts'
import { hashPassword, passwordProblem, verifyPassword } from './password-hash.ts'

// People log in with their workspace, email and password, and get a session: a random token
// (only its hash is stored) that expires after SESSION_TTL_MS. A session acts as its user with
// the scopes of the user's role.

export const SESSION_TTL_MS = 12 * 3_600_000

/**
 * The scopes each role's sessions hold: admins everything, everyone else read and write, which
 * the role then narrows route by route (domain/role-permissions.ts).
 */
export const ROLE_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  admin: ['admin'],
  marketing: ['read', 'write'],
  sales: ['read', 'write'],
  sdr: ['read', 'write'],
  ae: ['read', 'write'],
  cs: ['read', 'write'],
}

export interface LogIn {
  readonly workspace: string
  readonly email: string
  readonly password: string
  readonly now: Date
}

export interface Session {
  readonly token: string
  readonly expiresAt: Date
  readonly user: SessionUser
}

export interface SessionUser {
  readonly id: string
  readonly workspaceId: string
  readonly email: string
  readonly name: string
  readonly role: Role
}

// Compared against when no such user exists, so a wrong email costs as long as a wrong password.
const NOBODY = hashPassword('no user has this password')

/** A new session, or undefined when the workspace, email or password is wrong (which is not said). */
export async function logIn(db: Kysely<Database>, attempt: LogIn): Promise<Session | undefined> {
  const workspace = await findWorkspaceBySlug(db, attempt.workspace)
  const user =
    workspace === undefined
      ? undefined
      : await db
          .selectFrom('users')
          .select(['id', 'workspace_id', 'email', 'name', 'role', 'password_hash'])
          .where('workspace_id', '=', workspace.id)
          .where((eb) => eb(eb.fn('lower', ['email']), '=', attempt.email.trim().toLowerCase()))
          .where('active', '=', true)
          .executeTakeFirst()
  const stored = user?.password_hash ?? (await NOBODY)
  const matches = await verifyPassword(attempt.password, stored)
  if (user === undefined || user.password_hash === null || !matches) return undefined
  const token = formatKey('session', user.workspace_id, newKeySecret())
  const expiresAt = new Date(attempt.now.getTime() + SESSION_TTL_MS)
  await db
    .insertInto('sessions')
    .values({
      workspace_id: user.workspace_id,
      id: randomUUID(),
      user_id: user.id,
      token_hash: hashKey(token),
      created_at: attempt.now,
      expires_at: expiresAt,
    })
    .execute()
  return {
    token,
    expiresAt,
    user: {
      id: user.id,
      workspaceId: user.workspace_id,
      email: user.email,
      name: user.name,
      role: user.role,
    },
  }
}

/** The principal a session token stands for, or undefined when unknown, expired or its user left. */
export async function authenticateSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<(KeyPrincipal & { readonly user: SessionUser; readonly expiresAt: Date }) | undefined> {
  const parsed = parseKey(token)
  if (parsed?.kind !== 'session') return undefined
  // The token names its workspace, so even finding it reads that workspace's rows only.
  const row = await asWorkspace(parsed.workspaceId, () =>
    db
      .selectFrom('sessions as s')
      .innerJoin('users as u', (j) =>
        j.onRef('u.workspace_id', '=', 's.workspace_id').onRef('u.id', '=', 's.user_id'),
      )
      .select(['s.id', 's.expires_at', 'u.id as user_id', 'u.email', 'u.name', 'u.role'])
      .where('s.workspace_id', '=', parsed.workspaceId)
      .where('s.token_hash', '=', hashKey(token))
      .where('s.expires_at', '>', now)
      .where('u.active', '=', true)
      .executeTakeFirst(),
  )
  if (row === undefined) return undefined
  return {
    workspaceId: parsed.workspaceId,
    keyId: row.id,
    kind: 'session',
    scopes: ROLE_SCOPES[row.role],
    userId: row.user_id,
    role: row.role,
    expiresAt: row.expires_at,
    user: {
      id: row.user_id,
      workspaceId: parsed.workspaceId,
      email: row.email,
      name: row.name,
      role: row.role,
    },
  }
}

/** Ends a session (and sweeps the workspace's expired ones). */
export async function logOut(db: Kysely<Database>, token: string, now: Date): Promise<void> {
  const parsed = parseKey(token)
  if (parsed?.kind !== 'session') return
  await asWorkspace(parsed.workspaceId, () =>
    db
      .deleteFrom('sessions')
      .where('workspace_id', '=', parsed.workspaceId)
      .where((eb) => eb.or([eb('token_hash', '=', hashKey(token)), eb('expires_at', '<=', now)]))
      .execute(),
  )
}

/** Sets a user's password, refusing a weak one; ends the user's sessions. */
export async function setPassword(
  db: Kysely<Database>,
  input: { readonly workspaceId: string; readonly email: string; readonly password: string },
): Promise<void> {
  const problem = passwordProblem(input.password)
  if (problem !== undefined) throw new AppError('validation_failed', problem)
  const hash = await hashPassword(input.password)
  await db.transaction().execute(async (trx) => {
    const user = await trx
      .updateTable('users')
      .set({ password_hash: hash })
      .where('workspace_id', '=', input.workspaceId)
      .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.trim().toLowerCase()))
      .returning('id')
      .executeTakeFirst()
    if (user === undefined)
      throw new AppError('not_found', `There is no user ${input.email} in this workspace.`)
    await trx
      .deleteFrom('sessions')
      .where('workspace_id', '=', input.workspaceId)
      .where('user_id', '=', user.id)
      .execute()
  })
}
