import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exampleIdealCustomerProfile } from '../../services/scoring/example-contracts.ts'
import type { FunctionName } from '../../store/database.ts'
import {
  type AccountActivity,
  foldAccountActivities,
  readAccountScore,
  scoreAccount,
} from './account-score.ts'

const icp = exampleIdealCustomerProfile()
const DAY = 86_400_000
const now = new Date('2026-06-30T12:00:00Z')
const act = (type: string, fn: FunctionName, days: number): AccountActivity => ({
  type,
  function: fn,
  occurredAt: new Date(now.getTime() - days * DAY),
})
const none = { open: 0, won: 0 }

describe('scoreAccount and readAccountScore', () => {
  it('gives every account a tier with reasons, never none', () => {
    const fit = scoreAccount(
      icp,
      2,
      {
        'account.industry': 'Software',
        'account.employees': 900,
        'account.technologies': ['HubSpot'],
        'account.country': 'Canada',
      },
      [],
      none,
      now,
    )
    expect(fit.icp).toEqual({
      points: 80,
      tier: 1,
      reasons: [
        { rule: 'core-industry', points: 30 },
        { rule: 'mid-market', description: '200 to 10,000 employees', points: 25 },
        { rule: 'crm-stack', description: 'Runs a CRM we integrate with', points: 15 },
        { rule: 'served-market', points: 10 },
      ],
    })
    const unknown = scoreAccount(icp, 2, {}, [], none, now)
    expect(unknown.icp).toEqual({ points: 0, tier: 3, reasons: [] })
  })

  it('rolls engagement up by function, decayed by the half-life', () => {
    const state = scoreAccount(
      icp,
      1,
      {},
      [
        act('meeting', 'sales', 0),
        act('call', 'sdr', 30),
        act('qbr', 'cs', 0),
        act('pricing_page_visit', 'marketing', 30),
      ],
      none,
      now,
    )
    const read = readAccountScore(state, now)
    expect(read.engagement.byFunction).toEqual({ marketing: 2.5, sdr: 0.5, sales: 10, cs: 8 })
    expect(read.engagement.points).toBe(21)
    expect(read.engagement.engaged).toBe(true)
    const later = readAccountScore(state, new Date(now.getTime() + 30 * DAY))
    expect(later.engagement.points).toBe(10.5)
    expect(later.engagement.engaged).toBe(false)
  })

  it('measures momentum as this week against the weekly average of the three before', () => {
    const activities = [
      ...Array.from({ length: 6 }, () => act('meeting', 'sales', 2)),
      act('meeting', 'sales', 10),
      act('meeting', 'sales', 20),
      act('meeting', 'sales', 27),
      act('meeting', 'sales', 40),
    ]
    const read = readAccountScore(scoreAccount(icp, 1, {}, activities, none, now), now)
    expect(read.momentum).toEqual({ thisWeek: 60, priorWeeklyAverage: 10, ratio: 6 })
    const quiet = readAccountScore(scoreAccount(icp, 1, {}, [], none, now), now)
    expect(quiet.momentum).toEqual({ thisWeek: 0, priorWeeklyAverage: 0, ratio: null })
  })

  it('finds the buying stage by the first rule that holds, from purchase down', () => {
    const stage = (activities: AccountActivity[], opportunities = none, at = now) =>
      readAccountScore(scoreAccount(icp, 1, {}, activities, opportunities, now), at)
    expect(stage([], { open: 1, won: 1 }).buyingStage).toBe('purchase')
    expect(stage([], { open: 1, won: 0 }).buyingStage).toBe('decision')
    expect(stage([act('demo_request', 'marketing', 5)]).buyingStageReason).toBe(
      'demo-or-trial: demo_request or trial_start or meeting in the last 30 days',
    )
    const researching = [
      act('pricing_page_visit', 'marketing', 5),
      act('content_download', 'marketing', 50),
    ]
    expect(stage(researching).buyingStage).toBe('consideration')
    expect(stage(researching.slice(0, 1)).buyingStage).toBe('awareness')
    expect(stage([act('email_open', 'marketing', 100)]).buyingStage).toBe(null)
    // Windows are counted when the score is read.
    expect(stage(researching, none, new Date(now.getTime() + 20 * DAY)).buyingStage).toBe(
      'awareness',
    )
  })

  it('gives the same score when new activities are folded in as when everything is scored', () => {
    const activity = fc.record({
      type: fc.constantFrom('meeting', 'demo_request', 'pricing_page_visit', 'email_open', 'call'),
      fn: fc.constantFrom<FunctionName>('marketing', 'sdr', 'sales', 'cs'),
      days: fc.double({ min: 0, max: 120, noNaN: true }),
    })
    fc.assert(
      fc.property(
        fc.array(activity, { maxLength: 30 }),
        fc.array(activity, { maxLength: 30 }),
        fc.double({ min: 0, max: 40, noNaN: true }),
        (before, after, gap) => {
          const later = new Date(now.getTime() + gap * DAY)
          const old = before.map((a) => act(a.type, a.fn, a.days))
          const fresh = after.map((a) => ({
            type: a.type,
            function: a.fn,
            occurredAt: new Date(later.getTime() - a.days * DAY),
          }))
          const folded = foldAccountActivities(
            icp,
            scoreAccount(icp, 1, {}, old, none, now),
            fresh,
            later,
          )
          const whole = scoreAccount(icp, 1, {}, [...old, ...fresh], none, later)
          const a = readAccountScore(folded, later)
          const b = readAccountScore(whole, later)
          expect(a.engagement.points).toBeCloseTo(b.engagement.points, 6)
          expect(a.momentum.thisWeek).toBeCloseTo(b.momentum.thisWeek, 6)
          expect(a.momentum.priorWeeklyAverage).toBeCloseTo(b.momentum.priorWeeklyAverage, 6)
          expect([a.buyingStage, a.buyingStageReason]).toEqual([b.buyingStage, b.buyingStageReason])
        },
      ),
    )
  })
})
