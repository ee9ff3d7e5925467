import { createRequire } from 'node:module'

// Email addresses as marketing data: is it one at all, whose mailbox is it (a person's, a team's,
// a throwaway), and when are two spellings the same person.

export type ParsedEmail =
  | { readonly ok: true; readonly address: string; readonly local: string; readonly domain: string }
  | { readonly ok: false; readonly reason: string }

// The dot-atom of RFC 5322 (what real sign-up forms accept); quoted local parts are not leads.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/
const TOP_LEVEL = /^(xn--[a-z0-9-]+|[a-z]{2,63})$/

/** Checks an address's syntax; the parsed address is trimmed and its domain lower-cased. */
export function parseEmail(raw: string): ParsedEmail {
  const text = raw.trim()
  if (text === '') return { ok: false, reason: 'the address is empty' }
  const at = text.lastIndexOf('@')
  if (at < 0) return { ok: false, reason: 'the address has no @' }
  const local = text.slice(0, at)
  const domain = text
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, '')
  if (local === '') return { ok: false, reason: 'nothing before the @' }
  if (local.length > 64) return { ok: false, reason: 'the part before the @ is over 64 characters' }
  if (!LOCAL_PART.test(local))
    return { ok: false, reason: `"${local}" is not a valid mailbox name` }
  if (domain === '') return { ok: false, reason: 'nothing after the @' }
  if (domain.length > 253) return { ok: false, reason: 'the domain is over 253 characters' }
  const labels = domain.split('.')
  if (labels.length < 2) return { ok: false, reason: `"${domain}" has no top-level domain` }
  if (!labels.every((label) => DOMAIN_LABEL.test(label)) || !TOP_LEVEL.test(labels.at(-1) ?? ''))
    return { ok: false, reason: `"${domain}" is not a valid domain` }
  return { ok: true, address: `${local}@${domain}`, local, domain }
}

const require = createRequire(import.meta.url)
let freeMail: ReadonlySet<string> | undefined
let disposable: ReadonlySet<string> | undefined

/** Mailbox providers anyone can sign up with (Gmail, Outlook, ISPs): they say nothing of an employer. */
export function isFreeMailDomain(domain: string): boolean {
  freeMail ??= new Set(require('email-providers/all.json') as string[])
  return freeMail.has(domain.toLowerCase())
}

/** Throwaway-inbox services: an address there reaches no one a week later. */
export function isDisposableDomain(domain: string): boolean {
  disposable ??= new Set(require('disposable-email-domains') as string[])
  const lower = domain.toLowerCase()
  if (disposable.has(lower)) return true
  // Services hand out subdomains too (x.mailinator.com).
  const dot = lower.indexOf('.')
  return dot > 0 && lower.indexOf('.', dot + 1) > 0 && isDisposableDomain(lower.slice(dot + 1))
}

// Shared mailboxes: a team reads them, so no one person is the lead.
const ROLE_MAILBOXES = new Set([
  'abuse',
  'accounting',
  'accounts',
  'admin',
  'administrator',
  'billing',
  'careers',
  'contact',
  'customerservice',
  'enquiries',
  'events',
  'finance',
  'hello',
  'help',
  'hostmaster',
  'hr',
  'info',
  'inquiries',
  'jobs',
  'legal',
  'mail',
  'marketing',
  'media',
  'noc',
  'noreply',
  'no-reply',
  'office',
  'orders',
  'postmaster',
  'press',
  'privacy',
  'purchasing',
  'recruiting',
  'reception',
  'sales',
  'security',
  'service',
  'support',
  'team',
  'webmaster',
])

/** `info@`, `sales@`, `support@` and the like: addresses a team shares. */
export function isRoleAddress(local: string): boolean {
  const mailbox = local.toLowerCase().split('+')[0] ?? ''
  return ROLE_MAILBOXES.has(mailbox) || ROLE_MAILBOXES.has(mailbox.replaceAll(/[._-]/g, ''))
}

// Providers that ignore dots in the mailbox name, so j.doe and jdoe are one inbox.
const DOTLESS_PROVIDERS = new Set(['gmail.com', 'googlemail.com'])

/**
 * One key per inbox: lower case, without a `+tag`, and without dots where the provider ignores
 * them. Two contacts with the same key are the same person. Expects a parsed address.
 */
export function canonicalEmail(address: string): string {
  const at = address.lastIndexOf('@')
  let local = address.slice(0, at).toLowerCase()
  let domain = address.slice(at + 1).toLowerCase()
  local = local.split('+')[0] || local
  if (DOTLESS_PROVIDERS.has(domain)) {
    local = local.replaceAll('.', '')
    domain = 'gmail.com'
  }
  return `${local}@${domain}`
}
