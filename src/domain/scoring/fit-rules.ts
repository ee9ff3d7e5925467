import type { FitCondition, FitField, FitRule } from '../contracts/contract-schemas.ts'

// Fit: who a person is and where they work, scored by rules both sides agreed on. The same rules
// give a lead its fit grade (qualification definition) and an account its ICP tier.

/** The values fit rules look at; a missing value never satisfies a condition. */
export type FitProfile = Partial<Record<FitField, string | number | readonly string[] | null>>

export interface FitReason {
  readonly rule: string
  readonly description?: string
  readonly points: number
}

export interface FitResult {
  readonly points: number
  /** The rules that held, in the order of the contract. */
  readonly reasons: readonly FitReason[]
}

export function evaluateFitRules(rules: readonly FitRule[], profile: FitProfile): FitResult {
  let points = 0
  const reasons: FitReason[] = []
  for (const rule of rules) {
    if (!rule.when.every((c) => conditionHolds(c, profile[c.field]))) continue
    points += rule.points
    reasons.push({
      rule: rule.id,
      ...(rule.description === undefined ? {} : { description: rule.description }),
      points: rule.points,
    })
  }
  return { points, reasons }
}

export type FitGrade = 'A' | 'B' | 'C' | 'D'

export function fitGrade(points: number, grades: { A: number; B: number; C: number }): FitGrade {
  if (points >= grades.A) return 'A'
  if (points >= grades.B) return 'B'
  if (points >= grades.C) return 'C'
  return 'D'
}

export type IcpTier = 1 | 2 | 3

/** Every account gets a tier: the ICP prioritises, it never eliminates. */
export function icpTier(points: number, tiers: { '1': number; '2': number }): IcpTier {
  if (points >= tiers['1']) return 1
  if (points >= tiers['2']) return 2
  return 3
}

/** Whether a value meets a condition of a contract rule (fit, ICP or territory). */
export function conditionHolds(
  condition: Omit<FitCondition, 'field'>,
  value: string | number | readonly string[] | null | undefined,
): boolean {
  if (value === null || value === undefined || value === '') return false
  if (typeof value === 'number') {
    if (condition.min !== undefined && value < condition.min) return false
    if (condition.max !== undefined && value > condition.max) return false
    return condition.in === undefined && condition.matches === undefined
  }
  const values = typeof value === 'string' ? [value] : value
  if (values.length === 0) return false
  if (condition.min !== undefined || condition.max !== undefined) return false
  if (condition.in !== undefined) {
    const wanted = new Set(condition.in.map((v) => v.toLowerCase()))
    if (!values.some((v) => wanted.has(v.toLowerCase()))) return false
  }
  if (condition.matches !== undefined) {
    const pattern = caseInsensitive(condition.matches)
    if (!values.some((v) => pattern.test(v))) return false
  }
  return true
}

const patterns = new Map<string, RegExp>()

/** Rules are evaluated for every contact of a re-score: compile each pattern once. */
export function caseInsensitive(source: string): RegExp {
  let pattern = patterns.get(source)
  if (pattern === undefined) {
    pattern = new RegExp(source, 'i')
    patterns.set(source, pattern)
  }
  return pattern
}
