// A message as the Segment tracking spec defines it (identify, track, page, screen, group, alias),
// checked and normalised before it is stored. Pure: ids and the receive time are passed in.

export const SEGMENT_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const
export type SegmentType = (typeof SEGMENT_TYPES)[number]
export const MAX_EVENT_BYTES = 32 * 1024
export const MAX_REQUEST_BYTES = 500 * 1024
const MAX_ID_LENGTH = 255

export interface TrackedMessage {
  readonly messageId: string
  readonly type: SegmentType
  readonly event: string | null
  readonly userId: string | null
  readonly anonymousId: string | null
  /** When it happened, corrected for the sender's clock skew when `sentAt` allows it. */
  readonly timestamp: Date
  /** The whole message as stored: batch context and integrations merged in. */
  readonly payload: Readonly<Record<string, unknown>>
}

export type MessageCheck =
  | { readonly ok: true; readonly message: TrackedMessage }
  | { readonly ok: false; readonly reason: string }

export interface MessageEnvelope {
  /** The endpoint's type (/v1/track is a track); undefined in a batch, where each item says. */
  readonly type?: SegmentType
  readonly batchContext?: unknown
  readonly batchIntegrations?: unknown
  readonly receivedAt: Date
  readonly newMessageId: () => string
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Segment clients send ids as strings or numbers; anything else is refused. */
function idOf(value: unknown, field: string): string | null | { error: string } {
  if (value === undefined || value === null || value === '') return null
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value !== 'string') return { error: `${field} must be a string or a number` }
  if (value.length > MAX_ID_LENGTH)
    return { error: `${field} is longer than ${MAX_ID_LENGTH} characters` }
  return value
}

function dateOf(value: unknown): Date | null | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' && typeof value !== 'number') return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

const failure = (reason: string): MessageCheck => ({ ok: false, reason })

export function checkMessage(raw: unknown, envelope: MessageEnvelope): MessageCheck {
  if (!isRecord(raw)) return failure('an event must be a JSON object')
  const bytes = Buffer.byteLength(JSON.stringify(raw))
  if (bytes > MAX_EVENT_BYTES) {
    return failure(`the event is ${bytes} bytes; the limit is 32 KB per event`)
  }
  const type = envelope.type ?? raw.type
  if (!(SEGMENT_TYPES as readonly unknown[]).includes(type)) {
    return failure(`type must be one of ${SEGMENT_TYPES.join(', ')}`)
  }
  const ids: Record<string, string | null> = {}
  for (const field of ['messageId', 'userId', 'anonymousId', 'previousId', 'groupId'] as const) {
    const id = idOf(raw[field], field)
    if (id !== null && typeof id === 'object') return failure(id.error)
    ids[field] = id
  }
  if (ids.userId === null && ids.anonymousId === null) {
    return failure('userId or anonymousId is required')
  }
  const event = typeof raw.event === 'string' && raw.event.trim() !== '' ? raw.event : null
  if (type === 'track' && event === null) return failure('a track event needs an event name')
  if (type === 'group' && ids.groupId === null) return failure('a group call needs a groupId')
  if (type === 'alias' && (ids.previousId === null || ids.userId === null)) {
    return failure('an alias call needs previousId and userId')
  }
  for (const field of ['context', 'integrations', 'properties', 'traits'] as const) {
    if (raw[field] !== undefined && raw[field] !== null && !isRecord(raw[field])) {
      return failure(`${field} must be an object`)
    }
  }

  const timestamp = dateOf(raw.timestamp)
  const sentAt = dateOf(raw.sentAt)
  if (timestamp === null) return failure('timestamp must be an ISO-8601 date')
  if (sentAt === null) return failure('sentAt must be an ISO-8601 date')
  const received = envelope.receivedAt.getTime()
  // The sender's clock may be off: shift by how far its sentAt is from our receivedAt.
  const happened =
    timestamp === undefined
      ? received
      : timestamp.getTime() + (sentAt === undefined ? 0 : received - sentAt.getTime())

  const messageId = ids.messageId ?? envelope.newMessageId()
  const merge = (batch: unknown, own: unknown) => ({
    ...(isRecord(batch) ? batch : {}),
    ...(isRecord(own) ? own : {}),
  })
  const payload = {
    ...raw,
    type,
    messageId,
    context: merge(envelope.batchContext, raw.context),
    integrations: merge(envelope.batchIntegrations, raw.integrations),
    receivedAt: envelope.receivedAt.toISOString(),
  }
  return {
    ok: true,
    message: {
      messageId,
      type: type as SegmentType,
      event,
      userId: ids.userId ?? null,
      anonymousId: ids.anonymousId ?? null,
      timestamp: new Date(happened),
      payload,
    },
  }
}
