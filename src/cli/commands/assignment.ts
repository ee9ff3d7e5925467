import type { Command } from 'commander'
import { systemClock } from '../../domain/clock.ts'
import { AppError } from '../../services/app-error.ts'
import { answerAssignment } from '../../services/handoff/answer-assignment.ts'
import { type AssignmentView, listAssignments } from '../../services/handoff/assignment-queries.ts'
import { marketingHold } from '../../services/handoff/marketing-hold.ts'
import { touchAssignment } from '../../services/handoff/touch-assignment.ts'
import type { AssignmentReasonCode } from '../../store/database.ts'
import {
  type ActingOptions,
  isUuid,
  userByEmail,
  type WorkspaceOption,
  withWorkspace,
} from '../with-workspace.ts'

export interface AssignmentListOptions extends WorkspaceOption {
  readonly owner?: string
  readonly status?: AssignmentView['status']
  readonly kind?: AssignmentView['kind']
  readonly limit: number
}

/** `tandem assignment list`: assignments, newest first, as a table. */
export async function assignmentListCommand(
  options: AssignmentListOptions,
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const owner =
      options.owner === undefined ? undefined : await userByEmail(db, workspaceId, options.owner)
    const page = await listAssignments(db, workspaceId, {
      ...(owner === undefined ? {} : { ownerId: owner.id }),
      ...(options.status === undefined ? {} : { status: options.status }),
      ...(options.kind === undefined ? {} : { kind: options.kind }),
      page: { limit: options.limit },
    })
    if (page.items.length === 0) {
      process.stdout.write('No assignments match.\n')
      return
    }
    const rows = page.items.map((a) => [
      a.id,
      contactLabel(a),
      a.kind,
      a.ownerName,
      a.status,
      a.acceptDueAt === null ? '-' : minuteText(a.acceptDueAt),
    ])
    process.stdout.write(table(['ID', 'CONTACT', 'KIND', 'OWNER', 'STATUS', 'ACCEPT DUE'], rows))
    if (page.next !== undefined)
      process.stdout.write(
        `Showing the newest ${page.items.length}; narrow with --owner, --status or --kind, or raise --limit.\n`,
      )
  })
}

export interface AnswerOptions extends ActingOptions {
  readonly reason?: AssignmentReasonCode
  readonly text?: string
}

/** `tandem assignment accept|reject|recycle|disqualify ID --as EMAIL`: the owner's answer. */
export async function assignmentAnswerCommand(
  action: 'accept' | 'reject' | 'recycle' | 'disqualify',
  id: string,
  options: AnswerOptions,
  command: Command,
): Promise<void> {
  requireUuid(id, 'assignment')
  if (action !== 'accept' && options.reason === undefined)
    throw new AppError(
      'validation_failed',
      `Say why with --reason CODE (and --text TEXT for "other"): tandem assignment ${action} ${id} --reason not_icp --as EMAIL`,
    )
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const user = await userByEmail(db, workspaceId, options.as)
    const answered = await answerAssignment(db, {
      workspaceId,
      assignmentId: id,
      userId: user.id,
      answer:
        action === 'accept'
          ? { action }
          : {
              action,
              reasonCode: options.reason as AssignmentReasonCode,
              ...(options.text === undefined ? {} : { reasonText: options.text }),
            },
      at: systemClock.now(),
    })
    process.stdout.write(
      `Assignment ${id} is ${answered.status}; the contact is now at stage ${answered.stage}.\n`,
    )
  })
}

/** `tandem assignment touch ID --as EMAIL`: a sales touch on the assignment's contact, now. */
export async function assignmentTouchCommand(
  id: string,
  options: ActingOptions,
  command: Command,
): Promise<void> {
  requireUuid(id, 'assignment')
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const user = await userByEmail(db, workspaceId, options.as)
    const now = systemClock.now()
    const touched = await touchAssignment(db, {
      workspaceId,
      assignmentId: id,
      at: now,
      actor: { type: 'user', id: user.id },
      now,
    })
    const hold = await marketingHold(db, workspaceId, touched.contactId, now)
    process.stdout.write(
      `Recorded a sales touch on ${contactLabel(touched)}` +
        (touched.firstTouchAt === null
          ? '.\n'
          : `; first touch at ${minuteText(touched.firstTouchAt)}.\n`) +
        `${hold.reason}\n`,
    )
  })
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`
  return line(header) + rows.map(line).join('')
}

function contactLabel(a: Pick<AssignmentView, 'contactName' | 'contactEmail' | 'contactId'>) {
  if (a.contactName !== null && a.contactEmail !== null)
    return `${a.contactName} <${a.contactEmail}>`
  return a.contactName ?? a.contactEmail ?? a.contactId
}

/** "2026-11-02 16:00 UTC": a due time to the minute. */
function minuteText(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

function requireUuid(id: string, what: string): void {
  if (!isUuid(id))
    throw new AppError(
      'validation_failed',
      `"${id}" is not an ${what} id. Find the ids with tandem assignment list.`,
    )
}
