import type { Kysely } from 'kysely'
import { alertOutcome, minutesToAction } from '../../domain/alerts/alert-goal.ts'
import { type TimeToAction, timeToAction } from '../../domain/alerts/time-to-action.ts'
import {
  type TwoProportionTest,
  twoProportionTest,
} from '../../domain/alerts/two-proportion-test.ts'
import type { Database } from '../../store/database.ts'
import { type AlertCampaign, getCampaign } from './alert-campaigns.ts'

// A campaign's results per variant: how many alerts went out, were opened, clicked and acted on
// within the goal's window, and whether each variant's goal rate differs from the control's by
// more than chance (pooled two-proportion z-test). Alerts whose window is still running and
// that nobody acted on yet are left out of the rate: they may still succeed.

export interface VariantResult {
  readonly variant: string
  readonly control: boolean
  /** Alerts written in this variant. */
  readonly alerts: number
  readonly sent: number
  readonly opened: number
  readonly clicked: number
  /** Acted on at all, in or out of the window. */
  readonly acted: number
  /** Acted on within the goal's window. */
  readonly goalMet: number
  /** Alerts whose outcome is known: the goal met, or the window closed without it. */
  readonly decided: number
  /** Still within their window, not acted on yet. */
  readonly open: number
  readonly openRate: number | null
  readonly clickRate: number | null
  readonly goalRate: number | null
  /** Against the control; null for the control itself or when it cannot be computed. */
  readonly test: TwoProportionTest | null
  readonly timeToAction: TimeToAction
}

export interface CampaignResults {
  readonly campaign: AlertCampaign
  readonly asOf: Date
  readonly variants: readonly VariantResult[]
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole)

export async function campaignResults(
  db: Kysely<Database>,
  workspaceId: string,
  key: string,
  now: Date,
): Promise<CampaignResults> {
  const campaign = await getCampaign(db, workspaceId, key, now)
  const rows = await db
    .selectFrom('notifications')
    .select(['variant', 'created_at', 'sent_at', 'opened_at', 'clicked_at', 'acted_at'])
    .where('workspace_id', '=', workspaceId)
    .where('campaign_key', '=', campaign.key)
    .execute()
  const goal = { actions: campaign.goalActions, windowMinutes: campaign.windowMinutes }
  // The campaign's variants first, in its order; variants since removed keep their history.
  const names = [
    ...new Set([...campaign.variants.map((v) => v.name), ...rows.map((r) => r.variant ?? '')]),
  ].filter((name) => name !== '')
  const tallies = names.map((variant) => {
    const mine = rows.filter((r) => r.variant === variant)
    let goalMet = 0
    let open = 0
    const minutes: number[] = []
    for (const r of mine) {
      // The clock starts when the rep could first see it: delivered, or queued when undelivered.
      const alert = { startedAt: r.sent_at ?? r.created_at, actedAt: r.acted_at }
      const outcome = alertOutcome(alert, goal, now)
      if (outcome === 'met') goalMet += 1
      if (outcome === 'open') open += 1
      const m = minutesToAction(alert)
      if (m !== null) minutes.push(m)
    }
    const sent = mine.filter((r) => r.sent_at !== null).length
    const opened = mine.filter((r) => r.opened_at !== null).length
    return {
      variant,
      control: variant === campaign.control,
      alerts: mine.length,
      sent,
      opened,
      clicked: mine.filter((r) => r.clicked_at !== null).length,
      acted: minutes.length,
      goalMet,
      decided: mine.length - open,
      open,
      openRate: rate(opened, sent),
      clickRate: rate(mine.filter((r) => r.clicked_at !== null).length, sent),
      goalRate: rate(goalMet, mine.length - open),
      timeToAction: timeToAction(minutes),
    }
  })
  const control = tallies.find((t) => t.control)
  return {
    campaign,
    asOf: now,
    variants: tallies.map((t) => ({
      ...t,
      test:
        t.control || control === undefined
          ? null
          : twoProportionTest(
              { successes: t.goalMet, trials: t.decided },
              { successes: control.goalMet, trials: control.decided },
            ),
    })),
  }
}
