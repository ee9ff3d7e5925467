import type { Kysely } from 'kysely'
import type { AuditLogTable, Database } from '../store/database.ts'
import { jsonb } from '../store/jsonb.ts'

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
