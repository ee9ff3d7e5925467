import { randomUUID } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { ACCOUNT_FUNNEL, type AccountStage } from '../../domain/lifecycle/account-funnel.ts'
import { LEAD_FUNNEL, type LeadStage } from '../../domain/lifecycle/lead-funnel.ts'
import { checkTransition, type StageMachine } from '../../domain/lifecycle/stage-machine.ts'
import type { Database, StageTransitionsTable } from '../../store/database.ts'
import { jsonb } from '../../store/jsonb.ts'
import { AppError } from '../app-error.ts'

// Every stage change goes through here: checked against the funnel's declared moves, written to
// the entity and to its history in one step. The history is what analytics read.

export interface StageActor {
  readonly type: Exclude<StageTransitionsTable['actor_type'], 'import'>
  /** A user id, a rule such as "qualification@3", or the system step that moved it. */
  readonly id: string | null
}

export interface StageMove<S extends string> {
  readonly to: S
  readonly actor: StageActor
  readonly at: Date
  readonly reasonCode?: string | null
  readonly reason?: string | null
  /** Why the actor may not move it out of the stage it is in, if so (the side holding it moves it). */
  readonly refuse?: (from: S | null) => string | undefined
}

export interface StageMoved<S extends string> {
  readonly from: S | null
  readonly to: S
}

/** Moves a contact along the lead funnel, or refuses with the moves that are allowed. */
export function moveLead(
  trx: Kysely<Database>,
  workspaceId: string,
  contactId: string,
  move: StageMove<LeadStage>,
): Promise<StageMoved<LeadStage>> {
  return moveAlong(trx, workspaceId, FUNNELS.lead, contactId, move)
}

/** Moves an account along the account funnel, or refuses with the moves that are allowed. */
export function moveAccount(
  trx: Kysely<Database>,
  workspaceId: string,
  accountId: string,
  move: StageMove<AccountStage>,
): Promise<StageMoved<AccountStage>> {
  return moveAlong(trx, workspaceId, FUNNELS.account, accountId, move)
}

/** Where each funnel keeps its entities' stages. */
interface FunnelTable<S extends string> {
  readonly machine: StageMachine<S>
  readonly table: 'contacts' | 'accounts'
  readonly stageColumn: string
  readonly changedAtColumn: string
  readonly noun: string
}

const FUNNELS = {
  lead: {
    machine: LEAD_FUNNEL,
    table: 'contacts',
    stageColumn: 'lifecycle_stage',
    changedAtColumn: 'lifecycle_stage_changed_at',
    noun: 'contact',
  } satisfies FunnelTable<LeadStage>,
  account: {
    machine: ACCOUNT_FUNNEL,
    table: 'accounts',
    stageColumn: 'stage',
    changedAtColumn: 'stage_changed_at',
    noun: 'account',
  } satisfies FunnelTable<AccountStage>,
} as const

async function moveAlong<S extends string>(
  trx: Kysely<Database>,
  workspaceId: string,
  funnel: FunnelTable<S>,
  id: string,
  move: StageMove<S>,
): Promise<StageMoved<S>> {
  const stage = sql.ref(funnel.stageColumn)
  // An erased contact is gone for good; accounts are never erased.
  const live = funnel.table === 'contacts' ? sql`and erased_at is null` : sql``
  const row = await sql<{ stage: S | null }>`
    select ${stage} as stage from ${sql.table(funnel.table)}
    where workspace_id = ${workspaceId} and id = ${id} ${live}
    for update`.execute(trx)
  const current = row.rows[0]
  if (current === undefined) throw new AppError('not_found', `There is no ${funnel.noun} ${id}.`)
  const from = current.stage
  const refused = move.refuse?.(from)
  if (refused !== undefined) throw new AppError('forbidden', refused, { from })
  assertMove(funnel.machine, from, move.to)
  await sql`
    update ${sql.table(funnel.table)}
    set ${stage} = ${move.to}, ${sql.ref(funnel.changedAtColumn)} = ${move.at}, updated_at = ${move.at}
    where workspace_id = ${workspaceId} and id = ${id}`.execute(trx)
  await recordTransition(trx, workspaceId, funnel.machine.funnel, id, from, move)
  return { from, to: move.to }
}

/** Moves many contacts at once whose current stages the caller read in this transaction. */
export async function moveLeads(
  trx: Kysely<Database>,
  workspaceId: string,
  moves: readonly (StageMove<LeadStage> & {
    readonly contactId: string
    readonly from: LeadStage
  })[],
): Promise<void> {
  if (moves.length === 0) return
  for (const move of moves) assertMove(LEAD_FUNNEL, move.from, move.to)
  const rows = moves.map((m) => ({ id: m.contactId, stage: m.to, at: m.at.toISOString() }))
  await sql`
    update contacts c set lifecycle_stage = m.stage, lifecycle_stage_changed_at = m.at,
      updated_at = m.at
    from jsonb_to_recordset(${jsonb(rows)}::jsonb) as m(id uuid, stage text, at timestamptz)
    where c.workspace_id = ${workspaceId} and c.id = m.id`.execute(trx)
  await trx
    .insertInto('stage_transitions')
    .values(
      moves.map((m) => ({
        workspace_id: workspaceId,
        id: randomUUID(),
        funnel: 'lead' as const,
        entity_id: m.contactId,
        from_stage: m.from,
        to_stage: m.to,
        at: m.at,
        actor_type: m.actor.type,
        actor_id: m.actor.id,
        reason_code: m.reasonCode ?? null,
        reason: m.reason ?? null,
      })),
    )
    .execute()
}

function assertMove<S extends string>(machine: StageMachine<S>, from: S | null, to: string): void {
  const check = checkTransition(machine, from, to)
  if (!check.ok) throw new AppError('conflict', check.message, { from, to, allowed: check.allowed })
}

async function recordTransition(
  trx: Kysely<Database>,
  workspaceId: string,
  funnel: 'lead' | 'account',
  entityId: string,
  from: string | null,
  move: Omit<StageMove<string>, 'refuse'>,
): Promise<void> {
  await trx
    .insertInto('stage_transitions')
    .values({
      workspace_id: workspaceId,
      id: randomUUID(),
      funnel,
      entity_id: entityId,
      from_stage: from,
      to_stage: move.to,
      at: move.at,
      actor_type: move.actor.type,
      actor_id: move.actor.id,
      reason_code: move.reasonCode ?? null,
      reason: move.reason ?? null,
    })
    .execute()
}
