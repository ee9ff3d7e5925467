import type { Kysely } from 'kysely'
import { doNotContactNote } from '../../domain/consent.ts'
import type { Database } from '../../store/database.ts'
import { consentsOf } from '../consents.ts'
import { entityLink } from './notification-link.ts'
import type { NotificationChannel } from './notification-message.ts'

// The outbox's delivery: every notification not yet delivered is sent on every channel, oldest
// first. A failure is recorded and retried on the next run, up to MAX_ATTEMPTS, for a day; the
// message id makes a repeated delivery recognisable to the receiver.

const MAX_ATTEMPTS = 8
const STALE_AFTER_MS = 86_400_000

export interface DeliveryOutcome {
  readonly sent: number
  readonly failed: number
}

/** Sends what is waiting in the outbox; `link` builds the URL that opens the entity. */
export async function deliverNotifications(
  db: Kysely<Database>,
  channels: readonly NotificationChannel[],
  options: { readonly now: () => Date; readonly limit?: number; readonly baseUrl?: string },
): Promise<DeliveryOutcome> {
  if (channels.length === 0) return { sent: 0, failed: 0 }
  let sent = 0
  let failed = 0
  const workspaces = await db.selectFrom('workspaces').select('id').execute()
  for (const { id } of workspaces) {
    const outcome = await deliverWorkspace(db, id, channels, options)
    sent += outcome.sent
    failed += outcome.failed
  }
  return { sent, failed }
}

async function deliverWorkspace(
  db: Kysely<Database>,
  workspaceId: string,
  channels: readonly NotificationChannel[],
  options: { readonly now: () => Date; readonly limit?: number; readonly baseUrl?: string },
): Promise<DeliveryOutcome> {
  const waiting = await db
    .selectFrom('notifications as n')
    .innerJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'n.workspace_id').onRef('u.id', '=', 'n.recipient_id'),
    )
    .select([
      'n.workspace_id',
      'n.id',
      'n.kind',
      'n.subject',
      'n.body',
      'n.entity_type',
      'n.entity_id',
      'n.attempts',
      'n.track_token',
      'u.name',
      'u.email',
    ])
    .where('n.workspace_id', '=', workspaceId)
    .where('n.sent_at', 'is', null)
    .where('n.attempts', '<', MAX_ATTEMPTS)
    // A day-old alert is stale: after an outage, or when a channel is first configured, it is
    // better left unsent than delivered late.
    .where('n.created_at', '>', new Date(options.now().getTime() - STALE_AFTER_MS))
    .orderBy('n.created_at')
    .limit(options.limit ?? 200)
    .execute()
  // Every alert quoting a person says, as it goes out, on which channels they must not be
  // contacted: a rep reading it may otherwise reach out where the person said no.
  const consents = await consentsOf(
    db,
    workspaceId,
    waiting.flatMap((n) =>
      n.entity_type === 'contact' && n.entity_id !== null ? [n.entity_id] : [],
    ),
  )
  let sent = 0
  let failed = 0
  for (const n of waiting) {
    const doNotContact =
      n.entity_type === 'contact' && n.entity_id !== null
        ? doNotContactNote(consents.get(n.entity_id) ?? [])
        : undefined
    const link =
      options.baseUrl === undefined
        ? undefined
        : entityLink(options.baseUrl, n.entity_type, n.entity_id)
    const tracking =
      options.baseUrl === undefined || n.track_token === null
        ? undefined
        : {
            pixelUrl: `${options.baseUrl}/t/o/${n.track_token}.gif`,
            ...(link === undefined ? {} : { clickUrl: `${options.baseUrl}/t/c/${n.track_token}` }),
            ackUrl: `${options.baseUrl}/t/a/${n.track_token}`,
          }
    const message = {
      id: n.id,
      kind: n.kind,
      recipient: { name: n.name, email: n.email },
      subject: n.subject ?? n.kind,
      text: [n.body ?? '', doNotContact]
        .filter((part) => part !== undefined && part !== '')
        .join('\n'),
      ...(link === undefined ? {} : { link }),
      ...(tracking === undefined ? {} : { tracking }),
    }
    try {
      for (const channel of channels) await channel.send(message)
      await db
        .updateTable('notifications')
        .set({ sent_at: options.now(), attempts: n.attempts + 1, last_error: null })
        .where('workspace_id', '=', n.workspace_id)
        .where('id', '=', n.id)
        .execute()
      sent += 1
    } catch (error) {
      await db
        .updateTable('notifications')
        .set({ attempts: n.attempts + 1, last_error: (error as Error).message.slice(0, 500) })
        .where('workspace_id', '=', n.workspace_id)
        .where('id', '=', n.id)
        .execute()
      failed += 1
    }
  }
  return { sent, failed }
}
