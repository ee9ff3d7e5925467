import { describe, expect, it } from 'vitest'
import { twoProportionTest } from './two-proportion-test.ts'

describe('twoProportionTest', () => {
  it('reproduces the Physicians’ Health Study aspirin example (Agresti & Franklin: z = 5.0)', () => {
    // Heart attacks: 189 of 11,034 on placebo, 104 of 11,037 on aspirin.
    const test = twoProportionTest(
      { successes: 189, trials: 11_034 },
      { successes: 104, trials: 11_037 },
    )
    expect(test?.pooled).toBeCloseTo(293 / 22_071, 12)
    expect(test?.standardError).toBeCloseTo(0.0015408, 7)
    expect(test?.z).toBeCloseTo(5.0, 2)
    expect(test?.z).toBeCloseTo(5.001388204, 8)
    expect((test?.p ?? 0) / 5.691896973740857e-7).toBeCloseTo(1, 10)
  })

  it('reproduces a textbook poll: 56% of 300 vs 48% of 200 gives z = 1.755, p = 0.0792', () => {
    const test = twoProportionTest({ successes: 168, trials: 300 }, { successes: 96, trials: 200 })
    expect(test?.z).toBeCloseTo(1.755, 3)
    expect(test?.p).toBeCloseTo(0.0792, 4)
    expect(test?.difference).toBeCloseTo(0.08, 12)
  })

  it('reproduces the 38% of 100 vs 51% of 200 example: z = -2.13, two-sided p = 0.033', () => {
    const test = twoProportionTest({ successes: 38, trials: 100 }, { successes: 102, trials: 200 })
    expect(test?.pooled).toBeCloseTo(0.4667, 4)
    expect(test?.z).toBeCloseTo(-2.13, 2)
    expect(test?.p).toBeCloseTo(0.0334, 4)
  })

  it('is symmetric: swapping the sides flips z and keeps p', () => {
    const a = { successes: 30, trials: 131 }
    const b = { successes: 83, trials: 236 }
    const ab = twoProportionTest(a, b)
    const ba = twoProportionTest(b, a)
    expect(ab?.z).toBeCloseTo(-(ba?.z ?? 0), 12)
    expect(ab?.p).toBeCloseTo(ba?.p ?? 0, 12)
  })

  it('cannot test without trials or without variance', () => {
    expect(twoProportionTest({ successes: 0, trials: 0 }, { successes: 1, trials: 2 })).toBeNull()
    expect(twoProportionTest({ successes: 0, trials: 5 }, { successes: 0, trials: 9 })).toBeNull()
    expect(twoProportionTest({ successes: 5, trials: 5 }, { successes: 9, trials: 9 })).toBeNull()
  })
})
