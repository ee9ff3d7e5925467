import { AsyncLocalStorage } from 'node:async_hooks'

// Which workspace the code running now acts for, carried along its async calls. The database
// driver (workspace-isolated-dialect.ts) reads it when it takes a connection and, when it names
// a workspace, runs that connection's queries under row-level security for that workspace.
// Module-level like the async context it follows: it holds no state outside those contexts.

interface IsolationContext {
  workspaceId: string | undefined
}

const contexts = new AsyncLocalStorage<IsolationContext>()

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The workspace id, once checked to be a UUID (so it can go into SQL as a literal). */
export function checkedWorkspaceId(workspaceId: string): string {
  if (!UUID.test(workspaceId)) throw new Error(`Not a workspace id: "${workspaceId}"`)
  return workspaceId
}

/**
 * Runs `fn` in a fresh context that acts for no workspace yet: an HTTP request's, opened before
 * it is authenticated. `isolateTo` then names its workspace.
 */
export function openIsolationContext<T>(fn: () => T): T {
  return contexts.run({ workspaceId: undefined }, fn)
}

/**
 * From now on, the current context's queries see only this workspace. Throws when no context is
 * open: a request that lost its context would otherwise run unisolated without anyone noticing.
 */
export function isolateTo(workspaceId: string): void {
  const context = contexts.getStore()
  if (context === undefined)
    throw new Error('isolateTo needs an isolation context (openIsolationContext)')
  if (context.workspaceId !== undefined && context.workspaceId !== workspaceId)
    throw new Error('This context is already isolated to another workspace')
  context.workspaceId = checkedWorkspaceId(workspaceId)
}

/** Runs `fn` with its queries isolated to one workspace. */
export function asWorkspace<T>(workspaceId: string, fn: () => T): T {
  return contexts.run({ workspaceId: checkedWorkspaceId(workspaceId) }, fn)
}

/**
 * Runs `fn` outside any workspace: background work that serves every workspace, even when a
 * request is what set it going.
 */
export function acrossWorkspaces<T>(fn: () => T): T {
  return contexts.exit(fn)
}

/** The workspace the current context is isolated to, if any. */
export function isolatedWorkspace(): string | undefined {
  return contexts.getStore()?.workspaceId
}
