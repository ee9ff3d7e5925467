import type { DataQualityIssue } from '../data-quality.ts'
import type { LeadStage } from './lead-funnel.ts'

// When scores move a person along the lead funnel and hand them to sales (seeds 001 and 003):
// an MQL goes to an owner for acceptance; a demo or trial request goes to an owner for an
// explore conversation, which is not an MQL and does not stop marketing's nurture.

export interface LeadSituation {
  readonly stage: LeadStage
  readonly stageChangedAt: Date | null
  readonly mql: boolean
  readonly exploredAt: Date | null
  readonly exploring: boolean
  readonly handoffBlockedBy: readonly DataQualityIssue[]
  /** Kinds of the person's assignments still pending or accepted. */
  readonly openAssignments: readonly ('mql' | 'explore' | 'account' | 'manual')[]
  /** When the latest explore handoff of this person was made, if any. */
  readonly lastExploreHandoffAt: Date | null
  /** When a lead may qualify again after being recycled (from the routing rules). */
  readonly requalifyAfterDays: number
}

export interface HandoffDecision {
  /** The stage the person moves to, if any. */
  readonly moveTo: 'lead' | 'mql' | null
  /** The handoff to start, if any. */
  readonly handoff: 'mql' | 'explore' | null
  readonly reason: string
}

const DAY_MS = 86_400_000
const NOTHING = (reason: string): HandoffDecision => ({ moveTo: null, handoff: null, reason })

/** What the latest scores mean for a person's stage and handoff. */
export function decideHandoff(s: LeadSituation, now: Date): HandoffDecision {
  if (s.stage === 'disqualified' || s.stage === 'won') return NOTHING(`The lead is ${s.stage}`)
  if (s.handoffBlockedBy.length > 0)
    return NOTHING(`Held back from sales until fixed: ${s.handoffBlockedBy.join(', ')}`)
  const withOwner = s.openAssignments.includes('mql') || s.openAssignments.includes('manual')
  if (s.mql && canQualify(s, now) && !withOwner)
    return { moveTo: 'mql', handoff: 'mql', reason: 'Qualified as an MQL' }
  const freshExplore =
    s.exploring &&
    s.exploredAt !== null &&
    (s.lastExploreHandoffAt === null || s.exploredAt > s.lastExploreHandoffAt)
  if (freshExplore && !withOwner && !s.openAssignments.includes('explore'))
    return {
      moveTo: s.stage === 'inquiry' ? 'lead' : null,
      handoff: 'explore',
      reason: 'Asked for a demo or trial: an explore conversation, while nurture goes on',
    }
  if (s.stage === 'inquiry') return { moveTo: 'lead', handoff: null, reason: 'A workable lead' }
  return NOTHING('Nothing changes')
}

function canQualify(s: LeadSituation, now: Date): boolean {
  // An MQL nobody could take yet (no one available in the team) is routed again.
  if (s.stage === 'inquiry' || s.stage === 'lead' || s.stage === 'mql') return true
  if (s.stage !== 'recycled') return false
  const since = s.stageChangedAt?.getTime() ?? 0
  const waited = now.getTime() - since >= s.requalifyAfterDays * DAY_MS
  // A new demo or trial request after recycling is a new reason to talk, whatever the wait.
  const newSignal = s.exploredAt !== null && s.exploredAt.getTime() > since
  return waited || newSignal
}
