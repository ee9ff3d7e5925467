// What the dashboard reads from the API, as the API's schemas describe it (see /docs).

export type Role = 'admin' | 'marketing' | 'sales' | 'sdr' | 'ae' | 'cs'

export interface SessionUser {
  readonly id: string
  readonly workspaceId: string
  readonly email: string
  readonly name: string
  readonly role: Role
}

export type HandoffKind = 'mql' | 'explore' | 'account' | 'manual'

export interface PendingHandoff {
  readonly id: string
  readonly kind: HandoffKind
  readonly contactId: string | null
  readonly contactName: string | null
  readonly contactEmail: string | null
  readonly accountName: string | null
  readonly ownerId: string
  readonly ownerName: string
  readonly teamName: string | null
  readonly assignedAt: string
  readonly acceptDueAt: string | null
  readonly routingReasons: readonly string[]
  readonly mayAnswer: boolean
}

export interface FirstTouchBreach {
  readonly id: string
  readonly kind: HandoffKind
  readonly contactName: string | null
  readonly contactEmail: string | null
  readonly ownerName: string
  readonly acceptedAt: string | null
  readonly firstTouchDueAt: string
}

export interface SurgingAccount {
  readonly id: string
  readonly name: string
  readonly domain: string | null
  readonly momentum: number
  readonly engagementScore: number
  readonly icpTier: number | null
  readonly stage: string | null
}

export interface StageMove {
  readonly id: string
  readonly name: string
  readonly stage: string | null
  readonly changedAt: string
}

export interface Radar {
  readonly now: string
  readonly pending: readonly PendingHandoff[]
  readonly pendingTotal: number
  /** The waiting handoffs the viewer may answer: the queue. */
  readonly yours: readonly PendingHandoff[]
  readonly yoursTotal: number
  readonly firstTouchBreaches: readonly FirstTouchBreach[]
  readonly surging: readonly SurgingAccount[]
  readonly stageMoves: readonly StageMove[]
}
