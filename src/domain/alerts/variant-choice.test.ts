import { describe, expect, it } from 'vitest'
import { chooseVariant } from './variant-choice.ts'

const variants = [
  { name: 'wiifm', weight: 3 },
  { name: 'brief', weight: 1 },
  { name: 'paused', weight: 0 },
]

describe('chooseVariant', () => {
  it('splits the unit interval in proportion to the weights', () => {
    expect(chooseVariant(variants, null, () => 0)?.name).toBe('wiifm')
    expect(chooseVariant(variants, null, () => 0.749)?.name).toBe('wiifm')
    expect(chooseVariant(variants, null, () => 0.75)?.name).toBe('brief')
    expect(chooseVariant(variants, null, () => 0.999999999)?.name).toBe('brief')
  })

  it('sends all traffic to a promoted variant, even one weighted 0', () => {
    for (const r of [0, 0.5, 0.99])
      expect(chooseVariant(variants, 'paused', () => r)?.name).toBe('paused')
  })

  it('ignores a promoted name that is no longer a variant', () => {
    expect(chooseVariant(variants, 'gone', () => 0.9)?.name).toBe('brief')
  })

  it('draws close to the weights over many messages', () => {
    // A fixed linear congruential sequence: the test is deterministic.
    let seed = 12345
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const counts = new Map<string, number>()
    for (let i = 0; i < 10_000; i += 1) {
      const name = chooseVariant(variants, null, random)?.name ?? 'none'
      counts.set(name, (counts.get(name) ?? 0) + 1)
    }
    expect((counts.get('wiifm') ?? 0) / 10_000).toBeCloseTo(0.75, 1)
    expect(counts.get('paused')).toBeUndefined()
  })

  it('has nothing to choose from without positive weights', () => {
    expect(chooseVariant([{ name: 'a', weight: 0 }], null, () => 0.3)).toBeUndefined()
  })
})
