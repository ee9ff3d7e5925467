import type { Kysely, Selectable } from 'kysely'
import type { AssignmentsTable, Database, SlaTimersTable } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import type { Page, PageRequest } from '../lead-review.ts'
import { type NewestFirst, pageLimit, pageOf, rowsAfter } from '../newest-first-page.ts'

// What people ask of handoffs: whose leads wait for an answer, and what one assignment's clocks
// and reasons say.

type Row = Selectable<AssignmentsTable>

const NEWEST_FIRST: NewestFirst = {
  table: 'assignments',
  alias: 'a',
  timeColumn: 'assigned_at',
  noun: 'assignment',
}

export interface AssignmentView {
  readonly id: string
  readonly contactId: string
  /** "Jane Doe", or null when the contact has no name. */
  readonly contactName: string | null
  readonly contactEmail: string | null
  readonly kind: Row['kind']
  readonly ownerId: string
  readonly ownerName: string
  readonly status: Row['status']
  readonly assignedAt: Date
  readonly acceptDueAt: Date | null
  readonly firstTouchDueAt: Date | null
  readonly acceptedAt: Date | null
  readonly rejectedAt: Date | null
  readonly firstTouchAt: Date | null
  readonly closedAt: Date | null
  readonly reasonCode: Row['reason_code']
  readonly reasonText: string | null
  readonly routingReasons: readonly string[]
  readonly routingVersion: number | null
  readonly teamId: string | null
  readonly teamName: string | null
  readonly motion: Row['motion']
  readonly reassignedFrom: string | null
}

export interface SlaTimerView {
  readonly clock: SlaTimersTable['clock']
  readonly kind: SlaTimersTable['kind']
  readonly dueAt: Date
  readonly firedAt: Date | null
  readonly cancelledAt: Date | null
}

export interface AssignmentDetail extends AssignmentView {
  readonly timers: readonly SlaTimerView[]
}

export interface AssignmentFilter {
  readonly ownerId?: string
  readonly status?: Row['status']
  readonly kind?: Row['kind']
  readonly contactId?: string
  readonly page: PageRequest
}

/** Assignments, newest first (then by id), in pages. */
export async function listAssignments(
  db: Kysely<Database>,
  workspaceId: string,
  filter: AssignmentFilter,
): Promise<Page<AssignmentView>> {
  const limit = pageLimit(filter.page)
  let query = assignmentRows(db, workspaceId)
  if (filter.ownerId !== undefined) query = query.where('a.owner_id', '=', filter.ownerId)
  if (filter.status !== undefined) query = query.where('a.status', '=', filter.status)
  if (filter.kind !== undefined) query = query.where('a.kind', '=', filter.kind)
  if (filter.contactId !== undefined)
    query = query.where('a.entity_type', '=', 'contact').where('a.entity_id', '=', filter.contactId)
  if (filter.page.after !== undefined)
    query = query.where(await rowsAfter(db, workspaceId, filter.page.after, NEWEST_FIRST))
  const rows = await query
    .orderBy('a.assigned_at', 'desc')
    .orderBy('a.id')
    .limit(limit + 1)
    .execute()
  return pageOf(rows, limit, toView)
}

/** One assignment with its SLA timers, soonest due first. */
export async function getAssignment(
  db: Kysely<Database>,
  workspaceId: string,
  assignmentId: string,
): Promise<AssignmentDetail> {
  const row = await assignmentRows(db, workspaceId)
    .where('a.id', '=', assignmentId)
    .executeTakeFirst()
  if (row === undefined)
    throw new AppError(
      'not_found',
      `There is no assignment ${assignmentId}. List them with GET /v1/assignments.`,
    )
  const timers = await db
    .selectFrom('sla_timers')
    .select(['clock', 'kind', 'due_at', 'fired_at', 'cancelled_at'])
    .where('workspace_id', '=', workspaceId)
    .where('assignment_id', '=', assignmentId)
    .orderBy('due_at')
    .orderBy('clock')
    .orderBy('kind', 'desc')
    .execute()
  return {
    ...toView(row),
    timers: timers.map((t) => ({
      clock: t.clock,
      kind: t.kind,
      dueAt: t.due_at,
      firedAt: t.fired_at,
      cancelledAt: t.cancelled_at,
    })),
  }
}

function assignmentRows(db: Kysely<Database>, workspaceId: string) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'a.workspace_id').onRef('u.id', '=', 'a.owner_id'),
    )
    .leftJoin('contacts as c', (j) =>
      j
        .onRef('c.workspace_id', '=', 'a.workspace_id')
        .onRef('c.id', '=', 'a.entity_id')
        .on('a.entity_type', '=', 'contact'),
    )
    .leftJoin('teams as t', (j) =>
      j.onRef('t.workspace_id', '=', 'a.workspace_id').onRef('t.id', '=', 'a.team_id'),
    )
    .selectAll('a')
    .select([
      'u.name as owner_name',
      'c.first_name',
      'c.last_name',
      'c.email as contact_email',
      't.name as team_name',
    ])
    .where('a.workspace_id', '=', workspaceId)
}

type JoinedRow = Row & {
  owner_name: string
  first_name: string | null
  last_name: string | null
  contact_email: string | null
  team_name: string | null
}

function toView(r: JoinedRow): AssignmentView {
  const name = [r.first_name, r.last_name].filter((p) => p !== null && p !== '').join(' ')
  return {
    id: r.id,
    contactId: r.entity_id,
    contactName: name === '' ? null : name,
    contactEmail: r.contact_email,
    kind: r.kind,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    status: r.status,
    assignedAt: r.assigned_at,
    acceptDueAt: r.accept_due_at,
    firstTouchDueAt: r.first_touch_due_at,
    acceptedAt: r.accepted_at,
    rejectedAt: r.rejected_at,
    firstTouchAt: r.first_touch_at,
    closedAt: r.closed_at,
    reasonCode: r.reason_code,
    reasonText: r.reason_text,
    routingReasons: (r.routing_reasons as unknown[]).map(String),
    routingVersion: r.routing_definition_version,
    teamId: r.team_id,
    teamName: r.team_name,
    motion: r.motion,
    reassignedFrom: r.reassigned_from,
  }
}
