import { describe, expect, it } from 'vitest'
import { mayAnswer } from './may-answer.ts'

const owner = { id: 'sue', managerId: 'max', teamManagerId: 'tina' }

describe('mayAnswer', () => {
  it('lets the owner, their manager and an admin answer', () => {
    expect(mayAnswer({ id: 'sue', role: 'sdr' }, owner)).toBe(true)
    expect(mayAnswer({ id: 'max', role: 'sales' }, owner)).toBe(true)
    expect(mayAnswer({ id: 'ada', role: 'admin' }, owner)).toBe(true)
  })

  it('takes the team manager only when the owner names no manager', () => {
    expect(mayAnswer({ id: 'tina', role: 'sales' }, owner)).toBe(false)
    expect(mayAnswer({ id: 'tina', role: 'sales' }, { ...owner, managerId: null })).toBe(true)
  })

  it('keeps everyone else out, whatever their role', () => {
    for (const role of ['marketing', 'sales', 'sdr', 'ae', 'cs'] as const)
      expect(mayAnswer({ id: 'sid', role }, owner)).toBe(false)
  })
})
