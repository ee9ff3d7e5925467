import { writeFileSync } from 'node:fs'
import { type Command, InvalidArgumentError } from 'commander'
import { systemClock } from '../../domain/clock.ts'
import { CONSENT_CHANNELS, type ConsentChange, type ConsentChannel } from '../../domain/consent.ts'
import { AppError } from '../../services/app-error.ts'
import type { AuditActor } from '../../services/audit.ts'
import { changeConsent, consentsOf } from '../../services/consents.ts'
import { erasePerson } from '../../services/personal-data/erase-person.ts'
import { exportPerson } from '../../services/personal-data/export-person.ts'
import { withStoreOptions } from '../config-flags.ts'
import { formatReport, type ReportColumn } from '../report-format.ts'
import { entityId, type WorkspaceOption, withWorkspace } from '../with-workspace.ts'
import { DEMO_SLUG } from './start.ts'

// `tandem contact consent|export|erase`: a person's consent per channel, and their data on
// request, as the HTTP API offers admins.

const CLI: AuditActor = { type: 'system', id: 'cli' }

interface ConsentOptions extends WorkspaceOption {
  readonly set?: { readonly channel: ConsentChannel; readonly change: ConsentChange }
}

const SUPPRESSIONS = ['unsubscribed', 'bounced', 'complained', 'manual'] as const

/** Reads `email=suppressed:unsubscribed` or `sms=granted`. */
export function parseConsentSetting(text: string): ConsentOptions['set'] {
  const match = /^([a-z]+)=(granted|suppressed)(?::([a-z_]+))?$/.exec(text.trim())
  const channel = CONSENT_CHANNELS.find((c) => c === match?.[1])
  if (match === null || channel === undefined)
    throw new InvalidArgumentError(
      `Write CHANNEL=granted or CHANNEL=suppressed:REASON, with CHANNEL one of ${CONSENT_CHANNELS.join(', ')}.`,
    )
  if (match[2] === 'granted')
    return { channel, change: { status: 'granted', reason: 'opt_in', source: 'user' } }
  const reason = SUPPRESSIONS.find((r) => r === match[3])
  if (reason === undefined)
    throw new InvalidArgumentError(`A suppression needs a reason: ${SUPPRESSIONS.join(', ')}.`)
  return { channel, change: { status: 'suppressed', reason, source: 'user' } }
}

const CONSENT_COLUMNS: readonly ReportColumn[] = [
  { key: 'channel', label: 'Channel' },
  { key: 'status', label: 'Status' },
  { key: 'reason', label: 'Reason' },
  { key: 'source', label: 'Said by' },
  { key: 'updatedAt', label: 'Since' },
]

async function consentCommand(who: string, options: ConsentOptions, command: Command) {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const contactId = await entityId(db, workspaceId, 'contact', who)
    if (options.set !== undefined) {
      const { channel, change } = options.set
      const decision = await db.transaction().execute((trx) =>
        changeConsent(trx, {
          workspaceId,
          contactId,
          channel,
          change,
          actor: CLI,
          at: systemClock.now(),
        }),
      )
      if (!decision.applied) throw new AppError('conflict', decision.why)
    }
    const consents = (await consentsOf(db, workspaceId, [contactId])).get(contactId) ?? []
    if (consents.length === 0) {
      process.stdout.write('No consent or suppression recorded: nothing is suppressed.\n')
      return
    }
    const rows = consents.map((c) => ({ ...c, updatedAt: c.updatedAt.toISOString() }))
    process.stdout.write(formatReport(rows, CONSENT_COLUMNS, 'table'))
  })
}

interface ExportOptions extends WorkspaceOption {
  readonly output?: string
}

async function exportCommand(who: string, options: ExportOptions, command: Command) {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const document = await exportPerson(db, {
      workspaceId,
      contactId: await entityId(db, workspaceId, 'contact', who),
      actor: CLI,
      at: systemClock.now(),
    })
    const json = `${JSON.stringify(document, null, 2)}\n`
    if (options.output === undefined) process.stdout.write(json)
    else {
      writeFileSync(options.output, json, { mode: 0o600 })
      process.stderr.write(`Wrote everything held about the person to ${options.output}.\n`)
    }
  })
}

interface EraseOptions extends WorkspaceOption {
  readonly yes?: boolean
  readonly reason?: string
}

async function eraseCommand(who: string, options: EraseOptions, command: Command) {
  if (options.yes !== true)
    throw new AppError(
      'validation_failed',
      'Erasure cannot be undone: run it again with --yes to erase the person (tandem contact export first keeps a copy for them).',
    )
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const outcome = await erasePerson(db, {
      workspaceId,
      contactId: await entityId(db, workspaceId, 'contact', who),
      actor: CLI,
      ...(options.reason === undefined ? {} : { reason: options.reason }),
      at: systemClock.now(),
    })
    const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
    process.stdout.write(
      `Erased contact ${outcome.contactId}: ${count(outcome.identifiersBlocked, 'identifier')} ` +
        `blocked, ${count(outcome.eventsEmptied, 'event')} emptied, ` +
        `${count(outcome.activitiesKept, 'activity', 'activities')} kept without details, ` +
        `${count(outcome.notificationsRedacted, 'alert')} redacted, ` +
        `${count(outcome.assignmentsClosed, 'open assignment')} closed.\n`,
    )
  })
}

/** Adds `tandem contact consent|export|erase`. */
export function addContactCommands(program: Command): void {
  const contact = program
    .command('contact')
    .summary("a person's consent per channel, and their data: exported or erased on request")
  withStoreOptions(contact.command('consent'))
    .summary("show a person's consent per channel, or record one")
    .argument('<contact>', 'the contact id or email')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .option(
      '--set <channel=status[:reason]>',
      'record a consent: email=granted, email=suppressed:unsubscribed (bounced, complained, manual)',
      parseConsentSetting,
    )
    .addHelpText(
      'after',
      `
An unsubscribe or spam complaint is lifted only by the person's own opt-in (a tracked "Subscribed"
event), and no suppression gives way to a weaker one.

Examples:
  $ tandem contact consent jane@acme.example --workspace acme
  $ tandem contact consent jane@acme.example --set email=suppressed:manual --workspace acme`,
    )
    .action(consentCommand)
  withStoreOptions(contact.command('export'))
    .summary('everything held about a person, as JSON (audited)')
    .argument('<contact>', 'the contact id or email')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .option('--output <file>', 'write to this file (readable by you only) instead of stdout')
    .addHelpText(
      'after',
      '\nExample:\n  $ tandem contact export jane@acme.example --output jane.json --workspace acme',
    )
    .action(exportCommand)
  withStoreOptions(contact.command('erase'))
    .summary('erase a person: identifying data goes, funnel and attribution totals stay (audited)')
    .argument('<contact>', 'the contact id or email')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .option('--reason <text>', 'for the audit log, e.g. the request reference (no personal data)')
    .option('--yes', 'confirm: erasure cannot be undone')
    .addHelpText(
      'after',
      '\nExample:\n  $ tandem contact erase jane@acme.example --reason "DSR-2026-114" --yes --workspace acme',
    )
    .action(eraseCommand)
}
