import type { Kysely } from 'kysely'
import type { QualificationDefinition } from '../../domain/contracts/contract-schemas.ts'
import type { DataQualityIssue } from '../../domain/data-quality.ts'
import {
  type AccountScore,
  type AccountScoreState,
  readAccountScore,
} from '../../domain/scoring/account-score.ts'
import {
  type ContactScore,
  type ContactScoreState,
  readContactScore,
} from '../../domain/scoring/contact-score.ts'
import type { Database } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import { getContact } from '../contacts.ts'
import { contractByVersion } from '../contracts.ts'

// A score as of now, with every reason: the rule, its points, its decayed value and the contract
// version that produced it (DESIGN.md rule 7: every number can be explained).

export async function explainContactScore(
  db: Kysely<Database>,
  workspaceId: string,
  contactId: string,
  now: Date,
): Promise<{ contactId: string; email: string | null; score: ContactScore }> {
  const contact = await getContact(db, workspaceId, contactId)
  if (contact.score_state === null) throw notScored('contact', 'qualification')
  const state = contact.score_state as unknown as ContactScoreState
  const contract = await contractByVersion(db, workspaceId, 'qualification', state.version)
  if (contract === undefined) throw notScored('contact', 'qualification')
  return {
    contactId: contact.id,
    email: contact.email,
    score: readContactScore(
      contract.body as QualificationDefinition,
      state,
      contact.data_quality_issues as DataQualityIssue[],
      now,
    ),
  }
}

export async function explainAccountScore(
  db: Kysely<Database>,
  workspaceId: string,
  accountId: string,
  now: Date,
): Promise<{ accountId: string; name: string; score: AccountScore }> {
  const row = /^[0-9a-f-]{36}$/i.test(accountId)
    ? await db
        .selectFrom('accounts')
        .select(['id', 'name', 'score_state'])
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', accountId)
        .executeTakeFirst()
    : undefined
  if (row === undefined) throw new AppError('not_found', `There is no account ${accountId}.`)
  if (row.score_state === null) throw notScored('account', 'icp')
  return {
    accountId: row.id,
    name: row.name,
    score: readAccountScore(row.score_state as unknown as AccountScoreState, now),
  }
}

function notScored(what: string, kind: string): AppError {
  return new AppError(
    'not_found',
    `This ${what} has no score yet: scores come from the active ${kind} contract. Draft one, have marketing and sales approve it, and activate it (POST /v1/contracts).`,
  )
}
