import type { Command } from 'commander'
import type { Kysely } from 'kysely'
import { loadConfig } from '../../config.ts'
import { WEEKDAYS, type Weekday } from '../../domain/business-hours/working-calendar.ts'
import { systemClock } from '../../domain/clock.ts'
import type { AccountStage } from '../../domain/lifecycle/account-funnel.ts'
import type { LeadStage } from '../../domain/lifecycle/lead-funnel.ts'
import { AppError } from '../../services/app-error.ts'
import { answerAssignment } from '../../services/handoff/answer-assignment.ts'
import { type AssignmentView, listAssignments } from '../../services/handoff/assignment-queries.ts'
import { marketingHold } from '../../services/handoff/marketing-hold.ts'
import { simulateRouting } from '../../services/handoff/simulate-routing.ts'
import { sweepSlaTimers } from '../../services/handoff/sla-sweep.ts'
import { touchAssignment } from '../../services/handoff/touch-assignment.ts'
import { moveAccount, moveLead } from '../../services/lifecycle/move-stage.ts'
import { addTeam, setTeamMember, teamByName } from '../../services/teams.ts'
import type {
  AssignmentReasonCode,
  Database,
  FunctionName,
  Motion,
  WorkingHours,
} from '../../store/database.ts'
import { configFlags } from '../config-flags.ts'
import { openConfiguredStore } from '../open-configured-store.ts'
import { createProgress } from '../progress.ts'
import { userByEmail, withWorkspace } from '../with-workspace.ts'

interface WorkspaceOption {
  readonly workspace: string
}

interface ActingOptions extends WorkspaceOption {
  /** The email of the workspace user acting. */
  readonly as: string
}

export interface AssignmentListOptions extends WorkspaceOption {
  readonly owner?: string
  readonly status?: AssignmentView['status']
  readonly kind?: AssignmentView['kind']
  readonly limit: number
}

/** `tandem assignment list`: assignments, newest first, as a table. */
export async function assignmentListCommand(
  options: AssignmentListOptions,
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const owner =
      options.owner === undefined ? undefined : await userByEmail(db, workspaceId, options.owner)
    const page = await listAssignments(db, workspaceId, {
      ...(owner === undefined ? {} : { ownerId: owner.id }),
      ...(options.status === undefined ? {} : { status: options.status }),
      ...(options.kind === undefined ? {} : { kind: options.kind }),
      page: { limit: options.limit },
    })
    if (page.items.length === 0) {
      process.stdout.write('No assignments match.\n')
      return
    }
    const rows = page.items.map((a) => [
      a.id,
      contactLabel(a),
      a.kind,
      a.ownerName,
      a.status,
      a.acceptDueAt === null ? '-' : minuteText(a.acceptDueAt),
    ])
    process.stdout.write(table(['ID', 'CONTACT', 'KIND', 'OWNER', 'STATUS', 'ACCEPT DUE'], rows))
    if (page.next !== undefined)
      process.stdout.write(
        `Showing the newest ${page.items.length}; narrow with --owner, --status or --kind, or raise --limit.\n`,
      )
  })
}

export interface AnswerOptions extends ActingOptions {
  readonly reason?: AssignmentReasonCode
  readonly text?: string
}

/** `tandem assignment accept|reject|recycle|disqualify ID --as EMAIL`: the owner's answer. */
export async function assignmentAnswerCommand(
  action: 'accept' | 'reject' | 'recycle' | 'disqualify',
  id: string,
  options: AnswerOptions,
  command: Command,
): Promise<void> {
  requireUuid(id, 'assignment')
  if (action !== 'accept' && options.reason === undefined)
    throw new AppError(
      'validation_failed',
      `Say why with --reason CODE (and --text TEXT for "other"): tandem assignment ${action} ${id} --reason not_icp --as EMAIL`,
    )
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const user = await userByEmail(db, workspaceId, options.as)
    const answered = await answerAssignment(db, {
      workspaceId,
      assignmentId: id,
      userId: user.id,
      answer:
        action === 'accept'
          ? { action }
          : {
              action,
              reasonCode: options.reason as AssignmentReasonCode,
              ...(options.text === undefined ? {} : { reasonText: options.text }),
            },
      at: systemClock.now(),
    })
    process.stdout.write(
      `Assignment ${id} is ${answered.status}; the contact is now at stage ${answered.stage}.\n`,
    )
  })
}

/** `tandem assignment touch ID --as EMAIL`: a sales touch on the assignment's contact, now. */
export async function assignmentTouchCommand(
  id: string,
  options: ActingOptions,
  command: Command,
): Promise<void> {
  requireUuid(id, 'assignment')
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const user = await userByEmail(db, workspaceId, options.as)
    const now = systemClock.now()
    const touched = await touchAssignment(db, {
      workspaceId,
      assignmentId: id,
      at: now,
      actor: { type: 'user', id: user.id },
      now,
    })
    const hold = await marketingHold(db, workspaceId, touched.contactId, now)
    process.stdout.write(
      `Recorded a sales touch on ${contactLabel(touched)}` +
        (touched.firstTouchAt === null
          ? '.\n'
          : `; first touch at ${minuteText(touched.firstTouchAt)}.\n`) +
        `${hold.reason}\n`,
    )
  })
}

/** `tandem stage set contact|account ID STAGE --as EMAIL`: a stage move by hand. */
export async function stageSetCommand(
  entity: 'contact' | 'account',
  who: string,
  stage: string,
  options: ActingOptions & { readonly reason?: string },
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const user = await userByEmail(db, workspaceId, options.as)
    const id = await entityId(db, workspaceId, entity, who)
    const move = {
      actor: { type: 'user' as const, id: user.id },
      at: systemClock.now(),
      reason: options.reason ?? null,
    }
    // The funnel checks the stage, and names the allowed ones when it refuses.
    const moved = await db
      .transaction()
      .execute(
        async (trx): Promise<{ from: string | null; to: string }> =>
          entity === 'contact'
            ? moveLead(trx, workspaceId, id, { ...move, to: stage as LeadStage })
            : moveAccount(trx, workspaceId, id, { ...move, to: stage as AccountStage }),
      )
    process.stdout.write(
      `Moved ${entity} ${who} ${moved.from === null ? 'into the funnel' : `from ${moved.from}`} to ${moved.to}.\n`,
    )
  })
}

/** `tandem routing simulate CONTACT`: who would get the lead now, and why; no turn is taken. */
export async function routingSimulateCommand(
  who: string,
  options: WorkspaceOption & { readonly version?: number },
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const id = await entityId(db, workspaceId, 'contact', who)
    const s = await simulateRouting(db, workspaceId, id, {
      now: systemClock.now(),
      ...(options.version === undefined ? {} : { version: options.version }),
    })
    const team = s.teamName === null ? '' : `team ${s.teamName}, `
    const motion = s.motion.replace('_', '-')
    process.stdout.write(
      (s.ownerId === null
        ? `Under routing version ${s.routingVersion}, nobody could take ${who} (${team}${motion} motion):\n`
        : `Under routing version ${s.routingVersion}, ${s.ownerName} would get ${who} (${team}${motion} motion):\n`) +
        s.reasons.map((r) => `  - ${r}\n`).join('') +
        'A simulation: no round-robin turn was taken.\n',
    )
  })
}

/** `tandem sla sweep`: fires the SLA timers that are due now, in every workspace. */
export async function slaSweepCommand(command: Command): Promise<void> {
  const store = await openConfiguredStore(
    loadConfig(configFlags(command)),
    createProgress(process.stderr),
  )
  try {
    const outcome = await sweepSlaTimers(store.db, systemClock.now())
    process.stdout.write(
      `Fired ${count(outcome.fired, 'SLA timer')} that were due; queued ${count(outcome.notifications, 'notification')}` +
        (outcome.notifications > 0 ? ', which a running server (tandem start) delivers.\n' : '.\n'),
    )
  } finally {
    await store.close()
  }
}

export interface TeamAddOptions extends WorkspaceOption {
  readonly function: FunctionName
  readonly motion?: Motion
  readonly manager?: string
}

/** `tandem team add NAME --function sdr`: a team the routing rules can send leads to. */
export async function teamAddCommand(
  name: string,
  options: TeamAddOptions,
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const manager =
      options.manager === undefined
        ? undefined
        : await userByEmail(db, workspaceId, options.manager)
    const team = await addTeam(db, {
      workspaceId,
      name,
      function: options.function,
      ...(options.motion === undefined ? {} : { motion: options.motion }),
      ...(manager === undefined ? {} : { managerId: manager.id }),
    })
    const motion = team.motion === null ? '' : `, ${team.motion.replace('_', '-')} motion`
    const managed = team.managerName === null ? '' : `, managed by ${team.managerName}`
    process.stdout.write(
      `Added team "${team.name}" (${team.function}${motion}${managed}), id ${team.id}.\n` +
        `Next: tandem team member EMAIL --team "${team.name}" --workspace ${options.workspace}\n`,
    )
  })
}

export interface TeamMemberOptions extends WorkspaceOption {
  readonly team: string
  readonly weight?: number
  readonly capacity?: number
  readonly timeZone?: string
  readonly hours?: string
}

/** `tandem team member EMAIL --team NAME`: puts a user in a team with their routing settings. */
export async function teamMemberCommand(
  email: string,
  options: TeamMemberOptions,
  command: Command,
): Promise<void> {
  const hours = options.hours === undefined ? undefined : parseWorkingHours(options.hours)
  if (hours !== undefined && !hours.ok)
    throw new AppError('validation_failed', `--hours "${options.hours}": ${hours.message}`)
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const user = await userByEmail(db, workspaceId, email)
    const team = await teamByName(db, workspaceId, options.team)
    if (team === undefined)
      throw new AppError(
        'not_found',
        `There is no team "${options.team}". Add it first: tandem team add "${options.team}" --function sdr`,
      )
    const member = await setTeamMember(db, {
      workspaceId,
      userId: user.id,
      teamId: team.id,
      ...(options.weight === undefined ? {} : { weight: options.weight }),
      ...(options.capacity === undefined ? {} : { capacity: options.capacity }),
      ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
      ...(hours === undefined ? {} : { workingHours: hours.hours }),
    })
    process.stdout.write(
      `${member.email} is in "${member.teamName}": weight ${member.weight}, ` +
        `capacity ${member.capacity === 0 ? 'no limit' : member.capacity}, ` +
        `works ${hoursText(member.workingHours)} (${member.timeZone}).\n`,
    )
  })
}

const HOURS_FORM =
  'write days and hours such as "mon-fri 09:00-17:00"; several intervals in a day as ' +
  '"mon-fri 09:00-12:00 13:00-17:00"; different days separated by ";" as ' +
  `"mon-thu 08:00-16:00; fri 08:00-12:00". Days are ${WEEKDAYS.join(', ')}.`

/**
 * The working-hours shorthand of the CLI ("mon-fri 09:00-17:00; sat 10:00-14:00") as the
 * working_hours document. Times are checked later with the rest of the calendar.
 */
export function parseWorkingHours(
  text: string,
): { readonly ok: true; readonly hours: WorkingHours } | { readonly ok: false; message: string } {
  const hours: Partial<Record<Weekday, [string, string][]>> = {}
  const fail = (what: string) => ({ ok: false as const, message: `${what}: ${HOURS_FORM}` })
  const parts = text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')
  if (parts.length === 0) return fail('no days given')
  for (const part of parts) {
    const [daySpec = '', ...intervals] = part.split(/\s+/)
    if (intervals.length === 0) return fail(`"${part}" names no hours`)
    const days: Weekday[] = []
    for (const item of daySpec.toLowerCase().split(',')) {
      const [first = '', last, extra] = item.split('-')
      const from = WEEKDAYS.indexOf(first as Weekday)
      const to = last === undefined ? from : WEEKDAYS.indexOf(last as Weekday)
      if (extra !== undefined || from === -1 || to === -1)
        return fail(`"${item}" is not a day or a range of days`)
      // A range may wrap past Sunday: "sun-thu" is a Sunday-to-Thursday week.
      for (let i = from; ; i = (i + 1) % WEEKDAYS.length) {
        days.push(WEEKDAYS[i] as Weekday)
        if (i === to) break
      }
    }
    for (const interval of intervals) {
      const match = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(interval)
      if (match === null) return fail(`"${interval}" is not an interval such as 09:00-17:00`)
      const pair: [string, string] = [pad(match[1] ?? ''), pad(match[2] ?? '')]
      for (const day of days) hours[day] = [...(hours[day] ?? []), [...pair]]
    }
  }
  return { ok: true, hours }
}

const pad = (time: string) => time.padStart(5, '0')

/** A week in the shorthand, consecutive days with the same hours together. */
function hoursText(hours: WorkingHours): string {
  const of = (day: Weekday) => (hours[day] ?? []).map(([a, b]) => `${a}-${b}`).join(' ')
  if (WEEKDAYS.every((day) => of(day) === '')) return 'mon-fri 09:00-17:00, the default'
  const parts: string[] = []
  let i = 0
  while (i < WEEKDAYS.length) {
    const first = WEEKDAYS[i] as Weekday
    let j = i
    while (j + 1 < WEEKDAYS.length && of(WEEKDAYS[j + 1] as Weekday) === of(first)) j++
    if (of(first) !== '') parts.push(`${first}${j > i ? `-${WEEKDAYS[j]}` : ''} ${of(first)}`)
    i = j + 1
  }
  return parts.join('; ')
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`
  return line(header) + rows.map(line).join('')
}

function contactLabel(a: Pick<AssignmentView, 'contactName' | 'contactEmail' | 'contactId'>) {
  if (a.contactName !== null && a.contactEmail !== null)
    return `${a.contactName} <${a.contactEmail}>`
  return a.contactName ?? a.contactEmail ?? a.contactId
}

/** "2026-11-02 16:00 UTC": a due time to the minute. */
function minuteText(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function requireUuid(id: string, what: string): void {
  if (!UUID.test(id))
    throw new AppError(
      'validation_failed',
      `"${id}" is not an ${what} id. Find the ids with tandem assignment list.`,
    )
}

/** A contact named by id or email, or an account by id or domain. */
async function entityId(
  db: Kysely<Database>,
  workspaceId: string,
  entity: 'contact' | 'account',
  who: string,
): Promise<string> {
  const byId = UUID.test(who)
  const found =
    entity === 'contact'
      ? await db
          .selectFrom('contacts')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where(byId ? 'id' : 'email', '=', byId ? who : who.toLowerCase())
          .where('erased_at', 'is', null)
          .executeTakeFirst()
      : await db
          .selectFrom('accounts')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where(byId ? 'id' : 'domain', '=', byId ? who : who.toLowerCase())
          .executeTakeFirst()
  if (found === undefined)
    throw new AppError(
      'not_found',
      entity === 'contact'
        ? `No contact with id or email "${who}" in this workspace.`
        : `No account with id or domain "${who}" in this workspace.`,
    )
  return found.id
}
