import type { Command } from 'commander'
import { loadConfig } from '../../config.ts'
import { AppError } from '../../services/app-error.ts'
import { setPassword } from '../../services/auth/sessions.ts'
import { addUser } from '../../services/users.ts'
import { createWorkspace, findWorkspaceBySlug } from '../../services/workspaces.ts'
import type { Role } from '../../store/database.ts'
import { configFlags } from '../config-flags.ts'
import { openConfiguredStore } from '../open-configured-store.ts'
import { createProgress } from '../progress.ts'
import { withWorkspace } from '../with-workspace.ts'

/** `tandem workspace create SLUG`: an empty workspace, to import a company's own data into. */
export async function workspaceCreateCommand(
  slug: string,
  options: { readonly name?: string },
  command: Command,
): Promise<void> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug))
    throw new AppError(
      'validation_failed',
      `"${slug}" is not a usable slug: lower-case letters, digits and dashes, starting with a letter or digit.`,
    )
  const store = await openConfiguredStore(
    loadConfig(configFlags(command)),
    createProgress(process.stderr),
  )
  try {
    if ((await findWorkspaceBySlug(store.db, slug)) !== undefined)
      throw new AppError('conflict', `A workspace "${slug}" already exists.`)
    const workspace = await createWorkspace(store.db, { slug, name: options.name ?? slug })
    process.stdout.write(`Created workspace "${slug}" (${workspace.id}).\n`)
  } finally {
    await store.close()
  }
}

/** `tandem user add EMAIL --role ROLE`: a person who works in the workspace. */
export async function userAddCommand(
  email: string,
  options: { readonly workspace: string; readonly role: Role; readonly name?: string },
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    await addUser(db, {
      workspaceId,
      email,
      name: options.name ?? email.split('@')[0] ?? email,
      role: options.role,
    })
    process.stdout.write(`Added ${email.toLowerCase()} as ${options.role}.\n`)
  })
}

/**
 * `tandem user password EMAIL`: sets the password a person logs in with, read from standard
 * input (the first line), so it never shows in the shell history or the process list.
 */
export async function userPasswordCommand(
  email: string,
  options: { readonly workspace: string },
  command: Command,
): Promise<void> {
  if (process.stdin.isTTY) process.stderr.write(`New password for ${email}: `)
  const password = await firstLine(process.stdin)
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    await setPassword(db, { workspaceId, email, password })
    process.stdout.write(
      `Set the password of ${email.toLowerCase()}; their open sessions were ended.\n`,
    )
  })
}

async function firstLine(input: NodeJS.ReadableStream): Promise<string> {
  let text = ''
  for await (const chunk of input) {
    text += String(chunk)
    if (text.includes('\n')) break
  }
  return text.split(/\r?\n/)[0] ?? ''
}
