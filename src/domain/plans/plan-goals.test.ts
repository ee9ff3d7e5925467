import { describe, expect, it } from 'vitest'
import { goalProgress } from './plan-goals.ts'

describe('goalProgress', () => {
  const actuals = {
    pipelineCreated: 60_000,
    pipelineInfluenced: 40_000,
    revenueWon: 0,
    rolesEngaged: { champion: 2 },
  }

  it('sets each goal against its actual, with the share reached', () => {
    const progress = goalProgress(
      [
        { kind: 'pipeline', amount: 80_000 },
        { kind: 'growth', amount: 25_000 },
        { kind: 'relationships', role: 'champion', count: 1 },
        { kind: 'relationships', role: 'economic_buyer', count: 1 },
      ],
      actuals,
    )
    expect(progress.map((p) => [p.label, p.target, p.actual, p.share, p.met])).toEqual([
      ['pipeline created', 80_000, 60_000, 0.75, false],
      ['revenue won', 25_000, 0, 0, false],
      ['champions engaged', 1, 2, 2, true],
      ['economic buyers engaged', 1, 0, 0, false],
    ])
  })

  it('counts a zero target as reached', () => {
    expect(goalProgress([{ kind: 'growth', amount: 0 }], actuals)[0]).toMatchObject({
      share: 1,
      met: true,
    })
  })
})
