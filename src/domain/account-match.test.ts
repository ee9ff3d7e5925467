import { describe, expect, it } from 'vitest'
import { MATCH_THRESHOLDS, matchLeadToAccount } from './account-match.ts'

const acme = { accountId: 'a-acme', name: 'Acme Data Inc' }
const acmeLabs = { accountId: 'a-labs', name: 'Acme Labs' }
const globex = { accountId: 'a-globex', name: 'Globex' }

describe('lead-to-account matching', () => {
  it('links by the email domain first, whatever the name says', () => {
    const match = matchLeadToAccount({
      emailDomain: 'acme.com',
      companyName: 'Globex',
      byEmailDomain: acme,
      byExactName: [globex],
    })
    expect(match).toMatchObject({
      status: 'linked',
      accountId: 'a-acme',
      method: 'domain',
      confidence: MATCH_THRESHOLDS.domain,
    })
  })

  it('links a name that only one account has, and asks about a name several have', () => {
    expect(matchLeadToAccount({ companyName: 'Acme Data', byExactName: [acme] })).toMatchObject({
      status: 'linked',
      accountId: 'a-acme',
      method: 'name',
    })
    const twins = matchLeadToAccount({
      companyName: 'Acme',
      byExactName: [acme, { accountId: 'a-acme-2', name: 'Acme Data GmbH' }],
    })
    expect(twins).toMatchObject({ status: 'review', candidateId: 'a-acme', method: 'name' })
    expect(twins.reason).toBe('company "Acme" names 2 accounts')
  })

  it('lets the website settle which of two same-named accounts it is', () => {
    const twin = { accountId: 'a-acme-2', name: 'Acme Data GmbH' }
    expect(
      matchLeadToAccount({
        companyName: 'Acme Data',
        websiteDomain: 'acme.de',
        byExactName: [acme, twin],
        byWebsite: twin,
      }),
    ).toMatchObject({ status: 'linked', accountId: 'a-acme-2', method: 'website' })
  })

  it('links a close name, proposes a weaker one for review and ignores a distant one', () => {
    const close = matchLeadToAccount({
      companyName: 'Acme Dat',
      byFuzzyName: [{ ...acme, similarity: 0.88 }],
    })
    expect(close).toMatchObject({ status: 'linked', accountId: 'a-acme', confidence: 0.88 })

    const weak = matchLeadToAccount({
      companyName: 'Acme',
      byFuzzyName: [{ ...acme, similarity: 0.6 }],
    })
    expect(weak).toMatchObject({ status: 'review', candidateId: 'a-acme', confidence: 0.6 })

    const distant = matchLeadToAccount({
      companyName: 'Ac',
      byFuzzyName: [{ ...acme, similarity: 0.3 }],
    })
    expect(distant).toEqual({ status: 'unmatched', reason: 'no account matches company "Ac"' })
  })

  it('asks a person when two similar names are nearly as close', () => {
    const match = matchLeadToAccount({
      companyName: 'Acme',
      byFuzzyName: [
        { ...acmeLabs, similarity: 0.9 },
        { ...acme, similarity: 0.88 },
      ],
    })
    expect(match).toMatchObject({ status: 'review', candidateId: 'a-labs' })
    expect(match.reason).toContain('as close to Acme Labs as to Acme Data Inc')
  })

  it('prefers a website that names an account to a weak name match', () => {
    expect(
      matchLeadToAccount({
        companyName: 'Acme',
        websiteDomain: 'globex.com',
        byFuzzyName: [{ ...acme, similarity: 0.6 }],
        byWebsite: globex,
      }),
    ).toMatchObject({ status: 'linked', accountId: 'a-globex', method: 'website' })
  })

  it('says what it tried when nothing matches', () => {
    expect(matchLeadToAccount({ emailDomain: 'gmail.com' })).toEqual({
      status: 'unmatched',
      reason: 'no account matches email domain gmail.com',
    })
    expect(matchLeadToAccount({})).toEqual({
      status: 'unmatched',
      reason: 'no email domain, company or website to match on',
    })
  })
})
