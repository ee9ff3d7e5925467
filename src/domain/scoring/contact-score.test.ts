import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exampleQualificationDefinition } from '../../services/scoring/example-contracts.ts'
import type { QualificationDefinition } from '../contracts/contract-schemas.ts'
import {
  foldActivities,
  readContactScore,
  type ScoredActivity,
  scoreContact,
} from './contact-score.ts'

const definition = exampleQualificationDefinition()
const DAY = 86_400_000
const now = new Date('2026-06-30T12:00:00Z')
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY)
const act = (type: string, days: number, path?: string): ScoredActivity => ({
  type,
  occurredAt: daysAgo(days),
  ...(path === undefined ? {} : { path }),
})

const seniorBuyer = {
  seniority: 'vp',
  department: 'marketing',
  country: 'Germany',
  'account.industry': 'Software',
  'account.employees': 800,
}

describe('scoreContact and readContactScore', () => {
  it('scores fit into a grade with the rules as reasons', () => {
    const state = scoreContact(definition, 3, seniorBuyer, [], now)
    expect(state.fit).toEqual({
      points: 80,
      grade: 'A',
      reasons: [
        { rule: 'senior-buyer', description: 'Director, VP or C-level', points: 25 },
        {
          rule: 'buying-department',
          description: 'Marketing, sales, IT or operations run the buying decision',
          points: 15,
        },
        { rule: 'core-industry', points: 15 },
        { rule: 'mid-market', description: '200 to 10,000 employees', points: 15 },
        { rule: 'served-market', points: 10 },
      ],
    })
  })

  it('takes points off for people at competitors', () => {
    const state = scoreContact(
      definition,
      1,
      { ...seniorBuyer, email_domain: 'salesforce.com' },
      [],
      now,
    )
    expect(state.fit.points).toBe(30)
    expect(state.fit.grade).toBe('C')
    expect(state.fit.reasons.at(-1)).toMatchObject({ rule: 'competitor', points: -50 })
  })

  it('halves an occurrence after its half-life and caps each rule', () => {
    // pricing-page: 10 points, half-life 14 days, cap 30.
    const one = scoreContact(definition, 1, {}, [act('pricing_page_visit', 14)], now)
    const read = readContactScore(definition, one, [], now)
    expect(read.engagement.reasons).toEqual([
      {
        rule: 'pricing-page',
        occurrences: 1,
        pointsEach: 10,
        halfLifeDays: 14,
        cap: 30,
        value: 5,
        lastAt: daysAgo(14).toISOString(),
      },
    ])
    const many = scoreContact(
      definition,
      1,
      {},
      Array.from({ length: 10 }, () => act('pricing_page_visit', 0)),
      now,
    )
    expect(readContactScore(definition, many, [], now).engagement.points).toBe(30)
  })

  it('decays at read time exactly as scoring later would', () => {
    const activities = [
      act('webinar_attended', 40),
      act('pricing_page_visit', 3),
      act('content_download', 10),
      act('unsubscribe', 2),
    ]
    const later = new Date(now.getTime() + 20 * DAY)
    const storedThenRead = readContactScore(
      definition,
      scoreContact(definition, 1, {}, activities, now),
      [],
      later,
    )
    const scoredLater = readContactScore(
      definition,
      scoreContact(definition, 1, {}, activities, later),
      [],
      later,
    )
    expect(storedThenRead.engagement.points).toBeCloseTo(scoredLater.engagement.points, 1)
    expect(storedThenRead.engagement.points).toBeLessThan(
      readContactScore(definition, scoreContact(definition, 1, {}, activities, now), [], now)
        .engagement.points,
    )
  })

  it('counts careers-page visits against, and never fades an unsubscribe', () => {
    const state = scoreContact(
      definition,
      1,
      {},
      [act('web_visit', 0, '/careers/engineering'), act('unsubscribe', 300)],
      now,
    )
    const read = readContactScore(definition, state, [], now)
    const byRule = Object.fromEntries(read.engagement.reasons.map((r) => [r.rule, r.value]))
    expect(byRule).toEqual({ 'careers-page': -10, unsubscribed: -25, 'web-visit': 1 })
  })

  it('makes an MQL from the grade x band matrix, and says why', () => {
    const engaged = [
      act('webinar_attended', 1),
      act('event_attended', 2),
      act('pricing_page_visit', 1),
      act('pricing_page_visit', 2),
      act('pricing_page_visit', 3),
      act('content_download', 3),
      act('content_download', 4),
    ]
    const a = readContactScore(
      definition,
      scoreContact(definition, 4, seniorBuyer, engaged, now),
      [],
      now,
    )
    expect(a.cell).toBe('A1')
    expect(a.mql).toBe(true)
    expect(a.mqlReason).toBe('A1 is an MQL cell of version 4')
    const d = readContactScore(definition, scoreContact(definition, 4, {}, engaged, now), [], now)
    expect(d.cell).toBe('D1')
    expect(d.mql).toBe(false)
  })

  it('lets a readiness signal qualify a good fit, only within its window', () => {
    const profile = { seniority: 'vp', department: 'marketing' } // 40 points: grade B
    const twice = [act('pricing_page_visit', 1), act('pricing_page_visit', 5)]
    const state = scoreContact(definition, 1, profile, twice, now)
    const read = readContactScore(definition, state, [], now)
    expect(read.cell).toBe('B3')
    expect(read.ready).toEqual(['pricing-twice'])
    expect(read.mql).toBe(true)
    expect(read.mqlReason).toBe('grade B with readiness signal pricing-twice')
    const weekLater = readContactScore(definition, state, [], new Date(now.getTime() + 7 * DAY))
    expect(weekLater.ready).toEqual([])
  })

  it('marks a demo request as exploring, which is not an MQL by itself', () => {
    const state = scoreContact(definition, 1, {}, [act('demo_request', 2)], now)
    const read = readContactScore(definition, state, [], now)
    expect(read.exploring).toBe(true)
    expect(read.exploredAt).toBe(daysAgo(2).toISOString())
    expect(read.mql).toBe(false)
    const monthLater = readContactScore(definition, state, [], new Date(now.getTime() + 31 * DAY))
    expect(monthLater.exploring).toBe(false)
  })

  it('holds back a lead whose data fails the checks the contract requires', () => {
    const state = scoreContact(definition, 1, seniorBuyer, [], now)
    const read = readContactScore(definition, state, ['email_role', 'name_missing'], now)
    expect(read.handoffBlockedBy).toEqual(['email_role'])
  })

  it('never lets a rule exceed its cap, and never grows a score as time passes', () => {
    const types = definition.engagement.rules.flatMap((r) => r.activities)
    const activity = fc.record({
      type: fc.constantFrom(...types),
      days: fc.double({ min: 0, max: 400, noNaN: true }),
      path: fc.constantFrom(undefined, '/careers', '/pricing'),
    })
    fc.assert(
      fc.property(fc.array(activity, { maxLength: 60 }), fc.nat(200), (list, later) => {
        const state = scoreContact(
          definition as QualificationDefinition,
          1,
          {},
          list.map((a) => act(a.type, a.days, a.path)),
          now,
        )
        const read = readContactScore(definition, state, [], now)
        for (const r of read.engagement.reasons)
          if (r.cap !== null) expect(Math.abs(r.value)).toBeLessThanOrEqual(r.cap)
        const after = readContactScore(definition, state, [], new Date(now.getTime() + later * DAY))
        const positive = (s: typeof read) =>
          s.engagement.reasons.filter((r) => r.value > 0).reduce((t, r) => t + r.value, 0)
        expect(positive(after)).toBeLessThanOrEqual(positive(read) + 1e-9)
      }),
    )
  })

  it('gives the same score when new activities are folded in as when everything is scored', () => {
    const types = [...new Set(definition.engagement.rules.flatMap((r) => r.activities))]
    const activity = fc.record({
      type: fc.constantFrom(...types, 'demo_request'),
      days: fc.double({ min: 0, max: 200, noNaN: true }),
      path: fc.constantFrom(undefined, '/careers/jobs', '/pricing'),
    })
    fc.assert(
      fc.property(
        fc.array(activity, { maxLength: 30 }),
        fc.array(activity, { maxLength: 30 }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        (before, after, gap) => {
          const later = new Date(now.getTime() + gap * DAY)
          const old = before.map((a) => act(a.type, a.days, a.path))
          // New activities happen up to the later time, some before the first scoring.
          const fresh = after.map((a) => ({
            type: a.type,
            occurredAt: new Date(later.getTime() - a.days * DAY),
            ...(a.path === undefined ? {} : { path: a.path }),
          }))
          const folded = foldActivities(
            definition,
            scoreContact(definition, 1, seniorBuyer, old, now),
            fresh,
            later,
          )
          const whole = scoreContact(definition, 1, seniorBuyer, [...old, ...fresh], later)
          const read = (state: typeof whole) => readContactScore(definition, state, [], later)
          const a = read(folded)
          const b = read(whole)
          expect(a.engagement.points).toBeCloseTo(b.engagement.points, 6)
          expect(a.engagement.reasons.map((r) => [r.rule, r.occurrences, r.lastAt])).toEqual(
            b.engagement.reasons.map((r) => [r.rule, r.occurrences, r.lastAt]),
          )
          expect([a.ready, a.exploredAt, a.cell, a.mql]).toEqual([
            b.ready,
            b.exploredAt,
            b.cell,
            b.mql,
          ])
        },
      ),
    )
  })
})
