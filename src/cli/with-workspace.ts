import type { Command } from 'commander'
import type { Kysely } from 'kysely'
import { loadConfig } from '../config.ts'
import { AppError } from '../services/app-error.ts'
import { findWorkspaceBySlug } from '../services/workspaces.ts'
import type { Database } from '../store/database.ts'
import { configFlags } from './config-flags.ts'
import { openConfiguredStore } from './open-configured-store.ts'
import { createProgress, type ProgressReporter } from './progress.ts'

export interface WorkspaceContext {
  readonly db: Kysely<Database>
  readonly workspaceId: string
  /** Progress and messages go to stderr, so stdout carries only the command's answer. */
  readonly progress: ProgressReporter
}

/** Opens the configured database, finds the workspace by slug, runs `work`, and closes. */
export async function withWorkspace<T>(
  slug: string,
  command: Command,
  work: (context: WorkspaceContext) => Promise<T>,
): Promise<T> {
  const config = loadConfig(configFlags(command))
  const progress = createProgress(process.stderr)
  const store = await openConfiguredStore(config, progress)
  try {
    const workspace = await findWorkspaceBySlug(store.db, slug)
    if (workspace === undefined)
      throw new AppError(
        'not_found',
        `There is no workspace "${slug}". Name an existing one with --workspace SLUG.`,
      )
    return await work({ db: store.db, workspaceId: workspace.id, progress })
  } finally {
    await store.close()
  }
}

/** A workspace user by email, for commands that act as a person (--as, --user). */
export async function userByEmail(
  db: Kysely<Database>,
  workspaceId: string,
  email: string,
): Promise<{ id: string }> {
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst()
  if (user === undefined)
    throw new AppError('not_found', `There is no user "${email}" in this workspace.`)
  return user
}

/** The --workspace option every command that works in one workspace takes. */
export interface WorkspaceOption {
  readonly workspace: string
}

/** The options of a command done by a person, who is named with --as. */
export interface ActingOptions extends WorkspaceOption {
  /** The email of the workspace user acting. */
  readonly as: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether a command-line argument is an id rather than a natural key such as an email. */
export const isUuid = (text: string) => UUID.test(text)

/** A contact named by id or email, or an account by id or domain. */
export async function entityId(
  db: Kysely<Database>,
  workspaceId: string,
  entity: 'contact' | 'account',
  who: string,
): Promise<string> {
  const byId = isUuid(who)
  const found =
    entity === 'contact'
      ? await db
          .selectFrom('contacts')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where(byId ? 'id' : 'email', '=', byId ? who : who.toLowerCase())
          .where('erased_at', 'is', null)
          .executeTakeFirst()
      : await db
          .selectFrom('accounts')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where(byId ? 'id' : 'domain', '=', byId ? who : who.toLowerCase())
          .executeTakeFirst()
  if (found === undefined)
    throw new AppError(
      'not_found',
      entity === 'contact'
        ? `No contact with id or email "${who}" in this workspace.`
        : `No account with id or domain "${who}" in this workspace.`,
    )
  return found.id
}
