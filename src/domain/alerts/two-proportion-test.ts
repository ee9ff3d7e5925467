import { twoSidedP } from './normal-distribution.ts'

// Whether a variant's goal rate differs from the control's by more than chance would explain:
// the pooled two-proportion z-test, as in every introductory statistics text.

export interface Proportion {
  readonly successes: number
  readonly trials: number
}

export interface TwoProportionTest {
  /** Variant rate minus control rate. */
  readonly difference: number
  /** The pooled rate under the null hypothesis that both rates are equal. */
  readonly pooled: number
  readonly standardError: number
  readonly z: number
  /** Two-sided p-value. */
  readonly p: number
}

/**
 * The pooled z-test of `variant` against `control`; null when it cannot be computed (no trials
 * on a side, or nobody or everybody succeeded on both, so there is no variance to test against).
 */
export function twoProportionTest(
  variant: Proportion,
  control: Proportion,
): TwoProportionTest | null {
  if (variant.trials <= 0 || control.trials <= 0) return null
  const p1 = variant.successes / variant.trials
  const p2 = control.successes / control.trials
  const pooled = (variant.successes + control.successes) / (variant.trials + control.trials)
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / variant.trials + 1 / control.trials))
  if (standardError === 0) return null
  const z = (p1 - p2) / standardError
  return { difference: p1 - p2, pooled, standardError, z, p: twoSidedP(z) }
}
