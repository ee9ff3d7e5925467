import type { Kysely, Selectable } from 'kysely'
import { LEAD_FUNNEL, type LeadStage } from '../../domain/lifecycle/lead-funnel.ts'
import { mayAnswer } from '../../domain/lifecycle/may-answer.ts'
import { checkTransition } from '../../domain/lifecycle/stage-machine.ts'
import type { AssignmentReasonCode, AssignmentsTable, Database } from '../../store/database.ts'
import { markActed } from '../alerts/alert-tracking.ts'
import { AppError } from '../app-error.ts'
import { recordAudit } from '../audit.ts'
import { moveLead } from '../lifecycle/move-stage.ts'

// The owner's answer to a handoff (seed 001's closed loop): accept, reject with a reason code,
// recycle to nurture or disqualify. Reasons are stored on the assignment and in the funnel
// history, where the closed-loop reports read them back to marketing.

export const REASON_CODES: readonly AssignmentReasonCode[] = [
  'bad_data',
  'not_icp',
  'no_budget',
  'wrong_timing',
  'competitor',
  'duplicate',
  'already_in_conversation',
  'other',
]

export type Answer =
  | { readonly action: 'accept' }
  | {
      readonly action: 'reject' | 'recycle' | 'disqualify'
      readonly reasonCode: AssignmentReasonCode
      readonly reasonText?: string
    }

export interface AnswerInput {
  readonly workspaceId: string
  readonly assignmentId: string
  readonly userId: string
  readonly answer: Answer
  readonly at: Date
}

type Status = Selectable<AssignmentsTable>['status']

const STATUS_AFTER: Readonly<Record<Answer['action'], Status>> = {
  accept: 'accepted',
  reject: 'rejected',
  recycle: 'recycled',
  disqualify: 'disqualified',
}

/** Records the owner's answer and moves the lead accordingly; one transaction. */
export async function answerAssignment(
  db: Kysely<Database>,
  input: AnswerInput,
): Promise<{ readonly status: Status; readonly stage: string }> {
  return db.transaction().execute(async (trx) => {
    const ws = input.workspaceId
    const a = await trx
      .selectFrom('assignments')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('id', '=', input.assignmentId)
      .forUpdate()
      .executeTakeFirst()
    if (a === undefined)
      throw new AppError('not_found', `There is no assignment ${input.assignmentId}.`)
    await assertMayAnswer(trx, ws, a.owner_id, input.userId)
    const { answer } = input
    const open = answer.action === 'accept' ? ['pending'] : ['pending', 'accepted']
    if (!open.includes(a.status))
      throw new AppError(
        'conflict',
        `This assignment is ${a.status}; it can be ${STATUS_AFTER[answer.action]} only while ${open.join(' or ')}.`,
        { status: a.status },
      )
    if (answer.action !== 'accept' && answer.reasonCode === 'other' && !answer.reasonText?.trim())
      throw new AppError('validation_failed', 'Reason "other" needs a text that says why.', {
        problems: ['/reasonText: required when reasonCode is other'],
      })
    const status = STATUS_AFTER[answer.action]
    const reasonCode = answer.action === 'accept' ? null : answer.reasonCode
    const reasonText = answer.action === 'accept' ? null : (answer.reasonText?.trim() ?? null)
    await trx
      .updateTable('assignments')
      .set({
        status,
        ...(answer.action === 'accept' ? { accepted_at: input.at } : {}),
        ...(answer.action === 'reject' ? { rejected_at: input.at } : {}),
        ...(answer.action === 'accept' ? {} : { closed_at: input.at }),
        reason_code: reasonCode,
        reason_text: reasonText,
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', a.id)
      .execute()
    // Accepting stops the accept clock; any other answer stops both.
    let timers = trx
      .updateTable('sla_timers')
      .set({ cancelled_at: input.at })
      .where('workspace_id', '=', ws)
      .where('assignment_id', '=', a.id)
      .where('fired_at', 'is', null)
      .where('cancelled_at', 'is', null)
    if (answer.action === 'accept') timers = timers.where('clock', '=', 'accept')
    await timers.execute()

    const stage = await moveLeadFor(trx, ws, a, answer, input, reasonCode, reasonText)
    await markActed(trx, {
      workspaceId: ws,
      userId: input.userId,
      entityType: 'contact',
      entityId: a.entity_id,
      action: 'answer',
      at: input.at,
    })
    await recordAudit(trx, {
      workspaceId: ws,
      actor: { type: 'user', id: input.userId },
      action: `assignment.${status}`,
      entityType: 'assignment',
      entityId: a.id,
      details: { contactId: a.entity_id, reasonCode, reasonText, stage },
      at: input.at,
    })
    return { status, stage }
  })
}

async function moveLeadFor(
  trx: Kysely<Database>,
  ws: string,
  a: { readonly entity_id: string; readonly kind: string },
  answer: Answer,
  input: AnswerInput,
  reasonCode: string | null,
  reasonText: string | null,
): Promise<string> {
  const current = await trx
    .selectFrom('contacts')
    .select('lifecycle_stage')
    .where('workspace_id', '=', ws)
    .where('id', '=', a.entity_id)
    .executeTakeFirstOrThrow()
  const to = stageAfter(a.kind, answer.action)
  const from = current.lifecycle_stage as LeadStage
  // A handoff of someone marketing had not qualified (a manual one) leaves the lead where it
  // is when the funnel has no such move: accepting an inquiry does not invent an MQL.
  if (to === null || from === to || !checkTransition(LEAD_FUNNEL, from, to).ok) return from
  const moved = await moveLead(trx, ws, a.entity_id, {
    to,
    actor: { type: 'user', id: input.userId },
    at: input.at,
    reasonCode,
    reason: reasonText,
  })
  return moved.to
}

/** Where the lead goes on an answer: an explore handoff is no MQL, so accepting it moves nothing. */
function stageAfter(kind: string, action: Answer['action']): LeadStage | null {
  if (action === 'accept') return kind === 'explore' ? null : 'sal'
  if (action === 'disqualify') return 'disqualified'
  if (action === 'reject') return kind === 'explore' ? null : 'recycled'
  return 'recycled'
}

/** The owner answers for their leads; so may their manager (or their team's) and an admin. */
async function assertMayAnswer(
  trx: Kysely<Database>,
  ws: string,
  ownerId: string,
  userId: string,
): Promise<void> {
  if (userId === ownerId) return
  const rows = await trx
    .selectFrom('users as u')
    .leftJoin('teams as t', (j) =>
      j.onRef('t.workspace_id', '=', 'u.workspace_id').onRef('t.id', '=', 'u.team_id'),
    )
    .select(['u.id', 'u.role', 'u.manager_id', 't.manager_id as team_manager_id'])
    .where('u.workspace_id', '=', ws)
    .where('u.id', 'in', [ownerId, userId])
    .execute()
  const user = rows.find((r) => r.id === userId)
  const owner = rows.find((r) => r.id === ownerId)
  if (
    user !== undefined &&
    owner !== undefined &&
    mayAnswer(user, {
      id: owner.id,
      managerId: owner.manager_id,
      teamManagerId: owner.team_manager_id,
    })
  )
    return
  throw new AppError(
    'forbidden',
    'Only the owner of this assignment, their manager or an admin can answer it.',
  )
}
