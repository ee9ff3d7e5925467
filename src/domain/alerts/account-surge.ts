// An account surges when this week's engagement is at least twice its weekly average of the
// three weeks before (the momentum ratio of its score): the moment to reach out. Its owner and
// SDR hear about it once per surge; the surge ends when momentum falls back under the line.

export const SURGE_MOMENTUM = 2

export type SurgeChange = 'started' | 'ended' | 'none'

export function surgeChange(momentum: number | null, alreadySurging: boolean): SurgeChange {
  const surging = momentum !== null && momentum >= SURGE_MOMENTUM
  if (surging && !alreadySurging) return 'started'
  if (!surging && alreadySurging) return 'ended'
  return 'none'
}
