import type { Kysely } from 'kysely'
import type { Database } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import { type AuditActor, recordAudit } from '../audit.ts'
import { getContact } from '../contacts.ts'
import { requireActiveRouting } from './active-routing.ts'
import { type HandoffKind, handOff } from './hand-off.ts'
import type { RoutingDecision } from './route-lead.ts'

export interface ManualHandoffInput {
  readonly workspaceId: string
  readonly contactId: string
  readonly kind: HandoffKind
  /** Skips routing: the contact goes to this user. */
  readonly ownerId?: string
  readonly actor: AuditActor
  readonly at: Date
}

export interface ManualHandoff {
  readonly assignmentId: string
  readonly decision: RoutingDecision
}

/** Hands a contact to an owner now, routed by the active rules or named by hand. */
export async function handOffContact(
  db: Kysely<Database>,
  input: ManualHandoffInput,
): Promise<ManualHandoff> {
  const ws = input.workspaceId
  await getContact(db, ws, input.contactId)
  const routing = await requireActiveRouting(db, ws)
  let ownerReason: string | undefined
  if (input.ownerId !== undefined) {
    const owner = await db
      .selectFrom('users')
      .select(['name', 'active'])
      .where('workspace_id', '=', ws)
      .where('id', '=', input.ownerId)
      .executeTakeFirst()
    if (owner === undefined)
      throw new AppError(
        'not_found',
        `There is no user ${input.ownerId} in this workspace to hand the contact to.`,
      )
    if (!owner.active)
      throw new AppError(
        'conflict',
        `${owner.name} is deactivated: hand the contact to someone active, or leave ownerId out to route it.`,
      )
    ownerReason = `Handed to ${owner.name} by hand`
  }
  let outcome: Awaited<ReturnType<typeof handOff>>
  try {
    outcome = await db.transaction().execute(async (trx) => {
      const handed = await handOff(trx, {
        workspaceId: ws,
        contactId: input.contactId,
        kind: input.kind,
        routing,
        at: input.at,
        ...(input.ownerId === undefined ? {} : { ownerId: input.ownerId, ownerReason }),
      })
      if (handed.kind === 'assigned')
        await recordAudit(trx, {
          workspaceId: ws,
          actor: input.actor,
          action: 'handoff.requested',
          entityType: 'assignment',
          entityId: handed.assignmentId,
          details: { contactId: input.contactId, kind: input.kind, ownerId: input.ownerId },
          at: input.at,
        })
      return handed
    })
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    throw await alreadyOpen(db, ws, input.contactId, input.kind)
  }
  if (outcome.kind === 'unrouted')
    throw new AppError(
      'conflict',
      `Nobody could take this contact: ${outcome.decision.reasons.join('; ')}. ` +
        'Fix what the reasons say (create the team, add people to it, raise their capacity or weight), or name an owner with ownerId.',
      { reasons: outcome.decision.reasons, teamName: outcome.decision.teamName },
    )
  return { assignmentId: outcome.assignmentId, decision: outcome.decision }
}

/** PostgreSQL's unique_violation, as both drivers report it. */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505'
}

async function alreadyOpen(
  db: Kysely<Database>,
  workspaceId: string,
  contactId: string,
  kind: HandoffKind,
): Promise<AppError> {
  const open = await db
    .selectFrom('assignments as a')
    .innerJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'a.workspace_id').onRef('u.id', '=', 'a.owner_id'),
    )
    .select(['a.id', 'a.status', 'u.name'])
    .where('a.workspace_id', '=', workspaceId)
    .where('a.entity_type', '=', 'contact')
    .where('a.entity_id', '=', contactId)
    .where('a.kind', '=', kind)
    .where('a.status', 'in', ['pending', 'accepted'])
    .executeTakeFirst()
  const which = open === undefined ? '' : ` (assignment ${open.id}, ${open.status} by ${open.name})`
  return new AppError(
    'conflict',
    `This contact already has an open ${kind} handoff${which}. Its owner, their manager or an admin answers it first: accept, reject, recycle or disqualify it (POST /v1/assignments/ID/reject).`,
    open === undefined ? undefined : { assignmentId: open.id, status: open.status },
  )
}
