import { describe, expect, it } from 'vitest'
import { decideHandoff, type LeadSituation } from './handoff-decision.ts'

const now = new Date('2026-03-10T12:00:00Z')
const days = (n: number) => new Date(now.getTime() - n * 86_400_000)
const lead: LeadSituation = {
  stage: 'lead',
  stageChangedAt: days(20),
  mql: false,
  exploredAt: null,
  exploring: false,
  handoffBlockedBy: [],
  openAssignments: [],
  lastExploreHandoffAt: null,
  requalifyAfterDays: 30,
}

describe('deciding a handoff from scores', () => {
  it('hands an MQL to sales', () => {
    expect(decideHandoff({ ...lead, mql: true }, now)).toMatchObject({
      moveTo: 'mql',
      handoff: 'mql',
    })
  })

  it('holds a lead with data-quality problems back, whatever its score', () => {
    const decision = decideHandoff(
      { ...lead, mql: true, handoffBlockedBy: ['email_disposable'] },
      now,
    )
    expect(decision).toEqual({
      moveTo: null,
      handoff: null,
      reason: 'Held back from sales until fixed: email_disposable',
    })
  })

  it('turns a demo request into an explore handoff, not an MQL', () => {
    const decision = decideHandoff(
      { ...lead, stage: 'inquiry', exploring: true, exploredAt: days(0) },
      now,
    )
    expect(decision).toMatchObject({ moveTo: 'lead', handoff: 'explore' })
  })

  it('does not hand the same demo request twice', () => {
    const situation = { ...lead, exploring: true, exploredAt: days(2) }
    expect(decideHandoff({ ...situation, lastExploreHandoffAt: days(1) }, now).handoff).toBeNull()
    expect(decideHandoff({ ...situation, openAssignments: ['explore'] }, now).handoff).toBeNull()
    expect(decideHandoff({ ...situation, lastExploreHandoffAt: days(5) }, now).handoff).toBe(
      'explore',
    )
  })

  it('upgrades an explore handoff to an MQL handoff once the person qualifies', () => {
    expect(decideHandoff({ ...lead, mql: true, openAssignments: ['explore'] }, now).handoff).toBe(
      'mql',
    )
  })

  it('leaves a person with an open MQL handoff alone', () => {
    expect(
      decideHandoff({ ...lead, stage: 'mql', mql: true, openAssignments: ['mql'] }, now),
    ).toMatchObject({ moveTo: null, handoff: null })
  })

  it('requalifies a recycled lead after the wait, or sooner on a new demo request', () => {
    const recycled = { ...lead, stage: 'recycled' as const, mql: true, stageChangedAt: days(10) }
    expect(decideHandoff(recycled, now).handoff).toBeNull()
    expect(decideHandoff({ ...recycled, stageChangedAt: days(31) }, now).handoff).toBe('mql')
    expect(decideHandoff({ ...recycled, exploredAt: days(1), exploring: true }, now).handoff).toBe(
      'mql',
    )
  })

  it('never hands off a disqualified or won lead', () => {
    for (const stage of ['disqualified', 'won'] as const)
      expect(decideHandoff({ ...lead, stage, mql: true }, now).handoff).toBeNull()
  })

  it('routes an MQL again when nobody could take it before', () => {
    expect(decideHandoff({ ...lead, stage: 'mql', mql: true }, now)).toMatchObject({
      handoff: 'mql',
    })
  })

  it('makes a clean inquiry a lead', () => {
    expect(decideHandoff({ ...lead, stage: 'inquiry' }, now)).toMatchObject({ moveTo: 'lead' })
  })
})
