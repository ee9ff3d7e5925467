// An alert is a campaign with a goal: the rep acts on it (answers the handoff, touches the
// person, opens the record) within the campaign's window. Only the first such action counts.

export const ALERT_ACTIONS = ['answer', 'touch', 'view'] as const
export type AlertAction = (typeof ALERT_ACTIONS)[number]

export interface AlertGoal {
  /** The actions that count as acting on the alert. */
  readonly actions: readonly AlertAction[]
  readonly windowMinutes: number
}

export interface AlertOutcomeInput {
  /** When the rep could first see it: delivered, or else queued. */
  readonly startedAt: Date
  readonly actedAt: Date | null
}

/** met: acted within the window; missed: the window closed without it; open: still running. */
export type AlertOutcome = 'met' | 'missed' | 'open'

export function alertOutcome(alert: AlertOutcomeInput, goal: AlertGoal, now: Date): AlertOutcome {
  const deadline = alert.startedAt.getTime() + goal.windowMinutes * 60_000
  if (alert.actedAt !== null && alert.actedAt.getTime() <= deadline) return 'met'
  return now.getTime() > deadline || alert.actedAt !== null ? 'missed' : 'open'
}

/** Minutes from the alert to the action, never negative (a rep may act before delivery). */
export function minutesToAction(alert: AlertOutcomeInput): number | null {
  if (alert.actedAt === null) return null
  return Math.max(0, (alert.actedAt.getTime() - alert.startedAt.getTime()) / 60_000)
}
