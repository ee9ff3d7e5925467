// The standard normal distribution, for the A/B tests' p-values. Hart's double-precision
// rational approximation (as published by G. West, "Better approximations to cumulative normal
// functions", 2005), absolute error below 1e-14, with a continued fraction beyond |x| = 3. Unlike
// 1 - Φ(x) by subtraction it keeps its relative precision far into the tails, where small p-values
// live.

const SQRT_2PI = 2.5066282746310002
const TAIL_FROM = 3

/** Φ(x): the probability that a standard normal variable is at most x. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN
  const a = Math.abs(x)
  let tail: number
  if (a > 37) tail = 0
  else {
    const e = Math.exp((-a * a) / 2)
    if (a < TAIL_FROM) {
      let n = 3.52624965998911e-2 * a + 0.700383064443688
      n = n * a + 6.37396220353165
      n = n * a + 33.912866078383
      n = n * a + 112.079291497871
      n = n * a + 221.213596169931
      n = n * a + 220.206867912376
      let d = 8.83883476483184e-2 * a + 1.75566716318264
      d = d * a + 16.064177579207
      d = d * a + 86.7807322029461
      d = d * a + 296.564248779674
      d = d * a + 637.333633378831
      d = d * a + 793.826512519948
      d = d * a + 440.413735824752
      tail = (e * n) / d
    } else {
      // Laplace's continued fraction for the Mills ratio, evaluated from its 80th term back:
      // relative error near 1e-15 from x = 3 outwards, where the rational form loses digits.
      let b = a
      for (let k = 80; k >= 1; k -= 1) b = a + k / b
      tail = e / b / SQRT_2PI
    }
  }
  return x > 0 ? 1 - tail : tail
}

/** The error function, from Φ: erf(x) = 2Φ(x√2) − 1. */
export function erf(x: number): number {
  return x >= 0 ? 1 - 2 * normalCdf(-x * Math.SQRT2) : 2 * normalCdf(x * Math.SQRT2) - 1
}

/** Two-sided p-value of a z statistic: P(|Z| ≥ |z|), computed in the tail for precision. */
export function twoSidedP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z)))
}
