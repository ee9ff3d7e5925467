import { randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import {
  type ContentVariant,
  chooseContent,
  type VisitorAccount,
} from '../../domain/plans/content-choice.ts'
import { domainFromWebsite } from '../../domain/web-domain.ts'
import type { AccountStage, Database } from '../../store/database.ts'
import { jsonb } from '../../store/jsonb.ts'
import { AppError } from '../app-error.ts'
import { type AuditActor, recordAudit } from '../audit.ts'

// Dynamic content (a marketing play): a website or email asks, while it renders, which variant
// of a slot to show a visitor, known by anonymous id, user id or their company's domain. One
// query finds the visitor's account and the slot's variants; the choice is the domain's.

/** Variants one slot may hold: each is read on every request for the slot. */
export const MAX_VARIANTS_PER_SLOT = 100

export interface Visitor {
  readonly anonymousId?: string
  readonly userId?: string
  readonly domain?: string
}

export interface ContentAnswer {
  readonly slot: string
  readonly variant: { readonly id: string; readonly name: string; readonly content: unknown } | null
  readonly reason: string
  readonly account: VisitorAccount | null
}

/**
 * The variants of slots, kept for a few seconds per workspace and slot: a page asks for the same
 * slot on every view, and its variants change rarely. Writes through this server forget the
 * slot at once; another server sees them within the time to live.
 */
export class ContentVariantCache {
  readonly #entries = new Map<
    string,
    { readonly at: number; readonly variants: ContentVariant[] }
  >()
  readonly #ttlMs: number
  readonly #maxEntries: number
  constructor(ttlMs = 5_000, maxEntries = 10_000) {
    this.#ttlMs = ttlMs
    this.#maxEntries = maxEntries
  }

  async variants(
    db: Kysely<Database>,
    workspaceId: string,
    slot: string,
    nowMs: number,
  ): Promise<ContentVariant[]> {
    const key = `${workspaceId}\n${slot}`
    const cached = this.#entries.get(key)
    if (cached !== undefined && nowMs - cached.at < this.#ttlMs) return cached.variants
    const variants = (await listContentVariants(db, workspaceId, slot)).map(
      ({ slot: _, updatedAt: __, ...variant }) => variant,
    )
    if (this.#entries.size >= this.#maxEntries) this.#entries.clear()
    this.#entries.set(key, { at: nowMs, variants })
    return variants
  }

  forget(workspaceId: string, slot: string): void {
    this.#entries.delete(`${workspaceId}\n${slot}`)
  }
}

export async function contentFor(
  db: Kysely<Database>,
  workspaceId: string,
  slot: string,
  visitor: Visitor,
  cache: ContentVariantCache,
  nowMs: number,
): Promise<ContentAnswer> {
  const variants = await cache.variants(db, workspaceId, slot, nowMs)
  if (variants.length === 0)
    throw new AppError(
      'not_found',
      `The slot "${slot}" has no content variants: add one with PUT /v1/content/${slot}/variants/{name}.`,
    )
  const account = await visitorAccount(db, workspaceId, visitor)
  const choice = chooseContent(variants, account)
  return {
    slot,
    variant:
      choice === undefined
        ? null
        : { id: choice.variant.id, name: choice.variant.name, content: choice.variant.content },
    reason:
      choice?.reason ??
      'no variant matches, and the slot has no default (a variant without criteria)',
    account: account ?? null,
  }
}

/** The visitor's account, by user id, then anonymous id, then their company's domain. */
async function visitorAccount(
  db: Kysely<Database>,
  workspaceId: string,
  visitor: Visitor,
): Promise<VisitorAccount | undefined> {
  const domain = visitor.domain === undefined ? null : (domainFromWebsite(visitor.domain) ?? null)
  const byIdentity = (kind: string, value: string | undefined) =>
    value === undefined
      ? sql`null::uuid`
      : sql`(select c.account_id from contact_identities i
          join contacts c on c.workspace_id = i.workspace_id and c.id = i.contact_id
          where i.workspace_id = ${workspaceId} and i.kind = ${kind} and i.value = ${value}
          limit 1)`
  const { rows } = await sql<{
    tier: 1 | 2 | 3 | null
    stage: AccountStage | null
    buying_stage: VisitorAccount['buyingStage']
    has_plan: boolean
  }>`
    select a.icp_tier as tier, a.stage, a.buying_stage,
      exists (select 1 from account_plans p where p.workspace_id = a.workspace_id
        and p.account_id = a.id and p.status = 'active') as has_plan
    from accounts a
    where a.workspace_id = ${workspaceId} and a.id = coalesce(
      ${byIdentity('user_id', visitor.userId)},
      ${byIdentity('anonymous_id', visitor.anonymousId)},
      ${
        domain === null
          ? sql`null::uuid`
          : sql`(select d.account_id from account_domains d
              where d.workspace_id = ${workspaceId} and d.domain = ${domain})`
      })`.execute(db)
  const row = rows[0]
  return row === undefined
    ? undefined
    : {
        tier: row.tier,
        stage: row.stage,
        buyingStage: row.buying_stage,
        hasActivePlan: row.has_plan,
      }
}

export interface VariantInput {
  readonly tier?: 1 | 2 | 3 | null
  readonly accountStage?: AccountStage | null
  readonly buyingStage?: ContentVariant['buyingStage']
  readonly withPlan?: boolean | null
  readonly content: unknown
}

export interface StoredVariant extends ContentVariant {
  readonly slot: string
  readonly updatedAt: Date
}

/** Writes a slot's variant by name (created or replaced), audited. */
export async function putContentVariant(
  db: Kysely<Database>,
  workspaceId: string,
  slot: string,
  name: string,
  input: VariantInput,
  actor: AuditActor,
  at: Date,
): Promise<StoredVariant> {
  const values = {
    tier: input.tier ?? null,
    account_stage: input.accountStage ?? null,
    buying_stage: input.buyingStage ?? null,
    with_plan: input.withPlan ?? null,
    content: jsonb(input.content),
    updated_at: at,
  }
  return db.transaction().execute(async (trx) => {
    const others = await trx
      .selectFrom('content_variants')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('slot', '=', slot)
      .where('name', '!=', name)
      .executeTakeFirstOrThrow()
    if (Number(others.n) >= MAX_VARIANTS_PER_SLOT)
      throw new AppError(
        'conflict',
        `The slot "${slot}" holds ${MAX_VARIANTS_PER_SLOT} variants, the most a slot may: remove one first.`,
      )
    const row = await trx
      .insertInto('content_variants')
      .values({
        workspace_id: workspaceId,
        id: randomUUID(),
        slot,
        name,
        created_at: at,
        ...values,
      })
      .onConflict((c) => c.columns(['workspace_id', 'slot', 'name']).doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      workspaceId,
      actor,
      action: 'content.variant_written',
      entityType: 'content_variant',
      entityId: row.id,
      details: { slot, name, tier: values.tier, accountStage: values.account_stage },
      at,
    })
    return storedVariant(row)
  })
}

export async function listContentVariants(
  db: Kysely<Database>,
  workspaceId: string,
  slot: string,
): Promise<StoredVariant[]> {
  const rows = await db
    .selectFrom('content_variants')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('slot', '=', slot)
    .orderBy('created_at')
    .orderBy('name')
    .execute()
  return rows.map(storedVariant)
}

export async function deleteContentVariant(
  db: Kysely<Database>,
  workspaceId: string,
  slot: string,
  name: string,
  actor: AuditActor,
  at: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('content_variants')
      .where('workspace_id', '=', workspaceId)
      .where('slot', '=', slot)
      .where('name', '=', name)
      .returning('id')
      .executeTakeFirst()
    if (deleted === undefined)
      throw new AppError('not_found', `The slot "${slot}" has no variant "${name}".`)
    await recordAudit(trx, {
      workspaceId,
      actor,
      action: 'content.variant_deleted',
      entityType: 'content_variant',
      entityId: deleted.id,
      details: { slot, name },
      at,
    })
  })
}

function storedVariant(row: {
  id: string
  slot: string
  name: string
  tier: 1 | 2 | 3 | null
  account_stage: AccountStage | null
  buying_stage: ContentVariant['buyingStage']
  with_plan: boolean | null
  content: unknown
  updated_at: Date
}): StoredVariant {
  return {
    id: row.id,
    slot: row.slot,
    name: row.name,
    tier: row.tier,
    accountStage: row.account_stage,
    buyingStage: row.buying_stage,
    withPlan: row.with_plan,
    content: row.content,
    updatedAt: row.updated_at,
  }
}
