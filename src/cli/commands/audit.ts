import type { Command } from 'commander'
import { systemClock } from '../../domain/clock.ts'
import { listAudit } from '../../services/audit.ts'
import { reportPeriod } from '../../services/reports/report-period.ts'
import { formatReport, type ReportColumn, type ReportFormat } from '../report-format.ts'
import { type WorkspaceOption, withWorkspace } from '../with-workspace.ts'
import { periodCommand } from './report.ts'

// `tandem audit`: who changed what, newest first, as GET /v1/audit answers admins.

interface AuditOptions extends WorkspaceOption {
  readonly from?: string
  readonly to?: string
  readonly format: ReportFormat
  readonly limit: number
  readonly action?: string
  readonly entity?: string
}

async function auditCommand(options: AuditOptions, command: Command): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const page = await listAudit(db, workspaceId, {
      ...reportPeriod(options, systemClock.now()),
      limit: options.limit,
      ...(options.action === undefined ? {} : { action: options.action }),
      ...(options.entity === undefined ? {} : { entityId: options.entity }),
    })
    const rows = page.items.map((e) => ({
      ...e,
      at: e.at.toISOString(),
      who: e.actorName ?? (e.actorId === null ? e.actorType : `${e.actorType} ${e.actorId}`),
      details: JSON.stringify(e.details),
    }))
    process.stdout.write(formatReport(rows, AUDIT_COLUMNS, options.format))
    if (page.next !== undefined && options.format === 'table')
      process.stderr.write(`More entries are older: narrow --from/--to or raise --limit.\n`)
  })
}

const AUDIT_COLUMNS: readonly ReportColumn[] = [
  { key: 'at', label: 'At' },
  { key: 'who', label: 'Who' },
  { key: 'action', label: 'Action' },
  { key: 'entityType', label: 'Entity type' },
  { key: 'entityId', label: 'Entity' },
  { key: 'details', label: 'Details' },
]

/** Adds `tandem audit`. */
export function addAuditCommand(program: Command): void {
  periodCommand(program.command('audit'))
    .summary('the audit log: who changed what (contracts, approvals, handoffs, answers, merges)')
    .option('--action <action>', 'only this action, e.g. contract.approved, assignment.accepted')
    .option('--entity <id>', 'only entries about this contract, assignment or contact')
    .addHelpText(
      'after',
      `
Examples:
  $ tandem audit --from 2026-03-01 --workspace acme
  $ tandem audit --action contract.approved --format csv > approvals.csv`,
    )
    .action(auditCommand)
}
