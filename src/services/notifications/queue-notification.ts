import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, NotificationsTable } from '../../store/database.ts'

// Notifications are written in the transaction of the change they tell about (an outbox): a
// delivery job sends them afterwards and retries, so none is lost and none is sent for a change
// that rolled back.

export interface NewNotification {
  readonly workspaceId: string
  readonly recipientId: string
  readonly kind: 'handoff' | 'sla_reminder' | 'sla_breach' | 'reassigned'
  readonly subject: string
  readonly body: string
  readonly entityType: NonNullable<NotificationsTable['entity_type']>
  readonly entityId: string
  readonly at: Date
}

export async function queueNotification(
  trx: Kysely<Database>,
  notification: NewNotification,
): Promise<string> {
  const id = randomUUID()
  await trx
    .insertInto('notifications')
    .values({
      workspace_id: notification.workspaceId,
      id,
      recipient_id: notification.recipientId,
      kind: notification.kind,
      subject: notification.subject,
      body: notification.body,
      entity_type: notification.entityType,
      entity_id: notification.entityId,
      created_at: notification.at,
    })
    .execute()
  return id
}
