import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { addBusinessMinutes } from '../../domain/business-hours/business-clock.ts'
import {
  formatBusinessDuration,
  parseBusinessDuration,
} from '../../domain/business-hours/business-duration.ts'
import { contactName } from '../../domain/contact-name.ts'
import type { RoutingContract } from '../../domain/contracts/contract-schemas.ts'
import type { Database, SlaTimersTable } from '../../store/database.ts'
import { jsonb } from '../../store/jsonb.ts'
import { queueAlert } from '../alerts/queue-alert.ts'
import { recordAudit } from '../audit.ts'
import { calendarOf } from './owner-calendar.ts'
import { type RoutingDecision, routeContact } from './route-lead.ts'

// A handoff: the person goes to a named owner, with the SLA clocks of the owner's motion counted
// in the owner's working hours, timers for the reminders and breaches, and a note to the owner.

export type HandoffKind = 'mql' | 'explore' | 'manual'

export interface ActiveRouting {
  readonly version: number
  readonly body: RoutingContract
}

export interface HandoffInput {
  readonly workspaceId: string
  readonly contactId: string
  readonly kind: HandoffKind
  readonly routing: ActiveRouting
  readonly at: Date
  /** Set to skip routing: the person goes to this owner (an explore owner, a manual choice). */
  readonly ownerId?: string
  readonly ownerReason?: string
  readonly exclude?: readonly string[]
  readonly reassignedFrom?: string
  /** No audit entry when nobody can take the lead (a retry of one that was audited). */
  readonly quietIfUnrouted?: boolean
}

export type HandoffOutcome =
  | { readonly kind: 'assigned'; readonly assignmentId: string; readonly decision: RoutingDecision }
  | { readonly kind: 'unrouted'; readonly decision: RoutingDecision }

export async function handOff(trx: Kysely<Database>, input: HandoffInput): Promise<HandoffOutcome> {
  const ws = input.workspaceId
  const decision =
    input.ownerId === undefined
      ? await routeContact(trx, ws, input.contactId, input.routing.body, {
          now: input.at,
          ...(input.exclude === undefined ? {} : { exclude: input.exclude }),
        })
      : await namedOwner(trx, ws, input.ownerId, input.ownerReason ?? 'Chosen by hand')
  if (decision.ownerId === null) {
    if (input.quietIfUnrouted === true) return { kind: 'unrouted', decision }
    await recordAudit(trx, {
      workspaceId: ws,
      actor: { type: 'rule', id: `routing@${input.routing.version}` },
      action: 'handoff.unrouted',
      entityType: 'contact',
      entityId: input.contactId,
      details: { kind: input.kind, reasons: decision.reasons },
      at: input.at,
    })
    return { kind: 'unrouted', decision }
  }
  const owner = await trx
    .selectFrom('users')
    .select(['id', 'name', 'time_zone', 'working_hours', 'out_of_office'])
    .where('workspace_id', '=', ws)
    .where('id', '=', decision.ownerId)
    .executeTakeFirstOrThrow()
  const sla = input.routing.body.motions[decision.motion].sla
  const calendar = calendarOf(owner, input.routing.body.holidays)
  const minutes = (text: string) => {
    const parsed = parseBusinessDuration(text)
    // The contract was validated when drafted; a bad duration here is a bug.
    if (!parsed.ok) throw new Error(`Invalid SLA duration in routing@${input.routing.version}`)
    return parsed.minutes
  }
  const acceptMinutes = minutes(sla.acceptWithin)
  const touchMinutes = minutes(sla.firstTouchWithin)
  const remindMinutes = sla.remindBefore === undefined ? null : minutes(sla.remindBefore)
  const due = (m: number) => addBusinessMinutes(calendar, input.at, m)
  const acceptDue = due(acceptMinutes)
  const touchDue = due(touchMinutes)

  const assignmentId = randomUUID()
  await trx
    .insertInto('assignments')
    .values({
      workspace_id: ws,
      id: assignmentId,
      entity_type: 'contact',
      entity_id: input.contactId,
      kind: input.kind,
      owner_id: owner.id,
      assigned_at: input.at,
      accept_due_at: acceptDue,
      first_touch_due_at: touchDue,
      routing_reasons: jsonb(decision.reasons),
      routing_definition_version: input.routing.version,
      team_id: decision.teamId,
      motion: decision.motion,
      reassigned_from: input.reassignedFrom ?? null,
    })
    .execute()
  const timers: { clock: SlaTimersTable['clock']; kind: SlaTimersTable['kind']; due_at: Date }[] = [
    { clock: 'accept', kind: 'breach', due_at: acceptDue },
    { clock: 'first_touch', kind: 'breach', due_at: touchDue },
  ]
  if (remindMinutes !== null) {
    if (acceptMinutes > remindMinutes)
      timers.push({ clock: 'accept', kind: 'reminder', due_at: due(acceptMinutes - remindMinutes) })
    if (touchMinutes > remindMinutes)
      timers.push({
        clock: 'first_touch',
        kind: 'reminder',
        due_at: due(touchMinutes - remindMinutes),
      })
  }
  await trx
    .insertInto('sla_timers')
    .values(
      timers.map((t) => ({
        ...t,
        workspace_id: ws,
        id: randomUUID(),
        assignment_id: assignmentId,
      })),
    )
    .execute()
  await trx
    .updateTable('contacts')
    .set({ owner_id: owner.id })
    .where('workspace_id', '=', ws)
    .where('id', '=', input.contactId)
    .execute()

  const person = await personLine(trx, ws, input.contactId)
  await queueAlert(trx, {
    workspaceId: ws,
    recipientId: owner.id,
    kind: input.kind === 'explore' ? 'explore' : 'handoff',
    values: {
      person,
      name: person.replace(/ \(.*$/, ''),
      what: input.kind === 'mql' ? 'is a marketing-qualified lead' : 'was handed to you',
      acceptBy: localTime(acceptDue, owner.time_zone),
      acceptWithin: formatBusinessDuration(acceptMinutes),
      touchBy: localTime(touchDue, owner.time_zone),
      why: decision.reasons.join('; '),
    },
    entityType: 'contact',
    entityId: input.contactId,
    at: input.at,
  })
  await recordAudit(trx, {
    workspaceId: ws,
    actor: { type: 'rule', id: `routing@${input.routing.version}` },
    action: 'handoff.assigned',
    entityType: 'assignment',
    entityId: assignmentId,
    details: {
      contactId: input.contactId,
      kind: input.kind,
      ownerId: owner.id,
      motion: decision.motion,
      reasons: decision.reasons,
    },
    at: input.at,
  })
  return { kind: 'assigned', assignmentId, decision }
}

async function namedOwner(
  trx: Kysely<Database>,
  workspaceId: string,
  ownerId: string,
  reason: string,
): Promise<RoutingDecision> {
  const user = await trx
    .selectFrom('users as u')
    .leftJoin('teams as t', (j) =>
      j.onRef('t.workspace_id', '=', 'u.workspace_id').onRef('t.id', '=', 'u.team_id'),
    )
    .select(['u.id', 'u.name', 'u.motion', 'u.team_id', 't.name as team_name'])
    .where('u.workspace_id', '=', workspaceId)
    .where('u.id', '=', ownerId)
    .executeTakeFirst()
  if (user === undefined)
    return {
      ownerId: null,
      ownerName: null,
      teamId: null,
      teamName: null,
      motion: 'volume',
      reasons: [`There is no user ${ownerId}`],
    }
  return {
    ownerId: user.id,
    ownerName: user.name,
    teamId: user.team_id,
    teamName: user.team_name,
    motion: user.motion ?? 'volume',
    reasons: [reason],
  }
}

/** "Jane Doe (VP Marketing, Acme)": who the notification is about, in one line. */
export async function personLine(
  trx: Kysely<Database>,
  workspaceId: string,
  contactId: string,
): Promise<string> {
  const c = await trx
    .selectFrom('contacts as c')
    .leftJoin('accounts as a', (j) =>
      j.onRef('a.workspace_id', '=', 'c.workspace_id').onRef('a.id', '=', 'c.account_id'),
    )
    .select(['c.first_name', 'c.last_name', 'c.email', 'c.title', 'c.fit_grade', 'a.name'])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.id', '=', contactId)
    .executeTakeFirst()
  if (c === undefined) return 'a contact'
  const about = [c.title, c.name].filter((p) => p !== null).join(', ')
  const grade = c.fit_grade === null ? '' : `, fit ${c.fit_grade}`
  return `${contactName(c)}${about === '' ? '' : ` (${about}${grade})`}`
}

/** An instant as the recipient reads it: "Tue 3 Mar, 14:00 Europe/London". */
export function localTime(at: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(at)
  return `${text} ${timeZone}`
}
