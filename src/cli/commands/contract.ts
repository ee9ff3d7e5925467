import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import type { Kysely } from 'kysely'
import { systemClock } from '../../domain/clock.ts'
import { CONTRACT_SCHEMAS, type ContractKind } from '../../domain/contracts/contract-schemas.ts'
import { parseContractText } from '../../domain/contracts/parse-contract.ts'
import { AppError } from '../../services/app-error.ts'
import {
  activateContract,
  approveContract,
  type ContractVersion,
  changesScores,
  contractByVersion,
  draftContract,
  getContract,
  listContracts,
} from '../../services/contracts.ts'
import { MAX_PAGE_SIZE } from '../../services/lead-review.ts'
import { runRescore, startRescore } from '../../services/scoring/rescore.ts'
import type { Database } from '../../store/database.ts'
import { userByEmail, withWorkspace } from '../with-workspace.ts'

/** `tandem contract check FILE`: validates a contract file and says what it holds, or what is wrong. */
export async function contractCheckCommand(file: string): Promise<void> {
  const text = await readContractFile(file)
  const parsed = parseContractText(text)
  if (!parsed.ok)
    throw new AppError('validation_failed', `${file} is not a valid contract:`, {
      problems: parsed.problems,
    })
  const c = parsed.contract
  const summary =
    c.kind === 'qualification'
      ? `${c.fit.rules.length} fit rules, ${c.engagement.rules.length} engagement rules, ` +
        `${c.readiness.length} readiness signals, MQL cells ${c.mql.cells.join(' ')}`
      : c.kind === 'icp'
        ? `${c.rules.length} ICP rules, tier 1 from ${c.tiers['1']} points, tier 2 from ${c.tiers['2']}`
        : `${c.territories.length} territories, fallback team ${c.fallback.team}, ` +
          `accept within ${c.motions.volume.sla.acceptWithin} (volume) and ` +
          `${c.motions.account_based.sla.acceptWithin} (account-based)`
  process.stdout.write(`${file}: a valid ${c.kind} contract, "${c.name}": ${summary}\n`)
}

/** `tandem contract schema KIND`: prints the published JSON Schema. */
export function contractSchemaCommand(kind: ContractKind): void {
  process.stdout.write(`${JSON.stringify(CONTRACT_SCHEMAS[kind], null, 2)}\n`)
}

export interface ContractStoreOptions {
  readonly workspace: string
  /** The email of the workspace user acting. */
  readonly as?: string
  readonly comment?: string
}

/** `tandem contract draft FILE`: a new version of the contract, waiting for both approvals. */
export async function contractDraftCommand(
  file: string,
  options: ContractStoreOptions,
  command: Command,
): Promise<void> {
  const text = await readContractFile(file)
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const user = await actingUser(db, workspaceId, options)
    const draft = await draftContract(db, {
      workspaceId,
      document: text,
      actor: user === undefined ? { type: 'system', id: 'cli' } : { type: 'user', id: user.id },
      at: systemClock.now(),
    })
    process.stdout.write(
      `Drafted ${draft.kind} version ${draft.version} ("${draft.name}"), id ${draft.id}.\n` +
        'Next: a marketing user and a sales user approve it:\n' +
        `  tandem contract approve ${draft.kind}@${draft.version} --as EMAIL --workspace ${options.workspace}\n`,
    )
  })
}

/** `tandem contract approve KIND@VERSION --as EMAIL`: approval for the user's side. */
export async function contractApproveCommand(
  which: string,
  options: ContractStoreOptions,
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const user = await actingUser(db, workspaceId, options)
    if (user === undefined)
      throw new AppError(
        'validation_failed',
        'Say who approves with --as EMAIL (a marketing or sales user).',
      )
    const contract = await findContract(db, workspaceId, which)
    const approved = await approveContract(db, {
      workspaceId,
      contractId: contract.id,
      userId: user.id,
      ...(options.comment === undefined ? {} : { comment: options.comment }),
      at: systemClock.now(),
    })
    const sides = approved.approvals.map((a) => `${a.side} (${a.userName})`).join(' and ')
    process.stdout.write(
      `${approved.kind} version ${approved.version} is ${approved.status}: approved by ${sides}.\n` +
        (approved.status === 'approved'
          ? `Next: tandem contract activate ${approved.kind}@${approved.version} --workspace ${options.workspace}\n`
          : ''),
    )
  })
}

/** `tandem contract activate KIND@VERSION`: makes it active and re-scores the workspace. */
export async function contractActivateCommand(
  which: string,
  options: ContractStoreOptions,
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId, progress }) => {
    const user = await actingUser(db, workspaceId, options)
    const contract = await findContract(db, workspaceId, which)
    const { activated, retired } = await activateContract(db, {
      workspaceId,
      contractId: contract.id,
      actor: user === undefined ? { type: 'system', id: 'cli' } : { type: 'user', id: user.id },
      at: systemClock.now(),
    })
    process.stdout.write(
      `${activated.kind} version ${activated.version} is active` +
        (retired === null ? '.\n' : `; version ${retired} is retired.\n`),
    )
    if (!changesScores(activated.kind)) return
    const run = await startRescore(
      db,
      workspaceId,
      `${activated.kind} version ${activated.version} activated`,
      systemClock.now(),
    )
    const last = await runRescore(db, workspaceId, run.runId, {
      now: () => systemClock.now(),
      onProgress: (p) => progress.update('re-scoring', p.done, p.total),
    })
    process.stdout.write(`Re-scored ${last.done.toLocaleString('en-US')} contacts and accounts.\n`)
  })
}

/** Every version, page after page: the CLI lists them all. */
async function everyContract(db: Kysely<Database>, workspaceId: string) {
  const versions: ContractVersion[] = []
  let after: string | undefined
  do {
    const page = await listContracts(db, workspaceId, undefined, {
      limit: MAX_PAGE_SIZE,
      ...(after === undefined ? {} : { after }),
    })
    versions.push(...page.items)
    after = page.next
  } while (after !== undefined)
  return versions
}

/** `tandem contract list`: every version with its status and approvals. */
export async function contractListCommand(
  options: ContractStoreOptions,
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const versions = await everyContract(db, workspaceId)
    if (versions.length === 0) {
      process.stdout.write('No contracts yet. Draft one: tandem contract draft FILE\n')
      return
    }
    for (const c of versions) {
      const approvals = c.approvals.map((a) => `${a.side}: ${a.userName}`).join(', ')
      process.stdout.write(
        `${`${c.kind}@${c.version}`.padEnd(18)} ${c.status.padEnd(9)} ${c.name}` +
          `${approvals === '' ? '' : `  (approved by ${approvals})`}\n`,
      )
    }
  })
}

async function readContractFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new AppError('not_found', `Cannot read ${file}: ${(error as Error).message}`)
  }
}

/** A contract named as KIND@VERSION (qualification@2) or by its id. */
async function findContract(db: Kysely<Database>, workspaceId: string, which: string) {
  const match = /^(qualification|icp|routing)@(\d+)$/.exec(which)
  const contract =
    match === null
      ? await getContract(db, workspaceId, which)
      : await contractByVersion(db, workspaceId, match[1] as ContractKind, Number(match[2]))
  if (contract === undefined)
    throw new AppError(
      'not_found',
      `There is no contract "${which}". Name one as qualification@VERSION, icp@VERSION or routing@VERSION (tandem contract list).`,
    )
  return contract
}

function actingUser(db: Kysely<Database>, workspaceId: string, options: ContractStoreOptions) {
  return options.as === undefined ? undefined : userByEmail(db, workspaceId, options.as)
}
