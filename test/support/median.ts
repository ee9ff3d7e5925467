/** The median as a spreadsheet computes it: the middle value, or the mean of the two middle. */
export function median(values: readonly number[]): number {
  return percentile(values, 0.5) ?? Number.NaN
}

/**
 * The `p` quantile interpolated between the two nearest values (PostgreSQL's percentile_cont),
 * or null when there are none.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const rank = p * (sorted.length - 1)
  const low = sorted[Math.floor(rank)] as number
  const high = sorted[Math.ceil(rank)] as number
  return low + (rank - Math.floor(rank)) * (high - low)
}
