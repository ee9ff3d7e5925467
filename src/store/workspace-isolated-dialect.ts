import {
  type AbortableOperationOptions,
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'
import { MEMBER_ROLE, WORKSPACE_SETTING } from './migrations/0011-row-level-security.ts'
import { checkedWorkspaceId, isolatedWorkspace } from './workspace-isolation.ts'

/**
 * How a connection is put under a workspace's row-level security:
 * - `session` (PostgreSQL): each pooled connection serves one caller at a time, so taking one
 *   sets its role and workspace for the session, and taking one for no workspace puts it back.
 *   Whoever takes a connection next sets what they need before their first query, so a failed
 *   reset cannot hand a workspace on; a connection taken for the workspace it already has costs
 *   nothing.
 * - `transaction` (PGlite): its one session also runs the job queue's queries between ours, so
 *   the role and workspace are set local to a transaction (which PGlite runs exclusively), and a
 *   query outside a transaction gets a transaction of its own.
 */
export type IsolationMode = 'session' | 'transaction'

// Literals rather than parameters: PGlite runs a statement without parameters several times
// faster, and a UUID, checked here, cannot break out of its quotes.
function scope(workspaceId: string, local: boolean): CompiledQuery {
  return CompiledQuery.raw(
    `select set_config('role', '${MEMBER_ROLE}', ${local}), set_config('${WORKSPACE_SETTING}', '${checkedWorkspaceId(workspaceId)}', ${local})`,
  )
}

const UNSCOPE = CompiledQuery.raw(
  `select set_config('role', 'none', false), set_config('${WORKSPACE_SETTING}', '', false)`,
)

/**
 * Wraps a dialect so that a connection taken while the current context is isolated to a
 * workspace (workspace-isolation.ts) runs its queries as the role tandem_member for that
 * workspace; outside such a context nothing changes.
 */
export function workspaceIsolatedDialect(inner: Dialect, mode: IsolationMode): Dialect {
  return {
    createDriver: () =>
      mode === 'session'
        ? sessionIsolatedDriver(inner.createDriver())
        : transactionIsolatedDriver(inner.createDriver()),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
  }
}

// What a session is set to: a workspace, nothing, or not known after a failed change.
const CLEAN = Symbol('clean')
const UNKNOWN = Symbol('unknown')

function sessionIsolatedDriver(inner: Driver): Driver {
  const sessions = new WeakMap<DatabaseConnection, string | typeof CLEAN | typeof UNKNOWN>()
  return {
    init: (options) => inner.init(options),
    destroy: (options) => inner.destroy(options),
    async acquireConnection(options) {
      const connection = await inner.acquireConnection(options)
      const wanted = isolatedWorkspace() ?? CLEAN
      if ((sessions.get(connection) ?? CLEAN) === wanted) return connection
      try {
        await connection.executeQuery(wanted === CLEAN ? UNSCOPE : scope(wanted, false))
        sessions.set(connection, wanted)
      } catch (error) {
        sessions.set(connection, UNKNOWN)
        await inner.releaseConnection(connection, options)
        throw error
      }
      return connection
    },
    releaseConnection: (connection, options) => inner.releaseConnection(connection, options),
    beginTransaction: (connection, settings) => inner.beginTransaction(connection, settings),
    commitTransaction: (connection) => inner.commitTransaction(connection),
    rollbackTransaction: (connection) => inner.rollbackTransaction(connection),
    ...savepoints(inner, (connection) => connection),
  }
}

class IsolatedConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection
  readonly driver: Driver
  workspaceId: string | undefined = undefined
  inTransaction = false

  constructor(inner: DatabaseConnection, driver: Driver) {
    this.inner = inner
    this.driver = driver
  }

  async executeQuery<R>(
    query: CompiledQuery,
    options?: AbortableOperationOptions,
  ): Promise<QueryResult<R>> {
    const workspaceId = this.workspaceId
    if (workspaceId === undefined || this.inTransaction)
      return this.inner.executeQuery(query, options)
    await this.driver.beginTransaction(this.inner, {})
    try {
      await this.inner.executeQuery(scope(workspaceId, true))
      const result = await this.inner.executeQuery<R>(query, options)
      await this.driver.commitTransaction(this.inner)
      return result
    } catch (error) {
      await this.driver.rollbackTransaction(this.inner)
      throw error
    }
  }

  streamQuery<R>(
    query: CompiledQuery,
    chunkSize: number,
    options?: AbortableOperationOptions,
  ): AsyncIterableIterator<QueryResult<R>> {
    if (this.workspaceId !== undefined && !this.inTransaction)
      throw new Error('Stream a workspace-isolated query inside a transaction')
    return this.inner.streamQuery(query, chunkSize, options)
  }
}

function transactionIsolatedDriver(inner: Driver): Driver {
  const wrappers = new WeakMap<DatabaseConnection, IsolatedConnection>()
  const unwrap = (connection: DatabaseConnection) =>
    connection instanceof IsolatedConnection ? connection.inner : connection
  const asIsolated = (connection: DatabaseConnection) => {
    if (!(connection instanceof IsolatedConnection))
      throw new Error('Not a connection of this driver')
    return connection
  }
  return {
    init: (options) => inner.init(options),
    destroy: (options) => inner.destroy(options),
    async acquireConnection(options) {
      const connection = await inner.acquireConnection(options)
      let wrapper = wrappers.get(connection)
      if (wrapper === undefined) {
        wrapper = new IsolatedConnection(connection, inner)
        wrappers.set(connection, wrapper)
      }
      wrapper.workspaceId = isolatedWorkspace()
      wrapper.inTransaction = false
      return wrapper
    },
    releaseConnection: (connection, options) =>
      inner.releaseConnection(unwrap(connection), options),
    async beginTransaction(connection, settings: TransactionSettings) {
      const isolated = asIsolated(connection)
      await inner.beginTransaction(isolated.inner, settings)
      isolated.inTransaction = true
      if (isolated.workspaceId === undefined) return
      try {
        await isolated.inner.executeQuery(scope(isolated.workspaceId, true))
      } catch (error) {
        isolated.inTransaction = false
        await inner.rollbackTransaction(isolated.inner)
        throw error
      }
    },
    async commitTransaction(connection) {
      const isolated = asIsolated(connection)
      isolated.inTransaction = false
      await inner.commitTransaction(isolated.inner)
    },
    async rollbackTransaction(connection) {
      const isolated = asIsolated(connection)
      isolated.inTransaction = false
      await inner.rollbackTransaction(isolated.inner)
    },
    ...savepoints(inner, unwrap),
  }
}

type CompileQuery = QueryCompiler['compileQuery']

function savepoints(
  inner: Driver,
  unwrap: (connection: DatabaseConnection) => DatabaseConnection,
): Pick<Driver, 'savepoint' | 'rollbackToSavepoint' | 'releaseSavepoint'> {
  const call =
    (method: 'savepoint' | 'rollbackToSavepoint' | 'releaseSavepoint') =>
    async (connection: DatabaseConnection, name: string, compile: CompileQuery) => {
      const fn = inner[method]
      if (fn === undefined) throw new Error(`The driver does not support ${method}`)
      await fn.call(inner, unwrap(connection), name, compile)
    }
  return {
    savepoint: call('savepoint'),
    rollbackToSavepoint: call('rollbackToSavepoint'),
    releaseSavepoint: call('releaseSavepoint'),
  }
}
