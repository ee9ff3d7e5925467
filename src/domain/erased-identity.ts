import { createHash } from 'node:crypto'

// An erased person's identifiers are kept only as one-way hashes, salted with the workspace, so
// that a late event, a retried batch or a re-import naming them is recognised and set aside
// instead of bringing the person back. The hash cannot be turned back into the identifier.

/** An identifier as erasure keeps it: email, user_id, anonymous_id, or `external:SOURCE`. */
export interface ErasableIdentity {
  readonly kind: string
  readonly value: string
}

export const erasedIdentityKey = (identity: ErasableIdentity): string =>
  `${identity.kind}:${identity.value}`

/** The stored hash of one identifier within one workspace. */
export function erasedIdentityHash(workspaceId: string, identity: ErasableIdentity): string {
  return createHash('sha256')
    .update(`${workspaceId}\n${identity.kind}\n${identity.value}`)
    .digest('hex')
}

/** The identity kind an id from an imported system is kept under. */
export const externalIdentityKind = (source: string): string => `external:${source}`
