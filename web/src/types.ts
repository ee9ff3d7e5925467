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
