import type { Role } from '../../store/database.ts'

// Who answers a handoff (accepts, rejects, recycles it): its owner, the owner's manager (named on
// the owner, or else the manager of the owner's team) and an admin. The answer endpoints enforce
// it; the dashboard reads it to show answer buttons only to people who may press them.

export interface Answerer {
  readonly id: string
  readonly role: Role
}

export interface HandoffOwner {
  readonly id: string
  readonly managerId: string | null
  readonly teamManagerId: string | null
}

export function mayAnswer(user: Answerer, owner: HandoffOwner): boolean {
  if (user.role === 'admin' || user.id === owner.id) return true
  return (owner.managerId ?? owner.teamManagerId) === user.id
}
