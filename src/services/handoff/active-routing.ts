import type { Kysely } from 'kysely'
import type { RoutingContract } from '../../domain/contracts/contract-schemas.ts'
import type { Database } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import { activeContracts } from '../contracts.ts'

/** The workspace's active routing rules, or an error that says how to get some. */
export async function requireActiveRouting(
  db: Kysely<Database>,
  workspaceId: string,
): Promise<{ readonly version: number; readonly body: RoutingContract }> {
  const routing = (await activeContracts(db, workspaceId)).routing
  if (routing !== undefined) return routing
  throw new AppError(
    'conflict',
    'This workspace has no active routing rules. Draft them (tandem contract draft examples/contracts/routing.yaml, or POST /v1/contracts), have marketing and sales approve them, and activate them.',
  )
}
