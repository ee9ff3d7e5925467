import { getDomain } from 'tldts'

// Web domains as company identity: `https://www.shop.acme.co.uk/about` and `ACME.co.uk` are the
// same company, `acme.co.uk`.

/** The registrable domain (the public suffix and one label) of a host name, lower case. */
export function registrableDomain(host: string): string {
  const lower = host.trim().toLowerCase().replace(/\.$/, '')
  return getDomain(lower, { allowPrivateDomains: false }) ?? lower
}

/** The registrable domain of a website as people type it: with or without scheme, www, path. */
export function domainFromWebsite(website: string): string | undefined {
  const text = website.trim()
  if (text === '') return undefined
  let host: string
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`).hostname
  } catch {
    return undefined
  }
  if (!host.includes('.') || /^[\d.]+$/.test(host) || host.startsWith('[')) return undefined
  return registrableDomain(host)
}
