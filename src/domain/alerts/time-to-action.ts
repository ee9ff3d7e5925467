// How long reps took to act on an alert: the median and the 90th percentile (nearest rank, so
// each is a time someone actually took) and counts in buckets a person reads at a glance.

export const TIME_TO_ACTION_BUCKETS = [
  { label: 'under 15 min', upToMinutes: 15 },
  { label: '15–60 min', upToMinutes: 60 },
  { label: '1–4 h', upToMinutes: 240 },
  { label: '4–24 h', upToMinutes: 1440 },
  { label: 'over 24 h', upToMinutes: Number.POSITIVE_INFINITY },
] as const

export interface TimeToAction {
  readonly count: number
  readonly medianMinutes: number | null
  readonly p90Minutes: number | null
  readonly buckets: readonly { readonly label: string; readonly count: number }[]
}

/** The q-quantile by nearest rank of ascending `sorted`. */
function nearestRank(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? null
}

/** The distribution of minutes from alert to action; a negative time counts as 0. */
export function timeToAction(minutes: readonly number[]): TimeToAction {
  const sorted = minutes.map((m) => Math.max(0, m)).sort((a, b) => a - b)
  const counts = TIME_TO_ACTION_BUCKETS.map(() => 0)
  for (const m of sorted) {
    const index = TIME_TO_ACTION_BUCKETS.findIndex((b) => m < b.upToMinutes)
    counts[index] = (counts[index] ?? 0) + 1
  }
  return {
    count: sorted.length,
    medianMinutes: nearestRank(sorted, 0.5),
    p90Minutes: nearestRank(sorted, 0.9),
    buckets: TIME_TO_ACTION_BUCKETS.map((b, i) => ({ label: b.label, count: counts[i] ?? 0 })),
  }
}
