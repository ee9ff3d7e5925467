import { describe, expect, it } from 'vitest'
import { checkMessage, MAX_EVENT_BYTES, type MessageEnvelope } from './segment-message.ts'

const receivedAt = new Date('2026-11-23T12:00:00.000Z')
const envelope: MessageEnvelope = { receivedAt, newMessageId: () => 'generated-id' }
const reasonOf = (raw: unknown, extra: Partial<MessageEnvelope> = {}) => {
  const check = checkMessage(raw, { ...envelope, ...extra })
  return check.ok ? 'ok' : check.reason
}

describe('checkMessage', () => {
  it('normalises a track call: ids as strings, a generated messageId, receive time as timestamp', () => {
    const check = checkMessage({ userId: 42, event: 'Signed Up' }, { ...envelope, type: 'track' })
    expect(check).toEqual({
      ok: true,
      message: {
        messageId: 'generated-id',
        type: 'track',
        event: 'Signed Up',
        userId: '42',
        anonymousId: null,
        timestamp: receivedAt,
        payload: {
          userId: 42,
          event: 'Signed Up',
          type: 'track',
          messageId: 'generated-id',
          context: {},
          integrations: {},
          receivedAt: receivedAt.toISOString(),
        },
      },
    })
  })

  it('lets the endpoint decide the type, and a batch item say its own', () => {
    const fromEndpoint = checkMessage(
      { type: 'page', userId: 'u' },
      { ...envelope, type: 'identify' },
    )
    expect(fromEndpoint.ok && fromEndpoint.message.type).toBe('identify')
    const fromItem = checkMessage({ type: 'page', userId: 'u' }, envelope)
    expect(fromItem.ok && fromItem.message.type).toBe('page')
  })

  it('gives each rule its own reason', () => {
    expect(reasonOf([])).toBe('an event must be a JSON object')
    expect(reasonOf({ type: 'launch', userId: 'u' })).toBe(
      'type must be one of identify, track, page, screen, group, alias',
    )
    expect(reasonOf({ type: 'identify' })).toBe('userId or anonymousId is required')
    expect(reasonOf({ type: 'track', userId: 'u', event: '  ' })).toBe(
      'a track event needs an event name',
    )
    expect(reasonOf({ type: 'group', userId: 'u' })).toBe('a group call needs a groupId')
    expect(reasonOf({ type: 'alias', userId: 'u' })).toBe(
      'an alias call needs previousId and userId',
    )
    expect(reasonOf({ type: 'identify', userId: { id: 1 } })).toBe(
      'userId must be a string or a number',
    )
    expect(reasonOf({ type: 'identify', userId: 'u', traits: 'vip' })).toBe(
      'traits must be an object',
    )
    expect(reasonOf({ type: 'identify', userId: 'u', timestamp: 'yesterday' })).toBe(
      'timestamp must be an ISO-8601 date',
    )
    expect(reasonOf({ type: 'identify', userId: 'x'.repeat(256) })).toBe(
      'userId is longer than 255 characters',
    )
  })

  it('measures the 32 KB limit on the event as sent', () => {
    const fits = { type: 'track', userId: 'u', event: 'E', properties: { p: '' } }
    const room = MAX_EVENT_BYTES - Buffer.byteLength(JSON.stringify(fits))
    expect(reasonOf({ ...fits, properties: { p: 'x'.repeat(room) } })).toBe('ok')
    expect(reasonOf({ ...fits, properties: { p: 'x'.repeat(room + 1) } })).toBe(
      `the event is ${MAX_EVENT_BYTES + 1} bytes; the limit is 32 KB per event`,
    )
  })

  it('merges batch context and integrations under the event’s own', () => {
    const check = checkMessage(
      {
        type: 'track',
        userId: 'u',
        event: 'E',
        context: { locale: 'de' },
        integrations: { X: false },
      },
      {
        ...envelope,
        batchContext: { locale: 'en', ip: '1.2.3.4' },
        batchIntegrations: { All: true },
      },
    )
    expect(check.ok && check.message.payload.context).toEqual({ locale: 'de', ip: '1.2.3.4' })
    expect(check.ok && check.message.payload.integrations).toEqual({ All: true, X: false })
  })

  it('corrects the timestamp by the sender’s clock skew when sentAt is given', () => {
    const skewed = checkMessage(
      {
        type: 'track',
        userId: 'u',
        event: 'E',
        timestamp: '2026-11-23T11:58:00Z',
        sentAt: '2026-11-23T11:59:00Z',
      },
      envelope,
    )
    expect(skewed.ok && skewed.message.timestamp).toEqual(new Date('2026-11-23T11:59:00Z'))
    const trusted = checkMessage(
      { type: 'track', userId: 'u', event: 'E', timestamp: '2026-01-01T00:00:00Z' },
      envelope,
    )
    expect(trusted.ok && trusted.message.timestamp).toEqual(new Date('2026-01-01T00:00:00Z'))
  })
})
