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
  readonly firstTouchBreaches: readonly FirstTouchBreach[]
  readonly surging: readonly SurgingAccount[]
  readonly stageMoves: readonly StageMove[]
}

export type AccountStage = 'target' | 'engaged' | 'qualified' | 'opportunity' | 'customer'

export interface AccountSummary {
  readonly id: string
  readonly name: string
  readonly domain: string | null
  readonly industry: string | null
  readonly employees: number | null
  readonly icpTier: number | null
  readonly stage: AccountStage | null
  readonly buyingStage: string | null
  readonly engagementScore: number
  readonly momentum: number | null
  readonly ownerName: string | null
}

export interface AccountList {
  readonly items: readonly AccountSummary[]
  readonly next?: string
}

export interface AccountPerson {
  readonly id: string
  readonly name: string
  readonly email: string | null
  readonly title: string | null
  readonly role: string
  readonly roleReason: string
  readonly leadStage: string
  readonly cell: string | null
  readonly mql: boolean
}

export interface WeekOfEngagement {
  readonly weekStart: string
  readonly marketing: number
  readonly sdr: number
  readonly sales: number
  readonly cs: number
}

export interface AccountProfile extends AccountSummary {
  readonly domains: readonly string[]
  readonly website: string | null
  readonly annualRevenue: number | null
  readonly country: string | null
  readonly owner: { readonly id: string; readonly name: string } | null
  readonly sdr: { readonly id: string; readonly name: string } | null
  readonly isTarget: boolean
  readonly stageChangedAt: string | null
  readonly scoredAt: string | null
  readonly contacts: { readonly total: number; readonly items: readonly AccountPerson[] }
  readonly stageHistory: readonly {
    readonly from: string | null
    readonly to: string
    readonly at: string
    readonly actorType: 'user' | 'rule' | 'system' | 'import'
    readonly actorName: string | null
    readonly reason: string | null
  }[]
  readonly stageHistoryContinues: boolean
  readonly engagementByWeek: readonly WeekOfEngagement[]
  readonly plan: {
    readonly id: string
    readonly status: 'draft' | 'active' | 'closed'
    readonly periodStart: string
    readonly periodEnd: string
  } | null
}

export interface FitReason {
  readonly rule: string
  readonly description?: string
  readonly points: number
}

export interface AccountScore {
  readonly accountId: string
  readonly name: string
  readonly score: {
    readonly version: number
    readonly scoredAt: string
    readonly icp: {
      readonly points: number
      readonly tier: number
      readonly reasons: readonly FitReason[]
    }
    readonly engagement: {
      readonly points: number
      readonly byFunction: Readonly<Record<'marketing' | 'sdr' | 'sales' | 'cs', number>>
      readonly engaged: boolean
      readonly threshold: number
    }
    readonly momentum: {
      readonly thisWeek: number
      readonly priorWeeklyAverage: number
      readonly ratio: number | null
    }
    readonly buyingStage: string | null
    readonly buyingStageReason: string
  }
}

export interface ContactScore {
  readonly contactId: string
  readonly email: string | null
  readonly score: {
    readonly version: number
    readonly scoredAt: string
    readonly fit: {
      readonly points: number
      readonly grade: string
      readonly reasons: readonly FitReason[]
    }
    readonly engagement: {
      readonly points: number
      readonly band: number
      readonly reasons: readonly {
        readonly rule: string
        readonly occurrences: number
        readonly pointsEach: number
        readonly halfLifeDays: number | null
        readonly cap: number | null
        readonly value: number
        readonly lastAt: string
      }[]
    }
    readonly cell: string
    readonly mql: boolean
    readonly mqlReason: string
  }
}

export interface AccountPlan {
  readonly id: string
  readonly ownerName: string | null
  readonly periodStart: string
  readonly periodEnd: string
  readonly status: 'draft' | 'active' | 'closed'
  readonly goals: readonly unknown[]
  readonly plays: readonly {
    readonly id: string
    readonly kind: string
    readonly name: string
    readonly status: string
    readonly ownerName: string | null
    readonly reason: string | null
  }[]
}

export interface RecommendedPlays {
  readonly recommendations: readonly {
    readonly kind: string
    readonly priority: number
    readonly rule: string
    readonly reason: string
  }[]
}
