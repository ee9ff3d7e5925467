import type { StageMachine } from './stage-machine.ts'

// The account-based funnel (DESIGN.md glossary): it meets the lead funnel at the SDRs, who
// qualify accounts as they qualify leads.

export const ACCOUNT_STAGES = ['target', 'engaged', 'qualified', 'opportunity', 'customer'] as const
export type AccountStage = (typeof ACCOUNT_STAGES)[number]

export const ACCOUNT_FUNNEL: StageMachine<AccountStage> = {
  funnel: 'account',
  stages: ACCOUNT_STAGES,
  // An account enters as a target, or straight as engaged when it engages before anyone chose it.
  entry: ['target', 'engaged', 'customer'],
  moves: {
    target: ['engaged', 'qualified', 'opportunity'],
    // Engagement fades: an engaged account that goes quiet is a target again.
    engaged: ['target', 'qualified', 'opportunity'],
    qualified: ['opportunity', 'engaged'],
    // A lost opportunity leaves the account qualified; a won one makes it a customer.
    opportunity: ['customer', 'qualified'],
    customer: [],
  },
}
