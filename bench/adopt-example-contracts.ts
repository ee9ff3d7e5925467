import type { Kysely } from 'kysely'
import { adoptContract } from '../src/services/contracts.ts'
import {
  exampleIdealCustomerProfile,
  exampleQualificationDefinition,
} from '../src/services/scoring/example-contracts.ts'
import { addUser } from '../src/services/users.ts'
import type { Database } from '../src/store/database.ts'

/**
 * A benchmark workspace scores as one with active contracts does: a marketing and a sales user
 * approve the example contracts, which become active.
 */
export async function adoptExampleContracts(
  db: Kysely<Database>,
  workspaceId: string,
  at: Date,
): Promise<void> {
  const marketing = await addUser(db, {
    workspaceId,
    email: 'marketing@bench.example',
    name: 'marketing',
    role: 'marketing',
  })
  const sales = await addUser(db, {
    workspaceId,
    email: 'sales@bench.example',
    name: 'sales',
    role: 'sales',
  })
  for (const document of [exampleQualificationDefinition(), exampleIdealCustomerProfile()])
    await adoptContract(db, {
      workspaceId,
      document,
      marketingUserId: marketing.id,
      salesUserId: sales.id,
      at,
    })
}
