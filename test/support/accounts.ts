import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { normalizeCompanyName } from '../../src/domain/company-name.ts'
import type { Database } from '../../src/store/database.ts'

export interface AccountFacts {
  readonly name: string
  /** People writing from this domain are matched to the account as they identify themselves. */
  readonly domain: string
  readonly industry?: string
  readonly employees?: number
  readonly country?: string
}

/**
 * An account as an import leaves it: firmographics and its web domain, not scored yet. The
 * active ICP scores it when its people's first activity arrives (the example ICP puts a
 * Software company of 200 to 10,000 people in the United States in tier 1).
 */
export async function addAccount(
  db: Kysely<Database>,
  workspaceId: string,
  facts: AccountFacts,
): Promise<string> {
  const id = randomUUID()
  await db
    .insertInto('accounts')
    .values({
      workspace_id: workspaceId,
      id,
      name: facts.name,
      normalized_name: normalizeCompanyName(facts.name),
      domain: facts.domain,
      industry: facts.industry ?? null,
      employees: facts.employees ?? null,
      country: facts.country ?? null,
    })
    .execute()
  await db
    .insertInto('account_domains')
    .values({ workspace_id: workspaceId, domain: facts.domain, account_id: id })
    .execute()
  return id
}
