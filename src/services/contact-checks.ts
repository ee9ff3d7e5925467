import { type Kysely, sql } from 'kysely'
import {
  type AccountCandidate,
  type AccountMatch,
  type MatchEvidence,
  matchLeadToAccount,
} from '../domain/account-match.ts'
import { normalizeCompanyName } from '../domain/company-name.ts'
import { checkContactQuality } from '../domain/data-quality.ts'
import {
  canonicalEmail,
  isDisposableDomain,
  isFreeMailDomain,
  parseEmail,
} from '../domain/email-address.ts'
import { domainFromWebsite, registrableDomain } from '../domain/web-domain.ts'
import type { Database } from '../store/database.ts'
import { jsonb } from '../store/jsonb.ts'

// What follows from a contact's fields, recomputed whenever they change: the canonical email
// that finds the same person twice, the data-quality issues that keep a lead from sales until it
// is fixed, and the lead-to-account match.

const CHUNK = 1_000

interface CheckedContact {
  readonly id: string
  readonly email: string | null
  readonly first_name: string | null
  readonly last_name: string | null
  readonly company_name: string | null
  readonly website: string | null
  readonly account_id: string | null
  readonly account_match_status: 'unmatched' | 'linked' | 'review'
  readonly account_match_method: string | null
  readonly account_candidate_id: string | null
  readonly canonical_email: string | null
  readonly data_quality_issues: string[]
}

/**
 * Recomputes what follows from a contact's fields: its canonical email, its data-quality issues
 * (duplicates included) and, when it is not linked yet, its lead-to-account match.
 */
export async function refreshContacts(
  db: Kysely<Database>,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<void> {
  for (let i = 0; i < contactIds.length; i += CHUNK)
    await refreshChunk(db, workspaceId, contactIds.slice(i, i + CHUNK))
}

/** Retries lead-to-account matching for every contact not linked yet (after accounts change). */
export async function rematchUnlinkedContacts(
  db: Kysely<Database>,
  workspaceId: string,
): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const rows = await db
      .selectFrom('contacts')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('account_id', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(CHUNK)
      .execute()
    if (rows.length === 0) return
    await refreshChunk(
      db,
      workspaceId,
      rows.map((r) => r.id),
    )
    after = rows[rows.length - 1]?.id ?? after
  }
}

async function refreshChunk(db: Kysely<Database>, ws: string, ids: readonly string[]) {
  if (ids.length === 0) return
  const contacts: CheckedContact[] = await db
    .selectFrom('contacts')
    .select([
      'id',
      'email',
      'first_name',
      'last_name',
      'company_name',
      'website',
      'account_id',
      'account_match_status',
      'account_match_method',
      'account_candidate_id',
      'canonical_email',
      'data_quality_issues',
    ])
    .where('workspace_id', '=', ws)
    .where('id', 'in', ids)
    .execute()

  const canonical = new Map<string, string | null>()
  for (const contact of contacts) {
    const parsed = contact.email === null ? undefined : parseEmail(contact.email)
    canonical.set(contact.id, parsed?.ok === true ? canonicalEmail(parsed.address) : null)
  }
  const canonicalUpdates = contacts
    .filter((c) => canonical.get(c.id) !== c.canonical_email)
    .map((c) => ({ id: c.id, canonical_email: canonical.get(c.id) ?? null }))
  if (canonicalUpdates.length > 0)
    await sql`update contacts set canonical_email = u.canonical_email
      from jsonb_to_recordset(${jsonb(canonicalUpdates)})
        as u(id uuid, canonical_email text)
      where contacts.workspace_id = ${ws} and contacts.id = u.id`.execute(db)

  const matches = await matchAccounts(db, ws, contacts)
  const matchUpdates = contacts.flatMap((contact) => {
    const match = matches.get(contact.id)
    return match === undefined ? [] : [{ id: contact.id, ...matchColumns(match) }]
  })
  const byId = new Map(contacts.map((c) => [c.id, c]))
  const changedMatches = matchUpdates.filter((u) => {
    const contact = byId.get(u.id)
    return (
      contact !== undefined &&
      (contact.account_id !== u.account_id ||
        contact.account_match_status !== u.account_match_status ||
        contact.account_candidate_id !== u.account_candidate_id)
    )
  })
  if (changedMatches.length > 0)
    await sql`update contacts set account_id = u.account_id,
        account_candidate_id = u.account_candidate_id,
        account_match_method = u.account_match_method,
        account_match_confidence = u.account_match_confidence,
        account_match_status = u.account_match_status
      from jsonb_to_recordset(${jsonb(changedMatches)}) as u(id uuid,
        account_id uuid, account_candidate_id uuid, account_match_method text,
        account_match_confidence numeric, account_match_status text)
      where contacts.workspace_id = ${ws} and contacts.id = u.id`.execute(db)

  await refreshDataQuality(db, ws, contacts, canonical, matches)
}

/** Data-quality issues of these contacts and of every contact they duplicate. */
async function refreshDataQuality(
  db: Kysely<Database>,
  ws: string,
  contacts: readonly CheckedContact[],
  canonical: ReadonlyMap<string, string | null>,
  matches: ReadonlyMap<string, AccountMatch>,
) {
  const keys = [...new Set([...canonical.values()].filter((k) => k !== null))]
  const partners =
    keys.length === 0
      ? []
      : await db
          .selectFrom('contacts')
          .select([
            'id',
            'email',
            'first_name',
            'last_name',
            'company_name',
            'account_id',
            'canonical_email',
            'data_quality_issues',
          ])
          .where('workspace_id', '=', ws)
          .where('canonical_email', 'in', keys)
          .execute()
  const counts = new Map<string, number>()
  for (const p of partners)
    if (p.canonical_email !== null)
      counts.set(p.canonical_email, (counts.get(p.canonical_email) ?? 0) + 1)

  const byId = new Map<
    string,
    Omit<
      CheckedContact,
      'website' | 'account_match_status' | 'account_match_method' | 'account_candidate_id'
    >
  >()
  for (const p of partners) byId.set(p.id, p)
  for (const c of contacts) {
    const match = matches.get(c.id)
    const accountId = match?.status === 'linked' ? match.accountId : c.account_id
    byId.set(c.id, { ...c, canonical_email: canonical.get(c.id) ?? null, account_id: accountId })
  }
  const updates: { id: string; issues: string[] }[] = []
  for (const contact of byId.values()) {
    const key = contact.canonical_email
    const duplicate = key !== null && (counts.get(key) ?? 0) > 1
    const issues = checkContactQuality(contact, { duplicate })
    if (issues.join(',') !== contact.data_quality_issues.join(','))
      updates.push({ id: contact.id, issues })
  }
  if (updates.length > 0)
    await sql`update contacts set data_quality_issues = array(
        select jsonb_array_elements_text(u.issues))
      from jsonb_to_recordset(${jsonb(updates)}) as u(id uuid, issues jsonb)
      where contacts.workspace_id = ${ws} and contacts.id = u.id`.execute(db)
}

function matchColumns(match: AccountMatch) {
  return {
    account_id: match.status === 'linked' ? match.accountId : null,
    account_candidate_id: match.status === 'review' ? match.candidateId : null,
    account_match_method: match.status === 'unmatched' ? null : match.method,
    account_match_confidence: match.status === 'unmatched' ? null : match.confidence,
    account_match_status: match.status,
  }
}

/** Lead-to-account matches for the contacts not linked yet, looked up in a few set queries. */
async function matchAccounts(
  db: Kysely<Database>,
  ws: string,
  contacts: readonly CheckedContact[],
): Promise<Map<string, AccountMatch>> {
  // A person's decision ('manual') is never overridden by automatic matching.
  const open = contacts.filter(
    (c) =>
      c.account_match_status !== 'linked' &&
      c.account_id === null &&
      c.account_match_method !== 'manual',
  )
  const matches = new Map<string, AccountMatch>()
  if (open.length === 0) return matches

  const facts = open.map((c) => {
    const parsed = c.email === null ? undefined : parseEmail(c.email)
    const emailDomain = parsed?.ok === true ? registrableDomain(parsed.domain) : undefined
    const company = c.company_name?.trim() || undefined
    return {
      contact: c,
      emailDomain,
      searchableEmailDomain:
        emailDomain !== undefined &&
        !isFreeMailDomain(emailDomain) &&
        !isDisposableDomain(emailDomain)
          ? emailDomain
          : undefined,
      company,
      normalizedName: company === undefined ? undefined : normalizeCompanyName(company),
      websiteDomain: c.website === null ? undefined : domainFromWebsite(c.website),
    }
  })

  const domains = [
    ...new Set(
      facts
        .flatMap((f) => [f.searchableEmailDomain, f.websiteDomain])
        .filter((d) => d !== undefined),
    ),
  ]
  const byDomain = new Map<string, AccountCandidate>()
  if (domains.length > 0) {
    const rows = await db
      .selectFrom('account_domains as d')
      .innerJoin('accounts as a', (j) =>
        j.onRef('a.workspace_id', '=', 'd.workspace_id').onRef('a.id', '=', 'd.account_id'),
      )
      .select(['d.domain', 'a.id', 'a.name'])
      .where('d.workspace_id', '=', ws)
      .where('d.domain', 'in', domains)
      .execute()
    for (const row of rows) byDomain.set(row.domain, { accountId: row.id, name: row.name })
  }

  const names = [
    ...new Set(
      facts.map((f) => f.normalizedName).filter((n): n is string => n !== undefined && n !== ''),
    ),
  ]
  const byName = new Map<string, AccountCandidate[]>()
  if (names.length > 0) {
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'name', 'normalized_name'])
      .where('workspace_id', '=', ws)
      .where('normalized_name', 'in', names)
      .execute()
    for (const row of rows) {
      const list = byName.get(row.normalized_name) ?? []
      list.push({ accountId: row.id, name: row.name })
      byName.set(row.normalized_name, list)
    }
  }

  // Fuzzy names only where nothing exact was found: trigram similarity, best first.
  const fuzzyNames = names.filter((n) => !byName.has(n))
  const byFuzzy = new Map<string, (AccountCandidate & { similarity: number })[]>()
  if (fuzzyNames.length > 0) {
    const rows = await sql<{ wanted: string; id: string; name: string; similarity: number }>`
      select w.name as wanted, a.id, a.name, a.similarity
      from unnest(${sql.val(fuzzyNames)}::text[]) as w(name)
      cross join lateral (
        select id, name, similarity(normalized_name, w.name)::float8 as similarity
        from accounts
        where workspace_id = ${ws} and normalized_name % w.name
        order by similarity desc, id
        limit 3
      ) a`.execute(db)
    for (const row of rows.rows) {
      const list = byFuzzy.get(row.wanted) ?? []
      list.push({ accountId: row.id, name: row.name, similarity: row.similarity })
      byFuzzy.set(row.wanted, list)
    }
  }

  for (const f of facts) {
    const evidence: MatchEvidence = {
      ...(f.emailDomain === undefined ? {} : { emailDomain: f.emailDomain }),
      ...(f.company === undefined ? {} : { companyName: f.company }),
      ...(f.websiteDomain === undefined ? {} : { websiteDomain: f.websiteDomain }),
      ...optional(
        'byEmailDomain',
        f.searchableEmailDomain && byDomain.get(f.searchableEmailDomain),
      ),
      ...optional('byExactName', f.normalizedName && byName.get(f.normalizedName)),
      ...optional('byFuzzyName', f.normalizedName && byFuzzy.get(f.normalizedName)),
      ...optional('byWebsite', f.websiteDomain && byDomain.get(f.websiteDomain)),
    }
    matches.set(f.contact.id, matchLeadToAccount(evidence))
  }
  return matches
}

function optional<K extends string, V>(key: K, value: V | '' | undefined): Partial<Record<K, V>> {
  return value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, V>)
}
