import { randomUUID } from 'node:crypto'
import { type Kysely, type Selectable, sql } from 'kysely'
import type { Contract, ContractKind } from '../domain/contracts/contract-schemas.ts'
import { parseContract, parseContractText } from '../domain/contracts/parse-contract.ts'
import { type ApprovalSide, approvalSideOf } from '../domain/role-permissions.ts'
import type { Database, DefinitionsTable } from '../store/database.ts'
import { jsonb } from '../store/jsonb.ts'
import { AppError } from './app-error.ts'
import { type AuditActor, recordAudit } from './audit.ts'
import { MAX_PAGE_SIZE, type Page, type PageRequest } from './lead-review.ts'
import { pageLimit, pageOf } from './newest-first-page.ts'

// The contracts sales and marketing agree on, as versions: a draft, approved by a marketing user
// and by a sales user (both required), then activated, which retires the version before it.
// Every step is audited; every score records the version that produced it.

export type { ApprovalSide } from '../domain/role-permissions.ts'

export type ContractStatus = 'draft' | 'approved' | 'active' | 'retired' | 'withdrawn'

export interface ContractVersion {
  readonly id: string
  readonly kind: ContractKind
  readonly version: number
  readonly name: string
  readonly status: ContractStatus
  readonly body: Contract
  readonly createdAt: Date
  readonly activatedAt: Date | null
  readonly retiredAt: Date | null
  readonly approvals: readonly {
    readonly side: ApprovalSide
    readonly userId: string
    readonly userName: string
    readonly approvedAt: Date
    readonly comment: string | null
  }[]
}

export async function draftContract(
  db: Kysely<Database>,
  input: {
    workspaceId: string
    /** The contract as a parsed document, or as JSON or YAML text. */
    document: unknown
    actor: AuditActor
    at: Date
  },
): Promise<ContractVersion> {
  const parsed =
    typeof input.document === 'string'
      ? parseContractText(input.document)
      : parseContract(input.document)
  if (!parsed.ok)
    throw new AppError(
      'validation_failed',
      'The contract is not valid; fix these and send it again.',
      {
        problems: parsed.problems,
      },
    )
  const contract = parsed.contract
  return db.transaction().execute(async (trx) => {
    // Versions of a kind are numbered one after another; the lock keeps two drafts apart.
    await sql`select pg_advisory_xact_lock(7302, hashtext(${`${input.workspaceId}:${contract.kind}`}))`.execute(
      trx,
    )
    const last = await trx
      .selectFrom('definitions')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('workspace_id', '=', input.workspaceId)
      .where('kind', '=', contract.kind)
      .executeTakeFirst()
    const id = randomUUID()
    const version = (last?.version ?? 0) + 1
    await trx
      .insertInto('definitions')
      .values({
        workspace_id: input.workspaceId,
        id,
        kind: contract.kind,
        version,
        name: contract.name,
        body: jsonb(contract),
        created_by: input.actor.type === 'user' ? input.actor.id : null,
        created_at: input.at,
      })
      .execute()
    await recordAudit(trx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: 'contract.drafted',
      entityType: 'contract',
      entityId: id,
      details: { kind: contract.kind, version, name: contract.name },
      at: input.at,
    })
    return requireContract(trx, input.workspaceId, id)
  })
}

export async function approveContract(
  db: Kysely<Database>,
  input: { workspaceId: string; contractId: string; userId: string; comment?: string; at: Date },
): Promise<ContractVersion> {
  return db.transaction().execute(async (trx) => {
    const contract = await requireContract(trx, input.workspaceId, input.contractId, true)
    if (contract.status !== 'draft' && contract.status !== 'approved')
      throw new AppError(
        'conflict',
        `Version ${contract.version} is ${contract.status}; only a draft can be approved. Draft a new version instead.`,
      )
    const user = await trx
      .selectFrom('users')
      .select(['id', 'name', 'role', 'active'])
      .where('workspace_id', '=', input.workspaceId)
      .where('id', '=', input.userId)
      .executeTakeFirst()
    if (user === undefined || !user.active)
      throw new AppError('forbidden', 'Approvals are made by an active workspace user.')
    const side = approvalSideOf(user.role)
    if (side === undefined)
      throw new AppError(
        'forbidden',
        `${user.name} is ${user.role}: a contract is approved by a marketing user and by a sales user (sales, sdr or ae).`,
      )
    await trx
      .insertInto('definition_approvals')
      .values({
        workspace_id: input.workspaceId,
        definition_id: contract.id,
        side,
        user_id: user.id,
        approved_at: input.at,
        comment: input.comment ?? null,
      })
      .onConflict((c) =>
        c.columns(['workspace_id', 'definition_id', 'side']).doUpdateSet({
          user_id: user.id,
          approved_at: input.at,
          comment: input.comment ?? null,
        }),
      )
      .execute()
    const sides = new Set([...contract.approvals.map((a) => a.side), side])
    const status = sides.has('marketing') && sides.has('sales') ? 'approved' : 'draft'
    await trx
      .updateTable('definitions')
      .set({ status })
      .where('workspace_id', '=', input.workspaceId)
      .where('id', '=', contract.id)
      .execute()
    await recordAudit(trx, {
      workspaceId: input.workspaceId,
      actor: { type: 'user', id: user.id },
      action: 'contract.approved',
      entityType: 'contract',
      entityId: contract.id,
      details: { kind: contract.kind, version: contract.version, side, comment: input.comment },
      at: input.at,
    })
    return requireContract(trx, input.workspaceId, contract.id)
  })
}

/** Makes an approved version the active one and retires the one before it. */
export async function activateContract(
  db: Kysely<Database>,
  input: { workspaceId: string; contractId: string; actor: AuditActor; at: Date },
): Promise<{ activated: ContractVersion; retired: number | null }> {
  return db.transaction().execute(async (trx) => {
    const contract = await requireContract(trx, input.workspaceId, input.contractId, true)
    if (contract.status !== 'approved') {
      const missing = (['marketing', 'sales'] as const).filter(
        (side) => !contract.approvals.some((a) => a.side === side),
      )
      throw new AppError(
        'conflict',
        contract.status === 'draft'
          ? `Version ${contract.version} still needs approval by ${missing.join(' and ')}.`
          : `Version ${contract.version} is ${contract.status}; only an approved version can be activated.`,
        { missingApprovals: missing },
      )
    }
    const previous = await trx
      .updateTable('definitions')
      .set({ status: 'retired', retired_at: input.at })
      .where('workspace_id', '=', input.workspaceId)
      .where('kind', '=', contract.kind)
      .where('status', '=', 'active')
      .returning(['id', 'version'])
      .executeTakeFirst()
    await trx
      .updateTable('definitions')
      .set({ status: 'active', activated_at: input.at })
      .where('workspace_id', '=', input.workspaceId)
      .where('id', '=', contract.id)
      .execute()
    await recordAudit(trx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: 'contract.activated',
      entityType: 'contract',
      entityId: contract.id,
      details: { kind: contract.kind, version: contract.version, retired: previous?.version },
      at: input.at,
    })
    if (previous !== undefined)
      await recordAudit(trx, {
        workspaceId: input.workspaceId,
        actor: input.actor,
        action: 'contract.retired',
        entityType: 'contract',
        entityId: previous.id,
        details: { kind: contract.kind, version: previous.version, by: contract.version },
        at: input.at,
      })
    return {
      activated: await requireContract(trx, input.workspaceId, contract.id),
      retired: previous?.version ?? null,
    }
  })
}

export interface ActiveContracts {
  readonly qualification?: {
    readonly version: number
    readonly body: Contract & { kind: 'qualification' }
  }
  readonly icp?: { readonly version: number; readonly body: Contract & { kind: 'icp' } }
  readonly routing?: { readonly version: number; readonly body: Contract & { kind: 'routing' } }
}

const CONTRACT_KINDS: readonly ContractKind[] = ['qualification', 'icp', 'routing']

/** Whether activating a version of this kind changes scores (and so starts a full re-score). */
export function changesScores(kind: ContractKind): boolean {
  return kind === 'qualification' || kind === 'icp'
}

/** The active contracts of a workspace, where there are any. */
export async function activeContracts(
  db: Kysely<Database>,
  workspaceId: string,
): Promise<ActiveContracts> {
  const rows = await db
    .selectFrom('definitions')
    .select(['kind', 'version', 'body'])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'active')
    .where('kind', 'in', CONTRACT_KINDS)
    .execute()
  const active: { -readonly [K in keyof ActiveContracts]: ActiveContracts[K] } = {}
  for (const row of rows) {
    if (row.kind === 'qualification')
      active.qualification = { version: row.version, body: row.body as never }
    if (row.kind === 'icp') active.icp = { version: row.version, body: row.body as never }
    if (row.kind === 'routing') active.routing = { version: row.version, body: row.body as never }
  }
  return active
}

/** One version of a kind's contract, by version number. */
export async function contractByVersion(
  db: Kysely<Database>,
  workspaceId: string,
  kind: ContractKind,
  version: number,
): Promise<ContractVersion | undefined> {
  const row = await definitions(db, workspaceId)
    .where('kind', '=', kind)
    .where('version', '=', version)
    .executeTakeFirst()
  return row === undefined ? undefined : (await withApprovals(db, workspaceId, [row]))[0]
}

/**
 * Contract versions by kind, newest version first, a page at a time: the page after `after`
 * (the id of the previous page's last version) goes on with the next kind or older version.
 */
export async function listContracts(
  db: Kysely<Database>,
  workspaceId: string,
  kind?: ContractKind,
  page: PageRequest = { limit: MAX_PAGE_SIZE },
): Promise<Page<ContractVersion>> {
  const limit = pageLimit(page)
  let query = definitions(db, workspaceId)
  if (kind !== undefined) query = query.where('kind', '=', kind)
  if (page.after !== undefined) {
    const anchor = await getContract(db, workspaceId, page.after)
    if (anchor === undefined)
      throw new AppError(
        'validation_failed',
        `after=${page.after} names no contract version of this workspace: pass the "next" of the previous page, or leave it out for the first page.`,
      )
    query = query.where((eb) =>
      eb.or([
        eb('kind', '>', anchor.kind),
        eb.and([eb('kind', '=', anchor.kind), eb('version', '<', anchor.version)]),
      ]),
    )
  }
  const rows = await query
    .orderBy('kind')
    .orderBy('version', 'desc')
    .limit(limit + 1)
    .execute()
  return pageOf(await withApprovals(db, workspaceId, rows), limit, (c) => c)
}

export async function getContract(
  db: Kysely<Database>,
  workspaceId: string,
  id: string,
  forUpdate = false,
): Promise<ContractVersion | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined
  let query = definitions(db, workspaceId).where('id', '=', id)
  if (forUpdate) query = query.forUpdate()
  const row = await query.executeTakeFirst()
  return row === undefined ? undefined : (await withApprovals(db, workspaceId, [row]))[0]
}

/** The versions of the contracts this module handles. */
function definitions(db: Kysely<Database>, workspaceId: string) {
  return db
    .selectFrom('definitions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('kind', 'in', CONTRACT_KINDS)
}

/** Contract rows with their approvals, read in one query however many rows. */
async function withApprovals(
  db: Kysely<Database>,
  workspaceId: string,
  rows: readonly Selectable<DefinitionsTable>[],
): Promise<ContractVersion[]> {
  const approvals =
    rows.length === 0
      ? []
      : await db
          .selectFrom('definition_approvals as a')
          .innerJoin('users as u', (j) =>
            j.onRef('u.workspace_id', '=', 'a.workspace_id').onRef('u.id', '=', 'a.user_id'),
          )
          .select([
            'a.definition_id',
            'a.side',
            'a.user_id',
            'u.name',
            'a.approved_at',
            'a.comment',
          ])
          .where('a.workspace_id', '=', workspaceId)
          .where(
            'a.definition_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('a.side')
          .execute()
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind as ContractKind,
    version: row.version,
    name: row.name,
    status: row.status as ContractStatus,
    body: row.body as unknown as Contract,
    createdAt: row.created_at,
    activatedAt: row.activated_at,
    retiredAt: row.retired_at,
    approvals: approvals
      .filter((a) => a.definition_id === row.id)
      .map((a) => ({
        side: a.side,
        userId: a.user_id,
        userName: a.name,
        approvedAt: a.approved_at,
        comment: a.comment,
      })),
  }))
}

async function requireContract(
  db: Kysely<Database>,
  workspaceId: string,
  id: string,
  forUpdate = false,
): Promise<ContractVersion> {
  const contract = await getContract(db, workspaceId, id, forUpdate)
  if (contract === undefined)
    throw new AppError('not_found', `There is no contract ${id}. List them with GET /v1/contracts.`)
  return contract
}

/**
 * Drafts, approves (by the given marketing and sales users) and activates a contract in one go:
 * a workspace adopting a contract its people already agreed on, such as the demo company's.
 */
export async function adoptContract(
  db: Kysely<Database>,
  input: {
    workspaceId: string
    document: unknown
    marketingUserId: string
    salesUserId: string
    at: Date
  },
): Promise<ContractVersion> {
  const { workspaceId, at } = input
  const actor: AuditActor = { type: 'user', id: input.marketingUserId }
  const draft = await draftContract(db, { workspaceId, document: input.document, actor, at })
  for (const userId of [input.marketingUserId, input.salesUserId])
    await approveContract(db, { workspaceId, contractId: draft.id, userId, at })
  return (await activateContract(db, { workspaceId, contractId: draft.id, actor, at })).activated
}
