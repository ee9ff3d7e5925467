import type { Kysely } from 'kysely'
import type { Database } from '../../store/database.ts'
import { markActed } from '../alerts/alert-tracking.ts'
import { AppError } from '../app-error.ts'
import { type AuditActor, recordAudit } from '../audit.ts'
import { activeContracts } from '../contracts.ts'
import { type AssignmentDetail, getAssignment } from './assignment-queries.ts'
import { recordSalesTouches } from './sales-touches.ts'

export interface TouchInput {
  readonly workspaceId: string
  readonly assignmentId: string
  /** When the owner emailed, called or met the person. */
  readonly at: Date
  readonly actor: AuditActor
  readonly now: Date
}

/**
 * A sales touch on an assignment's contact, said by hand: it stops the first-touch clock of the
 * contact's open handoffs and holds marketing's sends for the routing rules' days.
 */
export async function touchAssignment(
  db: Kysely<Database>,
  input: TouchInput,
): Promise<AssignmentDetail> {
  const ws = input.workspaceId
  if (input.at.getTime() > input.now.getTime())
    throw new AppError(
      'validation_failed',
      `The touch is dated ${input.at.toISOString()}, in the future: record a touch once it happened.`,
    )
  await db.transaction().execute(async (trx) => {
    const assignment = await trx
      .selectFrom('assignments')
      .select(['id', 'entity_type', 'entity_id', 'owner_id'])
      .where('workspace_id', '=', ws)
      .where('id', '=', input.assignmentId)
      .executeTakeFirst()
    if (assignment === undefined)
      throw new AppError(
        'not_found',
        `There is no assignment ${input.assignmentId}. List them with GET /v1/assignments.`,
      )
    const routing = (await activeContracts(trx, ws)).routing
    const holdDays = routing?.body.coordination.holdMarketingDays ?? 0
    await recordSalesTouches(
      trx,
      ws,
      [{ contactId: assignment.entity_id, at: input.at }],
      holdDays,
      input.now,
    )
    // The touch is the owner's, whoever records it, and counts from when it happened.
    await markActed(trx, {
      workspaceId: ws,
      userId: assignment.owner_id,
      entityType: 'contact',
      entityId: assignment.entity_id,
      action: 'touch',
      at: input.at,
    })
    await recordAudit(trx, {
      workspaceId: ws,
      actor: input.actor,
      action: 'assignment.touched',
      entityType: 'assignment',
      entityId: assignment.id,
      details: { contactId: assignment.entity_id, at: input.at.toISOString(), holdDays },
      at: input.now,
    })
  })
  return getAssignment(db, ws, input.assignmentId)
}
