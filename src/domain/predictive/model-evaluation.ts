// How well a score ranks and how honest its probabilities are, measured on records it was not
// trained on: AUC (ranking), a calibration table (probabilities) and lift by decile (what a team
// working the top of the list gains over working at random).

export interface CalibrationBin {
  readonly lower: number
  readonly upper: number
  readonly count: number
  readonly positives: number
  /** Null for an empty bin. */
  readonly meanPredicted: number | null
  readonly observedRate: number | null
}

export interface LiftGroup {
  /** 1 is the highest-scored tenth. */
  readonly group: number
  readonly count: number
  /** Expected positives: records tied across a group boundary share their positives pro rata. */
  readonly positives: number
  readonly rate: number
  /** `rate` over the base rate of all the records. */
  readonly lift: number
  /** Share of all positives found in this group and the ones above it. */
  readonly cumulativeCapture: number
  readonly cumulativeLift: number
}

export interface SplitOptions {
  readonly seed: number | string
  /** Share of records held out for testing (default 0.3). */
  readonly testShare?: number
}

function checkPairs(scores: readonly number[], outcomes: readonly boolean[]): void {
  if (scores.length !== outcomes.length) {
    throw new RangeError(`${scores.length} scores but ${outcomes.length} outcomes`)
  }
  for (const score of scores) {
    if (Number.isNaN(score)) throw new RangeError('scores must be numbers, got NaN')
  }
}

/** Share of positive outcomes. */
export function baseRate(outcomes: readonly boolean[]): number {
  if (outcomes.length === 0) throw new RangeError('base rate of no outcomes')
  return outcomes.filter(Boolean).length / outcomes.length
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative, ties counting half (the Mann-Whitney U statistic over positives x negatives).
 */
export function rocAuc(scores: readonly number[], outcomes: readonly boolean[]): number {
  checkPairs(scores, outcomes)
  const positives = outcomes.filter(Boolean).length
  const negatives = outcomes.length - positives
  if (positives === 0 || negatives === 0) {
    throw new RangeError('AUC needs both positive and negative outcomes')
  }
  const order = scores
    .map((_, i) => i)
    .sort((a, b) => (scores[a] as number) - (scores[b] as number))
  let positiveRankSum = 0
  for (let start = 0; start < order.length; ) {
    const score = scores[order[start] as number] as number
    let end = start + 1
    while (end < order.length && scores[order[end] as number] === score) end++
    // Ranks start + 1 .. end share their average, which is what makes a tie count half.
    const averageRank = (start + 1 + end) / 2
    for (let k = start; k < end; k++) {
      if (outcomes[order[k] as number]) positiveRankSum += averageRank
    }
    start = end
  }
  const u = positiveRankSum - (positives * (positives + 1)) / 2
  return u / (positives * negatives)
}

export interface CalibrationOptions {
  readonly bins?: number
  /**
   * `quantile` (default): bins of about equal count, so each observed rate rests on enough
   * records; equal scores always share a bin. `uniform`: equal-width probability bands
   * (0-10%, 10-20%, ...), readable as score bands but often nearly empty at the top.
   */
  readonly strategy?: 'quantile' | 'uniform'
}

/**
 * Mean predicted probability against the observed rate, bin by bin, lowest first. Uniform bins
 * are all listed (empty ones with nulls) and span their band; quantile bins span the predictions
 * they hold, and a bin left empty by a large tie is dropped.
 */
export function calibrationTable(
  probabilities: readonly number[],
  outcomes: readonly boolean[],
  options: CalibrationOptions = {},
): readonly CalibrationBin[] {
  checkPairs(probabilities, outcomes)
  const bins = options.bins ?? 10
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be >= 1, got ${bins}`)
  for (const p of probabilities) {
    if (p < 0 || p > 1) throw new RangeError(`probabilities must be in [0, 1], got ${p}`)
  }
  const binOf = new Array<number>(probabilities.length)
  if (options.strategy === 'uniform') {
    probabilities.forEach((p, i) => {
      binOf[i] = Math.min(bins - 1, Math.floor(p * bins))
    })
  } else {
    const n = probabilities.length
    const order = probabilities
      .map((_, i) => i)
      .sort((a, b) => (probabilities[a] as number) - (probabilities[b] as number))
    for (let start = 0; start < n; ) {
      const p = probabilities[order[start] as number]
      let end = start + 1
      while (end < n && probabilities[order[end] as number] === p) end++
      // A tie goes whole to the bin its middle falls in.
      const bin = Math.min(bins - 1, Math.floor((((start + end) / 2) * bins) / n))
      for (let k = start; k < end; k++) binOf[order[k] as number] = bin
      start = end
    }
  }
  const count = new Array<number>(bins).fill(0)
  const positives = new Array<number>(bins).fill(0)
  const predicted = new Array<number>(bins).fill(0)
  const lowest = new Array<number>(bins).fill(Number.POSITIVE_INFINITY)
  const highest = new Array<number>(bins).fill(Number.NEGATIVE_INFINITY)
  probabilities.forEach((p, i) => {
    const bin = binOf[i] as number
    count[bin] = (count[bin] as number) + 1
    predicted[bin] = (predicted[bin] as number) + p
    lowest[bin] = Math.min(lowest[bin] as number, p)
    highest[bin] = Math.max(highest[bin] as number, p)
    if (outcomes[i]) positives[bin] = (positives[bin] as number) + 1
  })
  const table = count.map((n, bin) => ({
    lower: options.strategy === 'uniform' ? bin / bins : (lowest[bin] as number),
    upper: options.strategy === 'uniform' ? (bin + 1) / bins : (highest[bin] as number),
    count: n,
    positives: positives[bin] as number,
    meanPredicted: n === 0 ? null : (predicted[bin] as number) / n,
    observedRate: n === 0 ? null : (positives[bin] as number) / n,
  }))
  return options.strategy === 'uniform' ? table : table.filter((bin) => bin.count > 0)
}

/** Count-weighted mean gap between predicted and observed rates over a calibration table. */
export function expectedCalibrationError(table: readonly CalibrationBin[]): number {
  let total = 0
  let gap = 0
  for (const bin of table) {
    if (bin.meanPredicted === null || bin.observedRate === null) continue
    total += bin.count
    gap += bin.count * Math.abs(bin.meanPredicted - bin.observedRate)
  }
  return total === 0 ? 0 : gap / total
}

/**
 * Records ranked by score and cut into `groups` equal groups (deciles by default), highest first.
 * Records with equal scores cannot be ordered, so when a tie straddles a cut its positives are
 * shared between the groups in proportion: the result does not depend on the input order.
 */
export function liftTable(
  scores: readonly number[],
  outcomes: readonly boolean[],
  groups = 10,
): readonly LiftGroup[] {
  checkPairs(scores, outcomes)
  if (!Number.isInteger(groups) || groups < 1) {
    throw new RangeError(`groups must be >= 1, got ${groups}`)
  }
  const n = scores.length
  if (n < groups) throw new RangeError(`${n} records cannot make ${groups} groups`)
  const totalPositives = outcomes.filter(Boolean).length
  if (totalPositives === 0) throw new RangeError('lift needs at least one positive outcome')
  const base = totalPositives / n
  const cut = (k: number): number => Math.round((k * n) / groups)
  const order = scores
    .map((_, i) => i)
    .sort((a, b) => (scores[b] as number) - (scores[a] as number))
  const positives = new Array<number>(groups).fill(0)
  for (let start = 0; start < n; ) {
    const score = scores[order[start] as number] as number
    let end = start
    let tiedPositives = 0
    while (end < n && scores[order[end] as number] === score) {
      if (outcomes[order[end] as number]) tiedPositives++
      end++
    }
    const rate = tiedPositives / (end - start)
    for (let g = 0; g < groups; g++) {
      const overlap = Math.min(end, cut(g + 1)) - Math.max(start, cut(g))
      if (overlap > 0) positives[g] = (positives[g] as number) + overlap * rate
    }
    start = end
  }
  let cumulativePositives = 0
  let cumulativeCount = 0
  return positives.map((found, g) => {
    const count = cut(g + 1) - cut(g)
    cumulativePositives += found
    cumulativeCount += count
    const rate = found / count
    return {
      group: g + 1,
      count,
      positives: found,
      rate,
      lift: rate / base,
      cumulativeCapture: cumulativePositives / totalPositives,
      cumulativeLift: cumulativePositives / cumulativeCount / base,
    }
  })
}

// FNV-1a (32-bit) over UTF-8, then murmur3's finaliser so ids differing only in their last
// character still spread over the whole range.
const utf8 = new TextEncoder()

function hash32(text: string): number {
  let h = 0x811c9dc5
  for (const byte of utf8.encode(text)) {
    h ^= byte
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A stable number in [0, 1) for a record id under a seed. */
export function hashUnit(id: string, seed: number | string): number {
  return hash32(`${seed}\u0000${id}`) / 2 ** 32
}

/**
 * Train/test split by a hash of each record's id: a record's side depends only on its id and the
 * seed, not on the order or the other records, so reruns and growing data keep it where it was.
 */
export function splitTrainTest<T>(
  rows: readonly T[],
  idOf: (row: T) => string,
  options: SplitOptions,
): { readonly train: T[]; readonly test: T[] } {
  const testShare = options.testShare ?? 0.3
  if (!(testShare > 0 && testShare < 1)) {
    throw new RangeError(`testShare must be between 0 and 1, got ${testShare}`)
  }
  const train: T[] = []
  const test: T[] = []
  for (const row of rows) {
    if (hashUnit(idOf(row), options.seed) < testShare) test.push(row)
    else train.push(row)
  }
  return { train, test }
}
