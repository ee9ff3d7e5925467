import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ACCOUNT_FUNNEL } from './account-funnel.ts'
import { LEAD_FUNNEL, LEAD_STAGES } from './lead-funnel.ts'
import { checkTransition, type StageMachine } from './stage-machine.ts'

describe('the lead funnel', () => {
  it('lets an MQL be accepted, rejected to nurture or disqualified', () => {
    expect(checkTransition(LEAD_FUNNEL, 'mql', 'sal')).toEqual({ ok: true })
    expect(checkTransition(LEAD_FUNNEL, 'mql', 'recycled')).toEqual({ ok: true })
    expect(checkTransition(LEAD_FUNNEL, 'mql', 'disqualified')).toEqual({ ok: true })
  })

  it('refuses a skipped stage and says where the lead can go instead', () => {
    const check = checkTransition(LEAD_FUNNEL, 'mql', 'won')
    expect(check).toEqual({
      ok: false,
      message:
        'A lead cannot move from mql to won; from here it can go to sal, recycled, disqualified',
      allowed: ['sal', 'recycled', 'disqualified'],
    })
  })

  it('treats won and disqualified as final', () => {
    for (const stage of LEAD_STAGES) {
      expect(checkTransition(LEAD_FUNNEL, 'won', stage).ok).toBe(false)
      expect(checkTransition(LEAD_FUNNEL, 'disqualified', stage).ok).toBe(false)
    }
    const check = checkTransition(LEAD_FUNNEL, 'won', 'lost')
    expect(check.ok === false && check.message).toContain('nothing: it is final')
  })

  it('names the stages when asked for one that does not exist', () => {
    const check = checkTransition(LEAD_FUNNEL, 'mql', 'hot')
    expect(check.ok === false && check.message).toBe(
      'hot is not a lead stage; use one of inquiry, lead, mql, sal, sql, opportunity, won, lost, recycled, disqualified',
    )
  })

  it('lets a recycled lead qualify again', () => {
    expect(checkTransition(LEAD_FUNNEL, 'recycled', 'mql').ok).toBe(true)
  })
})

describe('the account funnel', () => {
  it('moves a target to engaged and a won opportunity to customer', () => {
    expect(checkTransition(ACCOUNT_FUNNEL, 'target', 'engaged').ok).toBe(true)
    expect(checkTransition(ACCOUNT_FUNNEL, 'opportunity', 'customer').ok).toBe(true)
    expect(checkTransition(ACCOUNT_FUNNEL, null, 'engaged').ok).toBe(true)
    expect(checkTransition(ACCOUNT_FUNNEL, null, 'opportunity').ok).toBe(false)
  })
})

describe.each([LEAD_FUNNEL, ACCOUNT_FUNNEL] as StageMachine<string>[])(
  'the $funnel funnel declaration',
  (machine) => {
    it('moves only between its own stages, never to the same stage', () => {
      for (const [from, targets] of Object.entries(machine.moves)) {
        expect(machine.stages).toContain(from)
        for (const to of targets) {
          expect(machine.stages).toContain(to)
          expect(to).not.toBe(from)
        }
      }
      expect(Object.keys(machine.moves).sort()).toEqual([...machine.stages].sort())
    })

    it('reaches every stage from an entry stage', () => {
      const reached = new Set(machine.entry)
      for (let grew = true; grew; ) {
        grew = false
        for (const from of [...reached])
          for (const to of machine.moves[from] ?? [])
            if (!reached.has(to)) {
              reached.add(to)
              grew = true
            }
      }
      expect([...reached].sort()).toEqual([...machine.stages].sort())
    })

    it('allows a move exactly when the declaration lists it', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...machine.stages),
          fc.constantFrom(...machine.stages),
          (from, to) => {
            const check = checkTransition(machine, from, to)
            expect(check.ok).toBe((machine.moves[from] ?? []).includes(to))
          },
        ),
      )
    })
  },
)
