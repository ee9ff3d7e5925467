// Headcount as a categorical feature. A raw number would make the log-odds linear in employees,
// so a 50,000-person company would weigh a thousand times a 50-person one; bands let each size
// class earn its own weight, and read as "company_size = 201-500" in a prediction's factors.

/** Upper bounds (inclusive) and their labels, the bands sales teams and LinkedIn use. */
const BANDS: readonly (readonly [number, string])[] = [
  [10, '1-10'],
  [50, '11-50'],
  [200, '51-200'],
  [500, '201-500'],
  [1_000, '501-1000'],
  [5_000, '1001-5000'],
  [10_000, '5001-10000'],
]
const LARGEST = '10001+'

export const COMPANY_SIZE_BANDS: readonly string[] = [...BANDS.map(([, label]) => label), LARGEST]

/**
 * The band of a headcount, or null when it is unknown. Zero counts as the smallest band (a sole
 * founder often records no employees); a negative or non-finite count is bad data, not a size.
 */
export function companySizeBand(employees: number | null | undefined): string | null {
  if (employees === null || employees === undefined) return null
  if (!Number.isFinite(employees) || employees < 0) return null
  for (const [upper, label] of BANDS) if (employees <= upper) return label
  return LARGEST
}
