import { describe, expect, it } from 'vitest'
import { createRandom } from '../../services/demo/random.ts'
import type { FeatureSpec, RawRecord } from './feature-encoding.ts'
import {
  createPredictor,
  fitLogisticRegression,
  type LogisticModel,
  predict,
} from './logistic-regression.ts'

const logistic = (z: number): number => 1 / (1 + Math.exp(-z))

const features: FeatureSpec[] = [
  { name: 'engagement', kind: 'numeric' },
  { name: 'days_idle', kind: 'numeric' },
  { name: 'channel', kind: 'categorical' },
]

// True log-odds: -1 + 1.5 engagement - 0.8 days_idle + (paid_search +1, event -1, email 0), with
// both numbers standard normal, so the standardised weights should come out near 1.5 and -0.8.
const CHANNEL_EFFECT: Record<string, number> = { email: 0, paid_search: 1, event: -1 }

function synthetic(n: number, seed: number): { records: RawRecord[]; outcomes: boolean[] } {
  const random = createRandom(seed)
  const channels = Object.keys(CHANNEL_EFFECT)
  const records: RawRecord[] = []
  const outcomes: boolean[] = []
  for (let i = 0; i < n; i++) {
    const engagement = random.normal()
    const daysIdle = random.normal()
    const channel = channels[Math.floor(random.next() * channels.length)] as string
    const z = -1 + 1.5 * engagement - 0.8 * daysIdle + (CHANNEL_EFFECT[channel] as number)
    records.push({ engagement, days_idle: daysIdle, channel })
    outcomes.push(random.next() < logistic(z))
  }
  return { records, outcomes }
}

const data = synthetic(20_000, 7)
const model = fitLogisticRegression(data.records, data.outcomes, { features })

const weight = (m: LogisticModel, column: string): number => {
  const w = m.weights[column]
  if (w === undefined) throw new Error(`no weight ${column}`)
  return w
}

describe('fitLogisticRegression', () => {
  it('recovers the sign and size of known coefficients', () => {
    expect(model.training.converged).toBe(true)
    // Standard errors are about 0.02 with 20,000 rows; 0.1 leaves room for the sample's sd.
    expect(weight(model, 'engagement')).toBeGreaterThan(1.4)
    expect(weight(model, 'engagement')).toBeLessThan(1.6)
    expect(weight(model, 'days_idle')).toBeGreaterThan(-0.9)
    expect(weight(model, 'days_idle')).toBeLessThan(-0.7)
    // One-hot levels are identified up to a shift the intercept absorbs: compare differences.
    const email = weight(model, 'channel=email')
    expect(Math.abs(weight(model, 'channel=paid_search') - email - 1)).toBeLessThan(0.15)
    expect(Math.abs(weight(model, 'channel=event') - email + 1)).toBeLessThan(0.15)
  })

  it('gives unused columns no weight', () => {
    expect(weight(model, 'channel=(other)')).toBe(0)
    expect(weight(model, 'channel=(missing)')).toBe(0)
  })

  it('reproduces the observed rates of a saturated model when barely penalised', () => {
    // One two-level feature: the maximum-likelihood fit predicts each level's own rate exactly,
    // here 30 won of 100 and 10 won of 100.
    const records: RawRecord[] = []
    const outcomes: boolean[] = []
    for (let i = 0; i < 100; i++) {
      records.push({ tier: 'a' }, { tier: 'b' })
      outcomes.push(i < 30, i < 10)
    }
    const fitted = fitLogisticRegression(records, outcomes, {
      features: [{ name: 'tier', kind: 'categorical' }],
      minCount: 1,
      l2: 1e-6,
    })
    expect(predict(fitted, { tier: 'a' }).probability).toBeCloseTo(0.3, 5)
    expect(predict(fitted, { tier: 'b' }).probability).toBeCloseTo(0.1, 5)
    expect(fitted.training.baseRate).toBe(0.2)
    expect(fitted.training.positives).toBe(40)
  })

  it('shrinks weights toward zero as the penalty grows', () => {
    const small = synthetic(2_000, 11)
    const loose = fitLogisticRegression(small.records, small.outcomes, { features, l2: 0.01 })
    const tight = fitLogisticRegression(small.records, small.outcomes, { features, l2: 1_000 })
    expect(Math.abs(weight(tight, 'engagement'))).toBeLessThan(
      Math.abs(weight(loose, 'engagement')) / 2,
    )
    expect(tight.training.meanLogLoss).toBeGreaterThan(loose.training.meanLogLoss)
  })

  it('is deterministic', () => {
    const again = fitLogisticRegression(data.records, data.outcomes, { features })
    expect(again).toEqual(model)
  })

  it('refuses what it cannot fit', () => {
    const records = [{ channel: 'a' }, { channel: 'b' }]
    const spec: FeatureSpec[] = [{ name: 'channel', kind: 'categorical' }]
    expect(() => fitLogisticRegression(records, [true, true], { features: spec })).toThrow(
      /both won and lost/,
    )
    expect(() => fitLogisticRegression(records, [true], { features: spec })).toThrow(RangeError)
    expect(() => fitLogisticRegression(records, [true, false], { features: spec, l2: 0 })).toThrow(
      /l2/,
    )
  })
})

describe('predict', () => {
  const record = { engagement: 2, days_idle: -0.5, channel: 'event' }

  it('explains the log-odds: intercept plus factors, and the logit of the probability', () => {
    const random = createRandom(3)
    for (let i = 0; i < 50; i++) {
      const candidate = {
        engagement: random.normal() * 2,
        days_idle: random.normal() * 2,
        channel: ['email', 'event', 'paid_search', 'new_channel', null][i % 5],
      }
      const prediction = predict(model, candidate)
      const sum = prediction.factors.reduce((total, f) => total + f.contribution, 0)
      expect(prediction.intercept + sum).toBeCloseTo(prediction.logOdds, 10)
      const p = prediction.probability
      expect(Math.log(p / (1 - p))).toBeCloseTo(prediction.logOdds, 8)
    }
  })

  it('lists factors largest first, labelled, with their direction', () => {
    const prediction = predict(model, record)
    const sizes = prediction.factors.map((f) => Math.abs(f.contribution))
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a))
    const byFeature = new Map(prediction.factors.map((f) => [f.feature, f]))
    expect(byFeature.get('channel')).toMatchObject({
      label: 'channel = event',
      column: 'channel=event',
      direction: 'lowers',
    })
    expect(byFeature.get('engagement')?.direction).toBe('raises')
    expect(byFeature.get('engagement')?.label).toMatch(/^engagement \(\+\d\.\d sd\)$/)
    // Fewer idle days than average (a negative value) with a negative weight raises the odds.
    expect(byFeature.get('days_idle')?.direction).toBe('raises')
    expect(byFeature.get('days_idle')?.label).toMatch(/^days_idle \(-\d\.\d sd\)$/)
    for (const factor of prediction.factors) {
      expect(factor.direction).toBe(factor.contribution > 0 ? 'raises' : 'lowers')
    }
  })

  it('labels a number by its distance from the training mean in sd', () => {
    const stats = model.encoder.features[0]
    if (stats?.kind !== 'numeric') throw new Error('engagement should be numeric')
    const prediction = predict(model, { ...record, engagement: stats.mean + 2 * stats.sd })
    const engagement = prediction.factors.find((f) => f.feature === 'engagement')
    expect(engagement?.label).toBe('engagement (+2.0 sd)')
    expect(engagement?.contribution).toBeCloseTo(2 * weight(model, 'engagement'), 10)
  })

  it('keeps only the top factors when asked', () => {
    const all = predict(model, record)
    const top = predict(model, record, { top: 2 })
    expect(top.factors).toEqual(all.factors.slice(0, 2))
    expect(top.probability).toBe(all.probability)
  })

  it('scores higher when the known drivers are more favourable', () => {
    const low = predict(model, { engagement: -1, days_idle: 1, channel: 'event' })
    const high = predict(model, { engagement: 1, days_idle: -1, channel: 'paid_search' })
    expect(high.probability).toBeGreaterThan(low.probability)
  })

  it('predicts the same from the model after a JSON round trip', () => {
    const stored: LogisticModel = JSON.parse(JSON.stringify(model))
    expect(stored).toEqual(model)
    const random = createRandom(5)
    for (let i = 0; i < 20; i++) {
      const candidate = {
        engagement: random.normal(),
        days_idle: random.normal(),
        channel: 'email',
      }
      expect(predict(stored, candidate)).toEqual(predict(model, candidate))
    }
  })

  it('gives the same probability through a predictor', () => {
    const predictor = createPredictor(model)
    expect(predictor.probability(record)).toBe(predict(model, record).probability)
  })

  it('refuses a model whose weights do not match its encoder', () => {
    const { 'channel=event': _, ...missing } = model.weights
    expect(() => createPredictor({ ...model, weights: missing })).toThrow(/channel=event/)
    const extra = { ...model.weights, 'channel=fax': 0.5 }
    expect(() => createPredictor({ ...model, weights: extra })).toThrow(/does not produce/)
  })
})
