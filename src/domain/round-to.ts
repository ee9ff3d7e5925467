/** A figure for people to read: rounded to `digits` decimals; null stays null. */
export function roundTo(value: number | null, digits: number): number | null {
  if (value === null) return null
  const f = 10 ** digits
  return Math.round(Number(value) * f) / f
}
