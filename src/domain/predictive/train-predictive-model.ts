// The training job's pure core: hold out a stable share of the won/lost history, fit on the
// rest, and report how the model does on the records it never saw. The figures are measured on
// every run, never assumed, so a model that learned nothing shows an AUC near 0.5.

import type { EncoderOptions, FeatureSpec, RawRecord } from './feature-encoding.ts'
import {
  createPredictor,
  fitLogisticRegression,
  type LogisticModel,
} from './logistic-regression.ts'
import {
  baseRate,
  type CalibrationBin,
  calibrationTable,
  expectedCalibrationError,
  type LiftGroup,
  liftTable,
  rocAuc,
  splitTrainTest,
} from './model-evaluation.ts'

export interface TrainAndEvaluateOptions<T> extends EncoderOptions {
  readonly features: readonly FeatureSpec[]
  /** True when the record was won (converted, said yes). */
  readonly outcome: (row: T) => boolean
  /** A stable id: it decides the record's side of the split. */
  readonly idOf: (row: T) => string
  readonly seed: number | string
  readonly testShare?: number
  readonly l2?: number
  readonly maxIterations?: number
  readonly tolerance?: number
}

export interface ModelEvaluation {
  /** On the held-out records, as every figure here. */
  readonly auc: number
  readonly calibration: readonly CalibrationBin[]
  readonly calibrationError: number
  /** By decile of score, highest first. */
  readonly lift: readonly LiftGroup[]
  readonly topDecileLift: number
  readonly baseRate: number
  readonly trainSize: number
  readonly testSize: number
  readonly seed: number | string
  readonly testShare: number
}

export interface TrainedModel {
  readonly model: LogisticModel
  readonly evaluation: ModelEvaluation
}

export function trainAndEvaluate<T extends RawRecord>(
  rows: readonly T[],
  options: TrainAndEvaluateOptions<T>,
): TrainedModel {
  const testShare = options.testShare ?? 0.3
  const { train, test } = splitTrainTest(rows, options.idOf, { seed: options.seed, testShare })
  const testOutcomes = test.map(options.outcome)
  const testPositives = testOutcomes.filter(Boolean).length
  if (testPositives === 0 || testPositives === test.length) {
    throw new RangeError(
      `the held-out ${test.length} records need both won and lost outcomes: too little history`,
    )
  }
  const model = fitLogisticRegression(train, train.map(options.outcome), options)
  const predictor = createPredictor(model)
  const scores = test.map((row) => predictor.probability(row))
  const calibration = calibrationTable(scores, testOutcomes)
  const lift = liftTable(scores, testOutcomes)
  return {
    model,
    evaluation: {
      auc: rocAuc(scores, testOutcomes),
      calibration,
      calibrationError: expectedCalibrationError(calibration),
      lift,
      topDecileLift: lift[0]?.lift ?? Number.NaN,
      baseRate: baseRate(testOutcomes),
      trainSize: train.length,
      testSize: test.length,
      seed: options.seed,
      testShare,
    },
  }
}
