import type { Kysely } from 'kysely'
import type { Database, NotificationsTable } from '../../store/database.ts'
import type { Page, PageRequest } from '../lead-review.ts'
import { pageLimit, pageOf, rowsAfter } from '../newest-first-page.ts'

// The notes the product wrote to people (handoffs, SLA reminders and breaches), with whether and
// how they were delivered: what an owner was told, and when.

export interface NotificationView {
  readonly id: string
  readonly recipientId: string
  readonly recipientName: string
  readonly kind: string
  readonly subject: string | null
  readonly body: string | null
  readonly entityType: NotificationsTable['entity_type']
  readonly entityId: string | null
  readonly link: string | null
  readonly createdAt: Date
  /** Null until a channel took it; see attempts and lastError for why not yet. */
  readonly sentAt: Date | null
  readonly attempts: number
  readonly lastError: string | null
}

/** Notifications, newest first (then by id), in pages; all of them or one recipient's. */
export async function listNotifications(
  db: Kysely<Database>,
  workspaceId: string,
  filter: { readonly recipientId?: string; readonly page: PageRequest },
): Promise<Page<NotificationView>> {
  const limit = pageLimit(filter.page)
  let query = db
    .selectFrom('notifications as n')
    .innerJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'n.workspace_id').onRef('u.id', '=', 'n.recipient_id'),
    )
    .select([
      'n.id',
      'n.recipient_id',
      'u.name',
      'n.kind',
      'n.subject',
      'n.body',
      'n.entity_type',
      'n.entity_id',
      'n.link',
      'n.created_at',
      'n.sent_at',
      'n.attempts',
      'n.last_error',
    ])
    .where('n.workspace_id', '=', workspaceId)
  if (filter.recipientId !== undefined)
    query = query.where('n.recipient_id', '=', filter.recipientId)
  if (filter.page.after !== undefined)
    query = query.where(
      await rowsAfter(db, workspaceId, filter.page.after, {
        table: 'notifications',
        alias: 'n',
        timeColumn: 'created_at',
        noun: 'notification',
      }),
    )
  const rows = await query
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id')
    .limit(limit + 1)
    .execute()
  return pageOf(rows, limit, (n) => ({
    id: n.id,
    recipientId: n.recipient_id,
    recipientName: n.name,
    kind: n.kind,
    subject: n.subject,
    body: n.body,
    entityType: n.entity_type,
    entityId: n.entity_id,
    link: n.link,
    createdAt: n.created_at,
    sentAt: n.sent_at,
    attempts: n.attempts,
    lastError: n.last_error,
  }))
}
