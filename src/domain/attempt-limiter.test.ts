import { describe, expect, it } from 'vitest'
import { createAttemptLimiter } from './attempt-limiter.ts'

const MINUTE = 60_000

describe('the attempt limiter', () => {
  it('refuses after the fifth failure in the window, until the oldest leaves it', () => {
    const limiter = createAttemptLimiter({ maxFailures: 5, windowMs: 15 * MINUTE })
    for (let i = 0; i < 5; i++) {
      expect(limiter.retryAfterMs('ada', i * MINUTE)).toBe(0)
      limiter.recordFailure('ada', i * MINUTE)
    }
    // Failures at minutes 0..4: the one at 0 leaves the window at minute 15.
    expect(limiter.retryAfterMs('ada', 5 * MINUTE)).toBe(10 * MINUTE)
    expect(limiter.retryAfterMs('ada', 15 * MINUTE)).toBe(0)
    expect(limiter.retryAfterMs('bob', 5 * MINUTE)).toBe(0)
  })

  it('forgets a key that succeeds', () => {
    const limiter = createAttemptLimiter({ maxFailures: 2, windowMs: MINUTE })
    limiter.recordFailure('ada', 0)
    limiter.recordFailure('ada', 1)
    expect(limiter.retryAfterMs('ada', 2)).toBeGreaterThan(0)
    limiter.recordSuccess('ada')
    expect(limiter.retryAfterMs('ada', 2)).toBe(0)
  })

  it('keeps at most maxKeys keys, forgetting the least recently failed', () => {
    const limiter = createAttemptLimiter({ maxFailures: 1, windowMs: MINUTE, maxKeys: 2 })
    limiter.recordFailure('a', 0)
    limiter.recordFailure('b', 1)
    limiter.recordFailure('a', 2)
    limiter.recordFailure('c', 3)
    expect(limiter.retryAfterMs('b', 4)).toBe(0)
    expect(limiter.retryAfterMs('a', 4)).toBeGreaterThan(0)
    expect(limiter.retryAfterMs('c', 4)).toBeGreaterThan(0)
  })
})
