import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ATTRIBUTION_MODELS,
  type AttributionModel,
  eligibleTouches,
  modelCredit,
  modelWeights,
} from './attribution-models.ts'
import type { AttributedOpportunity, Touch } from './touch.ts'

const DAY = 86_400_000
const CREATED = new Date('2026-04-01T00:00:00Z')
const opportunity: AttributedOpportunity = { id: 'o1', amountCents: 100_000, createdAt: CREATED }
const closed = (daysAfterCreation: number): AttributedOpportunity => ({
  ...opportunity,
  closedAt: new Date(CREATED.getTime() + daysAfterCreation * DAY),
})

/** Touches t0, t1, ... at the given days relative to creation (negative: before). */
function touchesAt(days: readonly number[], leadCreation?: number): Touch[] {
  return days.map((offset, index) => ({
    id: `t${index}`,
    at: new Date(CREATED.getTime() + offset * DAY),
    campaignId: null,
    channel: 'email',
    ...(index === leadCreation ? { leadCreation: true } : {}),
  }))
}

function weights(
  model: AttributionModel,
  touches: readonly Touch[],
  opp: AttributedOpportunity = opportunity,
  halfLifeDays?: number,
): number[] {
  const counted = eligibleTouches(model, opp, touches)
  return modelWeights(model, counted, { opportunity: opp, halfLifeDays })
}

function expectWeights(actual: readonly number[], expected: readonly number[]) {
  expect(actual).toHaveLength(expected.length)
  for (const [index, value] of expected.entries()) expect(actual[index]).toBeCloseTo(value, 12)
}

describe('single-touch models', () => {
  const four = touchesAt([-30, -20, -10, -5], 1)

  it('first touch gives everything to the first touch', () => {
    expectWeights(weights('first_touch', four), [1, 0, 0, 0])
  })

  it('last touch gives everything to the last touch before creation', () => {
    expectWeights(
      weights('last_touch', [...four, ...touchesAt([3]).map(afterCreation)]),
      [0, 0, 0, 1],
    )
  })

  it('lead creation gives everything to the marked touch, else to the first', () => {
    expectWeights(weights('lead_creation', four), [0, 1, 0, 0])
    const unmarked = touchesAt([-30, -20, -10])
    expectWeights(weights('lead_creation', unmarked), [1, 0, 0])
    expect(modelCredit('lead_creation', unmarked, { opportunity }).leadCreationAssumed).toBe(true)
  })

  it('lead creation takes the earliest marked touch', () => {
    const twice = touchesAt([-30, -20, -10], 1).map((touch, index) =>
      index === 2 ? { ...touch, leadCreation: true } : touch,
    )
    expectWeights(weights('lead_creation', twice), [0, 1, 0])
  })
})

const afterCreation = (touch: Touch): Touch => ({ ...touch, id: `after-${touch.id}` })

describe('linear', () => {
  it('gives every touch the same share', () => {
    expectWeights(weights('linear', touchesAt([-9, -6, -3, 0])), [0.25, 0.25, 0.25, 0.25])
  })
})

describe('u-shaped', () => {
  it('gives 40/10/10/40 over 4 touches with lead creation last', () => {
    expectWeights(weights('u_shaped', touchesAt([-30, -20, -10, -5], 3)), [0.4, 0.1, 0.1, 0.4])
  })

  it('gives nothing to touches after lead creation', () => {
    const touches = touchesAt([-30, -20, -10, -5, -1], 3)
    expectWeights(weights('u_shaped', touches), [0.4, 0.2 / 2, 0.2 / 2, 0.4, 0])
    expect(modelCredit('u_shaped', touches, { opportunity }).uncredited).toEqual([4])
  })

  it('gives one touch 100% and two touches 50/50', () => {
    expectWeights(weights('u_shaped', touchesAt([-3], 0)), [1])
    expectWeights(weights('u_shaped', touchesAt([-3])), [1])
    expectWeights(weights('u_shaped', touchesAt([-5, -3], 1)), [0.5, 0.5])
  })

  it('puts both 40% on the first touch when it created the lead, with nothing between', () => {
    expectWeights(weights('u_shaped', touchesAt([-5, -3, -1], 0)), [1, 0, 0])
    expectWeights(weights('u_shaped', touchesAt([-5, -3, -1])), [1, 0, 0])
  })
})

describe('w-shaped', () => {
  it('gives 30/5/30/5/30 over 5 touches with lead creation in the middle', () => {
    expectWeights(
      weights('w_shaped', touchesAt([-40, -30, -20, -10, 0], 2)),
      [0.3, 0.05, 0.3, 0.05, 0.3],
    )
  })

  it('adds up positions on the same touch', () => {
    // Lead creation on the first touch: 60% there, 30% to opportunity creation, 10% between.
    expectWeights(weights('w_shaped', touchesAt([-40, -30, -20, -10], 0)), [0.6, 0.05, 0.05, 0.3])
    // Lead creation on the last touch before creation: 30% first, 60% last.
    expectWeights(weights('w_shaped', touchesAt([-40, -30, -20], 2)), [0.3, 0.1, 0.6])
  })

  it('scales the positions up to 100% when there are no other touches', () => {
    expectWeights(weights('w_shaped', touchesAt([-3])), [1])
    // Of two touches, one holds two milestones: 60 against 30.
    expectWeights(weights('w_shaped', touchesAt([-5, -3], 1)), [1 / 3, 2 / 3])
    expectWeights(weights('w_shaped', touchesAt([-5, -3], 0)), [2 / 3, 1 / 3])
    expectWeights(weights('w_shaped', touchesAt([-5, -4, -3], 1)), [1 / 3, 1 / 3, 1 / 3])
  })
})

describe('full path', () => {
  it('gives 22.5/5/22.5/22.5/5/22.5 over 6 touches running to the close', () => {
    const touches = touchesAt([-40, -30, -20, -10, 5, 10, 30], 2)
    expectWeights(
      weights('full_path', touches, closed(20)),
      [0.225, 0.05, 0.225, 0.225, 0.05, 0.225],
    )
  })

  it('merges opportunity creation and deal close when nothing came after creation', () => {
    expectWeights(
      weights('full_path', touchesAt([-40, -30, -20, -10], 1), closed(20)),
      [0.225, 0.225, 0.1, 0.45],
    )
  })

  it('scales up the other positions when no touch came before creation', () => {
    expectWeights(weights('full_path', touchesAt([5, 10, 15]), closed(20)), [
      0.45 / 0.775,
      0.1 / 0.775,
      0.225 / 0.775,
    ])
  })

  it('splits an open opportunity as w-shaped, over touches up to creation', () => {
    const touches = touchesAt([-40, -30, -20, -10, 0, 5], 2)
    expectWeights(weights('full_path', touches), weights('w_shaped', touches))
    expect(modelCredit('full_path', touches.slice(0, 5), { opportunity }).openFullPath).toBe(true)
  })

  it('counts touches up to the creation when the close is dated before it', () => {
    const touches = touchesAt([-10, -5, -1])
    expect(eligibleTouches('full_path', closed(-7), touches).map((t) => t.id)).toEqual([
      't0',
      't1',
      't2',
    ])
  })
})

describe('time decay', () => {
  it('halves every half-life: 0, 7 and 14 days before creation weigh 4/7, 2/7, 1/7', () => {
    expectWeights(weights('time_decay', touchesAt([-14, -7, 0])), [1 / 7, 2 / 7, 4 / 7])
    expectWeights(weights('time_decay', touchesAt([-14, -7, 0]), opportunity, 14), [
      1 / (1 + Math.SQRT2 + 2),
      Math.SQRT2 / (1 + Math.SQRT2 + 2),
      2 / (1 + Math.SQRT2 + 2),
    ])
  })

  it('does not depend on how long before creation the latest touch was', () => {
    expectWeights(weights('time_decay', touchesAt([-24, -17, -10])), [1 / 7, 2 / 7, 4 / 7])
  })

  it('still sums to 1 for touches decades old', () => {
    const result = weights('time_decay', touchesAt([-20_000, -19_993]))
    expectWeights(result, [1 / 3, 2 / 3])
  })

  it('refuses a half-life that is not a positive number of days', () => {
    expect(() => weights('time_decay', touchesAt([-1]), opportunity, 0)).toThrow(RangeError)
    expect(() => weights('time_decay', touchesAt([-1]), opportunity, Number.NaN)).toThrow(
      RangeError,
    )
  })
})

describe('eligibleTouches', () => {
  it('keeps touches at or before creation, in time order, ids breaking ties', () => {
    const [a, b, c, d] = touchesAt([0, -5, 1, -5])
    const counted = eligibleTouches('linear', opportunity, [a, b, c, d] as Touch[])
    expect(counted.map((touch) => touch.id)).toEqual(['t1', 't3', 't0'])
  })

  it('runs to the close for full path only', () => {
    const touches = touchesAt([-5, 3, 9])
    expect(eligibleTouches('full_path', closed(5), touches)).toHaveLength(2)
    expect(eligibleTouches('w_shaped', closed(5), touches)).toHaveLength(1)
    expect(eligibleTouches('full_path', opportunity, touches)).toHaveLength(1)
  })

  it('refuses a touch with an invalid time', () => {
    const bad = { ...touchesAt([-1])[0], at: new Date('nope') } as Touch
    expect(() => eligibleTouches('linear', opportunity, [bad])).toThrow(RangeError)
  })
})

describe('every model', () => {
  const touchesArb = fc
    .array(fc.record({ day: fc.integer({ min: -60, max: 0 }), lead: fc.boolean() }), {
      maxLength: 30,
    })
    .map((specs) =>
      specs.map(({ day, lead }, index) => ({
        id: `t${index}`,
        at: new Date(CREATED.getTime() + day * DAY),
        campaignId: null,
        channel: 'email',
        leadCreation: lead && index % 3 === 0,
      })),
    )

  it('gives non-negative weights summing to 1, or none for no touches', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ATTRIBUTION_MODELS),
        touchesArb,
        fc.boolean(),
        (model, touches, isClosed) => {
          const opp = isClosed ? closed(1) : opportunity
          const result = weights(model, touches, opp)
          expect(result).toHaveLength(touches.length)
          for (const weight of result) expect(weight).toBeGreaterThanOrEqual(0)
          if (touches.length > 0) {
            expect(Math.abs(result.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
