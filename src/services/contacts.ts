import { type Kysely, sql } from 'kysely'
import type { Contact, Database } from '../store/database.ts'
import { AppError } from './app-error.ts'

/**
 * One contact of the workspace. A contact merged into another is found as the one it became, so
 * links people saved before a merge keep working.
 */
export async function getContact(
  db: Kysely<Database>,
  workspaceId: string,
  contactId: string,
): Promise<Contact> {
  const contact = await db
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', contactId)
    .where('erased_at', 'is', null)
    .executeTakeFirst()
  if (contact !== undefined) return contact
  const merge = await db
    .selectFrom('audit_log')
    .select('entity_id')
    .where('workspace_id', '=', workspaceId)
    .where('action', '=', 'contact.merged')
    .where(sql<boolean>`details->>'mergedContactId' = ${contactId}`)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (merge?.entity_id != null && merge.entity_id !== contactId)
    return getContact(db, workspaceId, merge.entity_id)
  throw new AppError('not_found', `No contact ${contactId} in this workspace.`)
}
