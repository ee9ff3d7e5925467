import { describe, expect, it } from 'vitest'
import { alertOutcome, minutesToAction } from './alert-goal.ts'

const goal = { actions: ['answer'] as const, windowMinutes: 240 }
const sent = new Date('2026-03-02T10:00:00Z')
const at = (minutes: number) => new Date(sent.getTime() + minutes * 60_000)

describe('alertOutcome', () => {
  it('is met when the action came within the window, the boundary included', () => {
    expect(alertOutcome({ startedAt: sent, actedAt: at(30) }, goal, at(1000))).toBe('met')
    expect(alertOutcome({ startedAt: sent, actedAt: at(240) }, goal, at(241))).toBe('met')
  })

  it('is missed when the action came late or the window closed without one', () => {
    expect(alertOutcome({ startedAt: sent, actedAt: at(241) }, goal, at(300))).toBe('missed')
    expect(alertOutcome({ startedAt: sent, actedAt: null }, goal, at(241))).toBe('missed')
  })

  it('is open while the window runs and nobody acted', () => {
    expect(alertOutcome({ startedAt: sent, actedAt: null }, goal, at(239))).toBe('open')
  })
})

describe('minutesToAction', () => {
  it('measures from the alert and never goes below zero', () => {
    expect(minutesToAction({ startedAt: sent, actedAt: at(90) })).toBe(90)
    expect(minutesToAction({ startedAt: sent, actedAt: at(-5) })).toBe(0)
    expect(minutesToAction({ startedAt: sent, actedAt: null })).toBeNull()
  })
})
