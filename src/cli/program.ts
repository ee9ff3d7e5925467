import { Argument, Command, InvalidArgumentError, Option } from 'commander'
import packageJson from '../../package.json' with { type: 'json' }
import { ConfigError } from '../config.ts'
import type { ContractKind } from '../domain/contracts/contract-schemas.ts'
import { MOTIONS } from '../domain/contracts/routing-contract-schema.ts'
import { IMPORT_ENTITIES, type ImportEntity } from '../domain/imports/import-mapping.ts'
import { AppError } from '../services/app-error.ts'
import { REASON_CODES } from '../services/handoff/answer-assignment.ts'
import { FUNCTIONS } from '../services/teams.ts'
import { ROLES } from '../services/users.ts'
import { DataDirLockedError } from '../store/data-dir-lock.ts'
import { MigrationFailedError } from '../store/migrate.ts'
import { addAlertCommands } from './commands/alerts.ts'
import { apiKeyCreateCommand, SCOPES } from './commands/api-key.ts'
import {
  assignmentAnswerCommand,
  assignmentListCommand,
  assignmentTouchCommand,
} from './commands/assignment.ts'
import { addAuditCommand } from './commands/audit.ts'
import { backtestCommand } from './commands/backtest.ts'
import { addContactCommands } from './commands/contact.ts'
import {
  contractActivateCommand,
  contractApproveCommand,
  contractCheckCommand,
  contractDraftCommand,
  contractListCommand,
  contractSchemaCommand,
} from './commands/contract.ts'
import { demoCommand } from './commands/demo.ts'
import { importCommand } from './commands/import.ts'
import { migrateCommand } from './commands/migrate.ts'
import { addPlanCommands } from './commands/plan.ts'
import { predictTrainCommand } from './commands/predict.ts'
import { addReportCommands } from './commands/report.ts'
import { routingSimulateCommand } from './commands/routing.ts'
import { scoreExplainCommand } from './commands/score.ts'
import { slaSweepCommand } from './commands/sla.ts'
import { stageSetCommand } from './commands/stage.ts'
import { DEMO_SEED, DEMO_SLUG, startCommand } from './commands/start.ts'
import { teamAddCommand, teamMemberCommand } from './commands/team.ts'
import {
  userAddCommand,
  userPasswordCommand,
  workspaceCreateCommand,
} from './commands/workspace.ts'
import { withStoreOptions } from './config-flags.ts'

const sizes = ['small', 'default', 'large'] as const

function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.')
  return Number(value)
}

function decimal(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new InvalidArgumentError('expected a number such as 1 or 1.5.')
  return Number(value)
}

const ASSIGNMENT_STATUSES = [
  'pending',
  'accepted',
  'rejected',
  'recycled',
  'disqualified',
  'reassigned',
] as const

function scopeList(value: string, previous: string[] = []): string[] {
  for (const scope of value.split(',')) {
    if (!(SCOPES as readonly string[]).includes(scope)) {
      throw new InvalidArgumentError(`"${scope}" is not a scope; use ${SCOPES.join(', ')}.`)
    }
    previous.push(scope)
  }
  return previous
}

/** Errors a user can act on are printed as a message; anything else is a bug and shows its stack. */
function reportFailure(error: unknown): never {
  const known =
    error instanceof ConfigError ||
    error instanceof DataDirLockedError ||
    error instanceof MigrationFailedError ||
    error instanceof AppError
  // Problems listed by path (a contract, a mapping) are the part a person needs to fix.
  const problems =
    error instanceof AppError ? (error.details as { problems?: unknown })?.problems : undefined
  const listed = Array.isArray(problems) ? problems.map((p) => `\n  ${String(p)}`).join('') : ''
  process.stderr.write(
    `\nError: ${known ? error.message : ((error as Error)?.stack ?? String(error))}${listed}\n`,
  )
  process.exit(error instanceof ConfigError ? 2 : 1)
}

export function buildProgram(): Command {
  const program = new Command('tandem')
    .description('Tandem: the revenue alignment engine that sales and marketing share.')
    .version(packageJson.version)
    // Only before a command is --version the program's: `routing simulate --version N` is its own.
    .enablePositionalOptions()
    .showHelpAfterError()

  withStoreOptions(program.command('start'))
    .summary('run the API server (creates the demo workspace on first start)')
    .option('--host <host>', 'address to listen on')
    .option('--port <port>', 'port to listen on')
    .option('--ingest-concurrency <n>', 'tracking requests served at once before answering 429')
    .option('--request-timeout <seconds>', 'seconds a request may take to arrive before 408')
    .option('--smtp-url <url>', 'send notifications by email through this SMTP server')
    .option('--mail-from <address>', 'sender of notification emails')
    .option('--webhook-url <url>', 'post notifications to this webhook (Slack-compatible JSON)')
    .option('--public-url <url>', 'where people reach this server: links and open/click tracking')
    .option('--no-demo', 'do not create the demo workspace on first start')
    .addOption(new Option('--demo-size <size>', 'size of the first-start demo').choices(sizes))
    .addHelpText(
      'after',
      `
Examples:
  $ tandem start                                    embedded database in ./.tandem, port 4680
  $ tandem start --data /var/lib/tandem --port 8080
  $ DATABASE_URL=postgres://tandem@127.0.0.1:5432/tandem tandem start --no-demo`,
    )
    .action((_options, command: Command) => startCommand(command))

  withStoreOptions(program.command('migrate'))
    .summary('bring the database schema up to date (start does this too)')
    .addHelpText(
      'after',
      `
Examples:
  $ tandem migrate
  $ DATABASE_URL=postgres://tandem@127.0.0.1:5432/tandem tandem migrate`,
    )
    .action((_options, command: Command) => migrateCommand(command))

  withStoreOptions(program.command('demo'))
    .summary('create a demo workspace of a realistic B2B company')
    .addOption(new Option('--size <size>', 'how much data').choices(sizes).default('default'))
    .option('--seed <n>', 'random seed: the same seed gives the same company', integer, DEMO_SEED)
    .option('--workspace <slug>', 'slug of the new workspace', DEMO_SLUG)
    .addHelpText(
      'after',
      `
Examples:
  $ tandem demo --size small --workspace demo-small
  $ tandem demo --seed 7 --workspace acme`,
    )
    .action((options, command: Command) => demoCommand(options, command))

  withStoreOptions(program.command('import'))
    .summary('import a CSV file: HubSpot and Salesforce exports, or any file with a mapping')
    .addArgument(new Argument('<entity>', 'what the file holds').choices(IMPORT_ENTITIES))
    .argument('<file>', 'the CSV file')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .option('--mapping <file>', 'a JSON mapping file (see docs/imports.md and examples/mappings)')
    .option('--rejects <file>', 'where rejected rows go (default: FILE.rejects.csv)')
    .addHelpText(
      'after',
      `
Known exports are recognised by their header: HubSpot contacts, companies and deals;
Salesforce Lead, Contact, Account, Opportunity and User. Importing the same file again changes
nothing. With the embedded database, stop "tandem start" first or upload over HTTP instead.

Examples:
  $ tandem import contacts hubspot-contacts.csv --workspace acme
  $ tandem import accounts ../shared/data/firmographics/fortune500_2017.csv \\
      --mapping examples/mappings/fortune500.accounts.json`,
    )
    .action((entity: ImportEntity, file: string, options, command: Command) =>
      importCommand(entity, file, options, command),
    )

  const workspace = program.command('workspace').summary('manage workspaces')
  withStoreOptions(workspace.command('create'))
    .summary('create an empty workspace to import data into')
    .argument('<slug>', 'a short name: lower-case letters, digits and dashes')
    .option('--name <name>', 'a display name (default: the slug)')
    .addHelpText('after', '\nExample:\n  $ tandem workspace create acme --name "Acme Corp"')
    .action((slug: string, options, command: Command) =>
      workspaceCreateCommand(slug, options, command),
    )

  const user = program.command('user').summary('manage the people of a workspace')
  withStoreOptions(user.command('add'))
    .summary('add a person with a role')
    .argument('<email>', 'their email address')
    .addOption(new Option('--role <role>', 'their role').choices(ROLES).makeOptionMandatory())
    .option('--name <name>', 'their name (default: the part of the email before @)')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .addHelpText(
      'after',
      '\nExample:\n  $ tandem user add mia@acme.example --role marketing --name "Mia Chen" --workspace acme',
    )
    .action((email: string, options, command: Command) => userAddCommand(email, options, command))
  withStoreOptions(user.command('password'))
    .summary('set the password a person logs in with (read from standard input)')
    .argument('<email>', 'their email address')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .addHelpText(
      'after',
      `
At least 12 characters. Setting it ends the person's open sessions.

Example:
  $ printf '%s\\n' "$NEW_PASSWORD" | tandem user password mia@acme.example --workspace acme`,
    )
    .action((email: string, options, command: Command) =>
      userPasswordCommand(email, options, command),
    )

  const apiKey = program.command('api-key').summary('manage API keys')
  withStoreOptions(apiKey.command('create'))
    .summary('issue a new API key and print it (shown once)')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .option('--name <name>', 'a name to recognise the key by', 'cli')
    .option('--scope <scopes>', `comma-separated: ${SCOPES.join(', ')}`, scopeList)
    .option('--write', 'issue a tracking write key (ingest only) instead')
    .option('--user <email>', 'the workspace user the key acts for (needed to approve contracts)')
    .addHelpText(
      'after',
      `
Examples:
  $ tandem api-key create --workspace demo --scope read,write
  $ tandem api-key create --workspace demo --write --name website
  $ tandem api-key create --workspace demo --scope read,write --user marketing@example.com`,
    )
    .action((options, command: Command) =>
      apiKeyCreateCommand(
        { ...options, scope: options.scope ?? ['read'], write: options.write === true },
        command,
      ),
    )

  const contract = program
    .command('contract')
    .summary(
      'the qualification definition, ICP and routing rules: check, draft, approve, activate, list',
    )
  contract
    .command('check')
    .summary('validate a contract file (JSON or YAML) and list its problems by path')
    .argument('<file>', 'the contract file')
    .addHelpText(
      'after',
      `
Examples:
  $ tandem contract check examples/contracts/qualification.yaml
  $ tandem contract check my-icp.json`,
    )
    .action((file: string) => contractCheckCommand(file))
  contract
    .command('schema')
    .summary('print the published JSON Schema of a contract kind')
    .addArgument(
      new Argument('<kind>', 'contract kind').choices(['qualification', 'icp', 'routing']),
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ tandem contract schema qualification > qualification.schema.json',
    )
    .action((kind: ContractKind) => contractSchemaCommand(kind))

  withStoreOptions(contract.command('draft'))
    .summary('draft a new version from a file; it needs approval by marketing and by sales')
    .argument('<file>', 'the contract file (JSON or YAML)')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .option('--as <email>', 'the workspace user drafting it')
    .addHelpText(
      'after',
      '\nExample:\n  $ tandem contract draft stricter.yaml --workspace acme --as ana@acme.example',
    )
    .action((file: string, options, command: Command) =>
      contractDraftCommand(file, options, command),
    )
  withStoreOptions(contract.command('approve'))
    .summary("approve a draft for the user's side (marketing, or sales, sdr, ae)")
    .argument('<contract>', 'qualification@VERSION, icp@VERSION, routing@VERSION or the id')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .requiredOption('--as <email>', 'the marketing or sales user approving')
    .option('--comment <text>', 'kept with the approval')
    .addHelpText(
      'after',
      '\nExample:\n  $ tandem contract approve qualification@2 --as sam@acme.example --workspace acme',
    )
    .action((which: string, options, command: Command) =>
      contractApproveCommand(which, options, command),
    )
  withStoreOptions(contract.command('activate'))
    .summary('activate an approved version (the previous one retires) and re-score the workspace')
    .argument('<contract>', 'qualification@VERSION, icp@VERSION, routing@VERSION or the id')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .option('--as <email>', 'the workspace user activating it')
    .addHelpText(
      'after',
      '\nExample:\n  $ tandem contract activate qualification@2 --workspace acme',
    )
    .action((which: string, options, command: Command) =>
      contractActivateCommand(which, options, command),
    )
  withStoreOptions(contract.command('list'))
    .summary('every version with its status and approvals')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .addHelpText('after', '\nExample:\n  $ tandem contract list --workspace acme')
    .action((options, command: Command) => contractListCommand(options, command))

  const assignment = program
    .command('assignment')
    .summary("handoffs to named owners: list them, and the owner's answer")
  withStoreOptions(assignment.command('list'))
    .summary('assignments, newest first: contact, kind, owner, status and accept due time')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .option('--owner <email>', "only this person's assignments")
    .addOption(new Option('--status <status>', 'only this status').choices(ASSIGNMENT_STATUSES))
    .addOption(
      new Option('--kind <kind>', 'only this kind').choices([
        'mql',
        'explore',
        'account',
        'manual',
      ]),
    )
    .option('--limit <n>', 'how many at most', integer, 100)
    .addHelpText(
      'after',
      '\nExample:\n  $ tandem assignment list --owner ada@acme.example --status pending --workspace acme',
    )
    .action((options, command: Command) => assignmentListCommand(options, command))
  withStoreOptions(assignment.command('accept'))
    .summary('accept a pending assignment (its owner, their manager or an admin)')
    .argument('<id>', 'the assignment id (tandem assignment list)')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .requiredOption('--as <email>', 'the workspace user answering')
    .addHelpText(
      'after',
      '\nExample:\n  $ tandem assignment accept 3f6c…-… --as ada@acme.example --workspace acme',
    )
    .action((id: string, options, command: Command) =>
      assignmentAnswerCommand('accept', id, options, command),
    )
  const answers = {
    reject: 'reject an assignment with a reason: the lead goes back to nurture',
    recycle: 'recycle the lead of an assignment to nurture, with a reason',
    disqualify: 'disqualify the lead of an assignment, with a reason',
  } as const
  for (const action of ['reject', 'recycle', 'disqualify'] as const)
    withStoreOptions(assignment.command(action))
      .summary(answers[action])
      .argument('<id>', 'the assignment id (tandem assignment list)')
      .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
      .addOption(new Option('--reason <code>', 'why').choices(REASON_CODES).makeOptionMandatory())
      .option('--text <text>', 'in words (needed with --reason other)')
      .requiredOption('--as <email>', 'the workspace user answering')
      .addHelpText(
        'after',
        `\nExample:\n  $ tandem assignment ${action} 3f6c…-… --reason not_icp --text "Student project" --as ada@acme.example`,
      )
      .action((id: string, options, command: Command) =>
        assignmentAnswerCommand(action, id, options, command),
      )
  withStoreOptions(assignment.command('touch'))
    .summary("record a sales touch now: stops the first-touch clock and holds marketing's sends")
    .argument('<id>', 'the assignment id (tandem assignment list)')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .requiredOption('--as <email>', 'the workspace user who touched the lead')
    .addHelpText(
      'after',
      '\nExample:\n  $ tandem assignment touch 3f6c…-… --as ada@acme.example --workspace acme',
    )
    .action((id: string, options, command: Command) => assignmentTouchCommand(id, options, command))

  const stage = program.command('stage').summary('move contacts and accounts along their funnels')
  withStoreOptions(stage.command('set'))
    .summary('move a contact (lead funnel) or an account (account funnel) to a stage by hand')
    .addArgument(new Argument('<entity>', 'which funnel').choices(['contact', 'account']))
    .argument('<id>', "a contact's id or email, or an account's id or domain")
    .argument('<stage>', 'the stage to move to')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .requiredOption('--as <email>', 'the workspace user making the move')
    .option('--reason <text>', 'why, kept in the funnel history')
    .addHelpText(
      'after',
      `
A move the funnel does not allow is refused with the stages it can go to.

Examples:
  $ tandem stage set contact jane@initech.example mql --as mia@acme.example --reason "Met at the booth"
  $ tandem stage set account globex.example target --as sam@acme.example`,
    )
    .action((entity: 'contact' | 'account', id: string, to: string, options, command: Command) =>
      stageSetCommand(entity, id, to, options, command),
    )

  const routing = program.command('routing').summary('who gets a lead, and why')
  withStoreOptions(routing.command('simulate'))
    .summary('who would get this lead now, and why, without taking a round-robin turn')
    .argument('<contact>', "the contact's id or email")
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .option('--version <n>', 'a version of the routing rules (default: the active one)', integer)
    .addHelpText(
      'after',
      `
Examples:
  $ tandem routing simulate jane@initech.example --workspace acme
  $ tandem routing simulate jane@initech.example --version 3 --workspace acme`,
    )
    .action((contact: string, options, command: Command) =>
      routingSimulateCommand(contact, options, command),
    )

  const sla = program.command('sla').summary('the handoff SLA clocks')
  withStoreOptions(sla.command('sweep'))
    .summary('fire the SLA reminders and breaches that are due now (a running server does this)')
    .addHelpText('after', '\nExample:\n  $ tandem sla sweep --data /var/lib/tandem')
    .action((_options, command: Command) => slaSweepCommand(command))

  const team = program.command('team').summary('teams and their members, as routing sees them')
  withStoreOptions(team.command('add'))
    .summary('add a team; the routing rules send leads to teams by name')
    .argument('<name>', 'the team name, as the routing rules spell it')
    .addOption(
      new Option('--function <function>', 'what the team does')
        .choices(FUNCTIONS)
        .makeOptionMandatory(),
    )
    .addOption(new Option('--motion <motion>', 'volume or account-based').choices(MOTIONS))
    .option('--manager <email>', 'who SLA breaches escalate to')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .addHelpText(
      'after',
      '\nExample:\n  $ tandem team add "SDR Volume" --function sdr --motion volume --manager sam@acme.example',
    )
    .action((name: string, options, command: Command) => teamAddCommand(name, options, command))
  withStoreOptions(team.command('member'))
    .summary('put a user in a team, with their round-robin weight, capacity and working hours')
    .argument('<email>', 'the workspace user')
    .requiredOption('--team <name>', 'the team')
    .option('--weight <n>', 'share of the round robin (default 1; 0 takes no new leads)', decimal)
    .option('--capacity <n>', 'most pending leads at once (0: no limit)', integer)
    .option('--time-zone <zone>', 'IANA time zone, e.g. Europe/London')
    .option('--hours <hours>', 'working hours, e.g. "mon-fri 09:00-17:00" (default)')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .addHelpText(
      'after',
      `
Working hours: days and intervals, parts separated by ";", e.g.
  "mon-fri 09:00-12:00 13:00-17:00"   "mon-thu 08:00-16:00; fri 08:00-12:00"   "sun-thu 09:00-18:00"

Example:
  $ tandem team member ada@acme.example --team "SDR Volume" --weight 2 --capacity 25 \\
      --time-zone Europe/London --hours "mon-fri 09:00-17:00"`,
    )
    .action((email: string, options, command: Command) =>
      teamMemberCommand(email, options, command),
    )

  withStoreOptions(program.command('backtest'))
    .summary('replay history under a proposed qualification definition, beside the active one')
    .argument('<file>', 'the proposed definition (JSON or YAML)')
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ tandem backtest examples/contracts/qualification.yaml --workspace demo
  $ tandem backtest stricter.yaml --workspace acme --json > backtest.json`,
    )
    .action((file: string, options, command: Command) =>
      backtestCommand(file, { workspace: options.workspace, json: options.json === true }, command),
    )

  const score = program.command('score').summary('scores and their reasons')
  withStoreOptions(score.command('explain'))
    .summary("explain a contact's or an account's score as of now")
    .argument('<who>', "a contact's id or email, or an account's id or domain")
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .option('--json', 'print the explanation as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ tandem score explain dana.cho@adobe.com --workspace acme
  $ tandem score explain adobe.com --workspace acme --json`,
    )
    .action((who: string, options, command: Command) =>
      scoreExplainCommand(
        who,
        { workspace: options.workspace, json: options.json === true },
        command,
      ),
    )

  const predict = program
    .command('predict')
    .summary('the predictive score: win probabilities learned from won and lost history')
  withStoreOptions(predict.command('train'))
    .summary("train the workspace's model, print its held-out evaluation, score every contact")
    .option('--workspace <slug>', 'workspace slug', DEMO_SLUG)
    .option('--enable', 'turn the predictive score on first (it is off until then)')
    .option('--json', 'print the model summary as JSON')
    .addHelpText(
      'after',
      `
Learns from contacts linked to a won opportunity (or moved to the won stage) against contacts
created at least 90 days ago that did not win; needs 20 of each. The new model becomes the
active one and every contact gets a win probability. See docs/predictive-score.md.

Examples:
  $ tandem predict train --workspace acme --enable
  $ tandem predict train --workspace acme --json > model.json`,
    )
    .action((options, command: Command) =>
      predictTrainCommand(
        {
          workspace: options.workspace,
          enable: options.enable === true,
          json: options.json === true,
        },
        command,
      ),
    )

  addReportCommands(program)
  addAuditCommand(program)
  addAlertCommands(program)
  addContactCommands(program)
  addPlanCommands(program)
  return program
}

export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv])
  } catch (error) {
    reportFailure(error)
  }
}
