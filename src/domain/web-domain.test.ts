import { describe, expect, it } from 'vitest'
import { domainFromWebsite, registrableDomain } from './web-domain.ts'

describe('web domains', () => {
  it('reduces a host to the domain a company registered', () => {
    expect(registrableDomain('mail.eu.Acme.com')).toBe('acme.com')
    expect(registrableDomain('shop.acme.co.uk')).toBe('acme.co.uk')
    expect(registrableDomain('northwind-data.example')).toBe('northwind-data.example')
  })

  it('reads websites as people type them', () => {
    expect(domainFromWebsite('https://www.Acme.co.uk/about?x=1')).toBe('acme.co.uk')
    expect(domainFromWebsite('www.acme.com')).toBe('acme.com')
    expect(domainFromWebsite('acme.com/contact')).toBe('acme.com')
    expect(domainFromWebsite('http://walmart.com')).toBe('walmart.com')
  })

  it('finds no domain in what is not a website', () => {
    for (const text of ['', '  ', 'n/a', 'http://10.0.0.1', 'localhost'])
      expect(domainFromWebsite(text), text).toBeUndefined()
  })
})
