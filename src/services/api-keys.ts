import { randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { formatKey, hashKey, type KeyKind, keyHint, parseKey } from '../domain/api-key-format.ts'
import type { Database, Role } from '../store/database.ts'
import { asWorkspace } from '../store/workspace-isolation.ts'

export type Scope = 'ingest' | 'read' | 'write' | 'admin'

export interface NewApiKey {
  readonly workspaceId: string
  readonly kind: Exclude<KeyKind, 'session'>
  readonly name: string
  readonly scopes: readonly Scope[]
  readonly userId?: string
}

export interface IssuedKey {
  readonly id: string
  /** The plain key: shown once, never stored. */
  readonly key: string
}

export function newKeySecret(): string {
  return randomBytes(24).toString('base64url')
}

export async function issueApiKey(db: Kysely<Database>, input: NewApiKey): Promise<IssuedKey> {
  const id = randomUUID()
  const key = formatKey(input.kind, input.workspaceId, newKeySecret())
  await db
    .insertInto('api_keys')
    .values({
      workspace_id: input.workspaceId,
      id,
      kind: input.kind,
      name: input.name,
      key_hash: hashKey(key),
      key_hint: keyHint(key),
      scopes: [...(input.kind === 'write' ? ['ingest'] : input.scopes)],
      user_id: input.userId ?? null,
    })
    .execute()
  return { id, key }
}

export interface KeyPrincipal {
  readonly workspaceId: string
  readonly keyId: string
  readonly kind: KeyKind
  readonly scopes: readonly string[]
  /** The workspace user a key acts for (approvals need one), or null for a system key. */
  readonly userId: string | null
  /** That user's role, which narrows what the scopes allow (role-permissions.ts). */
  readonly role: Role | null
}

/** How stale `last_used_at` may get: recording every use would turn each request into a write. */
export const LAST_USED_PRECISION_MS = 60_000

/** The workspace and scopes a key grants, or undefined for a malformed, unknown or revoked key. */
export async function authenticateKey(
  db: Kysely<Database>,
  key: string,
  now: Date,
): Promise<KeyPrincipal | undefined> {
  const parsed = parseKey(key)
  // A session token is not an API key: it only ever comes in the login cookie.
  if (parsed === undefined || parsed.kind === 'session') return undefined
  // The key names its workspace, so even finding it reads that workspace's rows only.
  return asWorkspace(parsed.workspaceId, async () => {
    const row = await db
      .selectFrom('api_keys as k')
      .leftJoin('users as u', (j) =>
        j.onRef('u.workspace_id', '=', 'k.workspace_id').onRef('u.id', '=', 'k.user_id'),
      )
      .select(['k.id', 'k.kind', 'k.scopes', 'k.last_used_at', 'k.user_id', 'u.role'])
      .where('k.workspace_id', '=', parsed.workspaceId)
      .where('k.key_hash', '=', hashKey(key))
      .where('k.revoked_at', 'is', null)
      .executeTakeFirst()
    if (row === undefined) return undefined
    const lastUsed = row.last_used_at?.getTime() ?? Number.NEGATIVE_INFINITY
    if (now.getTime() - lastUsed >= LAST_USED_PRECISION_MS) {
      await db
        .updateTable('api_keys')
        .set({ last_used_at: now })
        .where('workspace_id', '=', parsed.workspaceId)
        .where('id', '=', row.id)
        .execute()
    }
    return {
      workspaceId: parsed.workspaceId,
      keyId: row.id,
      kind: row.kind,
      scopes: row.scopes,
      userId: row.user_id,
      role: row.role,
    }
  })
}
