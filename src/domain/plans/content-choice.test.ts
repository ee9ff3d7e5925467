import { describe, expect, it } from 'vitest'
import { type ContentVariant, chooseContent } from './content-choice.ts'

const variant = (name: string, criteria: Partial<ContentVariant> = {}): ContentVariant => ({
  id: name,
  name,
  tier: null,
  accountStage: null,
  buyingStage: null,
  withPlan: null,
  content: { headline: name },
  ...criteria,
})

const variants = [
  variant('default'),
  variant('tier 1', { tier: 1 }),
  variant('tier 1 considering', { tier: 1, buyingStage: 'consideration' }),
  variant('planned', { withPlan: true }),
]

describe('chooseContent', () => {
  it('gives an unknown visitor the default', () => {
    expect(chooseContent(variants, undefined)).toEqual({
      variant: variants[0],
      reason: 'the default: the visitor is not known',
    })
  })

  it('gives a known account the most specific matching variant', () => {
    const account = { tier: 1 as const, stage: 'engaged' as const, hasActivePlan: false }
    expect(chooseContent(variants, { ...account, buyingStage: 'awareness' })?.variant.name).toBe(
      'tier 1',
    )
    expect(chooseContent(variants, { ...account, buyingStage: 'consideration' })).toEqual({
      variant: variants[2],
      reason: 'matches tier 1, buying stage consideration',
    })
    expect(
      chooseContent(variants, { ...account, tier: 2, buyingStage: null, hasActivePlan: true })
        ?.variant.name,
    ).toBe('planned')
  })

  it('keeps the first written among equally specific variants, and may find none', () => {
    const tied = [variant('a', { tier: 2 }), variant('b', { withPlan: false })]
    const account = { tier: 2 as const, stage: null, buyingStage: null, hasActivePlan: false }
    expect(chooseContent(tied, account)?.variant.name).toBe('a')
    expect(chooseContent(tied, undefined)).toBeUndefined()
  })
})
