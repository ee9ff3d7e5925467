import { describe, expect, it } from 'vitest'
import type { BuyingRole } from './buying-roles.ts'
import { type AccountSituation, recommendPlays } from './play-recommendations.ts'

const account = (changes: Partial<AccountSituation> = {}): AccountSituation => ({
  tier: 1,
  stage: 'engaged',
  buyingStage: 'awareness',
  engagementByFunction: { marketing: 30, sdr: 0, sales: 0, cs: 0 },
  engagedThreshold: 40,
  momentumRatio: 1,
  rolesKnown: new Set<BuyingRole>(['economic_buyer', 'decision_maker', 'champion']),
  knownContacts: 4,
  openPipeline: 0,
  activePlays: new Set(),
  ...changes,
})

describe('recommendPlays', () => {
  it('recommends nothing for a warm, fully mapped account in awareness', () => {
    expect(recommendPlays(account())).toEqual([])
  })

  it('profiles an account missing key buying roles, first for tier 1', () => {
    const [profiling] = recommendPlays(account({ rolesKnown: new Set(['user']) }))
    expect(profiling).toEqual({
      kind: 'account_profiling',
      priority: 1,
      rule: 'missing_roles',
      reason:
        'No economic buyer, decision maker or champion known among the 4 people at the account: profile it to find them.',
    })
    expect(recommendPlays(account({ tier: 3, rolesKnown: new Set() }))[0]?.priority).toBe(2)
  })

  it('nurtures cold contacts and quiet customers', () => {
    const cold = recommendPlays(
      account({ engagementByFunction: { marketing: 4, sdr: 0, sales: 0, cs: 0 } }),
    )
    expect(cold).toMatchObject([{ kind: 'lifecycle_nurturing', rule: 'cold_contacts' }])
    expect(cold[0]?.reason).toBe(
      'Marketing engagement is 4 points (engaged from 40 points): nurture the 4 people known there.',
    )
    const customer = recommendPlays(
      account({
        stage: 'customer',
        engagementByFunction: { marketing: 0, sdr: 0, sales: 0, cs: 2 },
      }),
    )
    expect(customer).toMatchObject([{ kind: 'lifecycle_nurturing', rule: 'quiet_customer' }])
  })

  it('meets a surging or considering account with dynamic content, once', () => {
    const plays = recommendPlays(account({ momentumRatio: 3.2, buyingStage: 'consideration' }))
    expect(plays).toEqual([
      {
        kind: 'dynamic_content',
        priority: 1,
        rule: 'surging+considering',
        reason:
          'Engagement this week is 3.2× their weekly average: meet their research with content for their tier and stage. A tier 1 account in consideration without an opportunity: show them what fits their stage.',
      },
    ])
  })

  it('accelerates open pipeline whose engagement stalls, before anything else', () => {
    const plays = recommendPlays(
      account({ openPipeline: 48_000, momentumRatio: 0.4, rolesKnown: new Set(['champion']) }),
    )
    expect(plays.map((p) => [p.kind, p.priority])).toEqual([
      ['pipeline_acceleration', 1],
      ['account_profiling', 1],
    ])
    expect(plays[0]?.reason).toBe(
      '48,000 of open pipeline while engagement fell to 0.4× its weekly average: accelerate the deal.',
    )
  })

  it('leaves out kinds of play already running', () => {
    const plays = recommendPlays(
      account({
        openPipeline: 10_000,
        momentumRatio: null,
        activePlays: new Set(['pipeline_acceleration']),
      }),
    )
    expect(plays).toEqual([])
  })
})
