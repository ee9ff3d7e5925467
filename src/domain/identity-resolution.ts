// Identity resolution for a batch of stored events, in arrival order. Pure: the caller looks up
// the identities the events mention and executes the plan this returns.
//
// The rules:
// - A person becomes a contact once they are known: an event with a userId, or traits with an
//   email. Events from an anonymousId alone stay anonymous until an identify or alias ties that
//   anonymousId to a known person; then the anonymous history joins the contact.
// - Every userId, email and anonymousId seen with a contact resolves to it from then on.
// - When one event ties together identities that belong to different contacts, they are the same
//   person: the contacts merge. The survivor is an existing contact before a new one, then the
//   contact the userId resolves to, then the email's, then the anonymousId's, then the oldest.
// - alias(previousId -> userId): previousId is the person's earlier userId or anonymousId.

export type IdentityKind = 'user_id' | 'email' | 'anonymous_id'

export interface Identity {
  readonly kind: IdentityKind
  readonly value: string
}

export const identityKey = (identity: Identity): string => `${identity.kind}:${identity.value}`

export interface ResolvableEvent {
  readonly id: string
  readonly type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias'
  readonly userId: string | null
  readonly anonymousId: string | null
  readonly timestamp: Date
  readonly payload: Readonly<Record<string, unknown>>
}

export interface KnownContact {
  readonly contactId: string
  readonly createdAt: Date
}

export interface ResolutionInput {
  readonly events: readonly ResolvableEvent[]
  /** What the store already knows, by `identityKey`. */
  readonly known: ReadonlyMap<string, KnownContact>
  readonly newId: () => string
}

export interface ContactChanges {
  /** Traits in the order they arrived, later ones overriding earlier ones. */
  readonly traits: Record<string, unknown>
  readonly firstSeenAt: Date
  readonly lastSeenAt: Date
}

export interface ContactMerge {
  readonly survivorId: string
  readonly loserId: string
  readonly reason: string
}

export interface ResolutionPlan {
  /** The contact each event belongs to, or null while it stays anonymous. */
  readonly eventContacts: ReadonlyMap<string, string | null>
  /** Contacts to create, with their accumulated traits. */
  readonly newContacts: ReadonlyMap<string, ContactChanges>
  /** Existing contacts whose traits changed. */
  readonly updatedContacts: ReadonlyMap<string, ContactChanges>
  /** Identities to record (new ones, or ones that now point elsewhere after a merge). */
  readonly identities: readonly (Identity & { readonly contactId: string })[]
  /** Existing contacts to merge, in order; identities and history move to the survivor. */
  readonly merges: readonly ContactMerge[]
  /** Anonymous ids newly tied to a contact: their earlier, already processed events join it. */
  readonly anonymousLinks: ReadonlyMap<string, string>
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The traits an event carries: identify traits, or context.traits on any other call. */
export function traitsOf(
  event: Pick<ResolvableEvent, 'type' | 'payload'>,
): Record<string, unknown> {
  const context = isRecord(event.payload.context) ? event.payload.context : {}
  const contextTraits = isRecord(context.traits) ? context.traits : {}
  if (event.type === 'identify' && isRecord(event.payload.traits))
    return { ...contextTraits, ...event.payload.traits }
  // A group call's traits describe the account, not the person.
  return contextTraits
}

/** A normalised email address as an identity value, or undefined when there is none. */
export function emailIdentityValue(traits: Record<string, unknown>): string | undefined {
  const email = traits.email
  if (typeof email !== 'string') return undefined
  const value = email.trim().toLowerCase()
  return value === '' ? undefined : value
}

/**
 * The identities an event names: its userId, email trait and anonymousId, and for an alias the
 * previous id (which may have been either a userId or an anonymousId).
 */
export function identitiesOf(
  event: Pick<ResolvableEvent, 'type' | 'userId' | 'anonymousId' | 'payload'>,
): {
  readonly mentioned: readonly Identity[]
  readonly previous: readonly Identity[]
  readonly previousId: string | undefined
} {
  const email = emailIdentityValue(traitsOf(event))
  const mentioned: Identity[] = []
  if (event.userId !== null) mentioned.push({ kind: 'user_id', value: event.userId })
  if (email !== undefined) mentioned.push({ kind: 'email', value: email })
  if (event.anonymousId !== null) mentioned.push({ kind: 'anonymous_id', value: event.anonymousId })
  const previousId = event.type === 'alias' ? stringId(event.payload.previousId) : undefined
  const previous: Identity[] =
    previousId === undefined
      ? []
      : [
          { kind: 'user_id', value: previousId },
          { kind: 'anonymous_id', value: previousId },
        ]
  return { mentioned, previous, previousId }
}

const RANK: Record<IdentityKind, number> = { user_id: 0, email: 1, anonymous_id: 2 }

interface Resolved {
  readonly contactId: string
  readonly rank: number
  readonly existing: boolean
  readonly createdAt: Date
}

export function resolveIdentities(input: ResolutionInput): ResolutionPlan {
  const known = new Map<string, KnownContact>(input.known)
  const existingCreatedAt = new Map<string, Date>()
  for (const k of input.known.values()) existingCreatedAt.set(k.contactId, k.createdAt)

  const redirect = new Map<string, string>()
  const follow = (id: string): string => {
    let current = id
    for (let next = redirect.get(current); next !== undefined; next = redirect.get(current))
      current = next
    return current
  }
  const newContacts = new Map<string, ContactChanges>()
  const updatedContacts = new Map<string, ContactChanges>()
  const identities = new Map<string, Identity & { contactId: string }>()
  const merges: ContactMerge[] = []
  const anonymousLinks = new Map<string, string>()
  const eventContacts = new Map<string, string | null>()
  /** Events of this batch still anonymous, by anonymousId, in case a later event identifies them. */
  const anonymousEvents = new Map<string, string[]>()

  const changesOf = (contactId: string): Map<string, ContactChanges> =>
    existingCreatedAt.has(contactId) ? updatedContacts : newContacts

  const addTraits = (contactId: string, traits: Record<string, unknown>, at: Date) => {
    const target = changesOf(contactId)
    const current = target.get(contactId)
    if (current === undefined) {
      target.set(contactId, { traits: { ...traits }, firstSeenAt: at, lastSeenAt: at })
      return
    }
    target.set(contactId, {
      traits: { ...current.traits, ...traits },
      firstSeenAt: current.firstSeenAt < at ? current.firstSeenAt : at,
      lastSeenAt: current.lastSeenAt > at ? current.lastSeenAt : at,
    })
  }

  const assign = (identity: Identity, contactId: string) => {
    const key = identityKey(identity)
    const before = known.get(key)
    if (before !== undefined && follow(before.contactId) === contactId) return
    known.set(key, { contactId, createdAt: existingCreatedAt.get(contactId) ?? new Date(0) })
    identities.set(key, { ...identity, contactId })
    if (identity.kind === 'anonymous_id') {
      anonymousLinks.set(identity.value, contactId)
      for (const eventId of anonymousEvents.get(identity.value) ?? [])
        eventContacts.set(eventId, contactId)
      anonymousEvents.delete(identity.value)
    }
  }

  const merge = (survivor: Resolved, loser: Resolved, reason: string) => {
    redirect.set(loser.contactId, survivor.contactId)
    const loserChanges = changesOf(loser.contactId).get(loser.contactId)
    changesOf(loser.contactId).delete(loser.contactId)
    if (loserChanges !== undefined) {
      // The survivor's own traits win over the merged contact's.
      const survivorChanges = changesOf(survivor.contactId).get(survivor.contactId)
      changesOf(survivor.contactId).set(survivor.contactId, {
        traits: { ...loserChanges.traits, ...(survivorChanges?.traits ?? {}) },
        firstSeenAt: min(loserChanges.firstSeenAt, survivorChanges?.firstSeenAt),
        lastSeenAt: max(loserChanges.lastSeenAt, survivorChanges?.lastSeenAt),
      })
    }
    if (loser.existing)
      merges.push({ survivorId: survivor.contactId, loserId: loser.contactId, reason })
    for (const [key, value] of known) {
      if (follow(value.contactId) !== survivor.contactId || value.contactId === survivor.contactId)
        continue
      known.set(key, { contactId: survivor.contactId, createdAt: survivor.createdAt })
      const pending = identities.get(key)
      if (pending !== undefined) identities.set(key, { ...pending, contactId: survivor.contactId })
    }
  }

  for (const event of input.events) {
    const traits = traitsOf(event)
    const { mentioned, previous, previousId } = identitiesOf(event)

    const resolved: Resolved[] = []
    for (const identity of [...mentioned, ...previous]) {
      const hit = known.get(identityKey(identity))
      if (hit === undefined) continue
      const contactId = follow(hit.contactId)
      if (resolved.some((r) => r.contactId === contactId)) continue
      resolved.push({
        contactId,
        rank: RANK[identity.kind],
        existing: existingCreatedAt.has(contactId),
        createdAt: existingCreatedAt.get(contactId) ?? hit.createdAt,
      })
    }

    const isKnownPerson = mentioned.some((identity) => identity.kind !== 'anonymous_id')
    let contactId: string | null
    if (resolved.length === 0) {
      if (!isKnownPerson) {
        eventContacts.set(event.id, null)
        if (event.anonymousId !== null) {
          const list = anonymousEvents.get(event.anonymousId) ?? []
          list.push(event.id)
          anonymousEvents.set(event.anonymousId, list)
        }
        continue
      }
      contactId = input.newId()
      addTraits(contactId, {}, event.timestamp)
    } else {
      resolved.sort(bySurvivorPriority)
      const survivor = resolved[0] as Resolved
      for (const loser of resolved.slice(1))
        merge(survivor, loser, mergeReason(event, survivor, loser))
      contactId = survivor.contactId
    }

    for (const identity of mentioned) assign(identity, contactId)
    // An earlier id nobody knew as a userId was an anonymous visitor: their history joins here.
    if (previousId !== undefined && !known.has(identityKey({ kind: 'user_id', value: previousId })))
      assign({ kind: 'anonymous_id', value: previousId }, contactId)
    addTraits(contactId, traits, event.timestamp)
    eventContacts.set(event.id, contactId)
  }

  // Events assigned before a merge follow their contact to the survivor.
  for (const [eventId, contactId] of eventContacts)
    if (contactId !== null) eventContacts.set(eventId, follow(contactId))
  for (const [anonymousId, contactId] of anonymousLinks)
    anonymousLinks.set(anonymousId, follow(contactId))

  return {
    eventContacts,
    newContacts,
    updatedContacts,
    identities: [...identities.values()],
    merges,
    anonymousLinks,
  }
}

function bySurvivorPriority(a: Resolved, b: Resolved): number {
  if (a.existing !== b.existing) return a.existing ? -1 : 1
  if (a.rank !== b.rank) return a.rank - b.rank
  return a.createdAt.getTime() - b.createdAt.getTime()
}

function mergeReason(event: ResolvableEvent, survivor: Resolved, loser: Resolved): string {
  const call = event.type === 'alias' ? 'an alias call' : `a ${event.type} call`
  return `${call} tied ${loser.contactId} to ${survivor.contactId}`
}

function stringId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'string' && value !== '') return value
  return undefined
}

const min = (a: Date, b: Date | undefined): Date => (b === undefined || a < b ? a : b)
const max = (a: Date, b: Date | undefined): Date => (b === undefined || a > b ? a : b)
