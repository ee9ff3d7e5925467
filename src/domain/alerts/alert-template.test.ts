import { describe, expect, it } from 'vitest'
import { placeholdersOf, renderTemplate, templateProblems } from './alert-template.ts'

describe('renderTemplate', () => {
  it('fills every placeholder, spaces inside the braces allowed', () => {
    expect(
      renderTemplate('A lead for you: {{person}} — accept by {{ acceptBy }} ({{count}})', {
        person: 'Ravi Shah (Director of IT, Litware)',
        acceptBy: '14:00',
        count: 3,
      }),
    ).toBe('A lead for you: Ravi Shah (Director of IT, Litware) — accept by 14:00 (3)')
  })

  it('leaves nothing behind for an absent value and does not re-expand values', () => {
    expect(renderTemplate('[{{missing}}]', {})).toBe('[]')
    expect(renderTemplate('{{a}}', { a: '{{b}}', b: 'no' })).toBe('{{b}}')
  })
})

describe('templateProblems', () => {
  it('names unknown placeholders and what to use instead', () => {
    expect(placeholdersOf('{{a}} {{b}} {{a}}')).toEqual(['a', 'b'])
    expect(templateProblems('{{person}} by {{acceptBy}}', ['person', 'acceptBy'])).toEqual([])
    expect(templateProblems('{{persn}}', ['person'])).toEqual([
      '{{persn}} is not a placeholder of this alert; use {{person}}',
    ])
  })

  it('finds unbalanced braces', () => {
    expect(templateProblems('{{person}', ['person'])).toHaveLength(1)
  })
})
