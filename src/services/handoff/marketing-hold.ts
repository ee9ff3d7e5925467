import type { Kysely } from 'kysely'
import { maySend, type SendingChannel } from '../../domain/consent.ts'
import type { Database } from '../../store/database.ts'
import { consentsOf } from '../consents.ts'
import { getContact } from '../contacts.ts'
import { activeContracts } from '../contracts.ts'

const DAY_MS = 86_400_000

export interface MarketingHold {
  readonly held: boolean
  readonly until: Date | null
  readonly reason: string
  /** Held because the person is suppressed on the channel (unsubscribed, bounced, …). */
  readonly suppressed: boolean
}

/**
 * Whether marketing may send to this person on a channel now (nurture asks before each send),
 * and why not: a suppression on the channel first, then the hold after a sales touch.
 */
export async function marketingHold(
  db: Kysely<Database>,
  workspaceId: string,
  contactId: string,
  now: Date,
  channel: SendingChannel = 'email',
): Promise<MarketingHold> {
  const contact = await getContact(db, workspaceId, contactId)
  const consent = maySend(
    (await consentsOf(db, workspaceId, [contact.id])).get(contact.id) ?? [],
    channel,
  )
  if (!consent.allowed) return { held: true, until: null, reason: consent.reason, suppressed: true }
  const until = contact.marketing_hold_until
  if (until === null)
    return {
      held: false,
      until: null,
      reason: `No sales touch holds marketing sends. ${consent.reason}`,
      suppressed: false,
    }
  if (until.getTime() <= now.getTime())
    return {
      held: false,
      until,
      reason: `The hold after the last sales touch ended at ${until.toISOString()}; marketing may send. ${consent.reason}`,
      suppressed: false,
    }
  // The hold runs the routing rules' days from the last touch, so the touch is that much earlier.
  const days = (await activeContracts(db, workspaceId)).routing?.body.coordination.holdMarketingDays
  const touch =
    days === undefined || days <= 0
      ? 'A sales touch'
      : `A sales touch on ${new Date(until.getTime() - days * DAY_MS).toISOString()}`
  return {
    held: true,
    until,
    suppressed: false,
    reason:
      `${touch} holds marketing sends until ${until.toISOString()}` +
      `${days === undefined || days <= 0 ? '' : ` (${days} days, as the routing rules agree)`}` +
      ', so the person hears one voice at a time.',
  }
}
