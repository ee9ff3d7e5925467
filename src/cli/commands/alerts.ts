import { type Command, Option } from 'commander'
import { systemClock } from '../../domain/clock.ts'
import { listCampaigns } from '../../services/alerts/alert-campaigns.ts'
import { campaignResults } from '../../services/alerts/alert-results.ts'
import { withStoreOptions } from '../config-flags.ts'
import {
  formatReport,
  REPORT_FORMATS,
  type ReportColumn,
  type ReportFormat,
} from '../report-format.ts'
import { type WorkspaceOption, withWorkspace } from '../with-workspace.ts'
import { DEMO_SLUG } from './start.ts'

// `tandem alerts`: the alert campaigns and their results per variant, as the API answers them.

interface FormatOptions extends WorkspaceOption {
  readonly format: ReportFormat
}

const percent = (rate: number | null) => (rate === null ? '' : `${(rate * 100).toFixed(1)}%`)

const RESULT_COLUMNS: readonly ReportColumn[] = [
  { key: 'variant', label: 'Variant' },
  { key: 'alerts', label: 'Alerts' },
  { key: 'sent', label: 'Sent' },
  { key: 'openRate', label: 'Opened', align: 'right' },
  { key: 'clickRate', label: 'Clicked', align: 'right' },
  { key: 'goalMet', label: 'Goal met' },
  { key: 'decided', label: 'Decided' },
  { key: 'goalRate', label: 'Goal rate', align: 'right' },
  { key: 'z', label: 'z', align: 'right' },
  { key: 'p', label: 'p', align: 'right' },
  { key: 'median', label: 'Median min', align: 'right' },
  { key: 'p90', label: 'p90 min', align: 'right' },
]

async function resultsCommand(key: string, options: FormatOptions, command: Command) {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const results = await campaignResults(db, workspaceId, key, systemClock.now())
    if (options.format === 'json') {
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`)
      return
    }
    const rows = results.variants.map((v) => ({
      variant: v.control ? `${v.variant} (control)` : v.variant,
      alerts: v.alerts,
      sent: v.sent,
      openRate: percent(v.openRate),
      clickRate: percent(v.clickRate),
      goalMet: v.goalMet,
      decided: v.decided,
      goalRate: percent(v.goalRate),
      z: v.test === null ? '' : v.test.z.toFixed(2),
      p: v.test === null ? '' : v.test.p.toPrecision(3),
      median: v.timeToAction.medianMinutes?.toFixed(0) ?? '',
      p90: v.timeToAction.p90Minutes?.toFixed(0) ?? '',
    }))
    process.stdout.write(formatReport(rows, RESULT_COLUMNS, options.format))
    if (options.format === 'table') {
      const c = results.campaign
      process.stdout.write(
        `\nGoal: ${c.goalActions.join(', ')} within ${c.windowMinutes} minutes. ` +
          `Status: ${c.status}${c.promotedVariant === null ? '' : ` (${c.promotedVariant})`}. ` +
          'z and p: pooled two-proportion test of the goal rate against the control (two-sided).\n',
      )
    }
  })
}

const CAMPAIGN_COLUMNS: readonly ReportColumn[] = [
  { key: 'key', label: 'Campaign' },
  { key: 'status', label: 'Status' },
  { key: 'variants', label: 'Variants' },
  { key: 'goal', label: 'Goal' },
]

async function listCommand(options: FormatOptions, command: Command) {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const campaigns = await listCampaigns(db, workspaceId, systemClock.now())
    const rows = campaigns.map((c) => ({
      key: c.key,
      status: c.promotedVariant === null ? c.status : `promoted: ${c.promotedVariant}`,
      variants: c.variants.map((v) => `${v.name} (${v.weight})`).join(', '),
      goal: `${c.goalActions.join('/')} within ${c.windowMinutes} min`,
    }))
    process.stdout.write(formatReport(rows, CAMPAIGN_COLUMNS, options.format))
  })
}

const formatOption = () =>
  new Option('--format <format>', 'table for people, csv or json for tools')
    .choices(REPORT_FORMATS)
    .default('table')

/** Adds `tandem alerts list` and `tandem alerts results KEY`. */
export function addAlertCommands(program: Command): void {
  const alerts = program
    .command('alerts')
    .summary('alerts and digests to reps as campaigns: variants and results')
  withStoreOptions(alerts.command('list'))
    .summary('the alert campaigns, their variants and goals')
    .addOption(formatOption())
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .addHelpText('after', '\nExample:\n  $ tandem alerts list --workspace acme')
    .action(listCommand)
  withStoreOptions(alerts.command('results'))
    .summary('results per variant: opens, clicks, goal rate, z and p, time to action')
    .argument(
      '<key>',
      'the campaign: handoff, explore, sla_reminder, sla_breach, reassigned, surge or digest',
    )
    .addOption(formatOption())
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .addHelpText('after', '\nExample:\n  $ tandem alerts results handoff --workspace acme')
    .action(resultsCommand)
}
