import { randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { normalizeCompanyName } from '../domain/company-name.ts'
import { type AccountPatch, accountPatchFromGroupTraits } from '../domain/contact-traits.ts'
import { domainFromWebsite } from '../domain/web-domain.ts'
import type { Database } from '../store/database.ts'

/** Segment `group` calls name an account by its groupId; the id is kept under this source. */
export const SEGMENT_GROUP_SOURCE = 'segment'

export interface GroupCall {
  readonly workspaceId: string
  readonly groupId: string
  readonly traits: Record<string, unknown>
  readonly at: Date
}

/**
 * The account a `group` call names: the one already known by its groupId, else the one that owns
 * the traits' domain, else the one with exactly that normalised name, else a new account. The
 * traits the call carries update the account.
 */
export interface GroupAccount {
  readonly accountId: string
  /** The account is new, or the call changed what it says about the company (its fit). */
  readonly described: boolean
}

export async function resolveGroupAccount(
  trx: Kysely<Database>,
  call: GroupCall,
): Promise<GroupAccount> {
  const ws = call.workspaceId
  const patch = accountPatchFromGroupTraits(call.traits)
  const domain =
    patch.domain ?? (patch.website === undefined ? undefined : domainFromWebsite(patch.website))

  const known = await trx
    .selectFrom('external_ids')
    .select('entity_id')
    .where('workspace_id', '=', ws)
    .where('entity_type', '=', 'account')
    .where('source', '=', SEGMENT_GROUP_SOURCE)
    .where('external_id', '=', call.groupId)
    .executeTakeFirst()
  let accountId = known?.entity_id ?? (await findAccountFor(trx, ws, domain, patch.name))
  let described = false

  if (accountId === undefined) {
    described = true
    accountId = randomUUID()
    const name = patch.name ?? call.groupId
    await trx
      .insertInto('accounts')
      .values({
        workspace_id: ws,
        id: accountId,
        ...columnsOf(patch),
        name,
        normalized_name: normalizeCompanyName(name),
        domain: domain ?? null,
        created_at: call.at,
        updated_at: call.at,
      })
      .execute()
  } else if (Object.keys(columnsOf(patch)).length > 0) {
    const columns = columnsOf(patch)
    // Many sites send the same group call on every page: only a real change is written.
    const updated = await trx
      .updateTable('accounts')
      .set({
        ...columns,
        ...(columns.name === undefined
          ? {}
          : { normalized_name: normalizeCompanyName(columns.name) }),
        updated_at: call.at,
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', accountId)
      .where((eb) =>
        eb.or(
          Object.entries(columns).map(([column, value]) =>
            eb(sql.ref(column), 'is distinct from', value),
          ),
        ),
      )
      .returning('id')
      .executeTakeFirst()
    described = updated !== undefined
  }

  if (known === undefined)
    await trx
      .insertInto('external_ids')
      .values({
        workspace_id: ws,
        entity_type: 'account',
        source: SEGMENT_GROUP_SOURCE,
        external_id: call.groupId,
        entity_id: accountId,
      })
      .onConflict((c) => c.doNothing())
      .execute()
  if (domain !== undefined)
    await trx
      .insertInto('account_domains')
      .values({ workspace_id: ws, domain, account_id: accountId })
      .onConflict((c) => c.doNothing())
      .execute()
  return { accountId, described }
}

async function findAccountFor(
  trx: Kysely<Database>,
  ws: string,
  domain: string | undefined,
  name: string | undefined,
): Promise<string | undefined> {
  if (domain !== undefined) {
    const byDomain = await trx
      .selectFrom('account_domains')
      .select('account_id')
      .where('workspace_id', '=', ws)
      .where('domain', '=', domain)
      .executeTakeFirst()
    if (byDomain !== undefined) return byDomain.account_id
  }
  if (name === undefined) return undefined
  const byName = await trx
    .selectFrom('accounts')
    .select('id')
    .where('workspace_id', '=', ws)
    .where('normalized_name', '=', normalizeCompanyName(name))
    .limit(2)
    .execute()
  return byName.length === 1 ? byName[0]?.id : undefined
}

/** The account columns a patch sets (its domain is kept in account_domains as well). */
function columnsOf(patch: AccountPatch): Omit<AccountPatch, 'domain'> {
  const { domain: _domain, ...columns } = patch
  return columns
}
