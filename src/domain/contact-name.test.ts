import { describe, expect, it } from 'vitest'
import { contactName, UNNAMED_CONTACT } from './contact-name.ts'

describe('contactName', () => {
  it('names a person by whatever of their names is known, else by email', () => {
    expect(contactName({ first_name: 'Nadia', last_name: 'First', email: 'n@x.example' })).toBe(
      'Nadia First',
    )
    expect(contactName({ first_name: null, last_name: 'First', email: 'n@x.example' })).toBe(
      'First',
    )
    expect(contactName({ first_name: null, last_name: null, email: 'n@x.example' })).toBe(
      'n@x.example',
    )
    expect(contactName({ first_name: null, last_name: null, email: null })).toBe(UNNAMED_CONTACT)
  })
})
