import type { Command } from 'commander'
import { issueApiKey, type Scope } from '../../services/api-keys.ts'
import { userByEmail, withWorkspace } from '../with-workspace.ts'

export interface ApiKeyOptions {
  readonly workspace: string
  readonly name: string
  readonly scope: Scope[]
  readonly write: boolean
  readonly user?: string
}

export const SCOPES: readonly Scope[] = ['ingest', 'read', 'write', 'admin']

export async function apiKeyCreateCommand(options: ApiKeyOptions, command: Command): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const user =
      options.user === undefined ? undefined : await userByEmail(db, workspaceId, options.user)
    const issued = await issueApiKey(db, {
      workspaceId,
      kind: options.write ? 'write' : 'api',
      name: options.name,
      scopes: options.scope,
      ...(user === undefined ? {} : { userId: user.id }),
    })
    process.stdout.write(`${issued.key}\n`)
  })
}
