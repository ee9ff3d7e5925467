// Consent and suppression per channel. Nothing here reads or writes: the rules that decide what
// a change does to a person's consent, whether a message may go out, and what a rep is told.

export const CONSENT_CHANNELS = ['email', 'phone', 'sms', 'ads', 'all'] as const
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number]
/** The channels a message goes out on ('all' only suppresses). */
export const SENDING_CHANNELS = ['email', 'phone', 'sms', 'ads'] as const
export type SendingChannel = (typeof SENDING_CHANNELS)[number]

export const SUPPRESSION_REASONS = [
  'unsubscribed',
  'bounced',
  'complained',
  'manual',
  'erased',
] as const
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number]
export type ConsentReason = 'opt_in' | SuppressionReason

/** Who said so: the person themselves (a tracked event), a workspace user, an import, Tandem. */
export type ConsentSource = 'person' | 'user' | 'import' | 'system'

export interface Consent {
  readonly status: 'granted' | 'suppressed'
  readonly reason: ConsentReason | null
}

export interface ChannelConsent extends Consent {
  readonly channel: ConsentChannel
  readonly updatedAt: Date
}

// A suppression outranks a grant; among suppressions an erasure outranks an unsubscribe, which
// outranks a spam complaint, a bounce and a manual block, in that order.
const STRENGTH: Record<ConsentReason, number> = {
  opt_in: 0,
  manual: 1,
  bounced: 2,
  complained: 3,
  unsubscribed: 4,
  erased: 5,
}

const strength = (consent: Consent): number =>
  consent.status === 'granted' ? 0 : STRENGTH[consent.reason ?? 'manual']

/** The more restrictive of two consents for one channel (a merged person keeps it). */
export function strongerConsent<T extends Consent>(a: T, b: T): T {
  return strength(b) > strength(a) ? b : a
}

export interface ConsentChange extends Consent {
  readonly source: ConsentSource
}

export type ConsentDecision =
  | { readonly applied: true; readonly consent: Consent }
  | { readonly applied: false; readonly consent: Consent; readonly why: string }

/**
 * What a change does to the consent a channel holds. A suppression is replaced only by one at
 * least as strong, so an unsubscribe is never overwritten by a bounce or a manual block. A grant
 * lifts a bounce or a manual block; only the person themselves (a tracked opt-in) lifts their own
 * unsubscribe or complaint; nothing lifts an erasure.
 */
export function decideConsent(
  current: Consent | undefined,
  change: ConsentChange,
): ConsentDecision {
  const next: Consent = { status: change.status, reason: change.reason }
  if (current === undefined || current.status === 'granted') return { applied: true, consent: next }
  if (current.reason === 'erased')
    return { applied: false, consent: current, why: 'The person was erased; nothing lifts that.' }
  if (change.status === 'suppressed') {
    if (strength(next) >= strength(current)) return { applied: true, consent: next }
    return {
      applied: false,
      consent: current,
      why: `${describe(current)} outranks ${describe(next)}; it is kept.`,
    }
  }
  const personal = current.reason === 'unsubscribed' || current.reason === 'complained'
  if (!personal || change.source === 'person') return { applied: true, consent: next }
  return {
    applied: false,
    consent: current,
    why: `${describe(current)} is the person's own choice: only their own opt-in lifts it.`,
  }
}

/** Whether a message may go to the person on this channel, and why not. */
export function maySend(
  consents: readonly ChannelConsent[],
  channel: SendingChannel,
): { readonly allowed: boolean; readonly reason: string; readonly blockedBy?: ChannelConsent } {
  const blocking = consents
    .filter((c) => c.status === 'suppressed' && (c.channel === channel || c.channel === 'all'))
    .reduce<ChannelConsent | undefined>(
      (strongest, c) => (strongest === undefined ? c : strongerConsent(strongest, c)),
      undefined,
    )
  if (blocking !== undefined)
    return {
      allowed: false,
      reason: `${describe(blocking)} (${blocking.channel === 'all' ? 'every channel' : channel}, ${day(blocking.updatedAt)}): nothing may be sent.`,
      blockedBy: blocking,
    }
  const granted = consents.find((c) => c.channel === channel && c.status === 'granted')
  return {
    allowed: true,
    reason:
      granted === undefined
        ? `No suppression on ${channel}.`
        : `Opted in to ${channel} on ${day(granted.updatedAt)}.`,
  }
}

/**
 * The line an alert to a rep adds when it quotes a person who must not be contacted on some
 * channel, or undefined when nothing is suppressed: "Do not contact by email (unsubscribed …)".
 */
export function doNotContactNote(consents: readonly ChannelConsent[]): string | undefined {
  const suppressed = consents.filter((c) => c.status === 'suppressed')
  if (suppressed.length === 0) return undefined
  const everything = suppressed.find((c) => c.channel === 'all')
  const parts = (everything === undefined ? suppressed : [everything])
    .toSorted((a, b) => a.channel.localeCompare(b.channel))
    .map(
      (c) =>
        `${c.channel === 'all' ? 'on any channel' : `by ${c.channel}`} (${REASON_TEXT[c.reason ?? 'manual']} ${day(c.updatedAt)})`,
    )
  return `Do not contact ${parts.join(', ')}.`
}

const REASON_TEXT: Record<ConsentReason, string> = {
  opt_in: 'opted in',
  unsubscribed: 'unsubscribed',
  bounced: 'bounced',
  complained: 'marked as spam',
  manual: 'blocked by hand',
  erased: 'erased',
}

function describe(consent: Consent): string {
  if (consent.status === 'granted') return 'An opt-in'
  const text = REASON_TEXT[consent.reason ?? 'manual']
  return `${text[0]?.toUpperCase()}${text.slice(1)}`
}

const day = (at: Date) => at.toISOString().slice(0, 10)

/** Segment's email events that change consent, as the change they make on the email channel. */
export function consentChangeOfEvent(
  event: string | null,
  properties: Readonly<Record<string, unknown>>,
): { readonly channel: ConsentChannel; readonly change: ConsentChange } | undefined {
  const named = typeof properties.channel === 'string' ? properties.channel : 'email'
  const channel = (CONSENT_CHANNELS as readonly string[]).includes(named)
    ? (named as ConsentChannel)
    : 'email'
  const change = event === null ? undefined : EVENT_CHANGES.get(event)
  return change === undefined ? undefined : { channel, change }
}

const EVENT_CHANGES: ReadonlyMap<string, ConsentChange> = new Map([
  ['Unsubscribed', { status: 'suppressed', reason: 'unsubscribed', source: 'person' }],
  ['Email Bounced', { status: 'suppressed', reason: 'bounced', source: 'system' }],
  ['Email Marked as Spam', { status: 'suppressed', reason: 'complained', source: 'person' }],
  ['Subscribed', { status: 'granted', reason: 'opt_in', source: 'person' }],
])
