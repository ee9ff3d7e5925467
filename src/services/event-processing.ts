import { randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import {
  type ActivityClassification,
  type CampaignRef,
  classifyEvent,
} from '../domain/activity-classification.ts'
import { consentChangeOfEvent } from '../domain/consent.ts'
import { type ContactPatch, contactPatchFromTraits } from '../domain/contact-traits.ts'
import { erasedIdentityKey } from '../domain/erased-identity.ts'
import {
  type ContactChanges,
  type Identity,
  identitiesOf,
  identityKey,
  type KnownContact,
  type ResolvableEvent,
  resolveIdentities,
} from '../domain/identity-resolution.ts'
import type { AccountActivity } from '../domain/scoring/account-score.ts'
import type { ScoredActivity } from '../domain/scoring/contact-score.ts'
import type { Database, EventType } from '../store/database.ts'
import { jsonb } from '../store/jsonb.ts'
import { campaignIdsByKey } from './campaigns.ts'
import { changeConsent } from './consents.ts'
import { refreshContacts } from './contact-checks.ts'
import { mergeContacts } from './contact-merge.ts'
import { type ActiveContracts, activeContracts } from './contracts.ts'
import { resolveGroupAccount } from './group-accounts.ts'
import { handOffAfterScoring } from './handoff/handoff-after-scoring.ts'
import { recordSalesTouches } from './handoff/sales-touches.ts'
import { ERASED_PAYLOAD } from './personal-data/erase-person.ts'
import { erasedAmong } from './personal-data/erased-identities.ts'
import { foldIntoAccountScores, scoreAccounts } from './scoring/score-accounts.ts'
import { foldIntoContactScores, scoreContacts } from './scoring/score-contacts.ts'

// The layer after ingestion: stored events, in arrival order, become contacts (identity
// resolution), account links (group calls) and activities. One batch is one transaction, and it
// marks its events processed, so a crash part-way leaves nothing half done and nothing twice.

export interface ProcessOptions {
  readonly workspaceId: string
  readonly limit: number
  readonly now: Date
}

export interface ProcessOutcome {
  /** Events marked processed (0 when none were pending, or another process holds the workspace). */
  readonly processed: number
  readonly contactsCreated: number
  readonly contactsMerged: number
  readonly activitiesWritten: number
  /** Handoffs to owners the batch's scores started (each queues a notification). */
  readonly handoffs: number
}

interface PendingEvent extends ResolvableEvent {
  readonly type: EventType
  readonly event: string | null
}

const NOTHING: ProcessOutcome = {
  processed: 0,
  contactsCreated: 0,
  contactsMerged: 0,
  activitiesWritten: 0,
  handoffs: 0,
}

// One advisory-lock namespace for event processing; the second key is the workspace.
const LOCK_NAMESPACE = 7301

export async function processPendingEvents(
  db: Kysely<Database>,
  options: ProcessOptions,
): Promise<ProcessOutcome> {
  return db.transaction().execute(async (trx) => {
    const ws = options.workspaceId
    const lock = await sql<{ locked: boolean }>`
      select pg_try_advisory_xact_lock(${LOCK_NAMESPACE}, hashtext(${ws})) as locked`.execute(trx)
    if (lock.rows[0]?.locked !== true) return NOTHING

    const events = await loadPending(trx, ws, options.limit)
    if (events.length === 0) return NOTHING
    const live = await setAsideErasedPeople(trx, ws, events, options.now)
    const outcome = live.length === 0 ? NOTHING : await processBatch(trx, ws, live, options.now)
    return { ...outcome, processed: events.length }
  })
}

/**
 * Events naming an erased person (a late delivery, a retried batch, a stale browser id) are
 * emptied and marked processed without touching any contact; the others go on.
 */
async function setAsideErasedPeople(
  trx: Kysely<Database>,
  ws: string,
  events: readonly PendingEvent[],
  now: Date,
): Promise<PendingEvent[]> {
  const named = events.map((event) => {
    const { mentioned, previous } = identitiesOf(event)
    return [...mentioned, ...previous]
  })
  const erased = await erasedAmong(trx, ws, named.flat())
  if (erased.size === 0) return [...events]
  const setAside = events.filter((_, i) =>
    named[i]?.some((identity) => erased.has(erasedIdentityKey(identity))),
  )
  await trx
    .updateTable('events')
    .set({
      payload: jsonb(ERASED_PAYLOAD),
      user_id: null,
      anonymous_id: null,
      processed_at: now,
      processing_error: 'Names an erased person: emptied and set aside.',
    })
    .where('workspace_id', '=', ws)
    .where(
      'id',
      'in',
      setAside.map((e) => e.id),
    )
    .execute()
  const aside = new Set(setAside.map((e) => e.id))
  return events.filter((e) => !aside.has(e.id))
}

/** Marks one event as failed so the events after it can go on; a person can look at it later. */
export async function markEventFailed(
  db: Kysely<Database>,
  workspaceId: string,
  error: string,
  now: Date,
): Promise<string | undefined> {
  const first = await db
    .selectFrom('events')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('processed_at', 'is', null)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst()
  if (first === undefined) return undefined
  await db
    .updateTable('events')
    .set({ processed_at: now, processing_error: error.slice(0, 2000) })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', first.id)
    .execute()
  return first.id
}

/** Workspaces with events waiting to be processed. */
export async function workspacesWithPendingEvents(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('events')
    .select('workspace_id')
    .distinct()
    .where('processed_at', 'is', null)
    .execute()
  return rows.map((r) => r.workspace_id)
}

/** The columns of an event row that processing reads. */
interface EventRow {
  readonly id: string
  readonly type: EventType
  readonly event: string | null
  readonly user_id: string | null
  readonly anonymous_id: string | null
  readonly timestamp: Date
  readonly payload: Record<string, unknown>
}

function pendingEventOf(row: EventRow): PendingEvent {
  return {
    id: row.id,
    type: row.type,
    event: row.event,
    userId: row.user_id,
    anonymousId: row.anonymous_id,
    timestamp: row.timestamp,
    payload: row.payload,
  }
}

async function loadPending(
  trx: Kysely<Database>,
  ws: string,
  limit: number,
): Promise<PendingEvent[]> {
  const rows = await trx
    .selectFrom('events')
    .select(['id', 'type', 'event', 'user_id', 'anonymous_id', 'timestamp', 'payload'])
    .where('workspace_id', '=', ws)
    .where('processed_at', 'is', null)
    .orderBy('seq')
    .limit(limit)
    .execute()
  return rows.map(pendingEventOf)
}

async function processBatch(
  trx: Kysely<Database>,
  ws: string,
  events: readonly PendingEvent[],
  now: Date,
): Promise<ProcessOutcome> {
  const plan = resolveIdentities({
    events,
    known: await lookUpIdentities(trx, ws, events),
    newId: randomUUID,
  })

  // Classify first: a new contact's source is the channel and campaign of its first touch.
  const classified = new Map<string, ActivityClassification>()
  for (const event of events) {
    const classification = classify(event)
    if (classification !== null) classified.set(event.id, classification)
  }
  const campaigns = await campaignIdsByKey(
    trx,
    ws,
    [...classified.values()].map((c) => c.campaign).filter((c) => c !== null),
    now,
  )

  await insertNewContacts(
    trx,
    ws,
    events,
    plan.newContacts,
    plan.eventContacts,
    classified,
    campaigns,
  )
  let merged = 0
  for (const m of plan.merges)
    if (
      await mergeContacts(trx, {
        workspaceId: ws,
        survivorId: m.survivorId,
        mergedId: m.loserId,
        reason: m.reason,
        at: now,
      })
    )
      merged += 1
  if (plan.identities.length > 0)
    await trx
      .insertInto('contact_identities')
      .values(
        plan.identities.map((i) => ({
          workspace_id: ws,
          kind: i.kind,
          value: i.value,
          contact_id: i.contactId,
        })),
      )
      .onConflict((c) =>
        c
          .columns(['workspace_id', 'kind', 'value'])
          .doUpdateSet({ contact_id: (eb) => eb.ref('excluded.contact_id') }),
      )
      .execute()
  const changed = await updateContacts(trx, ws, plan.updatedContacts, now)
  // A contact's userId column shows the first userId it was known by.
  const userIds = plan.identities
    .filter((i) => i.kind === 'user_id')
    .map((i) => ({ id: i.contactId, user_id: i.value }))
  if (userIds.length > 0)
    await sql`update contacts set user_id = u.user_id
      from jsonb_to_recordset(${jsonb(userIds)}) as u(id uuid, user_id text)
      where contacts.workspace_id = ${ws} and contacts.id = u.id and contacts.user_id is null`.execute(
      trx,
    )

  const eventContacts = new Map(plan.eventContacts)
  const eventAccounts = new Map<string, string>()
  const describedAccounts = new Set<string>()
  for (const event of events) {
    if (event.type !== 'group') continue
    const groupId = stringId(event.payload.groupId)
    if (groupId === undefined) continue
    const { accountId, described } = await resolveGroupAccount(trx, {
      workspaceId: ws,
      groupId,
      traits: recordOf(event.payload.traits),
      at: event.timestamp,
    })
    eventAccounts.set(event.id, accountId)
    if (described) describedAccounts.add(accountId)
    const contactId = eventContacts.get(event.id)
    if (contactId !== null && contactId !== undefined) {
      await trx
        .updateTable('contacts')
        .set({
          account_id: accountId,
          account_match_method: 'group',
          account_match_confidence: 1,
          account_match_status: 'linked',
          account_candidate_id: null,
          updated_at: now,
        })
        .where('workspace_id', '=', ws)
        .where('id', '=', contactId)
        .execute()
      changed.add(contactId)
    }
  }

  // Earlier events of visitors identified now: they join the contact and become activities.
  const rejoined = await rejoinAnonymousHistory(trx, ws, plan.anonymousLinks)
  for (const event of rejoined) {
    eventContacts.set(event.id, event.contactId)
    const classification = classify(event)
    if (classification !== null) classified.set(event.id, classification)
  }
  const lateCampaigns = await campaignIdsByKey(
    trx,
    ws,
    rejoined.map((e) => classified.get(e.id)?.campaign).filter((c) => c != null),
    now,
  )
  for (const [key, id] of lateCampaigns) campaigns.set(key, id)
  await sourceFromAnonymousHistory(trx, ws, plan.newContacts, rejoined, classified, campaigns)

  const touched = new Set([...plan.newContacts.keys(), ...changed])
  for (const m of plan.merges) touched.add(m.survivorId)
  if (touched.size > 0) await refreshContacts(trx, ws, [...touched])

  const contactAccounts = await accountsOfContacts(trx, ws, eventContacts)
  const activities = []
  // The batch's own events are new to their contacts; rejoined history changes whole contacts.
  const newActivities = new Map<string, ScoredActivity[]>()
  const newAccountActivities = new Map<string, AccountActivity[]>()
  const fromBatch = new Set(events.map((e) => e.id))
  const allEvents = [...events, ...rejoined]
  for (const event of allEvents) {
    const classification = classified.get(event.id)
    if (classification === undefined) continue
    const contactId = eventContacts.get(event.id) ?? null
    const accountId =
      eventAccounts.get(event.id) ??
      (contactId === null ? undefined : contactAccounts.get(contactId)) ??
      null
    if (contactId === null && accountId === null) continue
    const properties = activityProperties(event)
    if (contactId !== null && fromBatch.has(event.id)) {
      const list = newActivities.get(contactId) ?? []
      newActivities.set(contactId, list)
      const path = typeof properties.path === 'string' ? properties.path : null
      list.push({ type: classification.type, occurredAt: event.timestamp, path })
    }
    if (accountId !== null && fromBatch.has(event.id)) {
      const list = newAccountActivities.get(accountId) ?? []
      newAccountActivities.set(accountId, list)
      list.push({
        type: classification.type,
        function: classification.function,
        occurredAt: event.timestamp,
      })
    }
    activities.push({
      workspace_id: ws,
      id: randomUUID(),
      contact_id: contactId,
      account_id: accountId,
      event_id: event.id,
      type: classification.type,
      channel: classification.channel,
      function: classification.function,
      campaign_id: campaignIdOf(classification.campaign, campaigns),
      occurred_at: event.timestamp,
      properties,
    })
  }
  for (let i = 0; i < activities.length; i += 1_000)
    await sql`
      insert into activities (workspace_id, id, contact_id, account_id, event_id, type, channel,
        function, campaign_id, occurred_at, properties)
      select * from jsonb_to_recordset(${jsonb(activities.slice(i, i + 1_000))}) as a(
        workspace_id uuid, id uuid, contact_id uuid, account_id uuid, event_id uuid, type text,
        channel text, function text, campaign_id uuid, occurred_at timestamptz, properties jsonb)
      on conflict (workspace_id, event_id) where event_id is not null
      do update set contact_id = excluded.contact_id,
        account_id = coalesce(excluded.account_id, activities.account_id)`.execute(trx)

  const updates = events.map((e) => ({
    id: e.id,
    contact_id: eventContacts.get(e.id) ?? null,
    account_id:
      eventAccounts.get(e.id) ?? contactAccounts.get(eventContacts.get(e.id) ?? '') ?? null,
  }))
  await sql`
    update events set contact_id = u.contact_id, account_id = u.account_id, processed_at = ${now}
    from jsonb_to_recordset(${jsonb(updates)}) as u(id uuid, contact_id uuid, account_id uuid)
    where events.workspace_id = ${ws} and events.id = u.id`.execute(trx)
  await recordConsentEvents(trx, ws, events, eventContacts)

  // Scores follow in the same transaction: what an event changes is scored before it is done.
  // Contacts whose identity or profile changed are scored in full; the others add the batch's
  // activities to their stored score.
  const changedContacts = new Set([
    ...touched,
    ...rejoined.map((e) => e.contactId),
    // A company's new firmographics change the fit of everyone who works there.
    ...(await contactsOfAccounts(trx, ws, describedAccounts)),
  ])
  for (const id of changedContacts) newActivities.delete(id)
  // Accounts a group call described, or whose contacts changed, likewise in full.
  const changedAccounts = new Set(eventAccounts.values())
  for (const id of changedContacts) {
    const accountId = contactAccounts.get(id)
    if (accountId !== undefined && accountId !== null) changedAccounts.add(accountId)
  }
  for (const a of activities)
    if (a.account_id !== null && !fromBatch.has(a.event_id)) changedAccounts.add(a.account_id)
  for (const id of changedAccounts) newAccountActivities.delete(id)
  const contracts = await activeContracts(trx, ws)
  await scoreBatch(
    trx,
    ws,
    { changedContacts, newActivities, changedAccounts, newAccountActivities },
    contracts,
    now,
  )
  // A sales or SDR touch in the batch stops first-touch clocks before handoffs are decided.
  const salesTouches = activities
    .filter((a) => a.contact_id !== null && (a.function === 'sales' || a.function === 'sdr'))
    .map((a) => ({ contactId: a.contact_id as string, at: a.occurred_at }))
  await recordSalesTouches(
    trx,
    ws,
    salesTouches,
    contracts.routing?.body.coordination.holdMarketingDays ?? 0,
    now,
  )
  const { handoffs } = await handOffAfterScoring(
    trx,
    ws,
    {
      contactIds: [...changedContacts, ...newActivities.keys()],
      accountIds: [...changedAccounts, ...newAccountActivities.keys()],
    },
    contracts,
    now,
  )

  return {
    processed: events.length,
    contactsCreated: plan.newContacts.size,
    contactsMerged: merged,
    activitiesWritten: activities.length,
    handoffs,
  }
}

/** Unsubscribes, bounces, spam complaints and opt-ins tracked for known people. */
async function recordConsentEvents(
  trx: Kysely<Database>,
  ws: string,
  events: readonly PendingEvent[],
  eventContacts: ReadonlyMap<string, string | null>,
): Promise<void> {
  for (const event of events) {
    if (event.type !== 'track') continue
    const consent = consentChangeOfEvent(event.event, recordOf(event.payload.properties))
    const contactId = eventContacts.get(event.id)
    if (consent === undefined || contactId == null) continue
    await changeConsent(trx, {
      workspaceId: ws,
      contactId,
      channel: consent.channel,
      change: consent.change,
      actor: { type: 'system', id: 'tracking' },
      at: event.timestamp,
    })
  }
}

async function contactsOfAccounts(
  trx: Kysely<Database>,
  ws: string,
  accountIds: ReadonlySet<string>,
): Promise<string[]> {
  if (accountIds.size === 0) return []
  const rows = await trx
    .selectFrom('contacts')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('account_id', 'in', [...accountIds])
    .execute()
  return rows.map((r) => r.id)
}

async function scoreBatch(
  trx: Kysely<Database>,
  ws: string,
  batch: {
    readonly changedContacts: ReadonlySet<string>
    readonly newActivities: ReadonlyMap<string, ScoredActivity[]>
    readonly changedAccounts: ReadonlySet<string>
    readonly newAccountActivities: ReadonlyMap<string, AccountActivity[]>
  },
  contracts: ActiveContracts,
  now: Date,
): Promise<void> {
  if (contracts.qualification !== undefined) {
    const unscored = await foldIntoContactScores(
      trx,
      ws,
      batch.newActivities,
      contracts.qualification,
      now,
    )
    const full = [...batch.changedContacts, ...unscored]
    await scoreContacts(trx, ws, full, contracts.qualification, now)
  }
  if (contracts.icp !== undefined) {
    const unscored = await foldIntoAccountScores(
      trx,
      ws,
      batch.newAccountActivities,
      contracts.icp,
      now,
    )
    await scoreAccounts(trx, ws, [...batch.changedAccounts, ...unscored], contracts.icp, now)
  }
}

/** Every contact the batch's userIds, emails and anonymousIds already resolve to. */
async function lookUpIdentities(
  trx: Kysely<Database>,
  ws: string,
  events: readonly PendingEvent[],
): Promise<Map<string, KnownContact>> {
  const wanted = new Map<string, Identity>()
  for (const event of events) {
    const { mentioned, previous } = identitiesOf(event)
    for (const identity of [...mentioned, ...previous]) wanted.set(identityKey(identity), identity)
  }
  const known = new Map<string, KnownContact>()
  const values = [...wanted.values()]
  if (values.length === 0) return known
  // Identities first, then the contacts' own email and userId columns (imports and older rows).
  const rows = await sql<{
    kind: 'user_id' | 'email' | 'anonymous_id'
    value: string
    contact_id: string
    created_at: Date
  }>`
    with wanted as (
      select * from jsonb_to_recordset(${jsonb(values)}) as w(kind text, value text)
    )
    select i.kind, i.value, c.id as contact_id, c.created_at
    from wanted w
    join contact_identities i on i.workspace_id = ${ws} and i.kind = w.kind and i.value = w.value
    join contacts c on c.workspace_id = i.workspace_id and c.id = i.contact_id
    union all
    select 'email', lower(c.email), c.id, c.created_at
    from contacts c
    where c.workspace_id = ${ws} and lower(c.email) in (select value from wanted where kind = 'email')
    union all
    select 'user_id', c.user_id, c.id, c.created_at
    from contacts c
    where c.workspace_id = ${ws} and c.user_id in (select value from wanted where kind = 'user_id')`.execute(
    trx,
  )
  for (const row of rows.rows) {
    const key = identityKey({ kind: row.kind, value: row.value })
    if (!known.has(key)) known.set(key, { contactId: row.contact_id, createdAt: row.created_at })
  }
  return known
}

function classify(event: Pick<PendingEvent, 'type' | 'event' | 'payload'>) {
  return classifyEvent({
    type: event.type,
    event: event.event,
    properties: recordOf(event.payload.properties),
    context: recordOf(event.payload.context),
  })
}

const campaignKey = (campaign: CampaignRef) => campaign.key

function campaignIdOf(
  campaign: CampaignRef | null,
  campaigns: ReadonlyMap<string, string>,
): string | null {
  return campaign === null ? null : (campaigns.get(campaignKey(campaign)) ?? null)
}

function contactColumns(patch: ContactPatch) {
  const { email, ...rest } = patch
  return { ...rest, ...(email === undefined ? {} : { email: email.trim().toLowerCase() }) }
}

async function insertNewContacts(
  trx: Kysely<Database>,
  ws: string,
  events: readonly PendingEvent[],
  newContacts: ReadonlyMap<string, ContactChanges>,
  eventContacts: ReadonlyMap<string, string | null>,
  classified: ReadonlyMap<string, ActivityClassification>,
  campaigns: ReadonlyMap<string, string>,
): Promise<void> {
  if (newContacts.size === 0) return
  const firstTouch = new Map<string, ActivityClassification>()
  for (const event of events) {
    const contactId = eventContacts.get(event.id)
    const classification = classified.get(event.id)
    if (contactId == null || classification === undefined || firstTouch.has(contactId)) continue
    firstTouch.set(contactId, classification)
  }
  const rows = [...newContacts].map(([id, changes]) => {
    const touch = firstTouch.get(id)
    return {
      workspace_id: ws,
      id,
      ...contactColumns(contactPatchFromTraits(changes.traits)),
      traits: jsonb(changes.traits),
      source: touch?.channel ?? 'tracking',
      source_campaign_id: touch === undefined ? null : campaignIdOf(touch.campaign, campaigns),
      lifecycle_stage_changed_at: changes.firstSeenAt,
      created_at: changes.firstSeenAt,
      updated_at: changes.lastSeenAt,
    }
  })
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('contacts')
      .values(rows.slice(i, i + 500))
      .execute()
  // Entering the lead funnel is the first transition of its history.
  await trx
    .insertInto('stage_transitions')
    .values(
      rows.map((row) => ({
        workspace_id: ws,
        id: randomUUID(),
        funnel: 'lead' as const,
        entity_id: row.id,
        from_stage: null,
        to_stage: 'inquiry',
        at: row.created_at,
        actor_type: 'system' as const,
        actor_id: null,
        reason_code: 'tracked',
        reason: 'First identified through the tracking API',
      })),
    )
    .execute()
}

/**
 * A new contact's source is its first touch, and a visitor's history before identifying
 * themselves comes first: the paid ad that brought them, not the form they filled in later.
 */
async function sourceFromAnonymousHistory(
  trx: Kysely<Database>,
  ws: string,
  newContacts: ReadonlyMap<string, ContactChanges>,
  rejoined: readonly RejoinedEvent[],
  classified: ReadonlyMap<string, ActivityClassification>,
  campaigns: ReadonlyMap<string, string>,
): Promise<void> {
  const first = new Map<string, { at: Date; touch: ActivityClassification }>()
  for (const event of rejoined) {
    const touch = classified.get(event.id)
    if (touch === undefined || !newContacts.has(event.contactId)) continue
    const seen = first.get(event.contactId)
    if (seen === undefined || event.timestamp < seen.at)
      first.set(event.contactId, { at: event.timestamp, touch })
  }
  for (const [id, { touch }] of first)
    await trx
      .updateTable('contacts')
      .set({ source: touch.channel, source_campaign_id: campaignIdOf(touch.campaign, campaigns) })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute()
}

/** Applies traits to existing contacts; returns the ids whose fields actually changed. */
async function updateContacts(
  trx: Kysely<Database>,
  ws: string,
  updated: ReadonlyMap<string, ContactChanges>,
  now: Date,
): Promise<Set<string>> {
  const changed = new Set<string>()
  if (updated.size === 0) return changed
  const current = await trx
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', ws)
    .where('id', 'in', [...updated.keys()])
    .execute()
  for (const contact of current) {
    const changes = updated.get(contact.id)
    if (changes === undefined) continue
    const columns: Record<string, unknown> = contactColumns(contactPatchFromTraits(changes.traits))
    const set: Record<string, unknown> = {}
    for (const [column, value] of Object.entries(columns))
      if ((contact as Record<string, unknown>)[column] !== value) set[column] = value
    const traits = { ...contact.traits, ...changes.traits }
    const traitsChanged = JSON.stringify(traits) !== JSON.stringify(contact.traits)
    if (Object.keys(set).length === 0 && !traitsChanged) continue
    await trx
      .updateTable('contacts')
      .set({ ...set, traits: jsonb(traits), updated_at: now })
      .where('workspace_id', '=', ws)
      .where('id', '=', contact.id)
      .execute()
    changed.add(contact.id)
  }
  return changed
}

interface RejoinedEvent extends PendingEvent {
  readonly contactId: string
}

async function rejoinAnonymousHistory(
  trx: Kysely<Database>,
  ws: string,
  links: ReadonlyMap<string, string>,
): Promise<RejoinedEvent[]> {
  if (links.size === 0) return []
  const pairs = [...links].map(([anonymous_id, contact_id]) => ({ anonymous_id, contact_id }))
  const result = await sql<EventRow & { contact_id: string }>`
    update events set contact_id = l.contact_id
    from jsonb_to_recordset(${jsonb(pairs)}) as l(anonymous_id text, contact_id uuid)
    where events.workspace_id = ${ws} and events.anonymous_id = l.anonymous_id
      and events.contact_id is null and events.processed_at is not null
    returning events.id, events.type, events.event, events.user_id, events.anonymous_id,
      events.timestamp, events.payload, events.contact_id`.execute(trx)
  return result.rows.map((r) => ({ ...pendingEventOf(r), contactId: r.contact_id }))
}

async function accountsOfContacts(
  trx: Kysely<Database>,
  ws: string,
  eventContacts: ReadonlyMap<string, string | null>,
): Promise<Map<string, string>> {
  const ids = new Set<string>()
  for (const id of eventContacts.values()) if (id !== null) ids.add(id)
  const accounts = new Map<string, string>()
  if (ids.size === 0) return accounts
  const rows = await trx
    .selectFrom('contacts')
    .select(['id', 'account_id'])
    .where('workspace_id', '=', ws)
    .where('id', 'in', [...ids])
    .where('account_id', 'is not', null)
    .execute()
  for (const row of rows) if (row.account_id !== null) accounts.set(row.id, row.account_id)
  return accounts
}

/** What an activity keeps of its event: the page or the event's properties. */
function activityProperties(
  event: Pick<PendingEvent, 'type' | 'payload'>,
): Record<string, unknown> {
  const properties = recordOf(event.payload.properties)
  if (event.type !== 'page' && event.type !== 'screen') return properties
  const page = recordOf(recordOf(event.payload.context).page)
  const name = event.payload.name
  return {
    ...(typeof name === 'string' ? { name } : {}),
    ...pick(page, ['path', 'url', 'title', 'referrer']),
    ...properties,
  }
}

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {}
  for (const key of keys) if (record[key] !== undefined) picked[key] = record[key]
  return picked
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

function stringId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'string' && value !== '') return value
  return undefined
}
