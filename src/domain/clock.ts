/** The source of "now" for services and jobs; tests pass a fixed or steppable clock. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export function fixedClock(at: Date): Clock & { set(next: Date): void } {
  let current = at
  return {
    now: () => new Date(current.getTime()),
    set(next) {
      current = next
    },
  }
}
