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
    const issued = await issueApiKey(store.db, {
      workspaceId: workspace.id,
      kind: options.write ? 'write' : 'api',
      name: options.name,
      scopes: options.scope,
    })
    process.stdout.write(`${issued.key}\n`)
  } finally {
    await store.close()
  }
}
