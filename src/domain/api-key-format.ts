import { createHash } from 'node:crypto'

// A key reads `tdm_<workspace id as 32 hex>_<secret>` (write keys: `twk_...`, the session tokens
// behind a login cookie: `tss_...`). Carrying the workspace in the key lets every lookup stay
// inside one workspace, as the schema requires.

const prefixes = { api: 'tdm', write: 'twk', session: 'tss' } as const
export type KeyKind = keyof typeof prefixes

export interface ParsedKey {
  readonly kind: KeyKind
  readonly workspaceId: string
  readonly secret: string
}

const keyPattern = /^(tdm|twk|tss)_([0-9a-f]{32})_([A-Za-z0-9_-]{32,})$/

export function formatKey(kind: KeyKind, workspaceId: string, secret: string): string {
  return `${prefixes[kind]}_${workspaceId.replaceAll('-', '')}_${secret}`
}

export function parseKey(key: string): ParsedKey | undefined {
  const match = keyPattern.exec(key)
  if (match === null) return undefined
  const [, prefix, hex = '', secret = ''] = match
  const workspaceId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  const kind = prefix === 'twk' ? 'write' : prefix === 'tss' ? 'session' : 'api'
  return { kind, workspaceId, secret }
}

/** Keys are long random strings, so a fast hash is enough; the plain key is never stored. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** What a user sees to recognise a key without it being usable: its prefix and last 4 characters. */
export function keyHint(key: string): string {
  return `${key.slice(0, 4)}…${key.slice(-4)}`
}
