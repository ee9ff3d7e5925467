import { describe, expect, it } from 'vitest'
import { hashPassword, passwordProblem, verifyPassword } from './password-hash.ts'

describe('password hashes', () => {
  it('verify the password they were made from, and no other', async () => {
    const hash = await hashPassword('correct horse battery staple')
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
    expect(hash).not.toContain('horse')
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true)
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false)
    expect(await verifyPassword('', hash)).toBe(false)
  })

  it('are salted: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([
      hashPassword('the same long password'),
      hashPassword('the same long password'),
    ])
    expect(a).not.toBe(b)
  })

  it('never match a stored value that is not one of them', async () => {
    expect(await verifyPassword('anything at all', '')).toBe(false)
    expect(await verifyPassword('anything at all', 'plain-text-password')).toBe(false)
  })

  it('refuse passwords shorter than twelve characters, saying so', () => {
    expect(passwordProblem('short pass')).toMatch(/at least 12 characters/)
    expect(passwordProblem('twelve chars')).toBeUndefined()
  })
})
