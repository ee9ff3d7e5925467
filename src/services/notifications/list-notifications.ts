import type { Kysely } from 'kysely'
import type { Database, NotificationsTable } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import { MAX_PAGE_SIZE, type Page, type PageRequest } from '../lead-review.ts'

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
  const limit = Math.min(Math.max(filter.page.limit, 1), MAX_PAGE_SIZE)
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
  if (filter.page.after !== undefined) {
    const anchor = await db
      .selectFrom('notifications')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', filter.page.after)
      .executeTakeFirst()
    if (anchor === undefined)
      throw new AppError(
        'validation_failed',
        `after=${filter.page.after} names no notification of this workspace: pass the "next" of the previous page, or leave it out for the first page.`,
      )
    // Keyset paging on (created_at desc, id): the page goes on after the anchor row. The time
    // is compared in SQL, where it keeps the microseconds a JavaScript Date would drop.
    query = query.where((eb) => {
      const anchorAt = eb
        .selectFrom('notifications as p')
        .select('p.created_at')
        .where('p.workspace_id', '=', workspaceId)
        .where('p.id', '=', anchor.id)
      return eb.or([
        eb('n.created_at', '<', anchorAt),
        eb.and([eb('n.created_at', '=', anchorAt), eb('n.id', '>', anchor.id)]),
      ])
    })
  }
  const rows = await query
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id')
    .limit(limit + 1)
    .execute()
  const items = rows.slice(0, limit).map((n) => ({
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
  const last = items[items.length - 1]
  return rows.length > limit && last !== undefined ? { items, next: last.id } : { items }
}
