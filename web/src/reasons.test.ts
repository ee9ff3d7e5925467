import { describe, expect, it } from 'vitest'
import { REASON_CODES as API_REASON_CODES } from '../../src/services/handoff/answer-assignment.ts'
import { REASON_CODES } from './reasons.ts'

describe('the reasons the queue offers', () => {
  it('are exactly the reason codes the API takes', () => {
    expect([...REASON_CODES].sort()).toEqual([...API_REASON_CODES].sort())
  })
})
