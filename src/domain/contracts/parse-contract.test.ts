import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseContract, parseContractText } from './parse-contract.ts'

const example = (name: string) =>
  readFileSync(new URL(`../../../examples/contracts/${name}`, import.meta.url), 'utf8')

function parsed(name: string) {
  const result = parseContractText(example(name))
  if (!result.ok) throw new Error(result.problems.join('\n'))
  return result.contract
}

describe('parseContractText', () => {
  it('reads the example contracts, YAML and the same document as JSON', () => {
    const qualification = parsed('qualification.yaml')
    expect(qualification.kind).toBe('qualification')
    const icp = parsed('icp.yaml')
    expect(icp.kind).toBe('icp')
    const again = parseContractText(JSON.stringify(qualification))
    expect(again).toEqual({ ok: true, contract: qualification })
  })

  it('fills in defaults so a stored version states them', () => {
    const qualification = parsed('qualification.yaml')
    if (qualification.kind !== 'qualification') throw new Error('kind')
    expect(qualification.readiness[0]?.minCount).toBe(2)
    const icp = parsed('icp.yaml')
    if (icp.kind !== 'icp') throw new Error('kind')
    expect(icp.buyingStages.decision.minCount).toBe(1)
  })

  it('names every problem by its path', () => {
    const document = JSON.parse(JSON.stringify(parsed('qualification.yaml')))
    document.fit.rules[1].when[0].field = 'shoe_size'
    document.engagement.rules[0].halfLifeDays = -3
    document.mql.cells = ['A1', 'E9']
    delete document.explore
    const result = parseContract(document)
    expect(result.ok).toBe(false)
    const problems = result.ok ? [] : result.problems
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/fit\/rules\/1\/when\/0\/field: must be one of title, /),
        expect.stringMatching(/^\/engagement\/rules\/0\/halfLifeDays: /),
        expect.stringMatching(/^\/mql\/cells\/1: /),
        expect.stringMatching(/^\/: needs explore/),
      ]),
    )
  })

  it('checks what a schema cannot: ids, thresholds, patterns and field kinds', () => {
    const document = JSON.parse(JSON.stringify(parsed('qualification.yaml')))
    document.fit.rules[1].id = document.fit.rules[0].id
    document.fit.grades = { A: 10, B: 40, C: 20 }
    document.fit.rules[3].when[0] = { field: 'account.employees', in: ['many'] }
    document.fit.rules[2].when[0] = { field: 'department', min: 3 }
    document.engagement.rules[0].path = '(unclosed'
    const result = parseContract(document)
    expect(result.ok ? [] : result.problems).toEqual([
      '/fit/rules/1/id: "senior-buyer" is used twice',
      '/fit/rules/2/when/0: department is text; use in or matches',
      '/fit/rules/3/when/0: account.employees is a number; use min and max',
      '/fit/grades/B: must be below A (10)',
      expect.stringMatching(/^\/engagement\/rules\/0\/path: not a regular expression/),
    ])
  })

  it('says what is wrong with text that is not a document, or of the wrong kind', () => {
    const broken = parseContractText('kind: [qualification')
    expect(broken.ok ? '' : broken.problems[0]).toMatch(/^\/: neither JSON nor YAML/)
    const icp = parseContractText(example('icp.yaml'), 'qualification')
    expect(icp.ok ? [] : icp.problems).toEqual([
      '/kind: expected a qualification document, not icp',
    ])
    expect(parseContract({ name: 'x' })).toEqual({
      ok: false,
      problems: ['/kind: must be qualification, icp or routing'],
    })
  })
})

describe('the routing contract', () => {
  it('reads the example routing rules', () => {
    const routing = parsed('routing.yaml')
    if (routing.kind !== 'routing') throw new Error('kind')
    expect(routing.territories.map((t) => t.team)).toEqual(['SDR Enterprise', 'SDR Enterprise'])
    expect(routing.motions.volume.sla.acceptWithin).toBe('4h')
  })

  it('names wrong durations, conditions and reminders by their path', () => {
    const document = JSON.parse(JSON.stringify(parsed('routing.yaml')))
    document.motions.volume.sla.acceptWithin = '0h'
    document.motions.account_based.sla.remindBefore = '2d'
    document.territories[0].when[0] = { field: 'account.icp_tier', in: ['1'] }
    document.territories[1].id = 'tier-one'
    document.holidays = ['2026-02-31']
    const result = parseContract(document)
    expect(result.ok).toBe(false)
    const problems = result.ok ? [] : result.problems
    expect(problems).toContain('/territories/1/id: "tier-one" is used twice')
    expect(problems).toContain(
      '/territories/0/when/0: account.icp_tier is a number; use min and max',
    )
    expect(problems.some((p) => p.startsWith('/motions/volume/sla/acceptWithin: '))).toBe(true)
    expect(problems).toContain(
      '/motions/account_based/sla/remindBefore: must be shorter than acceptWithin (1d)',
    )
    expect(problems).toContain('/holidays/0: 2026-02-31 is not a date')
  })
})
