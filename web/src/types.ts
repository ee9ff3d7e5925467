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

export type ContractKind = 'qualification' | 'icp' | 'routing'

export type ContractStatus = 'draft' | 'approved' | 'active' | 'retired' | 'withdrawn'

export type ApprovalSide = 'marketing' | 'sales'

export interface ContractApproval {
  readonly side: ApprovalSide
  readonly userId: string
  readonly userName: string
  readonly approvedAt: string
  readonly comment: string | null
}

export interface ContractVersion {
  readonly id: string
  readonly kind: ContractKind
  readonly version: number
  readonly name: string
  readonly status: ContractStatus
  readonly createdAt: string
  readonly activatedAt: string | null
  readonly retiredAt: string | null
  readonly approvals: readonly ContractApproval[]
  readonly body: Readonly<Record<string, unknown>>
}

export interface RescoreProgress {
  readonly runId: string
  readonly phase: 'contacts' | 'accounts' | 'done'
  readonly done: number
  readonly total: number
  readonly status?: string
  readonly error?: string | null
}

export interface BacktestTotals {
  readonly mqls: number
  readonly laterSal: number
  readonly laterSql: number
  readonly laterWon: number
}

export interface BacktestSide {
  readonly version: number | null
  readonly name: string
  readonly months: readonly (BacktestTotals & { readonly month: string })[]
  readonly totals: BacktestTotals
  readonly precision: number | null
  readonly recall: number | null
}

export interface BacktestMoment {
  readonly at: string
  readonly cell: string
}

export interface BacktestReport {
  readonly contacts: number
  readonly won: number
  readonly active: BacktestSide | null
  readonly proposed: BacktestSide
  readonly changes: {
    readonly gained: number
    readonly lost: number
    readonly moved: number
    readonly examples: readonly {
      readonly contactId: string
      readonly label: string
      readonly active: BacktestMoment | null
      readonly proposed: BacktestMoment | null
    }[]
  }
}

export type FunnelMethod = 'cohort' | 'period'

export interface FunnelStep {
  readonly stage: string
  readonly reached: number
  /** 0 to 1; null when there was no one to convert. */
  readonly conversion: number | null
  readonly medianDays: number | null
  readonly p90Days: number | null
}

export interface FunnelReport {
  readonly funnel: 'lead' | 'account'
  readonly method: FunnelMethod
  readonly from: string
  readonly to: string
  readonly cohortStage: string | null
  readonly cut: string
  readonly groups: readonly { readonly key: string | null; readonly steps: readonly FunnelStep[] }[]
}

/** GET /v1/reports/double-funnel: both funnels, their steps on lines aligned where they meet. */
export interface DoubleFunnel {
  readonly method: FunnelMethod
  readonly from: string
  readonly to: string
  readonly cut: string
  readonly meetsAt: { readonly lead: string; readonly account: string }
  readonly lead: FunnelReport
  readonly account: FunnelReport
  readonly lines: readonly {
    readonly key: string | null
    readonly lead: FunnelStep | null
    readonly account: FunnelStep | null
  }[]
}

/** One person or account behind a step (GET /v1/reports/funnel/rows). */
export interface FunnelRow {
  readonly id: string
  readonly label: string | null
  readonly enteredAt: string | null
  readonly reachedAt: string
  readonly days: number | null
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

/** A page of the rows behind a report's figure: `total` is the figure itself. */
export interface ReportRowsPage<Row> {
  readonly total: number
  readonly items: readonly Row[]
  readonly next: number | null
}

/** Sales' SLA figures for one team, rep or motion (or `all`), as GET /v1/reports/sla gives them. */
export interface SlaSalesFigures {
  readonly key: string
  readonly label: string
  readonly handoffs: number
  readonly accepted: number
  readonly firstTouched: number
  readonly medianHoursToAccept: number | null
  readonly p90HoursToAccept: number | null
  readonly medianHoursToFirstTouch: number | null
  readonly p90HoursToFirstTouch: number | null
  readonly acceptClocks: number
  readonly acceptedWithinSla: number
  readonly answeredWithinSla: number
  readonly acceptSlaMissed: number
  readonly acceptedWithinSlaShare: number | null
  readonly answeredWithinSlaShare: number | null
  readonly firstTouchClocks: number
  readonly firstTouchedWithinSla: number
  readonly firstTouchSlaMissed: number
  readonly firstTouchedWithinSlaShare: number | null
  readonly acceptBreaches: number
  readonly firstTouchBreaches: number
}

export interface SlaMarketingFigures {
  readonly mqlDelivered: number
  readonly mqlTarget: number | null
  readonly targetAttainment: number | null
  readonly accepted: number
  readonly rejected: number
  readonly recycled: number
  readonly disqualified: number
  readonly pending: number
  readonly acceptedShare: number | null
  readonly rejectedShare: number | null
  readonly recycledShare: number | null
  readonly disqualifiedShare: number | null
  readonly pendingShare: number | null
}

export type SlaGroupBy = 'team' | 'owner' | 'motion'

export interface SlaReport {
  readonly from: string
  readonly to: string
  readonly groupBy: SlaGroupBy
  readonly asOf: string
  readonly marketing: SlaMarketingFigures
  readonly sales: {
    readonly groups: readonly SlaSalesFigures[]
    readonly total: SlaSalesFigures
  }
}

/** A handoff behind an SLA figure (GET /v1/reports/sla/rows). */
export interface SlaRow {
  readonly id: string
  readonly contactId: string
  readonly contactName: string | null
  readonly contactEmail: string | null
  readonly kind: string
  readonly ownerName: string
  readonly teamName: string | null
  readonly status: string
  readonly assignedAt: string
  readonly acceptDueAt: string | null
  readonly acceptedAt: string | null
  readonly firstTouchAt: string | null
  readonly closedAt: string | null
  readonly reasonCode: string | null
  readonly hoursToAccept: number | null
  readonly hoursToFirstTouch: number | null
  readonly acceptBreachedAt: string | null
  readonly firstTouchBreachedAt: string | null
  readonly outcome: string | null
}

export type FeedbackBy = 'source' | 'campaign' | 'contract_version'
export type FeedbackOutcome = 'rejected' | 'recycled' | 'disqualified' | 'lost'

export interface FeedbackReport {
  readonly from: string
  readonly to: string
  readonly by: FeedbackBy
  readonly totals: Readonly<Record<FeedbackOutcome, number>>
  readonly rows: readonly FeedbackCount[]
}

export interface FeedbackCount {
  readonly key: string
  readonly label: string
  readonly outcome: FeedbackOutcome
  readonly reason: string
  readonly count: number
}

/** An answer or a lost deal behind the closed loop (GET /v1/reports/feedback/rows). */
export interface FeedbackRow {
  readonly recordType: 'assignment' | 'opportunity'
  readonly id: string
  readonly outcome: FeedbackOutcome
  readonly reason: string
  readonly reasonText: string | null
  readonly at: string
  readonly contactName: string | null
  readonly contactEmail: string | null
  readonly ownerName: string | null
  readonly opportunityName: string | null
  readonly source: string | null
  readonly mqlBy: string | null
  readonly group: string
}

export type AttributionBy = 'campaign' | 'channel'

export interface AttributionLine {
  /** The campaign's name or the channel; null for touches without a campaign. */
  readonly key: string | null
  readonly attributedCents: number
  readonly opportunities: number
  readonly sourcedPipelineCents: number
  readonly influencedPipelineCents: number
  readonly sourcedRevenueCents: number
  readonly influencedRevenueCents: number
}

export interface AttributionReport {
  readonly model: string
  readonly by: AttributionBy
  readonly opportunities: number
  readonly pipelineCents: number
  readonly unattributedCents: number
  readonly lines: readonly AttributionLine[]
}

/** A deal behind an attribution line, split across its touches (GET /v1/reports/attribution/rows). */
export interface AttributedDeal {
  readonly opportunityId: string
  readonly name: string
  readonly amountCents: number
  readonly unattributedCents: number
  readonly explanation: readonly string[]
  readonly shares: readonly {
    readonly touchId: string
    readonly campaignId: string | null
    readonly campaign: string | null
    readonly channel: string
    readonly weight: number
    readonly cents: number
  }[]
}
