import { describe, expect, it } from 'vitest'
import { normalizeCompanyName } from './company-name.ts'

describe('company names', () => {
  it('gives the same form to the ways one company is written', () => {
    const forms = ['Acme Data, Inc.', 'ACME DATA INC', 'Acme Data', 'The Acme Data Co., Ltd.']
    expect(new Set(forms.map(normalizeCompanyName))).toEqual(new Set(['acme data']))
  })

  it('drops accents and reads "&" as "and"', () => {
    expect(normalizeCompanyName('Société Générale S.A.')).toBe('societe generale')
    expect(normalizeCompanyName('Johnson & Johnson')).toBe('johnson and johnson')
    expect(normalizeCompanyName('Procter and Gamble Co')).toBe('procter and gamble')
  })

  it('keeps a name that is only a legal word', () => {
    expect(normalizeCompanyName('Limited')).toBe('limited')
    expect(normalizeCompanyName('The')).toBe('the')
  })
})
