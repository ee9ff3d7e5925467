import type { Kysely } from 'kysely'
import type { Database } from '../../store/database.ts'
import {
  FUNNEL_STEPS,
  type FunnelCut,
  type FunnelMethod,
  type FunnelReport,
  type FunnelStep,
  funnelReport,
} from './funnel-report.ts'

// The double funnel: the lead funnel and the account funnel side by side, stage by stage, under
// one period, method and cut. They meet at the SDR queue, where leads become SQLs and accounts
// become qualified (DESIGN.md glossary), so the lines are aligned on that stage: MQL beside
// target, SAL beside engaged, SQL beside qualified, opportunity beside opportunity, won beside
// customer. Each funnel's cohort is its first step.

/** Where the two funnels meet: the stages the SDRs qualify. */
export const MEETS_AT = { lead: 'sql', account: 'qualified' } as const

export interface DoubleFunnelQuery {
  readonly method: FunnelMethod
  readonly from: Date
  readonly to: Date
  readonly cut: FunnelCut
}

export interface DoubleFunnelLine {
  readonly key: string | null
  readonly lead: FunnelStep | null
  readonly account: FunnelStep | null
}

export interface DoubleFunnelReport {
  readonly method: FunnelMethod
  readonly from: string
  readonly to: string
  readonly cut: FunnelCut
  readonly meetsAt: typeof MEETS_AT
  readonly lead: FunnelReport
  readonly account: FunnelReport
  /** Per group, the two funnels' steps on shared lines, aligned where they meet. */
  readonly lines: readonly DoubleFunnelLine[]
}

export async function doubleFunnelReport(
  db: Kysely<Database>,
  workspaceId: string,
  query: DoubleFunnelQuery,
): Promise<DoubleFunnelReport> {
  // Side by side in the database too: on PostgreSQL each funnel runs on its own connection.
  const [lead, account] = await Promise.all([
    funnelReport(db, workspaceId, { ...query, funnel: 'lead' }),
    funnelReport(db, workspaceId, { ...query, funnel: 'account' }),
  ])
  return {
    method: query.method,
    from: lead.from,
    to: lead.to,
    cut: query.cut,
    meetsAt: MEETS_AT,
    lead,
    account,
    lines: sideBySide(lead, account),
  }
}

/**
 * The two funnels' groups on shared lines: every key either funnel has, in the order the
 * reports give them (no key last), each with the lead steps and the account steps shifted so
 * that the stages where they meet share a line. A step a funnel lacks on a line is null.
 */
export function sideBySide(
  lead: Pick<FunnelReport, 'groups'>,
  account: Pick<FunnelReport, 'groups'>,
): DoubleFunnelLine[] {
  const leadAt = FUNNEL_STEPS.lead.indexOf(MEETS_AT.lead)
  const accountAt = FUNNEL_STEPS.account.indexOf(MEETS_AT.account)
  const shift = Math.max(leadAt, accountAt)
  const leadOffset = shift - leadAt
  const accountOffset = shift - accountAt
  const height = Math.max(
    leadOffset + FUNNEL_STEPS.lead.length,
    accountOffset + FUNNEL_STEPS.account.length,
  )
  const keys = [...new Set([...lead.groups, ...account.groups].map((g) => g.key))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a.localeCompare(b),
  )
  return keys.flatMap((key) => {
    const leadSteps = lead.groups.find((g) => g.key === key)?.steps ?? []
    const accountSteps = account.groups.find((g) => g.key === key)?.steps ?? []
    const stepAt = (steps: readonly FunnelStep[], funnel: 'lead' | 'account', index: number) => {
      const stage = FUNNEL_STEPS[funnel][index]
      if (stage === undefined) return null
      return steps.find((s) => s.stage === stage) ?? emptyStep(stage)
    }
    return Array.from({ length: height }, (_, line) => ({
      key,
      lead: stepAt(leadSteps, 'lead', line - leadOffset),
      account: stepAt(accountSteps, 'account', line - accountOffset),
    }))
  })
}

function emptyStep(stage: string): FunnelStep {
  return { stage, reached: 0, conversion: null, medianDays: null, p90Days: null }
}
