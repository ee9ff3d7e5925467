import type { Command } from 'commander'
import { Option } from 'commander'
import { systemClock } from '../../domain/clock.ts'
import { teamPlanProgress } from '../../services/plans/plan-progress.ts'
import { recommendationsForTargets } from '../../services/plans/recommend-plays.ts'
import { MAX_REPORT_ROWS } from '../../services/reports/report-rows.ts'
import { withStoreOptions } from '../config-flags.ts'
import {
  formatReport,
  REPORT_FORMATS,
  type ReportColumn,
  type ReportFormat,
} from '../report-format.ts'
import { type WorkspaceOption, withWorkspace } from '../with-workspace.ts'
import { rowLimit } from './report.ts'
import { DEMO_SLUG } from './start.ts'

// `tandem plan recommend|progress`: the plays worth running next at target accounts, and how
// far active plans have come, as GET /v1/recommended-plays and the progress routes answer.

interface PlanOptions extends WorkspaceOption {
  readonly format: ReportFormat
  readonly limit: number
}

const RECOMMENDATION_COLUMNS: readonly ReportColumn[] = [
  { key: 'account', label: 'Account' },
  { key: 'tier', label: 'Tier' },
  { key: 'priority', label: 'Priority' },
  { key: 'play', label: 'Play' },
  { key: 'reason', label: 'Why' },
]

async function recommendCommand(options: PlanOptions, command: Command) {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const page = await recommendationsForTargets(
      db,
      workspaceId,
      { limit: options.limit },
      systemClock.now(),
    )
    const rows = page.items.flatMap((a) =>
      a.recommendations.map((r) => ({
        account: a.accountName,
        tier: a.tier ?? '',
        priority: r.priority,
        play: r.kind,
        reason: r.reason,
      })),
    )
    if (rows.length === 0 && options.format === 'table') {
      process.stdout.write(
        page.items.length === 0
          ? 'No target accounts: mark accounts as targets or start a plan for one.\n'
          : 'Nothing to recommend: every target account has the plays its situation calls for.\n',
      )
      return
    }
    process.stdout.write(formatReport(rows, RECOMMENDATION_COLUMNS, options.format))
    if (page.next !== undefined && options.format === 'table')
      process.stderr.write('More target accounts follow: raise --limit.\n')
  })
}

const PROGRESS_COLUMNS: readonly ReportColumn[] = [
  { key: 'team', label: 'Team' },
  { key: 'account', label: 'Account' },
  { key: 'owner', label: 'Owner' },
  { key: 'goal', label: 'Goal' },
  { key: 'target', label: 'Target' },
  { key: 'actual', label: 'Actual' },
  { key: 'met', label: 'Met' },
]

async function progressCommand(options: PlanOptions, command: Command) {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const rows = []
    for (const team of await teamPlanProgress(db, workspaceId, systemClock.now()))
      for (const account of team.accounts.slice(0, options.limit))
        for (const goal of account.goalProgress)
          rows.push({
            team: team.teamName,
            account: account.accountName,
            owner: account.ownerName ?? '',
            goal: goal.label,
            target: goal.target,
            actual: goal.actual,
            met: goal.met ? 'yes' : 'no',
          })
    if (rows.length === 0 && options.format === 'table') {
      process.stdout.write('No active plan has goals yet: start one with POST /v1/account-plans.\n')
      return
    }
    process.stdout.write(formatReport(rows, PROGRESS_COLUMNS, options.format))
  })
}

const planOptions = (command: Command) =>
  withStoreOptions(command)
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .addOption(
      new Option('--format <format>', 'table for people, csv or json for tools')
        .choices(REPORT_FORMATS)
        .default('table'),
    )
    .option('--limit <n>', `accounts at most (up to ${MAX_REPORT_ROWS})`, rowLimit, 100)

/** Adds `tandem plan recommend|progress`. */
export function addPlanCommands(program: Command): void {
  const plan = program.command('plan').summary('account plans: recommended plays and progress')
  planOptions(plan.command('recommend'))
    .summary('the plays worth running next at each target account, with the rule and reason')
    .addHelpText('after', '\nExample:\n  $ tandem plan recommend --workspace demo')
    .action(recommendCommand)
  planOptions(plan.command('progress'))
    .summary("active plans' goals against actuals, by team")
    .addHelpText('after', '\nExample:\n  $ tandem plan progress --format csv --workspace demo')
    .action(progressCommand)
}
