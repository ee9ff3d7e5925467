import { describe, expect, it } from 'vitest'
import { createRandom } from '../../services/demo/random.ts'
import {
  baseRate,
  calibrationTable,
  expectedCalibrationError,
  hashUnit,
  liftTable,
  rocAuc,
  splitTrainTest,
} from './model-evaluation.ts'

/** Every positive/negative pair compared directly: the definition the rank formula must match. */
function pairwiseAuc(scores: readonly number[], outcomes: readonly boolean[]): number {
  let wins = 0
  let pairs = 0
  scores.forEach((p, i) => {
    if (!outcomes[i]) return
    scores.forEach((q, j) => {
      if (outcomes[j]) return
      pairs++
      wins += p > q ? 1 : p === q ? 0.5 : 0
    })
  })
  return wins / pairs
}

describe('rocAuc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    const outcomes = [false, false, false, true, true]
    expect(rocAuc([0.1, 0.2, 0.3, 0.8, 0.9], outcomes)).toBe(1)
    expect(rocAuc([0.9, 0.8, 0.7, 0.2, 0.1], outcomes)).toBe(0)
  })

  it('counts ties as half: all scores equal give 0.5', () => {
    expect(rocAuc([0.4, 0.4, 0.4, 0.4], [true, false, true, false])).toBe(0.5)
  })

  it('matches the textbook example worked by hand', () => {
    // Negatives 0.1 and 0.4, positives 0.35 and 0.8. Of the 4 positive/negative pairs the
    // positive wins 0.35>0.1, 0.8>0.1, 0.8>0.4 and loses 0.35<0.4: AUC = 3/4.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75)
    // Positives 0.5 and 0.7, negatives 0.5 and 0.2: pairs (0.5,0.5) tie = 0.5, (0.5,0.2) = 1,
    // (0.7,0.5) = 1, (0.7,0.2) = 1, so 3.5 / 4.
    expect(rocAuc([0.5, 0.7, 0.5, 0.2], [true, true, false, false])).toBe(0.875)
  })

  it('equals the pairwise definition on random scores with many ties', () => {
    const random = createRandom(1)
    for (let trial = 0; trial < 20; trial++) {
      const scores = Array.from({ length: 60 }, () => Math.floor(random.next() * 8) / 8)
      const outcomes = scores.map((s) => random.next() < 0.2 + 0.5 * s)
      outcomes[0] = true
      outcomes[1] = false
      expect(rocAuc(scores, outcomes)).toBeCloseTo(pairwiseAuc(scores, outcomes), 12)
    }
  })

  it('depends only on the ranking, not on the order or the scale of the scores', () => {
    const random = createRandom(2)
    const scores = Array.from({ length: 200 }, () => random.next())
    const outcomes = scores.map((s) => random.next() < s)
    const auc = rocAuc(scores, outcomes)
    expect(
      rocAuc(
        scores.map((s) => Math.log(s) * 3 - 7),
        outcomes,
      ),
    ).toBe(auc)
    const order = random.shuffle(scores.map((_, i) => i))
    expect(
      rocAuc(
        order.map((i) => scores[i] as number),
        order.map((i) => outcomes[i] as boolean),
      ),
    ).toBe(auc)
  })

  it('is about 0.5 for scores unrelated to the outcomes', () => {
    const random = createRandom(3)
    const outcomes = Array.from({ length: 20_000 }, () => random.next() < 0.1)
    const scores = outcomes.map(() => random.next())
    // The sd of AUC under no signal is sqrt((n + 1) / (12 n1 n0)), about 0.007 here.
    expect(Math.abs(rocAuc(scores, outcomes) - 0.5)).toBeLessThan(0.03)
  })

  it('refuses input with one class only, mismatched lengths or NaN', () => {
    expect(() => rocAuc([0.1, 0.2], [true, true])).toThrow(/both/)
    expect(() => rocAuc([0.1], [true, false])).toThrow(RangeError)
    expect(() => rocAuc([Number.NaN, 0.2], [true, false])).toThrow(/NaN/)
  })
})

describe('baseRate', () => {
  it('is the share of positives', () => {
    expect(baseRate([true, false, false, false])).toBe(0.25)
    expect(() => baseRate([])).toThrow(RangeError)
  })
})

describe('calibrationTable', () => {
  const random = createRandom(4)
  const probabilities = Array.from({ length: 1_000 }, () => random.next() ** 2)
  const outcomes = probabilities.map((p) => random.next() < p)

  it('puts every record in exactly one bin, in both strategies', () => {
    for (const strategy of ['uniform', 'quantile'] as const) {
      const table = calibrationTable(probabilities, outcomes, { strategy })
      expect(table.reduce((n, bin) => n + bin.count, 0)).toBe(1_000)
      expect(table.reduce((n, bin) => n + bin.positives, 0)).toBe(outcomes.filter(Boolean).length)
    }
  })

  it('bands probabilities by tenths in the uniform strategy, 1 in the top band', () => {
    const table = calibrationTable(
      [0, 0.05, 0.1, 0.15, 0.95, 1],
      [false, true, false, true, true, true],
      {
        strategy: 'uniform',
      },
    )
    expect(table).toHaveLength(10)
    expect(table[0]).toMatchObject({ lower: 0, upper: 0.1, count: 2, positives: 1 })
    expect(table[0]?.meanPredicted).toBeCloseTo(0.025, 12)
    expect(table[0]?.observedRate).toBe(0.5)
    expect(table[1]).toMatchObject({ count: 2, positives: 1 })
    expect(table[1]?.meanPredicted).toBeCloseTo(0.125, 12)
    expect(table[5]).toMatchObject({ count: 0, meanPredicted: null, observedRate: null })
    expect(table[9]).toMatchObject({ count: 2, positives: 2, observedRate: 1 })
  })

  it('makes bins of equal size from distinct scores in the quantile strategy', () => {
    const table = calibrationTable(probabilities, outcomes)
    expect(table.map((bin) => bin.count)).toEqual(new Array(10).fill(100))
    for (const bin of table) {
      expect(bin.meanPredicted).toBeGreaterThanOrEqual(bin.lower)
      expect(bin.meanPredicted).toBeLessThanOrEqual(bin.upper)
    }
    const means = table.map((bin) => bin.meanPredicted as number)
    expect(means).toEqual([...means].sort((a, b) => a - b))
  })

  it('keeps tied scores in one quantile bin', () => {
    const tied = [...new Array(50).fill(0.2), ...new Array(50).fill(0.6)]
    const table = calibrationTable(
      tied,
      tied.map((_, i) => i % 4 === 0),
    )
    expect(table.map((bin) => [bin.lower, bin.count])).toEqual([
      [0.2, 50],
      [0.6, 50],
    ])
  })

  it('shows a well-calibrated score close to the diagonal, and a biased one far from it', () => {
    const honest = expectedCalibrationError(calibrationTable(probabilities, outcomes))
    const doubled = expectedCalibrationError(
      calibrationTable(
        probabilities.map((p) => Math.min(1, 2 * p)),
        outcomes,
      ),
    )
    expect(honest).toBeLessThan(0.05)
    expect(doubled).toBeGreaterThan(honest + 0.1)
  })

  it('refuses probabilities outside [0, 1]', () => {
    expect(() => calibrationTable([1.2], [true])).toThrow(RangeError)
  })
})

describe('liftTable', () => {
  const perfect = (n: number, positives: number) => {
    const outcomes = Array.from({ length: n }, (_, i) => i < positives)
    return { scores: outcomes.map((won, i) => (won ? 2 : 1) + i / n), outcomes }
  }

  it("gives a perfect model's top decile 10x when positives are at most a tenth", () => {
    // All 50 positives of 1,000 fit in the top 100: rate 0.5 over a base rate of 0.05. The lift
    // is capped by the group's size (10 = 1 / 0.1), not 1 / base rate (20).
    const { scores, outcomes } = perfect(1_000, 50)
    const lift = liftTable(scores, outcomes)
    expect(lift[0]?.lift).toBeCloseTo(10, 12)
    expect(lift[0]?.cumulativeCapture).toBe(1)
    expect(lift[1]?.lift).toBe(0)
    // At exactly a tenth positive both bounds agree.
    const tenth = perfect(1_000, 100)
    expect(liftTable(tenth.scores, tenth.outcomes)[0]?.lift).toBeCloseTo(1 / 0.1, 12)
  })

  it("gives a perfect model's top decile 1 / base rate when positives are more than a tenth", () => {
    // The top 100 are all positive: rate 1 over a base rate of 0.25.
    const { scores, outcomes } = perfect(1_000, 250)
    const lift = liftTable(scores, outcomes)
    expect(lift[0]?.rate).toBe(1)
    expect(lift[0]?.lift).toBeCloseTo(4, 12)
  })

  it('gives every decile a lift of 1 when all scores tie', () => {
    const outcomes = Array.from({ length: 1_003 }, (_, i) => i % 7 === 0)
    const lift = liftTable(new Array(1_003).fill(0.3), outcomes)
    for (const group of lift) expect(group.lift).toBeCloseTo(1, 12)
    expect(lift.reduce((n, g) => n + g.count, 0)).toBe(1_003)
  })

  it('does not depend on the order of records, even with ties across a cut', () => {
    const random = createRandom(5)
    const scores = Array.from({ length: 537 }, () => Math.floor(random.next() * 6))
    const outcomes = scores.map((s) => random.next() < s / 8)
    const lift = liftTable(scores, outcomes)
    const order = random.shuffle(scores.map((_, i) => i))
    const again = liftTable(
      order.map((i) => scores[i] as number),
      order.map((i) => outcomes[i] as boolean),
    )
    lift.forEach((group, g) => {
      expect(again[g]?.positives).toBeCloseTo(group.positives, 9)
    })
    expect(lift.reduce((n, g) => n + g.positives, 0)).toBeCloseTo(
      outcomes.filter(Boolean).length,
      9,
    )
    expect(lift.at(-1)?.cumulativeCapture).toBeCloseTo(1, 12)
    expect(lift.at(-1)?.cumulativeLift).toBeCloseTo(1, 12)
  })

  it('ranks highest scores first', () => {
    const random = createRandom(6)
    const scores = Array.from({ length: 5_000 }, () => random.next())
    const outcomes = scores.map((s) => random.next() < s)
    const rates = liftTable(scores, outcomes).map((g) => g.rate)
    expect(rates[0]).toBeGreaterThan(rates[9] as number)
    expect(rates[0]).toBeGreaterThan(0.85)
    expect(rates[9]).toBeLessThan(0.15)
  })

  it('needs a positive and at least one record per group', () => {
    expect(() => liftTable([1, 2, 3], [true, false, false])).toThrow(RangeError)
    expect(() => liftTable(new Array(20).fill(1), new Array(20).fill(false))).toThrow(/positive/)
  })
})

describe('splitTrainTest', () => {
  const ids = Array.from({ length: 10_000 }, (_, i) => `lead-${i}`)
  const idOf = (id: string) => id

  it('holds out about 30% by default', () => {
    const { train, test } = splitTrainTest(ids, idOf, { seed: 1 })
    expect(train.length + test.length).toBe(10_000)
    // Binomial sd is about 46 records; 150 is more than three of them.
    expect(Math.abs(test.length - 3_000)).toBeLessThan(150)
  })

  it('honours another share', () => {
    const { test } = splitTrainTest(ids, idOf, { seed: 1, testShare: 0.2 })
    expect(Math.abs(test.length - 2_000)).toBeLessThan(150)
    expect(() => splitTrainTest(ids, idOf, { seed: 1, testShare: 1 })).toThrow(RangeError)
  })

  it('puts a record on the same side whatever the order and the other records', () => {
    const { test } = splitTrainTest(ids, idOf, { seed: 'x' })
    const held = new Set(test)
    const reversed = splitTrainTest([...ids].reverse(), idOf, { seed: 'x' })
    expect(new Set(reversed.test)).toEqual(held)
    const half = ids.filter((_, i) => i % 2 === 0)
    const partial = splitTrainTest(half, idOf, { seed: 'x' })
    expect(partial.test).toEqual(half.filter((id) => held.has(id)))
  })

  it('splits differently under another seed', () => {
    const a = new Set(splitTrainTest(ids, idOf, { seed: 1 }).test)
    const b = splitTrainTest(ids, idOf, { seed: 2 }).test
    const shared = b.filter((id) => a.has(id)).length
    // Independent 30% samples overlap on about 9% of the ids, not 30%.
    expect(shared / ids.length).toBeGreaterThan(0.07)
    expect(shared / ids.length).toBeLessThan(0.11)
  })

  it('spreads hashes of near-identical ids evenly over [0, 1)', () => {
    const counts = new Array(10).fill(0)
    for (const id of ids) {
      const u = hashUnit(id, 0)
      expect(u).toBeGreaterThanOrEqual(0)
      expect(u).toBeLessThan(1)
      counts[Math.floor(u * 10)]++
    }
    for (const count of counts) expect(Math.abs(count - 1_000)).toBeLessThan(130)
  })
})
