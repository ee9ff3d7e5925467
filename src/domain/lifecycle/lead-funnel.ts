import type { StageMachine } from './stage-machine.ts'

// The demand-generation funnel (DESIGN.md glossary). Recycled and disqualified are side exits:
// a recycled lead goes back to nurture and may qualify again; a disqualified one never does.

export const LEAD_STAGES = [
  'inquiry',
  'lead',
  'mql',
  'sal',
  'sql',
  'opportunity',
  'won',
  'lost',
  'recycled',
  'disqualified',
] as const
export type LeadStage = (typeof LEAD_STAGES)[number]

export const LEAD_FUNNEL: StageMachine<LeadStage> = {
  funnel: 'lead',
  stages: LEAD_STAGES,
  entry: ['inquiry'],
  moves: {
    inquiry: ['lead', 'mql', 'recycled', 'disqualified'],
    lead: ['mql', 'recycled', 'disqualified'],
    // Sales accepts (sal) or rejects (back to nurture as recycled, or disqualified).
    mql: ['sal', 'recycled', 'disqualified'],
    sal: ['sql', 'recycled', 'disqualified'],
    sql: ['opportunity', 'recycled', 'disqualified'],
    opportunity: ['won', 'lost'],
    won: [],
    // A lost deal goes back to nurture; the next buying cycle starts from there.
    lost: ['recycled'],
    recycled: ['mql', 'disqualified'],
    disqualified: [],
  },
}

/** Stages in which a lead is with sales: no new MQL handoff starts from them. */
export const WITH_SALES: readonly LeadStage[] = ['mql', 'sal', 'sql', 'opportunity']
