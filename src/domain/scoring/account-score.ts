import type { FunctionName } from '../../store/database.ts'
import type { IdealCustomerProfile, WindowedSignal } from '../contracts/contract-schemas.ts'
import { daysBetween, decayFactor } from './decay.ts'
import {
  evaluateFitRules,
  type FitProfile,
  type FitReason,
  type IcpTier,
  icpTier,
} from './fit-rules.ts'
import { latestTimes } from './signal-times.ts'

// An account's score under one version of the ideal customer profile: its tier (which never
// eliminates an account), engagement rolled up across its contacts by function (marketing, SDR,
// sales, customer success), momentum and buying stage by rules anyone can read.

export const FUNCTIONS: readonly FunctionName[] = ['marketing', 'sdr', 'sales', 'cs']
const DAY_MS = 86_400_000

export interface AccountActivity {
  readonly type: string
  readonly function: FunctionName
  readonly occurredAt: Date
}

export type BuyingStage = 'awareness' | 'consideration' | 'decision' | 'purchase'

export interface AccountScoreState {
  readonly version: number
  readonly at: string
  readonly icp: { readonly points: number; readonly tier: IcpTier; readonly reasons: FitReason[] }
  readonly halfLifeDays: number
  readonly engagedThreshold: number
  /** Engagement points per function, decayed to `at`. */
  readonly byFunction: Readonly<Record<FunctionName, number>>
  /** Undecayed points per day (YYYY-MM-DD, UTC) over the last 28 days, for momentum. */
  readonly days: Readonly<Record<string, number>>
  readonly opportunities: { readonly open: number; readonly won: number }
  /** The latest occurrences of the buying-stage signals, enough to count their windows later. */
  readonly decisionAt: readonly string[]
  readonly considerationAt: readonly string[]
  readonly lastActivityAt: string | null
  readonly buyingStages: IdealCustomerProfile['buyingStages']
}

export function scoreAccount(
  icp: IdealCustomerProfile,
  version: number,
  profile: FitProfile,
  activities: readonly AccountActivity[],
  opportunities: { readonly open: number; readonly won: number },
  at: Date,
): AccountScoreState {
  const fit = evaluateFitRules(icp.rules, profile)
  const empty: AccountScoreState = {
    version,
    at: at.toISOString(),
    icp: { points: fit.points, tier: icpTier(fit.points, icp.tiers), reasons: [...fit.reasons] },
    halfLifeDays: icp.engagement.halfLifeDays,
    engagedThreshold: icp.engagement.engagedThreshold,
    byFunction: { marketing: 0, sdr: 0, sales: 0, cs: 0 },
    days: {},
    opportunities,
    decisionAt: [],
    considerationAt: [],
    lastActivityAt: null,
    buyingStages: icp.buyingStages,
  }
  return foldAccountActivities(icp, empty, activities, at)
}

/**
 * A stored account score with more activities added, as of `at` (or the score's own time, if
 * later); the same as scoring the account's whole history again. The state must come from this
 * ICP version.
 */
export function foldAccountActivities(
  icp: IdealCustomerProfile,
  state: AccountScoreState,
  activities: readonly AccountActivity[],
  at: Date,
): AccountScoreState {
  const stateMs = Date.parse(state.at)
  const atMs = Math.max(at.getTime(), stateMs)
  const { engagement } = icp
  const factor = decayFactor(stateMs, atMs, engagement.halfLifeDays)
  const byFunction = Object.fromEntries(
    FUNCTIONS.map((f) => [f, state.byFunction[f] * factor]),
  ) as Record<FunctionName, number>
  // Day buckets of the 28 days before `at` (momentum reads them), by UTC day.
  const oldestDay = new Date(atMs - 28 * DAY_MS).toISOString().slice(0, 10)
  const days: Record<string, number> = {}
  for (const [day, points] of Object.entries(state.days)) if (day >= oldestDay) days[day] = points
  const { decision, consideration } = icp.buyingStages
  const decisionTypes = new Set(decision.activities)
  const considerationTypes = new Set(consideration.activities)
  const decisionTimes = state.decisionAt.map((t) => Date.parse(t))
  const considerationTimes = state.considerationAt.map((t) => Date.parse(t))
  let last = state.lastActivityAt === null ? -Infinity : Date.parse(state.lastActivityAt)
  for (const a of activities) {
    const ms = a.occurredAt.getTime()
    if (ms > atMs) continue
    const points = engagement.points[a.type] ?? engagement.defaultPoints
    byFunction[a.function] += points * decayFactor(ms, atMs, engagement.halfLifeDays)
    if (atMs - ms < 28 * DAY_MS) {
      const day = a.occurredAt.toISOString().slice(0, 10)
      days[day] = (days[day] ?? 0) + points
    }
    if (decisionTypes.has(a.type)) decisionTimes.push(ms)
    if (considerationTypes.has(a.type)) considerationTimes.push(ms)
    last = Math.max(last, ms)
  }
  return {
    ...state,
    at: new Date(atMs).toISOString(),
    byFunction,
    days,
    decisionAt: latestTimes(decisionTimes, decision.minCount ?? 1),
    considerationAt: latestTimes(considerationTimes, consideration.minCount ?? 1),
    lastActivityAt: last === -Infinity ? null : new Date(last).toISOString(),
  }
}

export interface Momentum {
  /** Points in the 7 days up to now. */
  readonly thisWeek: number
  /** Average points per week over the 21 days before that. */
  readonly priorWeeklyAverage: number
  /** thisWeek / priorWeeklyAverage; null when there was nothing before to compare with. */
  readonly ratio: number | null
}

export interface AccountScore {
  readonly version: number
  readonly scoredAt: string
  readonly icp: AccountScoreState['icp']
  readonly engagement: {
    readonly points: number
    readonly byFunction: Readonly<Record<FunctionName, number>>
    readonly engaged: boolean
    readonly threshold: number
  }
  readonly momentum: Momentum
  readonly buyingStage: BuyingStage | null
  readonly buyingStageReason: string
}

/** The account's score at `now`: engagement decayed since scoring, momentum counted from now. */
export function readAccountScore(state: AccountScoreState, now: Date): AccountScore {
  const stateMs = Date.parse(state.at)
  const nowMs = Math.max(now.getTime(), stateMs)
  const factor = decayFactor(stateMs, nowMs, state.halfLifeDays)
  const byFunction = Object.fromEntries(
    FUNCTIONS.map((f) => [f, round2(state.byFunction[f] * factor)]),
  ) as Record<FunctionName, number>
  const points = round2(FUNCTIONS.reduce((s, f) => s + byFunction[f], 0))
  let thisWeek = 0
  let prior = 0
  for (const [day, value] of Object.entries(state.days)) {
    // A day bucket counts from its middle, so a day straddling a boundary lands on one side.
    const age = daysBetween(Date.parse(`${day}T12:00:00Z`), nowMs)
    if (age < 7) thisWeek += value
    else if (age < 28) prior += value
  }
  const priorWeeklyAverage = round2(prior / 3)
  const stage = buyingStage(state, nowMs)
  return {
    version: state.version,
    scoredAt: state.at,
    icp: state.icp,
    engagement: {
      points,
      byFunction,
      engaged: points >= state.engagedThreshold,
      threshold: state.engagedThreshold,
    },
    momentum: {
      thisWeek: round2(thisWeek),
      priorWeeklyAverage,
      ratio: priorWeeklyAverage > 0 ? round2(thisWeek / priorWeeklyAverage) : null,
    },
    buyingStage: stage.stage,
    buyingStageReason: stage.reason,
  }
}

/** Purchase, decision, consideration, awareness: the first that holds, checked from the top. */
function buyingStage(
  state: AccountScoreState,
  nowMs: number,
): { stage: BuyingStage | null; reason: string } {
  if (state.opportunities.won > 0) return { stage: 'purchase', reason: 'has a won opportunity' }
  if (state.opportunities.open > 0) return { stage: 'decision', reason: 'has an open opportunity' }
  const { decision, consideration, awarenessWithinDays } = state.buyingStages
  if (signalHolds(decision, state.decisionAt, nowMs))
    return { stage: 'decision', reason: signalReason(decision) }
  if (signalHolds(consideration, state.considerationAt, nowMs))
    return { stage: 'consideration', reason: signalReason(consideration) }
  const last = state.lastActivityAt
  return last !== null && daysBetween(Date.parse(last), nowMs) <= awarenessWithinDays
    ? { stage: 'awareness', reason: `activity in the last ${awarenessWithinDays} days` }
    : { stage: null, reason: `no activity in the last ${awarenessWithinDays} days` }
}

function signalHolds(signal: WindowedSignal, times: readonly string[], nowMs: number): boolean {
  const recent = times.filter((t) => daysBetween(Date.parse(t), nowMs) <= signal.withinDays)
  return recent.length >= (signal.minCount ?? 1)
}

function signalReason(signal: WindowedSignal): string {
  const times = (signal.minCount ?? 1) > 1 ? `${signal.minCount} times ` : ''
  return `${signal.id}: ${signal.activities.join(' or ')} ${times}in the last ${signal.withinDays} days`
}

const round2 = (n: number) => Math.round(n * 100) / 100
