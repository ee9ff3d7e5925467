// L2-regularised logistic regression, the explainable score: a prediction's log-odds is the
// intercept plus one contribution (weight x encoded value) per feature, so each factor says how
// far it moved this record's odds and in which direction.
//
// Fitted by Newton's method (IRLS) with a backtracking line search: exact, deterministic and fast
// for the few hundred columns a scoring model has, with no learning rate to tune. Rows are kept
// sparse (one active column per categorical feature), so an iteration costs about rows x
// (active columns)^2 plus one dense solve.

import {
  type CompiledEncoder,
  compileEncoder,
  describeEncodedValue,
  type EncoderOptions,
  type FeatureEncoder,
  type FeatureSpec,
  fitEncoder,
  type RawRecord,
  type SparseRow,
} from './feature-encoding.ts'

export interface LogisticTrainingStats {
  readonly rows: number
  readonly positives: number
  readonly baseRate: number
  readonly l2: number
  readonly iterations: number
  readonly converged: boolean
  /** Mean negative log-likelihood on the training rows, without the penalty. */
  readonly meanLogLoss: number
}

/** Plain JSON: stored as is, and read back by `createPredictor`. */
export interface LogisticModel {
  readonly kind: 'logistic-regression'
  readonly version: 1
  readonly intercept: number
  /** By encoded column name (`origin=paid_search`, `balance`). */
  readonly weights: Readonly<Record<string, number>>
  readonly encoder: FeatureEncoder
  readonly training: LogisticTrainingStats
}

export interface LogisticOptions extends EncoderOptions {
  readonly features: readonly FeatureSpec[]
  /**
   * Penalty on the summed log-loss: (l2 / 2) x sum of squared weights, the intercept excepted.
   * Equivalent to a normal prior of variance 1 / l2 on each weight (default 1).
   */
  readonly l2?: number
  readonly maxIterations?: number
  /** Stop when no parameter moves by more than this in a Newton step (default 1e-8). */
  readonly tolerance?: number
}

export interface Factor {
  readonly feature: string
  /** The encoded column, as in `LogisticModel.weights`. */
  readonly column: string
  readonly label: string
  /** Weight x encoded value, in log-odds. */
  readonly contribution: number
  readonly direction: 'raises' | 'lowers'
}

export interface Prediction {
  readonly probability: number
  readonly logOdds: number
  readonly intercept: number
  /** Non-zero contributions, largest first; with the intercept they sum to `logOdds`. */
  readonly factors: readonly Factor[]
}

export interface PredictOptions {
  /** Keep only this many factors (default: all). */
  readonly top?: number
}

export interface Predictor {
  readonly probability: (record: RawRecord) => number
  readonly predict: (record: RawRecord, options?: PredictOptions) => Prediction
}

const sigmoid = (z: number): number => {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

/** log(1 + e^z) without overflow. */
const softplus = (z: number): number =>
  z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))

interface Design {
  readonly rows: number
  /** Columns of the encoder plus the intercept, last. */
  readonly width: number
  readonly rowStart: Int32Array
  readonly column: Int32Array
  readonly value: Float64Array
}

function buildDesign(encoder: CompiledEncoder, records: readonly RawRecord[]): Design {
  const intercept = encoder.columns.length
  const width = intercept + 1
  const rowStart = new Int32Array(records.length + 1)
  const columns: number[] = []
  const values: number[] = []
  records.forEach((record, i) => {
    const row = encoder.encodeSparse(record)
    for (let k = 0; k < row.columns.length; k++) {
      columns.push(row.columns[k] as number)
      values.push(row.values[k] as number)
    }
    columns.push(intercept)
    values.push(1)
    rowStart[i + 1] = columns.length
  })
  return {
    rows: records.length,
    width,
    rowStart,
    column: Int32Array.from(columns),
    value: Float64Array.from(values),
  }
}

function linearPredictor(design: Design, theta: Float64Array, out: Float64Array): void {
  const { rowStart, column, value } = design
  for (let i = 0; i < design.rows; i++) {
    let z = 0
    for (let k = rowStart[i] as number; k < (rowStart[i + 1] as number); k++) {
      z += (theta[column[k] as number] as number) * (value[k] as number)
    }
    out[i] = z
  }
}

function penalisedLoss(design: Design, y: Uint8Array, theta: Float64Array, l2: number): number {
  const eta = new Float64Array(design.rows)
  linearPredictor(design, theta, eta)
  let loss = 0
  for (let i = 0; i < design.rows; i++) {
    const z = eta[i] as number
    loss += softplus(z) - (y[i] as number) * z
  }
  return loss + (l2 / 2) * penaltyNorm(theta)
}

function penaltyNorm(theta: Float64Array): number {
  let sum = 0
  for (let j = 0; j < theta.length - 1; j++) sum += (theta[j] as number) ** 2
  return sum
}

/** Solves A x = b for a symmetric positive definite A (row-major, m x m), in place of A. */
function choleskySolve(a: Float64Array, b: Float64Array, m: number): Float64Array {
  for (let j = 0; j < m; j++) {
    let diagonal = a[j * m + j] as number
    for (let k = 0; k < j; k++) diagonal -= (a[j * m + k] as number) ** 2
    if (!(diagonal > 0)) throw new Error('Newton step failed: the Hessian is not positive definite')
    const root = Math.sqrt(diagonal)
    a[j * m + j] = root
    for (let i = j + 1; i < m; i++) {
      let sum = a[i * m + j] as number
      for (let k = 0; k < j; k++) sum -= (a[i * m + k] as number) * (a[j * m + k] as number)
      a[i * m + j] = sum / root
    }
  }
  const x = Float64Array.from(b)
  for (let i = 0; i < m; i++) {
    let sum = x[i] as number
    for (let k = 0; k < i; k++) sum -= (a[i * m + k] as number) * (x[k] as number)
    x[i] = sum / (a[i * m + i] as number)
  }
  for (let i = m - 1; i >= 0; i--) {
    let sum = x[i] as number
    for (let k = i + 1; k < m; k++) sum -= (a[k * m + i] as number) * (x[k] as number)
    x[i] = sum / (a[i * m + i] as number)
  }
  return x
}

/** Fits the encoder and the weights on the training records and their outcomes (true = won). */
export function fitLogisticRegression(
  records: readonly RawRecord[],
  outcomes: readonly boolean[],
  options: LogisticOptions,
): LogisticModel {
  if (records.length !== outcomes.length) {
    throw new RangeError(`${records.length} records but ${outcomes.length} outcomes`)
  }
  const l2 = options.l2 ?? 1
  const maxIterations = options.maxIterations ?? 50
  const tolerance = options.tolerance ?? 1e-8
  // Without a penalty, unused one-hot columns (a level never missing) make the Hessian singular.
  if (!(l2 > 0)) throw new RangeError(`l2 must be positive, got ${l2}`)
  const positives = outcomes.filter(Boolean).length
  if (positives === 0 || positives === outcomes.length) {
    throw new RangeError('training needs both won and lost outcomes')
  }

  const encoder = fitEncoder(records, options.features, options)
  const compiled = compileEncoder(encoder)
  const design = buildDesign(compiled, records)
  const y = Uint8Array.from(outcomes, (won) => (won ? 1 : 0))
  const m = design.width
  const last = m - 1
  const baseRate = positives / records.length

  let theta = new Float64Array(m)
  theta[last] = Math.log(baseRate / (1 - baseRate))
  let loss = penalisedLoss(design, y, theta, l2)
  const eta = new Float64Array(design.rows)
  let iterations = 0
  let converged = false
  while (iterations < maxIterations) {
    iterations++
    linearPredictor(design, theta, eta)
    const gradient = new Float64Array(m)
    const hessian = new Float64Array(m * m)
    const { rowStart, column, value } = design
    for (let i = 0; i < design.rows; i++) {
      const mu = sigmoid(eta[i] as number)
      const residual = mu - (y[i] as number)
      const w = mu * (1 - mu)
      const start = rowStart[i] as number
      const end = rowStart[i + 1] as number
      for (let a = start; a < end; a++) {
        const ca = column[a] as number
        const va = value[a] as number
        gradient[ca] = (gradient[ca] as number) + residual * va
        const wa = w * va
        for (let b = start; b < end; b++) {
          const index = ca * m + (column[b] as number)
          hessian[index] = (hessian[index] as number) + wa * (value[b] as number)
        }
      }
    }
    for (let j = 0; j < last; j++) {
      gradient[j] = (gradient[j] as number) + l2 * (theta[j] as number)
      hessian[j * m + j] = (hessian[j * m + j] as number) + l2
    }
    const step = choleskySolve(hessian, gradient, m)
    let largest = 0
    let slope = 0
    for (let j = 0; j < m; j++) {
      largest = Math.max(largest, Math.abs(step[j] as number))
      slope += (gradient[j] as number) * (step[j] as number)
    }
    if (largest <= tolerance) {
      converged = true
      break
    }
    // Close to the optimum the predicted decrease (slope / 2) is below what the summed loss can
    // resolve in floating point, so a line search would stall; Newton steps are safe there.
    if (slope <= 1e-10 * Math.max(1, loss)) {
      theta = theta.map((v, j) => v - (step[j] as number))
      loss = penalisedLoss(design, y, theta, l2)
      continue
    }
    // Full Newton steps almost always decrease the loss; halving guards against the rare
    // overshoot on nearly separable data.
    let t = 1
    let accepted = false
    for (let halvings = 0; halvings < 40; halvings++, t /= 2) {
      const candidate = theta.map((v, j) => v - t * (step[j] as number))
      const candidateLoss = penalisedLoss(design, y, candidate, l2)
      if (candidateLoss <= loss - 1e-4 * t * slope) {
        theta = candidate
        loss = candidateLoss
        accepted = true
        break
      }
    }
    // Left unconverged, which the training stats report, rather than looping to no effect.
    if (!accepted) break
  }

  // fromEntries defines own properties, so even a column called "__proto__" stays a weight.
  const weights = Object.fromEntries(
    compiled.columns.map((col, j) => [col.name, theta[j] as number]),
  )
  const intercept = theta[last] as number
  return {
    kind: 'logistic-regression',
    version: 1,
    intercept,
    weights,
    encoder,
    training: {
      rows: records.length,
      positives,
      baseRate,
      l2,
      iterations,
      converged,
      meanLogLoss: (loss - (l2 / 2) * penaltyNorm(theta)) / records.length,
    },
  }
}

/** Prepares a stored model for scoring many records. */
export function createPredictor(model: LogisticModel): Predictor {
  const encoder = compileEncoder(model.encoder)
  const { columns } = encoder
  const weights = Float64Array.from(columns, (column) => {
    const weight = model.weights[column.name]
    if (typeof weight !== 'number' || !Number.isFinite(weight)) {
      throw new Error(`model has no weight for column "${column.name}"`)
    }
    return weight
  })
  if (Object.keys(model.weights).length !== columns.length) {
    throw new Error('model has weights for columns its encoder does not produce')
  }

  const logOddsOf = (row: SparseRow): number => {
    let z = model.intercept
    for (let k = 0; k < row.columns.length; k++) {
      z += (weights[row.columns[k] as number] as number) * (row.values[k] as number)
    }
    return z
  }

  return {
    probability: (record) => sigmoid(logOddsOf(encoder.encodeSparse(record))),
    predict: (record, options = {}) => {
      const row = encoder.encodeSparse(record)
      const logOdds = logOddsOf(row)
      const factors: (Factor & { readonly index: number })[] = []
      for (let k = 0; k < row.columns.length; k++) {
        const index = row.columns[k] as number
        const value = row.values[k] as number
        const contribution = (weights[index] as number) * value
        if (contribution === 0) continue
        const column = columns[index]
        if (column === undefined) continue
        factors.push({
          index,
          feature: column.feature,
          column: column.name,
          label: describeEncodedValue(column, value),
          contribution,
          direction: contribution > 0 ? 'raises' : 'lowers',
        })
      }
      factors.sort(
        (a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.index - b.index,
      )
      const kept = factors
        .slice(0, options.top ?? factors.length)
        .map(({ index: _, ...factor }) => factor)
      return { probability: sigmoid(logOdds), logOdds, intercept: model.intercept, factors: kept }
    },
  }
}

/** One record's probability and the factors behind it. */
export function predict(
  model: LogisticModel,
  record: RawRecord,
  options: PredictOptions = {},
): Prediction {
  return createPredictor(model).predict(record, options)
}
