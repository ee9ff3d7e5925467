import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { AlertKind } from '../../domain/alerts/alert-campaign-defaults.ts'
import { renderTemplate } from '../../domain/alerts/alert-template.ts'
import { chooseVariant } from '../../domain/alerts/variant-choice.ts'
import type { Database, NotificationsTable } from '../../store/database.ts'
import { type NewNotification, queueNotification } from '../notifications/queue-notification.ts'
import { campaignFor } from './alert-campaigns.ts'

// An alert to a rep, written in a variant of its campaign's wording drawn for this message,
// and queued in the outbox with the campaign and variant it was written in.

/** A uniform draw in [0, 1) with 48 random bits, unpredictable like the tracking tokens. */
export const cryptoRandom = () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48

export interface NewAlert {
  readonly workspaceId: string
  readonly recipientId: string
  readonly kind: AlertKind
  /** The values of the campaign's placeholders. */
  readonly values: Readonly<Record<string, string | number>>
  readonly entityType: NotificationsTable['entity_type']
  readonly entityId: string | null
  readonly at: Date
  /** Replaces the cryptographic draw of the variant, for tests. */
  readonly random?: () => number
}

const NOTIFICATION_KIND: Readonly<Record<AlertKind, NewNotification['kind']>> = {
  handoff: 'handoff',
  explore: 'handoff',
  sla_reminder: 'sla_reminder',
  sla_breach: 'sla_breach',
  reassigned: 'reassigned',
  surge: 'surge',
  digest: 'digest',
}

export async function queueAlert(trx: Kysely<Database>, alert: NewAlert): Promise<string> {
  const campaign = await campaignFor(trx, alert.workspaceId, alert.kind, alert.at)
  const variant = chooseVariant(
    campaign.variants,
    campaign.promotedVariant,
    alert.random ?? cryptoRandom,
  )
  // Saved variants always include a positive weight; a bug otherwise.
  if (variant === undefined) throw new Error(`Alert campaign ${alert.kind} has no live variant`)
  return queueNotification(trx, {
    workspaceId: alert.workspaceId,
    recipientId: alert.recipientId,
    kind: NOTIFICATION_KIND[alert.kind],
    subject: renderTemplate(variant.subject, alert.values),
    body: renderTemplate(variant.body, alert.values),
    entityType: alert.entityType,
    entityId: alert.entityId,
    at: alert.at,
    campaignKey: alert.kind,
    variant: variant.name,
  })
}
