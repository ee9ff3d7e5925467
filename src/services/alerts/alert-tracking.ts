import { type Kysely, sql } from 'kysely'
import type { AlertAction } from '../../domain/alerts/alert-goal.ts'
import type { Database, NotificationsTable } from '../../store/database.ts'

// What a rep did with an alert: opened it (the email's pixel loaded, or the webhook receiver
// acknowledged it), clicked its link, and acted on what it was about. Each is kept once, the
// first time; an action counts for the alert only when its campaign's goal names that action.

const TOKEN = /^([0-9a-f]{32})[A-Za-z0-9_-]{22}$/

/** The workspace a token belongs to, or undefined when it is no token of ours. */
function workspaceOfToken(token: string): string | undefined {
  const hex = TOKEN.exec(token)?.[1]
  if (hex === undefined) return undefined
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export interface TrackedNotification {
  readonly workspaceId: string
  readonly id: string
  readonly entityType: NotificationsTable['entity_type']
  readonly entityId: string | null
}

/**
 * Records an open (pixel or acknowledgement) or a click; a click is also an open, as a mail
 * client that blocks images still lets its reader click. Undefined for an unknown token.
 */
export async function trackNotification(
  db: Kysely<Database>,
  token: string,
  event: 'open' | 'click',
  at: Date,
): Promise<TrackedNotification | undefined> {
  const workspaceId = workspaceOfToken(token)
  if (workspaceId === undefined) return undefined
  const row = await db
    .updateTable('notifications')
    .set({
      opened_at: sql`coalesce(opened_at, ${at})`,
      ...(event === 'click' ? { clicked_at: sql`coalesce(clicked_at, ${at})` } : {}),
    })
    .where('workspace_id', '=', workspaceId)
    .where('track_token', '=', token)
    .returning(['id', 'entity_type', 'entity_id'])
    .executeTakeFirst()
  return row === undefined
    ? undefined
    : { workspaceId, id: row.id, entityType: row.entity_type, entityId: row.entity_id }
}

/**
 * The user acted on an entity: their alerts about it (and their latest digests) that wait for
 * an action, and whose campaign counts this one, are marked acted now. Returns how many.
 */
export async function markActed(
  trx: Kysely<Database>,
  input: {
    readonly workspaceId: string
    readonly userId: string
    readonly entityType: 'contact' | 'account'
    readonly entityId: string
    readonly action: AlertAction
    readonly at: Date
  },
): Promise<number> {
  const result = await sql`
    update notifications n set acted_at = ${input.at}, acted_action = ${input.action}
    from alert_campaigns c
    where n.workspace_id = ${input.workspaceId} and n.recipient_id = ${input.userId}
      and n.acted_at is null and n.created_at <= ${input.at}
      and ((n.entity_type = ${input.entityType} and n.entity_id = ${input.entityId})
        or (n.campaign_key = 'digest' and n.entity_id is null))
      and c.workspace_id = n.workspace_id and c.key = n.campaign_key
      and ${input.action} = any(c.goal_actions)`.execute(trx)
  return Number(result.numAffectedRows ?? 0)
}

/** A person opened a contact or an account in Tandem: a view, for their alerts about it. */
export async function recordView(
  db: Kysely<Database>,
  input: {
    readonly workspaceId: string
    readonly userId: string | null | undefined
    readonly entityType: 'contact' | 'account'
    readonly entityId: string
    readonly at: Date
  },
): Promise<void> {
  if (input.userId == null) return
  await markActed(db, { ...input, userId: input.userId, action: 'view' })
}
