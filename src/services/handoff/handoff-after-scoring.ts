import type { Kysely } from 'kysely'
import type { DataQualityIssue } from '../../domain/data-quality.ts'
import { decideHandoff } from '../../domain/lifecycle/handoff-decision.ts'
import type { LeadStage } from '../../domain/lifecycle/lead-funnel.ts'
import { type AccountScoreState, readAccountScore } from '../../domain/scoring/account-score.ts'
import { type ContactScoreState, readContactScore } from '../../domain/scoring/contact-score.ts'
import type { Database } from '../../store/database.ts'
import type { ActiveContracts } from '../contracts.ts'
import { moveAccount, moveLeads } from '../lifecycle/move-stage.ts'
import { handOff } from './hand-off.ts'
import { routeContact } from './route-lead.ts'

// Scores move people and accounts along the funnels by rule: a clean inquiry becomes a lead, an
// MQL is handed to an owner, a demo or trial request starts an explore conversation, and an
// account whose engagement crosses the threshold becomes engaged. Runs in the transaction that
// scored them, so a score and the handoff it causes are never apart.

const GRADE_ORDER = { A: 0, B: 1, C: 2, D: 3 } as const

export interface HandoffCounts {
  readonly handoffs: number
  readonly moves: number
}

/** Applies what the latest scores of these contacts and accounts mean for the funnels. */
export async function handOffAfterScoring(
  trx: Kysely<Database>,
  workspaceId: string,
  scored: { readonly contactIds: readonly string[]; readonly accountIds: readonly string[] },
  contracts: ActiveContracts,
  now: Date,
): Promise<HandoffCounts> {
  let handoffs = 0
  let moved = 0
  const qualification = contracts.qualification
  if (qualification !== undefined && scored.contactIds.length > 0) {
    const rule = { type: 'rule' as const, id: `qualification@${qualification.version}` }
    const rows = await trx
      .selectFrom('contacts as c')
      .select((eb) => [
        'c.id',
        'c.lifecycle_stage',
        'c.lifecycle_stage_changed_at',
        'c.score_state',
        'c.data_quality_issues',
        eb
          .selectFrom('assignments as a')
          .select((e) => e.fn.jsonAgg('a.kind').as('kinds'))
          .whereRef('a.workspace_id', '=', 'c.workspace_id')
          .where('a.entity_type', '=', 'contact')
          .whereRef('a.entity_id', '=', 'c.id')
          .where('a.status', 'in', ['pending', 'accepted'])
          .as('open_kinds'),
        eb
          .selectFrom('assignments as a')
          .select((e) => e.fn.max('a.assigned_at').as('at'))
          .whereRef('a.workspace_id', '=', 'c.workspace_id')
          .where('a.entity_type', '=', 'contact')
          .whereRef('a.entity_id', '=', 'c.id')
          .where('a.kind', '=', 'explore')
          .as('last_explore_at'),
      ])
      .where('c.workspace_id', '=', workspaceId)
      .where('c.id', 'in', scored.contactIds)
      .where('c.lifecycle_stage', 'not in', ['disqualified', 'won', 'sal', 'sql', 'opportunity'])
      .where('c.score_state', 'is not', null)
      .where('c.erased_at', 'is', null)
      .execute()
    const moves: Parameters<typeof moveLeads>[2][number][] = []
    const handoffsToMake: { contactId: string; kind: 'mql' | 'explore'; retry: boolean }[] = []
    for (const c of rows) {
      const score = readContactScore(
        qualification.body,
        c.score_state as unknown as ContactScoreState,
        c.data_quality_issues as DataQualityIssue[],
        now,
      )
      const openKinds = (c.open_kinds ?? []) as ('mql' | 'explore' | 'account' | 'manual')[]
      const decision = decideHandoff(
        {
          stage: c.lifecycle_stage as LeadStage,
          stageChangedAt: c.lifecycle_stage_changed_at,
          mql: score.mql,
          exploring: score.exploring,
          exploredAt: score.exploredAt === null ? null : new Date(score.exploredAt),
          handoffBlockedBy: score.handoffBlockedBy,
          openAssignments: openKinds,
          lastExploreHandoffAt:
            c.last_explore_at === null ? null : new Date(c.last_explore_at as unknown as string),
          requalifyAfterDays: contracts.routing?.body.recycle.requalifyAfterDays ?? 30,
        },
        now,
      )
      const routing = contracts.routing
      let handoff = decision.handoff
      if (handoff !== null && routing !== undefined) {
        // The motion that would take the lead sets the bar for handing it over.
        const route = await routeContact(trx, workspaceId, c.id, routing.body, {
          now,
          dryRun: true,
        })
        const policy = routing.body.motions[route.motion].handoff
        if (handoff === 'mql' && GRADE_ORDER[score.fit.grade] > GRADE_ORDER[policy.minGrade])
          handoff = null
        if (handoff === 'explore' && !policy.explore) handoff = null
      }
      const moveTo =
        decision.moveTo === 'mql' && handoff === null && routing !== undefined
          ? c.lifecycle_stage === 'inquiry'
            ? 'lead'
            : null
          : decision.moveTo
      if (moveTo !== null && moveTo !== c.lifecycle_stage)
        moves.push({
          contactId: c.id,
          from: c.lifecycle_stage as LeadStage,
          to: moveTo,
          actor: rule,
          at: now,
          reasonCode: moveTo === 'mql' ? score.cell : null,
          reason: moveTo === 'mql' ? score.mqlReason : decision.reason,
        })
      if (handoff !== null && routing !== undefined)
        handoffsToMake.push({
          contactId: c.id,
          kind: handoff,
          retry: c.lifecycle_stage === 'mql' && handoff === 'mql',
        })
    }
    await moveLeads(trx, workspaceId, moves)
    moved += moves.length
    for (const h of handoffsToMake) {
      const outcome = await handOff(trx, {
        workspaceId,
        contactId: h.contactId,
        kind: h.kind,
        routing: contracts.routing as NonNullable<typeof contracts.routing>,
        at: now,
        // An MQL nobody could take is routed again on the person's next activity; it is
        // audited the first time only.
        quietIfUnrouted: h.retry,
        ...(await exploreOwner(trx, workspaceId, h.contactId, h.kind)),
      })
      if (outcome.kind === 'assigned') handoffs += 1
    }
  }
  const icp = contracts.icp
  if (icp !== undefined && scored.accountIds.length > 0) {
    const rows = await trx
      .selectFrom('accounts')
      .select(['id', 'stage', 'score_state'])
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', scored.accountIds)
      .where((eb) => eb.or([eb('stage', 'is', null), eb('stage', '=', 'target')]))
      .where('score_state', 'is not', null)
      .execute()
    for (const a of rows) {
      const score = readAccountScore(a.score_state as unknown as AccountScoreState, now)
      if (!score.engagement.engaged) continue
      await moveAccount(trx, workspaceId, a.id, {
        to: 'engaged',
        actor: { type: 'rule', id: `icp@${icp.version}` },
        at: now,
        reasonCode: 'engaged_threshold',
        reason:
          `Engagement ${score.engagement.points} reached the engaged threshold ` +
          `${score.engagement.threshold}`,
      })
      moved += 1
    }
  }
  return { handoffs, moves: moved }
}

/** An MQL of someone already in an explore conversation stays with that conversation's owner. */
async function exploreOwner(
  trx: Kysely<Database>,
  workspaceId: string,
  contactId: string,
  handoff: 'mql' | 'explore',
): Promise<{ ownerId?: string; ownerReason?: string }> {
  if (handoff !== 'mql') return {}
  const open = await trx
    .selectFrom('assignments as a')
    .innerJoin('users as u', (j) =>
      j.onRef('u.workspace_id', '=', 'a.workspace_id').onRef('u.id', '=', 'a.owner_id'),
    )
    .select(['a.owner_id', 'u.name'])
    .where('a.workspace_id', '=', workspaceId)
    .where('a.entity_type', '=', 'contact')
    .where('a.entity_id', '=', contactId)
    .where('a.kind', '=', 'explore')
    .where('a.status', 'in', ['pending', 'accepted'])
    .executeTakeFirst()
  return open === undefined
    ? {}
    : {
        ownerId: open.owner_id,
        ownerReason: `${open.name} already has them in an explore conversation`,
      }
}
