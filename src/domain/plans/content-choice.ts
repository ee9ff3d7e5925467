import type { AccountStage } from '../lifecycle/account-funnel.ts'
import type { BuyingStage } from '../scoring/account-score.ts'

// Dynamic content: the variant of a page slot or email block a visitor sees, chosen by what is
// known of their account (ICP tier, account stage, buying stage, an active plan). The most
// specific variant that matches wins; a variant with no criteria is everyone's default.

export interface ContentVariant {
  readonly id: string
  readonly name: string
  readonly tier: 1 | 2 | 3 | null
  readonly accountStage: AccountStage | null
  readonly buyingStage: BuyingStage | null
  /** true: only accounts with an active plan; false: only without; null: either. */
  readonly withPlan: boolean | null
  readonly content: unknown
}

/** What is known of the visitor's account; undefined for an unknown visitor. */
export interface VisitorAccount {
  readonly tier: 1 | 2 | 3 | null
  readonly stage: AccountStage | null
  readonly buyingStage: BuyingStage | null
  readonly hasActivePlan: boolean
}

export interface ContentChoice {
  readonly variant: ContentVariant
  readonly reason: string
}

export function chooseContent(
  variants: readonly ContentVariant[],
  account: VisitorAccount | undefined,
): ContentChoice | undefined {
  let best: { variant: ContentVariant; specificity: number } | undefined
  for (const variant of variants) {
    const criteria = [
      variant.tier === null || variant.tier === account?.tier,
      variant.accountStage === null || variant.accountStage === account?.stage,
      variant.buyingStage === null || variant.buyingStage === account?.buyingStage,
      variant.withPlan === null ||
        (account !== undefined && variant.withPlan === account.hasActivePlan),
    ]
    if (!criteria.every(Boolean)) continue
    const specificity = criteriaOf(variant).length
    if (best === undefined || specificity > best.specificity) best = { variant, specificity }
  }
  if (best === undefined) return undefined
  const named = criteriaOf(best.variant)
  return {
    variant: best.variant,
    reason:
      named.length === 0
        ? account === undefined
          ? 'the default: the visitor is not known'
          : 'the default: no variant is written for this account'
        : `matches ${named.join(', ')}`,
  }
}

function criteriaOf(variant: ContentVariant): string[] {
  return [
    variant.tier === null ? undefined : `tier ${variant.tier}`,
    variant.accountStage === null ? undefined : `account stage ${variant.accountStage}`,
    variant.buyingStage === null ? undefined : `buying stage ${variant.buyingStage}`,
    variant.withPlan === null ? undefined : variant.withPlan ? 'an active plan' : 'no plan',
  ].filter((c) => c !== undefined)
}
