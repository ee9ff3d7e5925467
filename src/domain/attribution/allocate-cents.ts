import { checkCents } from './touch.ts'

/**
 * Whole cents in proportion to the weights, summing exactly to the total (largest remainder).
 *
 * Each weight first gets the whole cents of its exact share; the cents left over (fewer than the
 * number of weights) go one each to the largest fractional parts, earlier index first on a tie.
 * So no share is a cent or more off its exact value and rounding never creates or loses money.
 * A zero weight gets nothing; all-zero (or no) weights give all zeros, and it is for the caller
 * to report the amount as unattributed.
 */
export function allocateCents(totalCents: number, weights: readonly number[]): number[] {
  checkCents(totalCents, 'the total')
  for (const weight of weights) {
    if (!Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`weights must be finite and non-negative, got ${weight}`)
    }
  }
  const sum = weights.reduce((total, weight) => total + weight, 0)
  if (sum === 0) return weights.map(() => 0)
  // weight / sum first: at most 1, so huge weights cannot overflow to Infinity.
  const exact = weights.map((weight) => (weight / sum) * totalCents)
  const cents = exact.map(Math.floor)
  let left = totalCents - cents.reduce((total, value) => total + value, 0)
  const order = exact
    .map((value, index) => ({ index, fraction: value - Math.floor(value) }))
    .filter(({ index }) => (weights[index] ?? 0) > 0)
    .sort((a, b) => b.fraction - a.fraction || a.index - b.index)
  // The leftover is the sum of the fractional parts, so it is below the number of positive
  // weights; cycling only guards against floating-point error ever making it reach it.
  for (let k = 0; left > 0; k++, left--) {
    const { index } = order[k % order.length] as { index: number }
    cents[index] = (cents[index] ?? 0) + 1
  }
  return cents
}
