import { randomUUID } from 'node:crypto'
import { putContentVariant } from '../src/services/plans/dynamic-content.ts'
import type { Store } from '../src/store/open-store.ts'

// What the dynamic-content endpoint needs to answer for real: an account known by its domain,
// with a tier, a stage and an active plan, and a slot with variants at several specificities.

export const CONTENT_DOMAIN = 'litware-systems.example'

export async function seedDynamicContent(store: Store, workspaceId: string): Promise<void> {
  const accountId = randomUUID()
  const now = new Date()
  await store.db
    .insertInto('accounts')
    .values({
      workspace_id: workspaceId,
      id: accountId,
      name: 'Litware Systems',
      normalized_name: 'litware systems',
      domain: CONTENT_DOMAIN,
      icp_tier: 1,
      stage: 'engaged',
      buying_stage: 'consideration',
    })
    .execute()
  await store.db
    .insertInto('account_domains')
    .values({ workspace_id: workspaceId, domain: CONTENT_DOMAIN, account_id: accountId })
    .execute()
  await store.db
    .insertInto('account_plans')
    .values({
      workspace_id: workspaceId,
      id: randomUUID(),
      account_id: accountId,
      period_start: '2026-01-01',
      period_end: '2026-12-31',
      status: 'active',
    })
    .execute()
  const actor = { type: 'system' as const, id: 'bench' }
  const variants: [string, Record<string, unknown>][] = [
    ['default', {}],
    ['tier-1', { tier: 1 }],
    ['tier-1-considering', { tier: 1, buyingStage: 'consideration' }],
    ['planned', { withPlan: true }],
    ['customers', { accountStage: 'customer' }],
  ]
  for (const [name, criteria] of variants)
    await putContentVariant(
      store.db,
      workspaceId,
      'home-hero',
      name,
      { ...criteria, content: { headline: `Headline for ${name}`, cta: '/demo' } },
      actor,
      now,
    )
}
