import { describe, expect, it } from 'vitest'
import { SURGE_MOMENTUM, surgeChange } from './account-surge.ts'

describe('surgeChange', () => {
  it('starts a surge when momentum crosses the line, once', () => {
    expect(surgeChange(SURGE_MOMENTUM, false)).toBe('started')
    expect(surgeChange(5, true)).toBe('none')
  })

  it('ends it when momentum falls back, or is unknown', () => {
    expect(surgeChange(1.99, true)).toBe('ended')
    expect(surgeChange(null, true)).toBe('ended')
    expect(surgeChange(1.5, false)).toBe('none')
  })
})
