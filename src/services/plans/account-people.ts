import { type Kysely, sql } from 'kysely'
import { contactName } from '../../domain/contact-name.ts'
import { type BuyingRole, buyingRoleOf } from '../../domain/plans/buying-roles.ts'
import type { Database } from '../../store/database.ts'

// The people known at an account, with their buying role (named on an opportunity, or guessed
// from their title) and their last activity within a window, for plans and recommendations.

export interface AccountPerson {
  readonly contactId: string
  readonly name: string
  readonly title: string | null
  readonly role: BuyingRole
  readonly roleReason: string
  /** Their latest activity inside the window; null when they did nothing in it. */
  readonly lastActivityAt: Date | null
}

/**
 * The role a rep named contact `c` in on one of its account's opportunities (the primary one,
 * then the latest), or null: the first evidence buyingRoleOf weighs.
 */
export const opportunityRole = sql<string | null>`(select oc.role from opportunity_contacts oc
  join opportunities o on o.workspace_id = oc.workspace_id and o.id = oc.opportunity_id
  where oc.workspace_id = c.workspace_id and oc.contact_id = c.id and o.account_id = c.account_id
  order by oc.is_primary desc, o.created_at desc limit 1)`

export async function accountPeople(
  db: Kysely<Database>,
  workspaceId: string,
  accountId: string,
  window: { readonly from: Date; readonly to: Date },
): Promise<AccountPerson[]> {
  const { rows } = await sql<{
    id: string
    first_name: string | null
    last_name: string | null
    email: string | null
    title: string | null
    seniority: string | null
    department: string | null
    opportunity_role: string | null
    last_activity_at: Date | null
  }>`
    select c.id, c.first_name, c.last_name, c.email, c.title, c.seniority, c.department,
      ${opportunityRole} as opportunity_role,
      (select max(a.occurred_at) from activities a
        where a.workspace_id = c.workspace_id and a.contact_id = c.id
          and a.occurred_at >= ${window.from} and a.occurred_at < ${window.to}) as last_activity_at
    from contacts c
    where c.workspace_id = ${workspaceId} and c.account_id = ${accountId} and c.erased_at is null
    order by c.created_at, c.id`.execute(db)
  return rows.map((r) => {
    const { role, reason } = buyingRoleOf({
      opportunityRole: r.opportunity_role,
      seniority: r.seniority,
      department: r.department,
    })
    return {
      contactId: r.id,
      name: contactName(r),
      title: r.title,
      role,
      roleReason: reason,
      lastActivityAt: r.last_activity_at,
    }
  })
}
