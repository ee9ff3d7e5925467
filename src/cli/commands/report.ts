import { type Command, InvalidArgumentError, Option } from 'commander'
import { systemClock } from '../../domain/clock.ts'
import { AppError } from '../../services/app-error.ts'
import {
  FEEDBACK_BYS,
  FEEDBACK_OUTCOMES,
  type FeedbackBy,
  type FeedbackOutcome,
  type FeedbackReport,
  feedbackReport,
  feedbackReportRows,
} from '../../services/reports/feedback-report.ts'
import { type ReportPeriod, reportPeriod } from '../../services/reports/report-period.ts'
import { MAX_REPORT_ROWS, type ReportRows } from '../../services/reports/report-rows.ts'
import {
  type SalesGroup,
  SLA_GROUP_BYS,
  SLA_MEASURES,
  type SlaGroupBy,
  type SlaMeasure,
  type SlaReport,
  slaReport,
  slaReportRows,
} from '../../services/reports/sla-report.ts'
import { withStoreOptions } from '../config-flags.ts'
import {
  formatReport,
  REPORT_FORMATS,
  type ReportColumn,
  type ReportFormat,
} from '../report-format.ts'
import { type WorkspaceOption, withWorkspace } from '../with-workspace.ts'
import { addAnalyticsReportCommands } from './report-analytics.ts'
import { DEMO_SLUG } from './start.ts'

// `tandem report …`: the reports of GET /v1/reports/…, printed as a table, CSV or JSON, and the
// rows behind any figure with --measure (sla) or --rows (feedback).

interface PeriodOptions extends WorkspaceOption {
  readonly from?: string
  readonly to?: string
  readonly format: ReportFormat
  readonly limit: number
}

export interface SlaReportOptions extends PeriodOptions {
  readonly groupBy: SlaGroupBy
  readonly mqlTarget?: number
  readonly side?: 'marketing' | 'sales'
  readonly measure?: SlaMeasure
  readonly group?: string
}

/** `tandem report sla`: both sides' SLA compliance, or the handoffs behind one figure. */
export async function reportSlaCommand(options: SlaReportOptions, command: Command): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const now = systemClock.now()
    const period = reportPeriod(options, now)
    if (options.measure !== undefined) {
      const rows = await slaReportRows(db, workspaceId, {
        ...period,
        measure: options.measure,
        ...(options.group === undefined ? {} : { groupBy: options.groupBy, group: options.group }),
        now,
        page: { limit: options.limit, offset: 0 },
      })
      printRows(rows, options.format, SLA_ROW_COLUMNS, (r) => ({
        ...r,
        contact: r.contactEmail ?? r.contactName ?? r.contactId,
        team: r.teamName,
        ...(options.format === 'table'
          ? Object.fromEntries(TIMES.map((k) => [k, minuteText(r[k])]))
          : {}),
        hoursToAccept: hours(r.hoursToAccept, options.format),
        hoursToFirstTouch: hours(r.hoursToFirstTouch, options.format),
      }))
      return
    }
    const report = await slaReport(db, workspaceId, {
      ...period,
      groupBy: options.groupBy,
      ...(options.mqlTarget === undefined ? {} : { mqlTarget: options.mqlTarget }),
      now,
    })
    process.stdout.write(slaText(report, options))
  })
}

const TIMES = [
  'assignedAt',
  'acceptDueAt',
  'acceptedAt',
  'firstTouchDueAt',
  'firstTouchAt',
  'closedAt',
] as const

const SLA_ROW_COLUMNS: readonly ReportColumn[] = [
  { key: 'id', label: 'Assignment' },
  { key: 'contact', label: 'Contact' },
  { key: 'ownerName', label: 'Owner' },
  { key: 'team', label: 'Team' },
  { key: 'status', label: 'Status' },
  { key: 'assignedAt', label: 'Assigned' },
  { key: 'acceptDueAt', label: 'Accept due' },
  { key: 'acceptedAt', label: 'Accepted' },
  { key: 'hoursToAccept', label: 'Hours to accept', align: 'right' },
  { key: 'firstTouchDueAt', label: 'First touch due' },
  { key: 'firstTouchAt', label: 'First touch' },
  { key: 'hoursToFirstTouch', label: 'Hours to touch', align: 'right' },
  { key: 'closedAt', label: 'Closed' },
  { key: 'reasonCode', label: 'Reason' },
]

const MARKETING_COLUMNS: readonly ReportColumn[] = [
  { key: 'mqlDelivered', label: 'MQLs delivered' },
  { key: 'mqlTarget', label: 'Target' },
  { key: 'targetAttainment', label: 'Of target', align: 'right' },
  { key: 'accepted', label: 'Accepted' },
  { key: 'acceptedShare', label: 'Accepted share', align: 'right' },
  { key: 'rejected', label: 'Rejected' },
  { key: 'rejectedShare', label: 'Rejected share', align: 'right' },
  { key: 'recycled', label: 'Recycled' },
  { key: 'recycledShare', label: 'Recycled share', align: 'right' },
  { key: 'disqualified', label: 'Disqualified' },
  { key: 'disqualifiedShare', label: 'Disqualified share', align: 'right' },
  { key: 'pending', label: 'Pending' },
  { key: 'pendingShare', label: 'Pending share', align: 'right' },
]

/** Every sales figure, for CSV and JSON; the table shows the ones below, counts beside shares. */
const SALES_COLUMNS: readonly ReportColumn[] = [
  { key: 'label', label: 'Group' },
  { key: 'handoffs', label: 'Handoffs' },
  { key: 'accepted', label: 'Accepted' },
  { key: 'firstTouched', label: 'First touched' },
  { key: 'medianHoursToAccept', label: 'Median hours to accept' },
  { key: 'p90HoursToAccept', label: 'P90 hours to accept' },
  { key: 'medianHoursToFirstTouch', label: 'Median hours to first touch' },
  { key: 'p90HoursToFirstTouch', label: 'P90 hours to first touch' },
  { key: 'acceptClocks', label: 'Accept clocks' },
  { key: 'acceptedWithinSla', label: 'Accepted within SLA' },
  { key: 'acceptedWithinSlaShare', label: 'Accepted within SLA share' },
  { key: 'answeredWithinSla', label: 'Answered within SLA' },
  { key: 'answeredWithinSlaShare', label: 'Answered within SLA share' },
  { key: 'acceptSlaMissed', label: 'Accept SLA missed' },
  { key: 'firstTouchClocks', label: 'First-touch clocks' },
  { key: 'firstTouchedWithinSla', label: 'First touched within SLA' },
  { key: 'firstTouchedWithinSlaShare', label: 'First touched within SLA share' },
  { key: 'firstTouchSlaMissed', label: 'First-touch SLA missed' },
  { key: 'acceptBreaches', label: 'Accept breaches' },
  { key: 'firstTouchBreaches', label: 'First-touch breaches' },
  { key: 'key', label: 'Key' },
]

const SALES_TABLE_COLUMNS: readonly ReportColumn[] = [
  { key: 'label', label: 'Group' },
  { key: 'handoffs', label: 'Handoffs' },
  { key: 'medianHoursToAccept', label: 'Accept h med', align: 'right' },
  { key: 'p90HoursToAccept', label: 'Accept h p90', align: 'right' },
  { key: 'medianHoursToFirstTouch', label: 'Touch h med', align: 'right' },
  { key: 'p90HoursToFirstTouch', label: 'Touch h p90', align: 'right' },
  { key: 'acceptedWithinSla', label: 'Accepted in SLA', align: 'right' },
  { key: 'answeredWithinSla', label: 'Answered in SLA', align: 'right' },
  { key: 'firstTouchedWithinSla', label: 'Touched in SLA', align: 'right' },
  { key: 'acceptBreaches', label: 'Accept breaches' },
  { key: 'firstTouchBreaches', label: 'Touch breaches' },
  { key: 'key', label: 'Key' },
]

function slaText(report: SlaReport, options: SlaReportOptions): string {
  const { format } = options
  // One CSV holds one table: the sales side, unless the marketing side is asked for.
  const side = options.side ?? (format === 'csv' ? 'sales' : undefined)
  if (format === 'json') {
    const json = side === undefined ? report : { ...periodOf(report), [side]: report[side] }
    return `${JSON.stringify(json, null, 2)}\n`
  }
  const m = report.marketing
  const marketingRow =
    format === 'table'
      ? {
          ...m,
          ...Object.fromEntries(
            (
              [
                'targetAttainment',
                'acceptedShare',
                'rejectedShare',
                'recycledShare',
                'disqualifiedShare',
                'pendingShare',
              ] as const
            ).map((k) => [k, percent(m[k])]),
          ),
        }
      : roundedShares(m)
  const groups = [...report.sales.groups, report.sales.total]
  const salesRows =
    format === 'table' ? groups.map(salesTableRow) : groups.map((g) => roundedShares(g))
  if (format === 'csv')
    return side === 'marketing'
      ? formatReport([marketingRow], MARKETING_COLUMNS, 'csv')
      : formatReport(salesRows, SALES_COLUMNS, 'csv')
  const parts: string[] = [`SLA report, ${periodText(report)} (as of ${minuteText(report.asOf)})\n`]
  if (side !== 'sales')
    parts.push(
      `\nMarketing: MQLs delivered, and how sales received them\n`,
      formatReport([marketingRow], MARKETING_COLUMNS, 'table'),
    )
  if (side !== 'marketing')
    parts.push(
      `\nSales by ${report.groupBy}: wall-clock hours from the handoff; in SLA as met/clocks\n`,
      formatReport(salesRows, SALES_TABLE_COLUMNS, 'table'),
    )
  return parts.join('')
}

function salesTableRow(g: SalesGroup): Record<string, unknown> {
  return {
    ...g,
    medianHoursToAccept: hours(g.medianHoursToAccept, 'table'),
    p90HoursToAccept: hours(g.p90HoursToAccept, 'table'),
    medianHoursToFirstTouch: hours(g.medianHoursToFirstTouch, 'table'),
    p90HoursToFirstTouch: hours(g.p90HoursToFirstTouch, 'table'),
    acceptedWithinSla: metOf(g.acceptedWithinSla, g.acceptClocks),
    answeredWithinSla: metOf(g.answeredWithinSla, g.acceptClocks),
    firstTouchedWithinSla: metOf(g.firstTouchedWithinSla, g.firstTouchClocks),
  }
}

export interface FeedbackReportOptions extends PeriodOptions {
  readonly by: FeedbackBy
  readonly rows?: boolean
  readonly group?: string
  readonly outcome?: FeedbackOutcome
  readonly reason?: string
}

/** `tandem report feedback`: reasons of rejects, recycles, disqualifications and losses. */
export async function reportFeedbackCommand(
  options: FeedbackReportOptions,
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const period = reportPeriod(options, systemClock.now())
    if (options.rows === true) {
      const rows = await feedbackReportRows(db, workspaceId, {
        ...period,
        by: options.by,
        ...(options.group === undefined ? {} : { group: options.group }),
        ...(options.outcome === undefined ? {} : { outcome: options.outcome }),
        ...(options.reason === undefined ? {} : { reason: options.reason }),
        page: { limit: options.limit, offset: 0 },
      })
      printRows(rows, options.format, FEEDBACK_ROW_COLUMNS, (r) => ({
        ...r,
        at: options.format === 'table' ? minuteText(r.at) : r.at,
        contact: r.contactEmail ?? r.contactName ?? r.contactId,
      }))
      return
    }
    const report = await feedbackReport(db, workspaceId, { ...period, by: options.by })
    process.stdout.write(feedbackText(report, options.format))
  })
}

const FEEDBACK_COLUMNS: readonly ReportColumn[] = [
  { key: 'label', label: 'Group' },
  { key: 'outcome', label: 'Outcome' },
  { key: 'reason', label: 'Reason' },
  { key: 'count', label: 'Count' },
  { key: 'key', label: 'Key' },
]

const FEEDBACK_ROW_COLUMNS: readonly ReportColumn[] = [
  { key: 'recordType', label: 'Type' },
  { key: 'id', label: 'Id' },
  { key: 'outcome', label: 'Outcome' },
  { key: 'reason', label: 'Reason' },
  { key: 'reasonText', label: 'Why' },
  { key: 'at', label: 'At' },
  { key: 'contact', label: 'Contact' },
  { key: 'ownerName', label: 'Owner' },
  { key: 'opportunityName', label: 'Opportunity' },
  { key: 'group', label: 'Group' },
]

function feedbackText(report: FeedbackReport, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`
  const rows = report.rows.map((r) => ({ ...r }))
  if (format === 'csv') return formatReport(rows, FEEDBACK_COLUMNS, 'csv')
  const t = report.totals
  return (
    `Closed loop by ${report.by.replace('_', ' ')}, ${periodText(report)}\n\n` +
    (report.rows.length === 0
      ? 'No rejects, recycles, disqualifications or lost deals in this period.\n'
      : formatReport(rows, FEEDBACK_COLUMNS, 'table')) +
    `\nTotals: ${t.rejected} rejected, ${t.recycled} recycled, ${t.disqualified} disqualified, ${t.lost} lost.\n`
  )
}

/** A drill-down page; how many more there are goes to stderr, so stdout stays the rows. */
export function printRows<T>(
  rows: ReportRows<T>,
  format: ReportFormat,
  columns: readonly ReportColumn[],
  toRow: (item: T) => Record<string, unknown>,
): void {
  if (format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
  else process.stdout.write(formatReport(rows.items.map(toRow), columns, format))
  if (rows.next !== undefined)
    process.stderr.write(
      `Showing ${rows.items.length} of ${rows.total}; raise --limit (up to ${MAX_REPORT_ROWS}) or narrow the period.\n`,
    )
}

const periodOf = (p: ReportPeriod) => ({ from: p.from, to: p.to })

const periodText = (p: ReportPeriod) => `${minuteText(p.from)} to ${minuteText(p.to)}`

const percent = (share: number | null) => (share === null ? null : `${(share * 100).toFixed(1)}%`)

const metOf = (met: number, clocks: number) =>
  clocks === 0 ? null : `${met}/${clocks} ${percent(met / clocks)}`

/** Hours to one decimal in a table; to four in CSV and JSON, enough to check by hand. */
const hours = (value: number | null, format: ReportFormat) =>
  value === null ? null : format === 'table' ? value.toFixed(1) : round(value, 4)

const round = (value: number, digits: number) => Number(value.toFixed(digits))

/** Shares and hours with four decimals: what a spreadsheet needs, without float noise. */
function roundedShares<T extends object>(row: T): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? round(v, 4) : v]),
  )
}

/** "2026-11-02 16:00 UTC": an instant to the minute. */
function minuteText(at: Date | null): string | null {
  return at === null ? null : `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1.')
  return Number(value)
}

/** A --limit for rows: a whole number from 1 to MAX_REPORT_ROWS, or a clear error. */
export function rowLimit(value: string): number {
  const n = positiveInteger(value)
  if (n > MAX_REPORT_ROWS) throw new InvalidArgumentError(`at most ${MAX_REPORT_ROWS}.`)
  return n
}

export const periodCommand = (command: Command) =>
  withStoreOptions(command)
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .option('--from <date>', 'start: a UTC day (2026-03-01) or a date-time with offset')
    .option('--to <date>', 'end, exclusive; a UTC day is included (default: now)')
    .addOption(
      new Option('--format <format>', 'table for people, csv or json for tools')
        .choices(REPORT_FORMATS)
        .default('table'),
    )
    .option('--limit <n>', `rows to list at most (up to ${MAX_REPORT_ROWS})`, rowLimit, 100)

/** Adds `tandem report`: sla and feedback here, funnel, pipeline and attribution beside. */
export function addReportCommands(program: Command): void {
  const report = program
    .command('report')
    .summary(
      'the reports sales and marketing share: funnel, pipeline, attribution, SLA, closed loop',
    )
  addAnalyticsReportCommands(report)

  periodCommand(report.command('sla'))
    .summary("SLA compliance of both sides: MQLs delivered and received, sales' speed to answer")
    .addOption(
      new Option('--group-by <group>', 'sales figures per team, owner or motion')
        .choices(SLA_GROUP_BYS)
        .default('team'),
    )
    .option('--mql-target <n>', 'the MQLs marketing committed to deliver', positiveInteger)
    .addOption(
      new Option('--side <side>', 'only one side (CSV shows sales unless told)').choices([
        'marketing',
        'sales',
      ]),
    )
    .addOption(
      new Option('--measure <figure>', 'list the handoffs behind this figure').choices(
        SLA_MEASURES,
      ),
    )
    .option('--group <key>', "with --measure: only this group's handoffs (its Key column)")
    .addHelpText(
      'after',
      `
Over the handoffs made in the period (default: the last 30 days). Hours are wall-clock hours
from the handoff; docs/reports.md defines every figure.

Examples:
  $ tandem report sla --from 2026-03-01 --to 2026-03-31 --mql-target 120 --workspace acme
  $ tandem report sla --group-by owner --format csv > sla-by-owner.csv
  $ tandem report sla --measure accept_breaches --group-by team --group 5b0c…-… --workspace acme`,
    )
    .action((options, command: Command) => {
      if (options.group !== undefined && options.measure === undefined)
        throw new AppError(
          'validation_failed',
          '--group narrows the handoffs behind a figure: add --measure FIGURE to list them.',
        )
      return reportSlaCommand(options, command)
    })

  periodCommand(report.command('feedback'))
    .summary('the closed loop: reasons of rejects, recycles, disqualifications and lost deals')
    .addOption(
      new Option('--by <group>', "by the contact's source, campaign or MQL contract version")
        .choices(FEEDBACK_BYS)
        .default('source'),
    )
    .option('--rows', 'list the answers and lost deals behind the counts instead')
    .option('--group <key>', 'with --rows: only this group (its Key column)')
    .addOption(
      new Option('--outcome <outcome>', 'with --rows: only this outcome').choices(
        FEEDBACK_OUTCOMES,
      ),
    )
    .option('--reason <reason>', 'with --rows: only this reason')
    .addHelpText(
      'after',
      `
Answers given and deals lost in the period (default: the last 30 days), counted by reason.

Examples:
  $ tandem report feedback --by campaign --from 2026-01-01 --workspace acme
  $ tandem report feedback --by contract_version --format csv > reasons-by-version.csv
  $ tandem report feedback --rows --outcome rejected --reason not_icp --workspace acme`,
    )
    .action((options, command: Command) => {
      if (
        options.rows !== true &&
        (options.group ?? options.outcome ?? options.reason) !== undefined
      )
        throw new AppError(
          'validation_failed',
          '--group, --outcome and --reason narrow the rows: add --rows to list them.',
        )
      return reportFeedbackCommand(options, command)
    })
}
