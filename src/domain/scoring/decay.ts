const DAY_MS = 86_400_000

/**
 * How much of a signal is left after some time, with half of it gone every half-life. Without a
 * half-life a signal never fades. Decay is applied when a score is read, from the sums stored at
 * scoring time: every occurrence of a rule fades at the same rate, so a sum decays as one number.
 */
export function decayFactor(
  fromMs: number,
  toMs: number,
  halfLifeDays: number | undefined,
): number {
  if (halfLifeDays === undefined) return 1
  const days = (toMs - fromMs) / DAY_MS
  return 2 ** (-days / halfLifeDays)
}

export function daysBetween(fromMs: number, toMs: number): number {
  return (toMs - fromMs) / DAY_MS
}
