import { type Kysely, sql } from 'kysely'
import type { QualificationDefinition } from '../../domain/contracts/contract-schemas.ts'
import { parseContract, parseContractText } from '../../domain/contracts/parse-contract.ts'
import {
  type BacktestContact,
  type BacktestReport,
  createBacktest,
} from '../../domain/scoring/backtest.ts'
import type { Database } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import { activeContracts } from '../contracts.ts'
import { loadContactActivities, loadContactInputs } from './contact-scoring-inputs.ts'

// Replays a workspace's history under a proposed qualification definition and the active one.
// Reads people in batches by id, so memory stays flat however large the workspace.

export interface BacktestRequest {
  readonly workspaceId: string
  /** The proposed definition: a parsed document, or JSON or YAML text. */
  readonly document: unknown
  readonly batchSize?: number
  readonly examples?: number
  readonly onProgress?: (done: number, total: number) => void
}

export async function runBacktest(
  db: Kysely<Database>,
  request: BacktestRequest,
): Promise<BacktestReport> {
  const parsed =
    typeof request.document === 'string'
      ? parseContractText(request.document, 'qualification')
      : parseContract(request.document, 'qualification')
  if (!parsed.ok)
    throw new AppError(
      'validation_failed',
      'The proposed definition is not valid; fix these first.',
      {
        problems: parsed.problems,
      },
    )
  const ws = request.workspaceId
  const active = (await activeContracts(db, ws)).qualification
  const backtest = createBacktest(
    active === undefined ? null : { version: active.version, body: active.body },
    { version: null, body: parsed.contract as QualificationDefinition },
    request.examples === undefined ? {} : { examples: request.examples },
  )
  const total = await db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', ws)
    .executeTakeFirstOrThrow()
  const batchSize = request.batchSize ?? 1_000
  let after: string | undefined
  let done = 0
  for (;;) {
    let query = db
      .selectFrom('contacts')
      .select('id')
      .where('workspace_id', '=', ws)
      .orderBy('id')
      .limit(batchSize)
    if (after !== undefined) query = query.where('id', '>', after)
    const ids = (await query.execute()).map((r) => r.id)
    if (ids.length === 0) break
    const [inputs, activities, reached] = await Promise.all([
      loadContactInputs(db, ws, ids),
      loadContactActivities(db, ws, ids),
      laterStages(db, ws, ids),
    ])
    for (const input of inputs) {
      const contact: BacktestContact = {
        id: input.id,
        label: input.email ?? input.id,
        profile: input.profile,
        activities: activities.get(input.id) ?? [],
        reached: reached.get(input.id) ?? {},
      }
      backtest.add(contact)
    }
    done += ids.length
    request.onProgress?.(done, Math.max(total.n, done))
    after = ids[ids.length - 1]
    if (ids.length < batchSize) break
  }
  return backtest.report()
}

type Reached = { sal?: Date; sql?: Date; won?: Date }

/** When each person first reached SAL, SQL and won: stage history, and won opportunities. */
async function laterStages(
  db: Kysely<Database>,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<Map<string, Reached>> {
  const { rows } = await sql<{ contact_id: string; stage: 'sal' | 'sql' | 'won'; at: Date }>`
    select entity_id as contact_id, to_stage as stage, min(at) as at
    from stage_transitions
    where workspace_id = ${workspaceId} and funnel = 'lead' and to_stage in ('sal', 'sql', 'won')
      and entity_id = any(${contactIds}::uuid[])
    group by entity_id, to_stage
    union all
    select oc.contact_id, 'won', min(coalesce(o.closed_at, o.updated_at))
    from opportunity_contacts oc
    join opportunities o on o.workspace_id = oc.workspace_id and o.id = oc.opportunity_id
    where oc.workspace_id = ${workspaceId} and o.is_won and oc.contact_id = any(${contactIds}::uuid[])
    group by oc.contact_id`.execute(db)
  const reached = new Map<string, Reached>()
  for (const row of rows) {
    const entry = reached.get(row.contact_id) ?? {}
    const seen = entry[row.stage]
    if (seen === undefined || row.at < seen) entry[row.stage] = row.at
    reached.set(row.contact_id, entry)
  }
  return reached
}
