// Which wording a rep gets for one alert: drawn at random for every message, in proportion to
// the variants' weights, so that the groups compared differ only by chance; a promoted variant
// takes all traffic and the test is over.

export interface WeightedVariant {
  readonly name: string
  readonly weight: number
}

/**
 * The variant for one message; `random` returns a number in [0, 1) (Math.random's contract).
 * Undefined only when there is no variant with a positive weight and none is promoted.
 */
export function chooseVariant<V extends WeightedVariant>(
  variants: readonly V[],
  promoted: string | null,
  random: () => number,
): V | undefined {
  if (promoted !== null) {
    const winner = variants.find((v) => v.name === promoted)
    if (winner !== undefined) return winner
  }
  const live = variants.filter((v) => v.weight > 0)
  const total = live.reduce((sum, v) => sum + v.weight, 0)
  if (total <= 0) return undefined
  let point = random() * total
  for (const v of live) {
    point -= v.weight
    if (point < 0) return v
  }
  // Only reached by rounding when random() is just under 1.
  return live[live.length - 1]
}
