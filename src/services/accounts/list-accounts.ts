import { type Kysely, sql } from 'kysely'
import { normalizeCompanyName } from '../../domain/company-name.ts'
import type { AccountStage, BuyingStage, Database } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import type { Page, PageRequest } from '../lead-review.ts'
import { pageLimit } from '../newest-first-page.ts'

// The accounts of a workspace as people look for them: by name or web domain, narrowed to an
// ICP tier or an account stage, the most engaged first (then by name), page by page.

export interface AccountFilter {
  /** Part of the account's name, or of one of its web domains. */
  readonly q?: string
  /** 1, 2 or 3; `none` for accounts not scored under an ICP yet. */
  readonly tier?: 1 | 2 | 3 | 'none'
  /** An account stage; `none` for accounts not in the account funnel yet. */
  readonly stage?: AccountStage | 'none'
  readonly page: PageRequest
}

export interface AccountSummary {
  readonly id: string
  readonly name: string
  readonly domain: string | null
  readonly industry: string | null
  readonly employees: number | null
  readonly icpTier: 1 | 2 | 3 | null
  readonly stage: AccountStage | null
  readonly buyingStage: BuyingStage | null
  readonly engagementScore: number
  readonly momentum: number | null
  readonly ownerName: string | null
}

export async function listAccounts(
  db: Kysely<Database>,
  workspaceId: string,
  filter: AccountFilter,
): Promise<Page<AccountSummary>> {
  const limit = pageLimit(filter.page)
  let query = db
    .selectFrom('accounts as a')
    .leftJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'a.workspace_id').onRef('u.id', '=', 'a.owner_id'),
    )
    .select([
      'a.id',
      'a.name',
      'a.domain',
      'a.industry',
      'a.employees',
      'a.icp_tier',
      'a.stage',
      'a.buying_stage',
      'a.engagement_score',
      'a.momentum',
      'u.name as owner_name',
    ])
    .where('a.workspace_id', '=', workspaceId)
  const search = searchTerms(filter.q)
  if (search !== undefined)
    query = query.where(
      sql<boolean>`(a.normalized_name like ${`%${search.name}%`}
        or a.domain like ${`%${search.domain}%`}
        or exists (select 1 from account_domains d where d.workspace_id = a.workspace_id
          and d.account_id = a.id and d.domain like ${`%${search.domain}%`}))`,
    )
  if (filter.tier !== undefined)
    query =
      filter.tier === 'none'
        ? query.where('a.icp_tier', 'is', null)
        : query.where('a.icp_tier', '=', filter.tier)
  if (filter.stage !== undefined)
    query =
      filter.stage === 'none'
        ? query.where('a.stage', 'is', null)
        : query.where('a.stage', '=', filter.stage)
  if (filter.page.after !== undefined) {
    const anchor = await db
      .selectFrom('accounts')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', filter.page.after)
      .executeTakeFirst()
    if (anchor === undefined)
      throw new AppError(
        'validation_failed',
        `after=${filter.page.after} names no account of this workspace: pass the "next" of the previous page, or leave it out for the first page.`,
      )
    // The order below as one row comparison: the engagement negated sorts most engaged first.
    query = query.where(
      sql<boolean>`(-a.engagement_score, a.normalized_name, a.id) >
        (select -p.engagement_score, p.normalized_name, p.id from accounts p
          where p.workspace_id = ${workspaceId} and p.id = ${anchor.id})`,
    )
  }
  const rows = await query
    .orderBy('a.engagement_score', 'desc')
    .orderBy('a.normalized_name')
    .orderBy('a.id')
    .limit(limit + 1)
    .execute()
  const items = rows.slice(0, limit).map(
    (r): AccountSummary => ({
      id: r.id,
      name: r.name,
      domain: r.domain,
      industry: r.industry,
      employees: r.employees,
      icpTier: r.icp_tier,
      stage: r.stage,
      buyingStage: r.buying_stage,
      engagementScore: Number(r.engagement_score),
      momentum: r.momentum === null ? null : Number(r.momentum),
      ownerName: r.owner_name,
    }),
  )
  const last = items[items.length - 1]
  return rows.length > limit && last !== undefined ? { items, next: last.id } : { items }
}

/**
 * What a search matches: the name as names are kept (lower case, no punctuation or legal
 * suffix), the domain as domains are. Both keep only letters, digits and a few separators, so
 * neither can carry a LIKE wildcard; a search with none of them finds every account.
 */
function searchTerms(q: string | undefined): { name: string; domain: string } | undefined {
  const name = normalizeCompanyName(q ?? '')
  const domain = (q ?? '').toLowerCase().replace(/[^a-z0-9.-]+/g, '')
  if (name === '' && domain === '') return undefined
  return { name: name === '' ? domain : name, domain: domain === '' ? name : domain }
}
