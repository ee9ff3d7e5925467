import { type Kysely, sql } from 'kysely'
import {
  DATA_QUALITY_ISSUES,
  type DataQualityIssue,
  describeDataQualityIssue,
} from '../domain/data-quality.ts'
import type { Contact, Database } from '../store/database.ts'
import { jsonb } from '../store/jsonb.ts'
import { AppError } from './app-error.ts'
import { refreshContacts } from './contact-checks.ts'

// What a person has to look at: leads held back by data-quality checks, and weak lead-to-account
// matches waiting for a decision.

export const MAX_PAGE_SIZE = 500

export interface Page<T> {
  readonly items: readonly T[]
  /** Pass as `after` to get the next page; absent on the last page. */
  readonly next?: string
}

export interface IssueCount {
  readonly issue: DataQualityIssue
  readonly description: string
  readonly leads: number
}

/** How many leads fail each check (a lead failing two checks counts under both). */
export async function countDataQualityIssues(
  db: Kysely<Database>,
  workspaceId: string,
): Promise<IssueCount[]> {
  const rows = await sql<{ issue: string; leads: number }>`
    select issue, count(*)::int as leads
    from contacts, unnest(data_quality_issues) as issue
    where workspace_id = ${workspaceId} and erased_at is null
    group by issue`.execute(db)
  const counts = new Map(rows.rows.map((r) => [r.issue, r.leads]))
  return DATA_QUALITY_ISSUES.map((issue) => ({
    issue,
    description: describeDataQualityIssue(issue),
    leads: counts.get(issue) ?? 0,
  }))
}

export function parseIssue(value: string): DataQualityIssue {
  if ((DATA_QUALITY_ISSUES as readonly string[]).includes(value)) return value as DataQualityIssue
  throw new AppError(
    'validation_failed',
    `Unknown data-quality check "${value}". Use one of: ${DATA_QUALITY_ISSUES.join(', ')}.`,
    { allowed: DATA_QUALITY_ISSUES },
  )
}

export interface PageRequest {
  readonly limit: number
  readonly after?: string
}

/** Leads failing `issue`, oldest id first, in pages. */
export async function listLeadsWithIssue(
  db: Kysely<Database>,
  workspaceId: string,
  issue: DataQualityIssue,
  page: PageRequest,
): Promise<Page<Contact>> {
  const limit = Math.min(Math.max(page.limit, 1), MAX_PAGE_SIZE)
  let query = db
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('erased_at', 'is', null)
    .where(sql<boolean>`data_quality_issues @> array[${issue}]::text[]`)
    .orderBy('id')
    .limit(limit + 1)
  if (page.after !== undefined) query = query.where('id', '>', page.after)
  const rows = await query.execute()
  return pageOf(rows, limit)
}

/** Contacts whose weak account match waits for a decision. */
export async function listMatchesToReview(
  db: Kysely<Database>,
  workspaceId: string,
  page: PageRequest,
): Promise<Page<Contact & { candidate_name: string | null }>> {
  const limit = Math.min(Math.max(page.limit, 1), MAX_PAGE_SIZE)
  let query = db
    .selectFrom('contacts as c')
    .leftJoin('accounts as a', (j) =>
      j.onRef('a.workspace_id', '=', 'c.workspace_id').onRef('a.id', '=', 'c.account_candidate_id'),
    )
    .selectAll('c')
    .select('a.name as candidate_name')
    .where('c.workspace_id', '=', workspaceId)
    .where('c.account_match_status', '=', 'review')
    .orderBy('c.id')
    .limit(limit + 1)
  if (page.after !== undefined) query = query.where('c.id', '>', page.after)
  return pageOf(await query.execute(), limit)
}

/** Who made a decision, for the audit log. */
export interface Actor {
  readonly type: 'user' | 'api_key'
  readonly id: string
}

export type MatchDecision =
  | { readonly decision: 'accept' }
  | { readonly decision: 'reject' }
  | { readonly decision: 'link'; readonly accountId: string }

/**
 * A person's decision on a contact's account: accept the proposed account, reject it, or link
 * another account by hand. Automatic matching never overrides a person's decision.
 */
export async function decideAccountMatch(
  db: Kysely<Database>,
  workspaceId: string,
  contactId: string,
  decision: MatchDecision,
  actor: Actor,
  now: Date,
): Promise<Contact> {
  return db.transaction().execute(async (trx) => {
    const contact = await trx
      .selectFrom('contacts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', contactId)
      .forUpdate()
      .executeTakeFirst()
    if (contact === undefined)
      throw new AppError('not_found', `No contact ${contactId} in this workspace.`)
    let accountId: string | null
    if (decision.decision === 'link') accountId = decision.accountId
    else if (decision.decision === 'accept') {
      if (contact.account_candidate_id === null)
        throw new AppError(
          'conflict',
          'This contact has no proposed account to accept. Link an account with {"decision":"link","accountId":"…"}.',
        )
      accountId = contact.account_candidate_id
    } else accountId = null
    if (accountId !== null) {
      const account = await trx
        .selectFrom('accounts')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', accountId)
        .executeTakeFirst()
      if (account === undefined)
        throw new AppError('not_found', `No account ${accountId} in this workspace.`)
    }
    await trx
      .updateTable('contacts')
      .set({
        account_id: accountId,
        account_candidate_id: null,
        // 'manual' marks a person's decision: automatic matching leaves this contact alone.
        account_match_method: 'manual',
        account_match_confidence: accountId === null ? null : 1,
        account_match_status: accountId === null ? 'unmatched' : 'linked',
        updated_at: now,
      })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', contactId)
      .execute()
    await trx
      .insertInto('audit_log')
      .values({
        workspace_id: workspaceId,
        at: now,
        actor_type: actor.type,
        actor_id: actor.id,
        action: `contact.account_match.${decision.decision}`,
        entity_type: 'contact',
        entity_id: contactId,
        details: jsonb({ accountId, proposed: contact.account_candidate_id }),
      })
      .execute()
    if (accountId !== null) await refreshContacts(trx, workspaceId, [contactId])
    return (await trx
      .selectFrom('contacts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow()) as Contact
  })
}

function pageOf<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  if (rows.length <= limit) return { items: rows }
  const items = rows.slice(0, limit)
  return { items, next: items[items.length - 1]?.id as string }
}
