import { describe, expect, it } from 'vitest'
import {
  type ChannelConsent,
  type Consent,
  type ConsentChange,
  consentChangeOfEvent,
  decideConsent,
  doNotContactNote,
  maySend,
  strongerConsent,
} from './consent.ts'

const granted: Consent = { status: 'granted', reason: 'opt_in' }
const bounced: Consent = { status: 'suppressed', reason: 'bounced' }
const manual: Consent = { status: 'suppressed', reason: 'manual' }
const complained: Consent = { status: 'suppressed', reason: 'complained' }
const unsubscribed: Consent = { status: 'suppressed', reason: 'unsubscribed' }
const erased: Consent = { status: 'suppressed', reason: 'erased' }

const by = (consent: Consent, source: ConsentChange['source']): ConsentChange => ({
  ...consent,
  source,
})

describe('strongerConsent', () => {
  it('never lets a weaker reason replace an unsubscribe', () => {
    expect(strongerConsent(unsubscribed, bounced)).toBe(unsubscribed)
    expect(strongerConsent(bounced, unsubscribed)).toBe(unsubscribed)
    expect(strongerConsent(granted, bounced)).toBe(bounced)
    expect(strongerConsent(unsubscribed, granted)).toBe(unsubscribed)
    expect(strongerConsent(unsubscribed, erased)).toBe(erased)
  })
})

describe('decideConsent', () => {
  it('applies anything to a channel with no consent or a grant', () => {
    expect(decideConsent(undefined, by(granted, 'user'))).toEqual({
      applied: true,
      consent: granted,
    })
    expect(decideConsent(granted, by(bounced, 'system'))).toEqual({
      applied: true,
      consent: bounced,
    })
  })

  it('keeps an unsubscribe against a bounce, a manual block and a user grant', () => {
    for (const change of [by(bounced, 'system'), by(manual, 'user'), by(granted, 'user')]) {
      const decision = decideConsent(unsubscribed, change)
      expect(decision.applied).toBe(false)
      expect(decision.consent).toBe(unsubscribed)
    }
    expect(decideConsent(unsubscribed, by(bounced, 'system'))).toMatchObject({
      why: 'Unsubscribed outranks Bounced; it is kept.',
    })
    expect(decideConsent(unsubscribed, by(granted, 'import'))).toMatchObject({
      why: "Unsubscribed is the person's own choice: only their own opt-in lifts it.",
    })
  })

  it('lets the person lift their own unsubscribe or complaint, and a grant lift a bounce', () => {
    expect(decideConsent(unsubscribed, by(granted, 'person')).applied).toBe(true)
    expect(decideConsent(complained, by(granted, 'person')).applied).toBe(true)
    expect(decideConsent(complained, by(granted, 'user')).applied).toBe(false)
    expect(decideConsent(bounced, by(granted, 'user')).applied).toBe(true)
    expect(decideConsent(manual, by(granted, 'import')).applied).toBe(true)
  })

  it('replaces a suppression with an equal or stronger one only', () => {
    expect(decideConsent(bounced, by(unsubscribed, 'person')).consent).toEqual(unsubscribed)
    expect(decideConsent(bounced, by(bounced, 'system')).applied).toBe(true)
    expect(decideConsent(complained, by(bounced, 'system')).applied).toBe(false)
  })

  it('lets nothing lift an erasure', () => {
    for (const change of [by(granted, 'person'), by(unsubscribed, 'person'), by(manual, 'user')])
      expect(decideConsent(erased, change)).toMatchObject({ applied: false, consent: erased })
  })
})

const on = (channel: ChannelConsent['channel'], consent: Consent, day: string): ChannelConsent => ({
  ...consent,
  channel,
  updatedAt: new Date(`${day}T09:30:00Z`),
})

describe('maySend', () => {
  it('allows a channel without a suppression, saying whether the person opted in', () => {
    expect(maySend([], 'email')).toEqual({ allowed: true, reason: 'No suppression on email.' })
    expect(
      maySend([on('email', granted, '2026-02-01'), on('sms', bounced, '2026-02-02')], 'email'),
    ).toEqual({ allowed: true, reason: 'Opted in to email on 2026-02-01.' })
  })

  it('blocks on the channel or on every channel, naming the strongest reason', () => {
    const consents = [on('email', bounced, '2026-02-01'), on('all', unsubscribed, '2026-03-04')]
    const email = maySend(consents, 'email')
    expect(email.allowed).toBe(false)
    expect(email.reason).toBe('Unsubscribed (every channel, 2026-03-04): nothing may be sent.')
    expect(maySend(consents, 'phone').allowed).toBe(false)
    expect(maySend([on('email', bounced, '2026-02-01')], 'phone').allowed).toBe(true)
  })
})

describe('doNotContactNote', () => {
  it('is absent when nothing is suppressed', () => {
    expect(doNotContactNote([on('email', granted, '2026-02-01')])).toBeUndefined()
  })

  it('names each suppressed channel with its reason and day', () => {
    expect(
      doNotContactNote([on('sms', bounced, '2026-02-01'), on('email', unsubscribed, '2026-03-04')]),
    ).toBe('Do not contact by email (unsubscribed 2026-03-04), by sms (bounced 2026-02-01).')
    expect(
      doNotContactNote([on('email', bounced, '2026-02-01'), on('all', complained, '2026-03-04')]),
    ).toBe('Do not contact on any channel (marked as spam 2026-03-04).')
  })
})

describe('consentChangeOfEvent', () => {
  it("reads Segment's email events as changes on the email channel", () => {
    expect(consentChangeOfEvent('Unsubscribed', {})).toEqual({
      channel: 'email',
      change: { status: 'suppressed', reason: 'unsubscribed', source: 'person' },
    })
    expect(consentChangeOfEvent('Email Bounced', {})?.change.reason).toBe('bounced')
    expect(consentChangeOfEvent('Email Marked as Spam', {})?.change.reason).toBe('complained')
    expect(consentChangeOfEvent('Subscribed', { channel: 'sms' })).toEqual({
      channel: 'sms',
      change: { status: 'granted', reason: 'opt_in', source: 'person' },
    })
  })

  it('ignores other events, inherited names and unknown channels', () => {
    expect(consentChangeOfEvent('Email Opened', {})).toBeUndefined()
    expect(consentChangeOfEvent('constructor', {})).toBeUndefined()
    expect(consentChangeOfEvent(null, {})).toBeUndefined()
    expect(consentChangeOfEvent('Unsubscribed', { channel: 'carrier pigeon' })?.channel).toBe(
      'email',
    )
  })
})
