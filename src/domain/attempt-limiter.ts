// Failed attempts counted per key (a login's workspace and email, or the caller's address) in a
// sliding window: after `maxFailures` within `windowMs`, further attempts are refused until the
// oldest failure leaves the window. A success clears the key. Kept in memory: one server's view.

export interface AttemptLimiterOptions {
  readonly maxFailures: number
  readonly windowMs: number
  /** Keys tracked at most; the least recently failed are forgotten first. */
  readonly maxKeys?: number
}

export interface AttemptLimiter {
  /** Milliseconds until `key` may try again, or 0 when it may now. */
  retryAfterMs(key: string, now: number): number
  recordFailure(key: string, now: number): void
  recordSuccess(key: string): void
}

export function createAttemptLimiter(options: AttemptLimiterOptions): AttemptLimiter {
  const failures = new Map<string, number[]>()
  const maxKeys = options.maxKeys ?? 100_000
  const recent = (key: string, now: number) =>
    (failures.get(key) ?? []).filter((at) => now - at < options.windowMs)
  return {
    retryAfterMs(key, now) {
      const times = recent(key, now)
      if (times.length < options.maxFailures) return 0
      const oldest = times[times.length - options.maxFailures] as number
      return oldest + options.windowMs - now
    },
    recordFailure(key, now) {
      const times = recent(key, now)
      times.push(now)
      failures.delete(key) // re-inserted last: Map order is the forgetting order
      failures.set(key, times)
      if (failures.size > maxKeys) failures.delete(failures.keys().next().value as string)
    },
    recordSuccess(key) {
      failures.delete(key)
    },
  }
}
