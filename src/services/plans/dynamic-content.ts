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

interface VariantRow {
  readonly id: string
  readonly name: string
  readonly tier: 1 | 2 | 3 | null
  readonly account_stage: AccountStage | null
  readonly buying_stage: ContentVariant['buyingStage']
  readonly with_plan: boolean | null
  readonly content: unknown
}

export async function contentFor(
  db: Kysely<Database>,
  workspaceId: string,
  slot: string,
  visitor: Visitor,
): Promise<ContentAnswer> {
  const domain = visitor.domain === undefined ? null : (domainFromWebsite(visitor.domain) ?? null)
  const { rows } = await sql<{
    variants: VariantRow[] | null
    tier: 1 | 2 | 3 | null
    stage: AccountStage | null
    buying_stage: VisitorAccount['buyingStage']
    has_plan: boolean | null
    found: boolean
  }>`
    with visitor as (
      select account_id from (
        select c.account_id, 1 as rank from contact_identities i
        join contacts c on c.workspace_id = i.workspace_id and c.id = i.contact_id
        where i.workspace_id = ${workspaceId} and c.account_id is not null and (
          (i.kind = 'user_id' and i.value = ${visitor.userId ?? null})
          or (i.kind = 'anonymous_id' and i.value = ${visitor.anonymousId ?? null}))
        union all
        select d.account_id, 2 from account_domains d
        where d.workspace_id = ${workspaceId} and d.domain = ${domain}
      ) known order by rank limit 1
    )
    select
      (select json_agg(json_build_object('id', v.id, 'name', v.name, 'tier', v.tier,
          'account_stage', v.account_stage, 'buying_stage', v.buying_stage,
          'with_plan', v.with_plan, 'content', v.content) order by v.created_at, v.name)
        from content_variants v where v.workspace_id = ${workspaceId} and v.slot = ${slot})
        as variants,
      a.icp_tier as tier, a.stage, a.buying_stage,
      exists (select 1 from account_plans p where p.workspace_id = a.workspace_id
        and p.account_id = a.id and p.status = 'active') as has_plan,
      a.id is not null as found
    from (select 1) one
    left join visitor on true
    left join accounts a on a.workspace_id = ${workspaceId} and a.id = visitor.account_id`.execute(
    db,
  )
  const row = rows[0]
  const variants = (row?.variants ?? []).map(
    (v): ContentVariant => ({
      id: v.id,
      name: v.name,
      tier: v.tier,
      accountStage: v.account_stage,
      buyingStage: v.buying_stage,
      withPlan: v.with_plan,
      content: v.content,
    }),
  )
  if (variants.length === 0)
    throw new AppError(
      'not_found',
      `The slot "${slot}" has no content variants: add one with PUT /v1/content/${slot}/variants/{name}.`,
    )
  const account: VisitorAccount | undefined =
    row?.found === true
      ? {
          tier: row.tier,
          stage: row.stage,
          buyingStage: row.buying_stage,
          hasActivePlan: row.has_plan === true,
        }
      : undefined
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
