import type { Role } from '../store/database.ts'
import type { LeadStage } from './lifecycle/lead-funnel.ts'

// What each role may change. A scope (an API key's, or a session's from its role) says what a
// caller may do at most; for a person, or a key acting for one, the role narrows it further:
// sales work is done by sales, the contracts by the two sides that agree on them, a lead is
// moved by the side holding it. Admins may do
// everything; customer success reads and chooses its own digest (its activities come in through tracking
// and imports).
// Keys that act for no one (integrations) are held to their scopes alone.

/** The contract approval side a role approves for; admins and customer success approve for neither. */
export type ApprovalSide = 'marketing' | 'sales'

export function approvalSideOf(role: Role): ApprovalSide | undefined {
  if (role === 'marketing') return 'marketing'
  if (role === 'sales' || role === 'sdr' || role === 'ae') return 'sales'
  return undefined
}

interface RoleGroup {
  /** What the group is called in a refusal. */
  readonly name: string
  readonly roles: readonly Role[]
}

const MARKETING: RoleGroup = { name: 'marketing', roles: ['marketing'] }
const SALES: RoleGroup = { name: 'sales', roles: ['sales', 'sdr', 'ae'] }
const BOTH_SIDES: RoleGroup = {
  name: 'marketing or sales',
  roles: ['marketing', 'sales', 'sdr', 'ae'],
}
const OPERATIONS: RoleGroup = { name: 'marketing or sales leads', roles: ['marketing', 'sales'] }
const SALES_LEADS: RoleGroup = { name: 'sales leads', roles: ['sales'] }
const EVERYONE: RoleGroup = {
  name: 'anyone',
  roles: ['marketing', 'sales', 'sdr', 'ae', 'cs'],
}

export interface ActionRule {
  /** The action as the subject of a sentence: "Answering an assignment". */
  readonly doing: string
  readonly by: RoleGroup
}

/** Every action that a role narrows, with who may do it (and admins). */
export const ACTION_RULES = {
  'answer-assignment': { doing: 'Answering an assignment', by: SALES },
  'touch-assignment': { doing: 'Recording a sales touch', by: SALES },
  // Which side may move a lead depends on where it is: leadMoveRefusal says, once it is read.
  'move-lead': { doing: 'Moving a lead by hand', by: BOTH_SIDES },
  'move-account': { doing: 'Moving an account by hand', by: SALES },
  'hand-off': { doing: 'Handing a contact to an owner', by: BOTH_SIDES },
  'draft-contract': { doing: 'Drafting a contract', by: BOTH_SIDES },
  // The approval records the side approvalSideOf gives the role (admins and cs have none).
  'approve-contract': { doing: 'Approving a contract', by: BOTH_SIDES },
  'activate-contract': { doing: 'Activating a contract', by: BOTH_SIDES },
  'import-file': { doing: 'Importing a CSV file', by: OPERATIONS },
  'match-account': { doing: "Deciding a contact's account", by: OPERATIONS },
  'train-model': { doing: 'Training a predictive model', by: OPERATIONS },
  'manage-teams': { doing: 'Changing sales teams', by: SALES_LEADS },
  'record-consent': { doing: "Recording a person's consent", by: BOTH_SIDES },
  'plan-account': { doing: 'Setting an account plan and its goals', by: SALES },
  'run-play': { doing: 'Attaching or changing a play', by: BOTH_SIDES },
  'write-content': { doing: 'Writing dynamic content', by: MARKETING },
  // Alerts to reps are marketing's campaigns to sales.
  'edit-alert-campaign': { doing: 'Changing or promoting an alert campaign', by: MARKETING },
  'choose-digest': { doing: "Choosing one's own digest", by: EVERYONE },
} as const satisfies Record<string, ActionRule>

export type Action = keyof typeof ACTION_RULES

/** Whether a person of `role` may do `action`. */
export function roleMay(role: Role, action: Action): boolean {
  return role === 'admin' || (ACTION_RULES[action].by.roles as readonly Role[]).includes(role)
}

// Marketing holds a lead until it is an MQL, and again in nurture (recycled); from MQL on, sales
// holds it. The side holding a lead is the one that moves it on by hand.
const MARKETING_HOLDS: readonly (LeadStage | null)[] = [null, 'inquiry', 'lead', 'recycled']

/** Why a person of `role` may not move a lead out of `from`, or undefined when they may. */
export function leadMoveRefusal(role: Role, from: LeadStage | null): string | undefined {
  if (role === 'admin') return undefined
  const holder = MARKETING_HOLDS.includes(from) ? MARKETING : SALES
  if (holder.roles.includes(role)) return undefined
  return `Moving a lead out of ${from ?? 'no stage'} is done by ${holder.name} (${holder.roles.join(', ')}) and admins; your role is ${role}.`
}

/** Who may do the action, as a sentence's end: "sales (sales, sdr, ae) and admins". */
export function whoMay(action: Action): string {
  const { by } = ACTION_RULES[action]
  return `${by.name} (${by.roles.join(', ')}) and admins`
}

/** Why a person of `role` may not do `action`, saying who may. */
export function refusal(role: Role, action: Action): string {
  return `${ACTION_RULES[action].doing} is done by ${whoMay(action)}; your role is ${role}.`
}
