import { describe, expect, it } from 'vitest'
import { nextStatisticsRefresh } from './statistics-schedule.ts'

describe('statistics refresh schedule', () => {
  it('refreshes after 2,000 events, at each doubling, then every million', () => {
    const at: number[] = []
    let next = nextStatisticsRefresh(0)
    for (let processed = 0; processed <= 3_500_000; processed += 1_000)
      if (processed >= next) {
        at.push(processed)
        next = nextStatisticsRefresh(processed)
      }
    expect(at).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000, 1_000_000, 2_000_000,
      3_000_000,
    ])
  })
})
