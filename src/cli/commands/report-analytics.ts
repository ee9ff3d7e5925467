import { type Command, Option } from 'commander'
import {
  ATTRIBUTION_MODELS,
  type AttributionModel,
} from '../../domain/attribution/attribution-models.ts'
import { systemClock } from '../../domain/clock.ts'
import { attributionReport, attributionRows } from '../../services/reports/attribution-report.ts'
import { doubleFunnelReport } from '../../services/reports/double-funnel.ts'
import {
  FUNNEL_CUTS,
  FUNNEL_STEPS,
  type Funnel,
  type FunnelCut,
  type FunnelMethod,
  type FunnelStep,
  funnelReport,
  funnelRows,
} from '../../services/reports/funnel-report.ts'
import {
  PIPELINE_CUTS,
  type PipelineCut,
  pipelineReport,
  pipelineRows,
} from '../../services/reports/pipeline-report.ts'
import { reportPeriod } from '../../services/reports/report-period.ts'
import { MAX_REPORT_ROWS, NO_GROUP } from '../../services/reports/report-rows.ts'
import { formatReport, type ReportColumn, type ReportFormat } from '../report-format.ts'
import { type WorkspaceOption, withWorkspace } from '../with-workspace.ts'
import { periodCommand, printRows } from './report.ts'

// `tandem report funnel|pipeline|attribution`: the reports of GET /v1/reports/…, printed as a
// table, CSV or JSON.

interface PeriodOptions extends WorkspaceOption {
  readonly from?: string
  readonly to?: string
  readonly format: ReportFormat
  readonly limit: number
}

const cents = (value: number) => (value / 100).toFixed(2)
const percent = (share: number | null, format: ReportFormat) =>
  share === null ? null : format === 'table' ? `${(share * 100).toFixed(1)}%` : share

/** `tandem report funnel`: the double funnel by cohort or by period. */
async function funnelCommand(
  options: PeriodOptions & {
    funnel: Funnel | 'both'
    method: FunnelMethod
    cohortStage?: string
    cut: FunnelCut
    rows?: boolean
    stage?: string
    key?: string
  },
  command: Command,
): Promise<void> {
  if (options.funnel === 'both') {
    if (options.cohortStage !== undefined || options.rows === true)
      command.error(
        'error: --cohort-stage and --rows take one funnel: add --funnel lead or --funnel account.',
      )
    return doubleFunnelCommand(options, command)
  }
  const funnel = options.funnel
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const period = reportPeriod(options, systemClock.now())
    const query = {
      funnel,
      method: options.method,
      ...(options.cohortStage === undefined ? {} : { cohortStage: options.cohortStage }),
      cut: options.cut,
      ...period,
    }
    if (options.rows === true) {
      const steps = FUNNEL_STEPS[funnel]
      const entities = await funnelRows(db, workspaceId, {
        ...query,
        stage: options.stage ?? (steps[steps.length - 1] as string),
        ...(options.key === undefined ? {} : { key: options.key }),
        page: { limit: options.limit, offset: 0 },
      })
      printRows(entities, options.format, FUNNEL_ROW_COLUMNS, (e) => ({ ...e }))
      return
    }
    const report = await funnelReport(db, workspaceId, query)
    const rows = report.groups.flatMap((g) =>
      g.steps.map((s) => ({
        key: g.key ?? (options.cut === 'none' ? 'all' : '(none)'),
        ...s,
        conversion: percent(s.conversion, options.format),
      })),
    )
    process.stdout.write(formatReport(rows, FUNNEL_COLUMNS, options.format))
  })
}

/** `tandem report funnel --funnel both`: the two funnels on shared lines. */
async function doubleFunnelCommand(
  options: PeriodOptions & { method: FunnelMethod; cut: FunnelCut },
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const report = await doubleFunnelReport(db, workspaceId, {
      ...reportPeriod(options, systemClock.now()),
      method: options.method,
      cut: options.cut,
    })
    if (options.format === 'json') {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
      return
    }
    const side = (step: FunnelStep | null, prefix: 'lead' | 'account') =>
      step === null
        ? {}
        : {
            [`${prefix}Stage`]: step.stage,
            [`${prefix}Reached`]: step.reached,
            [`${prefix}Conversion`]: percent(step.conversion, options.format),
            [`${prefix}MedianDays`]: step.medianDays,
          }
    const rows = report.lines.map((line) => ({
      key: line.key ?? (options.cut === 'none' ? 'all' : '(none)'),
      ...side(line.lead, 'lead'),
      ...side(line.account, 'account'),
    }))
    process.stdout.write(formatReport(rows, DOUBLE_FUNNEL_COLUMNS, options.format))
  })
}

const DOUBLE_FUNNEL_COLUMNS: readonly ReportColumn[] = [
  { key: 'key', label: 'Group' },
  { key: 'leadStage', label: 'Lead stage' },
  { key: 'leadReached', label: 'Leads', align: 'right' },
  { key: 'leadConversion', label: 'Lead conversion', align: 'right' },
  { key: 'leadMedianDays', label: 'Lead median days', align: 'right' },
  { key: 'accountStage', label: 'Account stage' },
  { key: 'accountReached', label: 'Accounts', align: 'right' },
  { key: 'accountConversion', label: 'Account conversion', align: 'right' },
  { key: 'accountMedianDays', label: 'Account median days', align: 'right' },
]

const FUNNEL_COLUMNS: readonly ReportColumn[] = [
  { key: 'key', label: 'Group' },
  { key: 'stage', label: 'Stage' },
  { key: 'reached', label: 'Reached', align: 'right' },
  { key: 'conversion', label: 'Conversion', align: 'right' },
  { key: 'medianDays', label: 'Median days', align: 'right' },
  { key: 'p90Days', label: 'p90 days', align: 'right' },
]

const FUNNEL_ROW_COLUMNS: readonly ReportColumn[] = [
  { key: 'id', label: 'Id' },
  { key: 'label', label: 'Who' },
  { key: 'enteredAt', label: 'Entered' },
  { key: 'reachedAt', label: 'Reached' },
  { key: 'days', label: 'Days', align: 'right' },
]

/** `tandem report pipeline`: outcomes of the deals opened in the period. */
async function pipelineCommand(
  options: PeriodOptions & {
    cut: PipelineCut
    rows?: boolean
    key?: string
    outcome?: 'open' | 'won' | 'lost'
  },
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const period = reportPeriod(options, systemClock.now())
    if (options.rows === true) {
      const deals = await pipelineRows(db, workspaceId, {
        ...period,
        cut: options.cut,
        ...(options.key === undefined ? {} : { key: options.key }),
        ...(options.outcome === undefined ? {} : { outcome: options.outcome }),
        limit: options.limit,
      })
      process.stdout.write(
        formatReport(
          deals.map((d) => ({ ...d })),
          PIPELINE_ROW_COLUMNS,
          options.format,
        ),
      )
      return
    }
    const groups = await pipelineReport(db, workspaceId, { ...period, cut: options.cut })
    const rows = groups.map((g) => ({
      ...g,
      key: g.key ?? (options.cut === 'none' ? 'all' : '(none)'),
      winRate: percent(g.winRate, options.format),
    }))
    process.stdout.write(formatReport(rows, PIPELINE_COLUMNS, options.format))
  })
}

const PIPELINE_COLUMNS: readonly ReportColumn[] = [
  { key: 'key', label: 'Group' },
  { key: 'opportunities', label: 'Deals', align: 'right' },
  { key: 'open', label: 'Open', align: 'right' },
  { key: 'won', label: 'Won', align: 'right' },
  { key: 'lost', label: 'Lost', align: 'right' },
  { key: 'winRate', label: 'Win rate', align: 'right' },
  { key: 'pipelineAmount', label: 'Pipeline', align: 'right' },
  { key: 'wonAmount', label: 'Won amount', align: 'right' },
  { key: 'medianDaysToWin', label: 'Median days to win', align: 'right' },
  { key: 'medianDaysToClose', label: 'Median days to close', align: 'right' },
]

const PIPELINE_ROW_COLUMNS: readonly ReportColumn[] = [
  { key: 'id', label: 'Id' },
  { key: 'name', label: 'Deal' },
  { key: 'owner', label: 'Owner' },
  { key: 'amount', label: 'Amount', align: 'right' },
  { key: 'createdAt', label: 'Opened' },
  { key: 'closedAt', label: 'Closed' },
  { key: 'outcome', label: 'Outcome' },
  { key: 'days', label: 'Days', align: 'right' },
]

/** `tandem report attribution`: pipeline attributed, sourced and influenced per campaign or channel. */
async function attributionCommand(
  options: PeriodOptions & {
    model: AttributionModel
    by: 'campaign' | 'channel'
    halfLife?: number
    rows?: boolean
    key?: string
  },
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const period = reportPeriod(options, systemClock.now())
    const query = {
      ...period,
      model: options.model,
      by: options.by,
      ...(options.halfLife === undefined ? {} : { halfLifeDays: options.halfLife }),
    }
    if (options.rows === true) {
      const deals = await attributionRows(db, workspaceId, {
        ...query,
        ...(options.key === undefined
          ? {}
          : { key: options.key === NO_GROUP ? null : options.key }),
        page: { limit: options.limit, offset: 0 },
      })
      const rows = deals.items.flatMap((d) =>
        d.shares.map((s) => ({
          opportunity: d.name,
          amount: cents(d.amountCents),
          touch: s.touchId,
          campaign: s.campaign,
          channel: s.channel,
          share: cents(s.cents),
          why: d.explanation.join(' '),
        })),
      )
      process.stdout.write(formatReport(rows, ATTRIBUTION_ROW_COLUMNS, options.format))
      if (deals.next !== undefined)
        process.stderr.write(
          `Showing ${deals.items.length} of ${deals.total} deals; raise --limit (up to ${MAX_REPORT_ROWS}) or narrow the period.\n`,
        )
      return
    }
    const report = await attributionReport(db, workspaceId, query)
    const rows = report.lines.map((l) => ({
      key: l.key ?? '(no campaign)',
      attributed: cents(l.attributedCents),
      opportunities: l.opportunities,
      sourcedPipeline: cents(l.sourcedPipelineCents),
      influencedPipeline: cents(l.influencedPipelineCents),
      sourcedRevenue: cents(l.sourcedRevenueCents),
      influencedRevenue: cents(l.influencedRevenueCents),
    }))
    process.stdout.write(formatReport(rows, ATTRIBUTION_COLUMNS, options.format))
    if (options.format === 'table')
      process.stdout.write(
        `\n${report.opportunities} deals, ${cents(report.pipelineCents)} of pipeline, ` +
          `${cents(report.unattributedCents)} with no marketing touch before it.\n`,
      )
  })
}

const ATTRIBUTION_COLUMNS: readonly ReportColumn[] = [
  { key: 'key', label: 'Campaign or channel' },
  { key: 'attributed', label: 'Attributed', align: 'right' },
  { key: 'opportunities', label: 'Deals', align: 'right' },
  { key: 'sourcedPipeline', label: 'Sourced pipeline', align: 'right' },
  { key: 'influencedPipeline', label: 'Influenced pipeline', align: 'right' },
  { key: 'sourcedRevenue', label: 'Sourced revenue', align: 'right' },
  { key: 'influencedRevenue', label: 'Influenced revenue', align: 'right' },
]

const ATTRIBUTION_ROW_COLUMNS: readonly ReportColumn[] = [
  { key: 'opportunity', label: 'Deal' },
  { key: 'amount', label: 'Amount', align: 'right' },
  { key: 'touch', label: 'Touch' },
  { key: 'campaign', label: 'Campaign' },
  { key: 'channel', label: 'Channel' },
  { key: 'share', label: 'Share', align: 'right' },
  { key: 'why', label: 'Why' },
]

function halfLife(value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new Error('expected a number of days above 0.')
  return n
}

/** Adds `tandem report funnel`, `pipeline` and `attribution` to `tandem report`. */
export function addAnalyticsReportCommands(report: Command): void {
  periodCommand(report.command('funnel'))
    .summary('the double funnel: conversion and velocity stage by stage, by cohort or by period')
    .addOption(
      new Option('--funnel <funnel>', 'lead, account, or both side by side')
        .choices(['lead', 'account', 'both'])
        .default('lead'),
    )
    .addOption(
      new Option(
        '--method <method>',
        'cohort: of those reaching a stage in the period; period: what moved in it',
      )
        .choices(['cohort', 'period'])
        .default('cohort'),
    )
    .addOption(
      new Option(
        '--cohort-stage <stage>',
        'with cohort: the stage that makes the cohort (default: the first)',
      ).choices([...new Set([...FUNNEL_STEPS.lead, ...FUNNEL_STEPS.account])]),
    )
    .addOption(
      new Option('--cut <cut>', 'one line per value of').choices(FUNNEL_CUTS).default('none'),
    )
    .option('--rows', 'list the people or accounts behind a step instead')
    .addOption(
      new Option('--stage <stage>', 'with --rows: the step (default: the last)').choices([
        ...new Set([...FUNNEL_STEPS.lead, ...FUNNEL_STEPS.account]),
      ]),
    )
    .option('--key <key>', 'with --rows: only this group (its Group column)')
    .addHelpText(
      'after',
      `
docs/reports.md defines both methods.

Examples:
  $ tandem report funnel --cohort-stage mql --cut source --from 2026-01-01 --workspace acme
  $ tandem report funnel --funnel account --method period --format csv > accounts.csv
  $ tandem report funnel --funnel both --cut sdr    # both funnels, aligned where SDRs qualify
  $ tandem report funnel --cut source --rows --stage won --key webinar   # who is behind it`,
    )
    .action(funnelCommand)

  periodCommand(report.command('pipeline'))
    .summary('pipeline outcomes: won, lost, win rate and days to close of the deals opened')
    .addOption(
      new Option('--cut <cut>', 'one line per value of').choices(PIPELINE_CUTS).default('owner'),
    )
    .option('--rows', 'list the deals behind the figures instead')
    .option('--key <key>', 'with --rows: only this group (its Group column)')
    .addOption(
      new Option('--outcome <outcome>', 'with --rows: only these deals').choices([
        'open',
        'won',
        'lost',
      ]),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ tandem report pipeline --cut owner --from 2026-01-01 --workspace acme
  $ tandem report pipeline --cut industry --format json
  $ tandem report pipeline --rows --key "Ada Lovelace" --outcome lost`,
    )
    .action(pipelineCommand)

  periodCommand(report.command('attribution'))
    .summary(
      'marketing attribution: pipeline attributed, sourced and influenced per campaign or channel',
    )
    .addOption(
      new Option('--model <model>', 'attribution model')
        .choices(ATTRIBUTION_MODELS)
        .default('w_shaped'),
    )
    .addOption(
      new Option('--by <by>', 'per campaign or per channel')
        .choices(['campaign', 'channel'])
        .default('campaign'),
    )
    .option(
      '--half-life <days>',
      'time_decay: days after which a touch counts half (default 7)',
      halfLife,
    )
    .option('--rows', 'list the deals behind the lines, each split across its touches, with why')
    .option(
      '--key <key>',
      `with --rows: only deals credited to this campaign's name or channel (${NO_GROUP}: touches without a campaign)`,
    )
    .addHelpText(
      'after',
      `
Of the deals opened in the period (default: the last 30 days). Every deal's amount is split in
exact cents; docs/reports.md defines each model.

Examples:
  $ tandem report attribution --model u_shaped --by channel --from 2026-01-01 --workspace acme
  $ tandem report attribution --rows --key "Spring Webinar" --model linear`,
    )
    .action(attributionCommand)
}
