import { isDisposableDomain, isRoleAddress, parseEmail } from './email-address.ts'

// Seed 003: a lead goes to sales only when its information meets data-quality checks. A lead that
// fails is kept, marked with its reasons, and held back until it is fixed.

export const DATA_QUALITY_ISSUES = [
  'email_missing',
  'email_invalid',
  'email_disposable',
  'email_role',
  'name_missing',
  'company_missing',
  'duplicate',
] as const

export type DataQualityIssue = (typeof DATA_QUALITY_ISSUES)[number]

const DESCRIPTIONS: Record<DataQualityIssue, string> = {
  email_missing: 'No email address',
  email_invalid: 'The email address is not valid',
  email_disposable: 'The email address is a throwaway inbox',
  email_role: 'The email address is a shared mailbox (info@, sales@), not a person',
  name_missing: 'No first or last name',
  company_missing: 'No company name and no account',
  duplicate: 'Another contact has the same email address',
}

export function describeDataQualityIssue(issue: DataQualityIssue): string {
  return DESCRIPTIONS[issue]
}

export interface CheckableContact {
  readonly email: string | null
  readonly first_name: string | null
  readonly last_name: string | null
  readonly company_name: string | null
  readonly account_id: string | null
}

/** The checks a contact fails, in the order of DATA_QUALITY_ISSUES; none means it may go to sales. */
export function checkContactQuality(
  contact: CheckableContact,
  facts: { readonly duplicate: boolean },
): DataQualityIssue[] {
  const issues = new Set<DataQualityIssue>()
  const email = contact.email?.trim() ?? ''
  if (email === '') issues.add('email_missing')
  else {
    const parsed = parseEmail(email)
    if (!parsed.ok) issues.add('email_invalid')
    else {
      if (isDisposableDomain(parsed.domain)) issues.add('email_disposable')
      if (isRoleAddress(parsed.local)) issues.add('email_role')
    }
  }
  if (blank(contact.first_name) && blank(contact.last_name)) issues.add('name_missing')
  if (blank(contact.company_name) && contact.account_id === null) issues.add('company_missing')
  if (facts.duplicate) issues.add('duplicate')
  return DATA_QUALITY_ISSUES.filter((issue) => issues.has(issue))
}

const blank = (value: string | null) => value === null || value.trim() === ''
