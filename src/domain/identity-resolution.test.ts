import { describe, expect, it } from 'vitest'
import {
  identityKey,
  type KnownContact,
  type ResolvableEvent,
  resolveIdentities,
} from './identity-resolution.ts'

let counter = 0
const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, minute))
const event = (
  partial: Partial<ResolvableEvent> & Pick<ResolvableEvent, 'type'>,
): ResolvableEvent => {
  counter += 1
  return {
    id: `e${counter}`,
    userId: null,
    anonymousId: null,
    timestamp: at(counter),
    payload: {},
    ...partial,
  }
}
const ids = () => {
  let n = 0
  return () => `new${++n}`
}
const known = (entries: [string, string, KnownContact][]): Map<string, KnownContact> =>
  new Map(
    entries.map(([kind, value, contact]) => [
      identityKey({ kind: kind as 'email', value }),
      contact,
    ]),
  )

describe('resolveIdentities', () => {
  it('keeps anonymous visitors anonymous until they are identified, then joins their history', () => {
    const page = event({ type: 'page', anonymousId: 'anon-1' })
    const identify = event({
      type: 'identify',
      anonymousId: 'anon-1',
      userId: 'u-1',
      payload: { traits: { email: ' Ana@Acme.com ', firstName: 'Ana' } },
    })
    const plan = resolveIdentities({ events: [page, identify], known: new Map(), newId: ids() })
    expect(plan.newContacts.size).toBe(1)
    const [contactId] = [...plan.newContacts.keys()]
    expect(plan.eventContacts.get(page.id)).toBe(contactId)
    expect(plan.eventContacts.get(identify.id)).toBe(contactId)
    expect(plan.newContacts.get(contactId ?? '')?.traits.firstName).toBe('Ana')
    expect(plan.identities.map((i) => `${i.kind}:${i.value}`).sort()).toEqual([
      'anonymous_id:anon-1',
      'email:ana@acme.com',
      'user_id:u-1',
    ])
    expect(plan.anonymousLinks.get('anon-1')).toBe(contactId)
  })

  it('leaves a visitor who never identifies without a contact', () => {
    const page = event({ type: 'page', anonymousId: 'anon-2' })
    const plan = resolveIdentities({ events: [page], known: new Map(), newId: ids() })
    expect(plan.eventContacts.get(page.id)).toBeNull()
    expect(plan.newContacts.size).toBe(0)
    expect(plan.identities).toEqual([])
  })

  it('resolves later events through any identity it has seen', () => {
    const existing = { contactId: 'c-1', createdAt: at(0) }
    const track = event({ type: 'track', anonymousId: 'anon-3' })
    const plan = resolveIdentities({
      events: [track],
      known: known([['anonymous_id', 'anon-3', existing]]),
      newId: ids(),
    })
    expect(plan.eventContacts.get(track.id)).toBe('c-1')
    expect(plan.newContacts.size).toBe(0)
    expect(plan.identities).toEqual([])
  })

  it('merges two existing contacts one identify ties together, keeping the userId contact', () => {
    const byEmail = { contactId: 'c-email', createdAt: at(0) }
    const byUser = { contactId: 'c-user', createdAt: at(5) }
    const identify = event({
      type: 'identify',
      userId: 'u-9',
      payload: { traits: { email: 'bo@globex.com', title: 'CFO' } },
    })
    const plan = resolveIdentities({
      events: [identify],
      known: known([
        ['email', 'bo@globex.com', byEmail],
        ['user_id', 'u-9', byUser],
      ]),
      newId: ids(),
    })
    expect(plan.merges).toEqual([
      expect.objectContaining({ survivorId: 'c-user', loserId: 'c-email' }),
    ])
    expect(plan.eventContacts.get(identify.id)).toBe('c-user')
    expect(plan.updatedContacts.get('c-user')?.traits.title).toBe('CFO')
    expect(plan.updatedContacts.has('c-email')).toBe(false)
  })

  it('folds a contact created earlier in the batch into an existing one without a store merge', () => {
    const existing = { contactId: 'c-old', createdAt: at(0) }
    const first = event({ type: 'identify', payload: { traits: { email: 'new@initech.com' } } })
    const second = event({
      type: 'identify',
      userId: 'u-old',
      payload: { traits: { email: 'new@initech.com', lastName: 'Lumbergh' } },
    })
    const plan = resolveIdentities({
      events: [first, second],
      known: known([['user_id', 'u-old', existing]]),
      newId: ids(),
    })
    expect(plan.merges).toEqual([])
    expect(plan.newContacts.size).toBe(0)
    expect(plan.eventContacts.get(first.id)).toBe('c-old')
    expect(plan.identities).toContainEqual({
      kind: 'email',
      value: 'new@initech.com',
      contactId: 'c-old',
    })
    expect(plan.updatedContacts.get('c-old')?.traits).toMatchObject({
      email: 'new@initech.com',
      lastName: 'Lumbergh',
    })
  })

  it('alias ties an earlier anonymous id to the user', () => {
    const alias = event({ type: 'alias', userId: 'u-5', payload: { previousId: 'anon-5' } })
    const plan = resolveIdentities({ events: [alias], known: new Map(), newId: ids() })
    const contactId = plan.eventContacts.get(alias.id)
    expect(contactId).toBeTypeOf('string')
    expect(plan.anonymousLinks.get('anon-5')).toBe(contactId)
  })

  it('alias merges the contact of a previous userId into the new one', () => {
    const previous = { contactId: 'c-prev', createdAt: at(0) }
    const current = { contactId: 'c-cur', createdAt: at(1) }
    const alias = event({ type: 'alias', userId: 'u-new', payload: { previousId: 'u-prev' } })
    const plan = resolveIdentities({
      events: [alias],
      known: known([
        ['user_id', 'u-prev', previous],
        ['user_id', 'u-new', current],
      ]),
      newId: ids(),
    })
    // Both were found by userId; the older contact survives.
    expect(plan.merges).toEqual([
      expect.objectContaining({ survivorId: 'c-prev', loserId: 'c-cur' }),
    ])
    expect(plan.anonymousLinks.size).toBe(0)
  })

  it('reads traits from context.traits on track calls but not from group traits', () => {
    const track = event({
      type: 'track',
      userId: 'u-7',
      payload: { context: { traits: { email: 'cy@hooli.com' } } },
    })
    const group = event({
      type: 'group',
      userId: 'u-7',
      payload: { groupId: 'g1', traits: { email: 'billing@hooli.com', name: 'Hooli' } },
    })
    const plan = resolveIdentities({ events: [track, group], known: new Map(), newId: ids() })
    const [changes] = [...plan.newContacts.values()]
    expect(changes?.traits).toEqual({ email: 'cy@hooli.com' })
    expect(plan.identities.some((i) => i.value === 'billing@hooli.com')).toBe(false)
  })
})
