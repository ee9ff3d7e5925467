import { randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, NotificationsTable } from '../../store/database.ts'

// Notifications are written in the transaction of the change they tell about (an outbox): a
// delivery job sends them afterwards and retries, so none is lost and none is sent for a change
// that rolled back.

export interface NewNotification {
  readonly workspaceId: string
  readonly recipientId: string
  readonly kind: 'handoff' | 'sla_reminder' | 'sla_breach' | 'reassigned' | 'surge' | 'digest'
  readonly subject: string
  readonly body: string
  /** What it is about; a digest is about nothing in particular. */
  readonly entityType: NotificationsTable['entity_type']
  readonly entityId: string | null
  readonly at: Date
  /** The alert campaign and the variant of its wording this message was written in. */
  readonly campaignKey?: string
  readonly variant?: string
}

/**
 * The notification's tracking token: its workspace id (so the public tracking routes look it up
 * within one workspace) and 128 random bits, so that nobody can guess another's.
 */
export function newTrackToken(workspaceId: string): string {
  return `${workspaceId.replaceAll('-', '')}${randomBytes(16).toString('base64url')}`
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
      campaign_key: notification.campaignKey ?? null,
      variant: notification.variant ?? null,
      subject: notification.subject,
      body: notification.body,
      entity_type: notification.entityType,
      entity_id: notification.entityId,
      created_at: notification.at,
      track_token: newTrackToken(notification.workspaceId),
    })
    .execute()
  return id
}
