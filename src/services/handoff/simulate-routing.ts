import type { Kysely } from 'kysely'
import type { RoutingContract } from '../../domain/contracts/contract-schemas.ts'
import type { Database } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import { getContact } from '../contacts.ts'
import { contractByVersion } from '../contracts.ts'
import { requireActiveRouting } from './active-routing.ts'
import { type RoutingDecision, routeContact } from './route-lead.ts'

export interface Simulation extends RoutingDecision {
  readonly routingVersion: number
}

/**
 * Who would get this contact now, and why, under the active routing rules or a given version
 * (a draft, say). Nobody's round-robin turn is taken.
 */
export async function simulateRouting(
  db: Kysely<Database>,
  workspaceId: string,
  contactId: string,
  options: { readonly version?: number; readonly now: Date },
): Promise<Simulation> {
  await getContact(db, workspaceId, contactId)
  let routing: { readonly version: number; readonly body: RoutingContract }
  if (options.version === undefined) routing = await requireActiveRouting(db, workspaceId)
  else {
    const version = await contractByVersion(db, workspaceId, 'routing', options.version)
    if (version === undefined)
      throw new AppError(
        'not_found',
        `There is no routing version ${options.version}. See the versions with GET /v1/contracts?kind=routing.`,
      )
    // Asked for by kind, so the body is a routing contract.
    routing = { version: version.version, body: version.body as RoutingContract }
  }
  const decision = await routeContact(db, workspaceId, contactId, routing.body, {
    now: options.now,
    dryRun: true,
  })
  return { routingVersion: routing.version, ...decision }
}
