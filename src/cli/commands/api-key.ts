import type { Command } from 'commander'
import { loadConfig } from '../../config.ts'
import { issueApiKey, type Scope } from '../../services/api-keys.ts'
import { AppError } from '../../services/app-error.ts'
import { findWorkspaceBySlug } from '../../services/workspaces.ts'
import { configFlags } from '../config-flags.ts'
import { openConfiguredStore } from '../open-configured-store.ts'
import { createProgress } from '../progress.ts'

export interface ApiKeyOptions {
  readonly workspace: string
  readonly name: string
  readonly scope: Scope[]
  readonly write: boolean
  readonly user?: string
}

export const SCOPES: readonly Scope[] = ['ingest', 'read', 'write', 'admin']

export async function apiKeyCreateCommand(options: ApiKeyOptions, command: Command): Promise<void> {
  const config = loadConfig(configFlags(command))
  const progress = createProgress(process.stderr)
  const store = await openConfiguredStore(config, progress)
  try {
    const workspace = await findWorkspaceBySlug(store.db, options.workspace)
    if (workspace === undefined) {
      throw new AppError(
        'not_found',
        `There is no workspace "${options.workspace}". Name an existing one with --workspace SLUG.`,
      )
    }
    const user =
      options.user === undefined
        ? undefined
        : await store.db
            .selectFrom('users')
            .select('id')
            .where('workspace_id', '=', workspace.id)
            .where('email', '=', options.user.toLowerCase())
            .executeTakeFirst()
    if (options.user !== undefined && user === undefined)
      throw new AppError(
        'not_found',
        `There is no user "${options.user}" in ${options.workspace}. Name one of its users by email.`,
      )
    const issued = await issueApiKey(store.db, {
      workspaceId: workspace.id,
      kind: options.write ? 'write' : 'api',
      name: options.name,
      scopes: options.scope,
      ...(user === undefined ? {} : { userId: user.id }),
    })
    process.stdout.write(`${issued.key}\n`)
  } finally {
    await store.close()
  }
}
