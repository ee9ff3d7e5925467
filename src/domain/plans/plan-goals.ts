import { type BuyingRole, label } from './buying-roles.ts'

// An account plan's goals, set by sales, and how far the account has come towards each.

export type PlanGoal =
  /** Pipeline created on the account during the plan: opportunities opened, by amount. */
  | { readonly kind: 'pipeline'; readonly amount: number }
  /** Revenue won on the account during the plan. */
  | { readonly kind: 'growth'; readonly amount: number }
  /** People in a buying role who engaged during the plan. */
  | { readonly kind: 'relationships'; readonly role: BuyingRole; readonly count: number }

export interface PlanActuals {
  readonly pipelineCreated: number
  /** Of the pipeline open or created during the plan, what the plan's plays touched. */
  readonly pipelineInfluenced: number
  readonly revenueWon: number
  /** Engaged people by buying role. */
  readonly rolesEngaged: Readonly<Partial<Record<BuyingRole, number>>>
}

export interface GoalProgress {
  readonly goal: PlanGoal
  readonly label: string
  readonly target: number
  readonly actual: number
  /** actual / target, 1 when the target is 0. */
  readonly share: number
  readonly met: boolean
}

export function goalProgress(
  goals: readonly PlanGoal[],
  actuals: PlanActuals,
): readonly GoalProgress[] {
  return goals.map((goal) => {
    const [target, actual, text] =
      goal.kind === 'pipeline'
        ? [goal.amount, actuals.pipelineCreated, 'pipeline created']
        : goal.kind === 'growth'
          ? [goal.amount, actuals.revenueWon, 'revenue won']
          : [goal.count, actuals.rolesEngaged[goal.role] ?? 0, `${label(goal.role)}s engaged`]
    const share = target === 0 ? 1 : Math.round((actual / target) * 1000) / 1000
    return { goal, label: text, target, actual, share, met: actual >= target }
  })
}
