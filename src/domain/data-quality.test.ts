import { describe, expect, it } from 'vitest'
import {
  checkContactQuality,
  DATA_QUALITY_ISSUES,
  describeDataQualityIssue,
} from './data-quality.ts'

const good = {
  email: 'ana.silva@acme.com',
  first_name: 'Ana',
  last_name: 'Silva',
  company_name: 'Acme',
  account_id: null,
}

describe('data-quality checks', () => {
  it('passes a complete lead', () => {
    expect(checkContactQuality(good, { duplicate: false })).toEqual([])
  })

  it('names every check a lead fails', () => {
    expect(checkContactQuality({ ...good, email: null }, { duplicate: false })).toEqual([
      'email_missing',
    ])
    expect(checkContactQuality({ ...good, email: 'ana@acme' }, { duplicate: false })).toEqual([
      'email_invalid',
    ])
    expect(
      checkContactQuality({ ...good, email: 'info@mailinator.com' }, { duplicate: true }),
    ).toEqual(['email_disposable', 'email_role', 'duplicate'])
    expect(
      checkContactQuality(
        { ...good, first_name: ' ', last_name: null, company_name: null },
        { duplicate: false },
      ),
    ).toEqual(['name_missing', 'company_missing'])
  })

  it('accepts an account in place of a company name', () => {
    expect(
      checkContactQuality({ ...good, company_name: null, account_id: 'a1' }, { duplicate: false }),
    ).toEqual([])
  })

  it('describes every check', () => {
    for (const issue of DATA_QUALITY_ISSUES) expect(describeDataQualityIssue(issue)).not.toBe('')
  })
})
