import type { FunctionName } from '../../store/database.ts'
import type { AccountStage } from '../lifecycle/account-funnel.ts'
import type { BuyingStage } from '../scoring/account-score.ts'
import { type BuyingRole, label } from './buying-roles.ts'

// The next plays worth running for a target account (seed 000), by transparent rules over its
// stage, engagement by function, missing buying roles and momentum. Each recommendation says
// which rule made it and why; a kind of play already running is not recommended again.

export const PLAY_KINDS = [
  'account_profiling',
  'lifecycle_nurturing',
  'dynamic_content',
  'pipeline_acceleration',
  'custom',
] as const
export type PlayKind = (typeof PLAY_KINDS)[number]

export interface AccountSituation {
  readonly tier: 1 | 2 | 3 | null
  readonly stage: AccountStage | null
  readonly buyingStage: BuyingStage | null
  readonly engagementByFunction: Readonly<Record<FunctionName, number>>
  /** The engaged-account threshold of the ICP in force. */
  readonly engagedThreshold: number
  /** This week's points over the average week of the three before; null with no history. */
  readonly momentumRatio: number | null
  /** Buying roles among the account's known people. */
  readonly rolesKnown: ReadonlySet<BuyingRole>
  readonly knownContacts: number
  readonly openPipeline: number
  /** Kinds of play active on the account's plan now. */
  readonly activePlays: ReadonlySet<PlayKind>
}

export interface PlayRecommendation {
  readonly kind: PlayKind
  /** 1 is the most urgent. */
  readonly priority: 1 | 2 | 3
  readonly rule: string
  readonly reason: string
}

/** Among equally urgent plays: money already on the table first, then timing, then reach. */
const URGENCY: readonly PlayKind[] = [
  'pipeline_acceleration',
  'dynamic_content',
  'account_profiling',
  'lifecycle_nurturing',
  'custom',
]

/** Roles every deal needs someone in: nobody signs without them. */
export const KEY_ROLES: readonly BuyingRole[] = ['economic_buyer', 'decision_maker', 'champion']

/** Momentum at or above this ratio is a surge; at or below the stall ratio, a stall. */
export const SURGE_RATIO = 2
export const STALL_RATIO = 0.5
/** Marketing engagement under this share of the engaged threshold is cold. */
export const COLD_SHARE = 0.25

export function recommendPlays(account: AccountSituation): readonly PlayRecommendation[] {
  const found: PlayRecommendation[] = []
  const add = (r: PlayRecommendation) => {
    if (account.activePlays.has(r.kind)) return
    const same = found.findIndex((f) => f.kind === r.kind)
    if (same < 0) found.push(r)
    else {
      const kept = found[same] as PlayRecommendation
      found[same] = {
        kind: r.kind,
        priority: Math.min(kept.priority, r.priority) as PlayRecommendation['priority'],
        rule: `${kept.rule}+${r.rule}`,
        reason: `${kept.reason} ${r.reason}`,
      }
    }
  }
  const urgentIfTop = (account.tier === 1 ? 1 : 2) as 1 | 2
  const ratio = account.momentumRatio
  const cold = account.engagedThreshold * COLD_SHARE

  const missing = KEY_ROLES.filter((role) => !account.rolesKnown.has(role))
  if (missing.length > 0 && account.stage !== 'customer')
    add({
      kind: 'account_profiling',
      priority: urgentIfTop,
      rule: 'missing_roles',
      reason: `No ${orList(missing.map(label))} known among the ${people(account.knownContacts)} at the account: profile it to find them.`,
    })

  if (
    (account.stage === null || account.stage === 'target' || account.stage === 'engaged') &&
    account.knownContacts > 0 &&
    account.engagementByFunction.marketing < cold
  )
    add({
      kind: 'lifecycle_nurturing',
      priority: 2,
      rule: 'cold_contacts',
      reason: `Marketing engagement is ${points(account.engagementByFunction.marketing)} (engaged from ${points(account.engagedThreshold)}): nurture the ${people(account.knownContacts)} known there.`,
    })

  if (account.stage === 'customer' && account.engagementByFunction.cs < cold)
    add({
      kind: 'lifecycle_nurturing',
      priority: 2,
      rule: 'quiet_customer',
      reason: `A customer with ${points(account.engagementByFunction.cs)} of customer-success engagement: nurture adoption and growth.`,
    })

  if (ratio !== null && ratio >= SURGE_RATIO && account.openPipeline === 0)
    add({
      kind: 'dynamic_content',
      priority: 1,
      rule: 'surging',
      reason: `Engagement this week is ${ratio}× their weekly average: meet their research with content for their tier and stage.`,
    })

  if (
    (account.buyingStage === 'consideration' || account.buyingStage === 'decision') &&
    account.openPipeline === 0 &&
    account.tier !== null &&
    account.tier <= 2
  )
    add({
      kind: 'dynamic_content',
      priority: urgentIfTop,
      rule: 'considering',
      reason: `A tier ${account.tier} account in ${account.buyingStage} without an opportunity: show them what fits their stage.`,
    })

  if (account.openPipeline > 0 && (ratio === null || ratio <= STALL_RATIO))
    add({
      kind: 'pipeline_acceleration',
      priority: 1,
      rule: 'stalled_pipeline',
      reason: `${money(account.openPipeline)} of open pipeline while engagement ${ratio === null ? 'has no recent history' : `fell to ${ratio}× its weekly average`}: accelerate the deal.`,
    })

  return found.toSorted(
    (a, b) => a.priority - b.priority || URGENCY.indexOf(a.kind) - URGENCY.indexOf(b.kind),
  )
}

const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`
const points = (n: number) => `${Math.round(n * 10) / 10} points`
const money = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 })

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}
