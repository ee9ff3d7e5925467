import { describe, expect, it } from 'vitest'
import {
  canonicalEmail,
  isDisposableDomain,
  isFreeMailDomain,
  isRoleAddress,
  parseEmail,
} from './email-address.ts'

describe('email addresses', () => {
  it('accepts the addresses real forms take and lower-cases the domain', () => {
    expect(parseEmail('  Ana.Silva+webinar@Acme.CO.uk ')).toEqual({
      ok: true,
      address: 'Ana.Silva+webinar@acme.co.uk',
      local: 'Ana.Silva+webinar',
      domain: 'acme.co.uk',
    })
    expect(parseEmail("o'brien@xn--bcher-kva.example").ok).toBe(true)
  })

  it.each([
    ['', 'the address is empty'],
    ['ana.acme.com', 'the address has no @'],
    ['@acme.com', 'nothing before the @'],
    ['ana@', 'nothing after the @'],
    ['ana..silva@acme.com', '"ana..silva" is not a valid mailbox name'],
    ['ana silva@acme.com', '"ana silva" is not a valid mailbox name'],
    ['ana@localhost', '"localhost" has no top-level domain'],
    ['ana@acme-.com', '"acme-.com" is not a valid domain'],
    ['ana@acme.c0m', '"acme.c0m" is not a valid domain'],
    [`${'a'.repeat(65)}@acme.com`, 'the part before the @ is over 64 characters'],
  ])('refuses %j: %s', (raw, reason) => {
    expect(parseEmail(raw)).toEqual({ ok: false, reason })
  })

  it('knows free-mail providers and throwaway inboxes apart from company domains', () => {
    for (const domain of ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'GMX.de'])
      expect(isFreeMailDomain(domain), domain).toBe(true)
    for (const domain of ['mailinator.com', 'guerrillamail.com', 'x.mailinator.com'])
      expect(isDisposableDomain(domain), domain).toBe(true)
    for (const domain of ['salesforce.com', 'acme.co.uk']) {
      expect(isFreeMailDomain(domain), domain).toBe(false)
      expect(isDisposableDomain(domain), domain).toBe(false)
    }
    expect(isDisposableDomain('gmail.com')).toBe(false)
  })

  it('recognises shared mailboxes', () => {
    for (const local of ['info', 'Sales', 'no-reply', 'noreply', 'support+eu'])
      expect(isRoleAddress(local), local).toBe(true)
    for (const local of ['ana.silva', 'salesmith', 'jinfo'])
      expect(isRoleAddress(local), local).toBe(false)
  })

  it('gives one key per inbox', () => {
    expect(canonicalEmail('Ana.Silva+promo@GoogleMail.com')).toBe('anasilva@gmail.com')
    expect(canonicalEmail('ana.silva+promo@Acme.com')).toBe('ana.silva@acme.com')
    expect(canonicalEmail('+only@acme.com')).toBe('+only@acme.com')
  })
})
