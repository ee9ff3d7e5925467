import type { Kysely } from 'kysely'
import {
  ALERT_CAMPAIGN_DEFAULTS,
  ALERT_KINDS,
  type AlertKind,
  type AlertVariant,
  DEFAULT_VARIANT,
} from '../../domain/alerts/alert-campaign-defaults.ts'
import type { AlertAction } from '../../domain/alerts/alert-goal.ts'
import { templateProblems } from '../../domain/alerts/alert-template.ts'
import type { Database } from '../../store/database.ts'
import { jsonb } from '../../store/jsonb.ts'
import { AppError } from '../app-error.ts'
import { type AuditActor, recordAudit } from '../audit.ts'

// Each workspace's alert campaigns, one per kind, created with the "what's in it for me?" copy
// the first time they are needed, so alerts read the same before anyone touches a campaign.

export interface AlertCampaign {
  readonly key: AlertKind
  readonly description: string
  readonly placeholders: readonly string[]
  readonly goalActions: readonly AlertAction[]
  readonly windowMinutes: number
  readonly variants: readonly AlertVariant[]
  readonly promotedVariant: string | null
  /** The variant the others are tested against: the promoted one, else the default. */
  readonly control: string
  /** single: one variant; testing: several share the traffic; promoted: one takes it all. */
  readonly status: 'single' | 'testing' | 'promoted'
  readonly updatedAt: Date
}

export function isAlertKind(key: string): key is AlertKind {
  return (ALERT_KINDS as readonly string[]).includes(key)
}

function assertKind(key: string): AlertKind {
  if (!isAlertKind(key))
    throw new AppError(
      'not_found',
      `There is no alert campaign "${key}"; the campaigns are ${ALERT_KINDS.join(', ')}.`,
    )
  return key
}

type Row = {
  key: string
  goal_actions: string[]
  window_minutes: number
  variants: AlertVariant[]
  promoted_variant: string | null
  updated_at: Date
}

function campaignOf(row: Row): AlertCampaign {
  const key = row.key as AlertKind
  const defaults = ALERT_CAMPAIGN_DEFAULTS[key]
  const control =
    row.promoted_variant ??
    row.variants.find((v) => v.name === DEFAULT_VARIANT)?.name ??
    row.variants[0]?.name ??
    DEFAULT_VARIANT
  return {
    key,
    description: defaults.description,
    placeholders: defaults.placeholders,
    goalActions: row.goal_actions as AlertAction[],
    windowMinutes: row.window_minutes,
    variants: row.variants,
    promotedVariant: row.promoted_variant,
    control,
    status:
      row.promoted_variant !== null
        ? 'promoted'
        : row.variants.filter((v) => v.weight > 0).length > 1
          ? 'testing'
          : 'single',
    updatedAt: row.updated_at,
  }
}

/** The workspace's campaign for a kind, created with its defaults when it does not exist yet. */
export async function campaignFor(
  db: Kysely<Database>,
  workspaceId: string,
  key: AlertKind,
  at: Date,
): Promise<AlertCampaign> {
  const existing = await readCampaign(db, workspaceId, key)
  if (existing !== undefined) return existing
  const defaults = ALERT_CAMPAIGN_DEFAULTS[key]
  await db
    .insertInto('alert_campaigns')
    .values({
      workspace_id: workspaceId,
      key,
      goal_actions: [...defaults.goalActions],
      window_minutes: defaults.windowMinutes,
      variants: jsonb([defaults.variant]),
      promoted_variant: null,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
    .execute()
  return (await readCampaign(db, workspaceId, key)) as AlertCampaign
}

async function readCampaign(
  db: Kysely<Database>,
  workspaceId: string,
  key: AlertKind,
): Promise<AlertCampaign | undefined> {
  const row = await db
    .selectFrom('alert_campaigns')
    .select(['key', 'goal_actions', 'window_minutes', 'variants', 'promoted_variant', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .where('key', '=', key)
    .executeTakeFirst()
  return row === undefined ? undefined : campaignOf(row)
}

/** Every campaign of the workspace, in the order of ALERT_KINDS. */
export async function listCampaigns(
  db: Kysely<Database>,
  workspaceId: string,
  at: Date,
): Promise<AlertCampaign[]> {
  const campaigns: AlertCampaign[] = []
  for (const key of ALERT_KINDS) campaigns.push(await campaignFor(db, workspaceId, key, at))
  return campaigns
}

export async function getCampaign(
  db: Kysely<Database>,
  workspaceId: string,
  key: string,
  at: Date,
): Promise<AlertCampaign> {
  return campaignFor(db, workspaceId, assertKind(key), at)
}

export interface CampaignChange {
  readonly variants?: readonly AlertVariant[]
  readonly goalActions?: readonly AlertAction[]
  readonly windowMinutes?: number
}

/**
 * Changes a campaign's variants or goal. New variants end a promotion whose variant is gone;
 * a test starts again when they are saved with more than one positive weight.
 */
export async function changeCampaign(
  db: Kysely<Database>,
  input: {
    readonly workspaceId: string
    readonly key: string
    readonly change: CampaignChange
    readonly actor: AuditActor
    readonly at: Date
  },
): Promise<AlertCampaign> {
  const key = assertKind(input.key)
  const defaults = ALERT_CAMPAIGN_DEFAULTS[key]
  const { variants, goalActions, windowMinutes } = input.change
  if (variants !== undefined) variantProblems(variants, defaults.placeholders)
  if (goalActions !== undefined && goalActions.length === 0)
    throw new AppError('validation_failed', 'A campaign needs at least one goal action.', {
      problems: ['/goalActions: give one or more of answer, touch, view'],
    })
  return db.transaction().execute(async (trx) => {
    const before = await campaignFor(trx, input.workspaceId, key, input.at)
    const promoted =
      variants === undefined || variants.some((v) => v.name === before.promotedVariant)
        ? before.promotedVariant
        : null
    await trx
      .updateTable('alert_campaigns')
      .set({
        ...(variants === undefined ? {} : { variants: jsonb(variants) }),
        ...(goalActions === undefined ? {} : { goal_actions: [...new Set(goalActions)] }),
        ...(windowMinutes === undefined ? {} : { window_minutes: windowMinutes }),
        promoted_variant: promoted,
        updated_at: input.at,
      })
      .where('workspace_id', '=', input.workspaceId)
      .where('key', '=', key)
      .execute()
    await recordAudit(trx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: 'alert_campaign.changed',
      entityType: 'alert_campaign',
      entityId: key,
      details: { ...input.change, promotedBefore: before.promotedVariant, promoted },
      at: input.at,
    })
    return (await readCampaign(trx, input.workspaceId, key)) as AlertCampaign
  })
}

function variantProblems(variants: readonly AlertVariant[], placeholders: readonly string[]) {
  const problems: string[] = []
  if (variants.length === 0) problems.push('/variants: give at least one variant')
  const names = new Set<string>()
  variants.forEach((v, i) => {
    if (names.has(v.name)) problems.push(`/variants/${i}/name: "${v.name}" is used twice`)
    names.add(v.name)
    for (const field of ['subject', 'body'] as const)
      for (const problem of templateProblems(v[field], placeholders))
        problems.push(`/variants/${i}/${field}: ${problem}`)
  })
  if (variants.length > 0 && variants.every((v) => v.weight <= 0))
    problems.push('/variants: at least one variant needs a positive weight')
  if (problems.length > 0)
    throw new AppError('validation_failed', `The variants cannot be used: ${problems[0]}`, {
      problems,
    })
}

/** Makes one variant take every later alert of the campaign: the test's winner. */
export async function promoteVariant(
  db: Kysely<Database>,
  input: {
    readonly workspaceId: string
    readonly key: string
    readonly variant: string
    readonly actor: AuditActor
    readonly at: Date
  },
): Promise<AlertCampaign> {
  const key = assertKind(input.key)
  return db.transaction().execute(async (trx) => {
    const before = await campaignFor(trx, input.workspaceId, key, input.at)
    if (!before.variants.some((v) => v.name === input.variant))
      throw new AppError(
        'not_found',
        `The campaign "${key}" has no variant "${input.variant}"; its variants are ${before.variants.map((v) => v.name).join(', ')}.`,
      )
    await trx
      .updateTable('alert_campaigns')
      .set({ promoted_variant: input.variant, updated_at: input.at })
      .where('workspace_id', '=', input.workspaceId)
      .where('key', '=', key)
      .execute()
    await recordAudit(trx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: 'alert_campaign.promoted',
      entityType: 'alert_campaign',
      entityId: key,
      details: { variant: input.variant, before: before.promotedVariant },
      at: input.at,
    })
    return (await readCampaign(trx, input.workspaceId, key)) as AlertCampaign
  })
}
