// Turns records into the numeric design a linear model reads. The fitted encoder is plain JSON
// (it is stored beside the model) so that scoring later encodes exactly as training did.
//
// Categorical features are one-hot with every kept level (no reference level): each record then
// has exactly one active column per categorical feature, so a prediction's factor for it reads as
// "origin = paid_search" rather than as a difference from an arbitrary baseline. The L2 penalty
// of the model makes the otherwise redundant columns identifiable.

export type FeatureKind = 'categorical' | 'numeric'

export interface FeatureSpec {
  readonly name: string
  readonly kind: FeatureKind
}

export type RawValue = string | number | null | undefined
export type RawRecord = Readonly<Record<string, RawValue>>

/**
 * Reserved level names. Parenthesised so they never collide with a real value: source data
 * often has its own literal "other" or "unknown" (Olist origins, UCI bank jobs).
 */
export const OTHER_LEVEL = '(other)'
export const MISSING_LEVEL = '(missing)'

export interface LevelCount {
  readonly value: string
  readonly count: number
}

export interface FittedCategorical {
  readonly kind: 'categorical'
  readonly name: string
  /** Levels seen at least `minCount` times in training, sorted by value; each gets a column. */
  readonly levels: readonly LevelCount[]
  /** Training rows whose level was too rare and went to `OTHER_LEVEL`. */
  readonly otherCount: number
  readonly missingCount: number
}

export interface FittedNumeric {
  readonly kind: 'numeric'
  readonly name: string
  readonly mean: number
  /** Population standard deviation of the training values; 1 when they are all equal. */
  readonly sd: number
  readonly missingCount: number
}

export type FittedFeature = FittedCategorical | FittedNumeric

export interface FeatureEncoder {
  readonly version: 1
  readonly minCount: number
  readonly features: readonly FittedFeature[]
}

export interface EncoderOptions {
  /** Training occurrences a categorical level needs for its own column (default 20). */
  readonly minCount?: number
}

/** One encoded column: which feature it belongs to and, for a one-hot column, its level. */
export interface EncodedColumn {
  readonly name: string
  readonly feature: string
  readonly level: string | null
}

/** A record's non-zero encoded values, by column index (ascending). */
export interface SparseRow {
  readonly columns: readonly number[]
  readonly values: readonly number[]
}

export interface CompiledEncoder {
  readonly columns: readonly EncodedColumn[]
  readonly encodeSparse: (record: RawRecord) => SparseRow
  readonly encode: (record: RawRecord) => Float64Array
}

const DEFAULT_MIN_COUNT = 20

function categoryOf(value: RawValue): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

// Numbers often arrive as CSV text; text that is not a number counts as missing, like a blank.
function numberOf(value: RawValue): number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  const trimmed = value.trim()
  if (trimmed === '') return null
  const parsed = Number(trimmed)
  return Number.isFinite(parsed) ? parsed : null
}

function fitCategorical(
  name: string,
  records: readonly RawRecord[],
  minCount: number,
): FittedCategorical {
  const counts = new Map<string, number>()
  let missingCount = 0
  for (const record of records) {
    const level = categoryOf(record[name])
    if (level === null) missingCount++
    else counts.set(level, (counts.get(level) ?? 0) + 1)
  }
  const levels: LevelCount[] = []
  let otherCount = 0
  for (const [value, count] of counts) {
    if (count >= minCount) levels.push({ value, count })
    else otherCount += count
  }
  levels.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
  return { kind: 'categorical', name, levels, otherCount, missingCount }
}

function fitNumeric(name: string, records: readonly RawRecord[]): FittedNumeric {
  let n = 0
  let mean = 0
  let m2 = 0
  // Welford: balances in the hundreds of thousands would lose precision in a sum of squares.
  for (const record of records) {
    const x = numberOf(record[name])
    if (x === null) continue
    n++
    const delta = x - mean
    mean += delta / n
    m2 += delta * (x - mean)
  }
  const sd = n > 0 ? Math.sqrt(m2 / n) : 0
  return {
    kind: 'numeric',
    name,
    mean: n > 0 ? mean : 0,
    sd: sd > 0 ? sd : 1,
    missingCount: records.length - n,
  }
}

/** Learns levels, means and standard deviations from the training records. */
export function fitEncoder(
  records: readonly RawRecord[],
  features: readonly FeatureSpec[],
  options: EncoderOptions = {},
): FeatureEncoder {
  const minCount = options.minCount ?? DEFAULT_MIN_COUNT
  if (!Number.isInteger(minCount) || minCount < 1) {
    throw new RangeError(`minCount must be a positive integer, got ${minCount}`)
  }
  if (features.length === 0) throw new RangeError('at least one feature is needed')
  const encoder: FeatureEncoder = {
    version: 1,
    minCount,
    features: features.map((feature) =>
      feature.kind === 'categorical'
        ? fitCategorical(feature.name, records, minCount)
        : fitNumeric(feature.name, records),
    ),
  }
  // Checks feature names and column names are unique, which weights keyed by column rely on.
  encoderColumns(encoder)
  return encoder
}

const columnName = (feature: string, level: string): string => `${feature}=${level}`

/** The encoded columns in their fixed order: per feature, its kept levels, other, missing. */
export function encoderColumns(encoder: FeatureEncoder): readonly EncodedColumn[] {
  const columns: EncodedColumn[] = []
  for (const feature of encoder.features) {
    if (feature.kind === 'numeric') {
      columns.push({ name: feature.name, feature: feature.name, level: null })
      continue
    }
    for (const level of [...feature.levels.map((l) => l.value), OTHER_LEVEL, MISSING_LEVEL]) {
      columns.push({ name: columnName(feature.name, level), feature: feature.name, level })
    }
  }
  const seen = new Set<string>()
  for (const column of columns) {
    if (seen.has(column.name)) throw new RangeError(`duplicate encoded column "${column.name}"`)
    seen.add(column.name)
  }
  return columns
}

/** Builds the lookups once, for encoding many records with the same encoder. */
export function compileEncoder(encoder: FeatureEncoder): CompiledEncoder {
  const columns = encoderColumns(encoder)
  const indexOf = new Map(columns.map((column, index) => [column.name, index]))
  const column = (name: string): number => {
    const index = indexOf.get(name)
    if (index === undefined) throw new Error(`unknown encoded column "${name}"`)
    return index
  }
  type Push = (column: number, value: number) => void
  const steps = encoder.features.map((feature): ((record: RawRecord, push: Push) => void) => {
    if (feature.kind === 'numeric') {
      const index = column(feature.name)
      return (record, push) => {
        const x = numberOf(record[feature.name])
        // Missing takes the training mean, which is 0 once scaled, so it adds nothing.
        if (x === null) return
        const scaled = (x - feature.mean) / feature.sd
        if (scaled !== 0) push(index, scaled)
      }
    }
    const levels = new Map(
      feature.levels.map((l) => [l.value, column(columnName(feature.name, l.value))]),
    )
    const other = column(columnName(feature.name, OTHER_LEVEL))
    const missing = column(columnName(feature.name, MISSING_LEVEL))
    return (record, push) => {
      const level = categoryOf(record[feature.name])
      push(level === null ? missing : (levels.get(level) ?? other), 1)
    }
  })
  const encodeSparse = (record: RawRecord): SparseRow => {
    const indices: number[] = []
    const values: number[] = []
    const push: Push = (column, value) => {
      indices.push(column)
      values.push(value)
    }
    for (const step of steps) step(record, push)
    return { columns: indices, values }
  }
  const encode = (record: RawRecord): Float64Array => {
    const dense = new Float64Array(columns.length)
    const { columns: indices, values } = encodeSparse(record)
    for (let k = 0; k < indices.length; k++) dense[indices[k] as number] = values[k] as number
    return dense
  }
  return { columns, encodeSparse, encode }
}

/** A record's dense encoding, one value per column of `encoderColumns(encoder)`. */
export function encodeRecord(encoder: FeatureEncoder, record: RawRecord): Float64Array {
  return compileEncoder(encoder).encode(record)
}

/**
 * A reader's label for an encoded value: `origin = paid_search` for a one-hot column, or
 * `balance (+1.2 sd)` for a standardised number.
 */
export function describeEncodedValue(column: EncodedColumn, value: number): string {
  if (column.level !== null) return `${column.feature} = ${column.level}`
  const sign = value < 0 ? '-' : '+'
  return `${column.feature} (${sign}${Math.abs(value).toFixed(1)} sd)`
}
