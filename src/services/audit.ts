import { type Kysely, sql } from 'kysely'
import type { AuditLogTable, Database } from '../store/database.ts'
import { jsonb } from '../store/jsonb.ts'
import type { Page } from './lead-review.ts'
import { pageLimit, pageOf } from './newest-first-page.ts'

// The audit log: who changed what (contracts and approvals, handoffs and answers, SLA
// escalations, merges), written beside each change and read by admins.

export interface AuditActor {
  readonly type: AuditLogTable['actor_type']
  readonly id: string | null
}

export interface AuditEntry {
  readonly workspaceId: string
  readonly actor: AuditActor
  readonly action: string
  readonly entityType: string
  readonly entityId: string
  readonly details?: Record<string, unknown>
  readonly at: Date
}

/** Who changed what: written in the same transaction as the change it records. */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      workspace_id: entry.workspaceId,
      at: entry.at,
      actor_type: entry.actor.type,
      actor_id: entry.actor.id,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      details: jsonb(entry.details ?? {}),
    })
    .execute()
}

export interface AuditFilter {
  readonly from?: Date
  readonly to?: Date
  readonly action?: string
  readonly entityType?: string
  readonly entityId?: string
  readonly actorId?: string
  /** Entries older than this one (the `next` of the previous page). */
  readonly after?: string
  readonly limit: number
}

export interface AuditEntryView {
  readonly id: string
  readonly at: Date
  readonly actorType: AuditLogTable['actor_type']
  readonly actorId: string | null
  /** The actor's name when the actor is a user of the workspace. */
  readonly actorName: string | null
  readonly action: string
  readonly entityType: string | null
  readonly entityId: string | null
  readonly details: Record<string, unknown>
}

/** The audit log, newest first, in pages of at most MAX_PAGE_SIZE entries. */
export async function listAudit(
  db: Kysely<Database>,
  workspaceId: string,
  filter: AuditFilter,
): Promise<Page<AuditEntryView>> {
  const limit = pageLimit(filter)
  let query = db
    .selectFrom('audit_log as l')
    .leftJoin('users as u', (j) =>
      j
        .onRef('u.workspace_id', '=', 'l.workspace_id')
        .on(sql`u.id::text`, '=', sql.ref('l.actor_id')),
    )
    .select([
      'l.id',
      'l.at',
      'l.actor_type',
      'l.actor_id',
      'u.name as actor_name',
      'l.action',
      'l.entity_type',
      'l.entity_id',
      'l.details',
    ])
    .where('l.workspace_id', '=', workspaceId)
  if (filter.from !== undefined) query = query.where('l.at', '>=', filter.from)
  if (filter.to !== undefined) query = query.where('l.at', '<', filter.to)
  if (filter.action !== undefined) query = query.where('l.action', '=', filter.action)
  if (filter.entityType !== undefined) query = query.where('l.entity_type', '=', filter.entityType)
  if (filter.entityId !== undefined) query = query.where('l.entity_id', '=', filter.entityId)
  if (filter.actorId !== undefined) query = query.where('l.actor_id', '=', filter.actorId)
  if (filter.after !== undefined) query = query.where('l.id', '<', Number(filter.after))
  const rows = await query
    .orderBy('l.id', 'desc')
    .limit(limit + 1)
    .execute()
  return pageOf(rows, limit, (r) => ({
    id: String(r.id),
    at: r.at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    details: r.details,
  }))
}
