import type {
  BehaviourRule,
  QualificationDefinition,
  WindowedSignal,
} from '../contracts/contract-schemas.ts'
import type { DataQualityIssue } from '../data-quality.ts'
import { daysBetween, decayFactor } from './decay.ts'
import {
  caseInsensitive,
  evaluateFitRules,
  type FitGrade,
  type FitProfile,
  fitGrade,
} from './fit-rules.ts'
import { latestTimes } from './signal-times.ts'

// A person's score under one version of the lead qualification definition: fit (who they are)
// and engagement (what they did, fading with time), the grade x band cell, readiness and explore
// signals, and whether they are an MQL that may go to sales. Scoring stores sums as of the
// scoring time; reading applies decay up to "now", so a score is never decayed twice.

export interface ScoredActivity {
  readonly type: string
  readonly occurredAt: Date
  /** The page path of a visit, for rules that look at it (careers pages, pricing pages). */
  readonly path?: string | null
}

interface RuleSum {
  readonly points: number
  readonly cap: number | null
  readonly halfLifeDays: number | null
  /** The occurrences' points, decayed to the state's time, before the cap. */
  readonly sum: number
  readonly count: number
  readonly last: string
}

/** What scoring stores for a contact (JSON): enough to read the score at any later time. */
export interface ContactScoreState {
  readonly version: number
  readonly at: string
  readonly fit: {
    readonly points: number
    readonly grade: FitGrade
    readonly reasons: FitReasonRow[]
  }
  readonly rules: Readonly<Record<string, RuleSum>>
  /** The latest occurrences of each readiness signal, enough to count its window later. */
  readonly signals: Readonly<Record<string, readonly string[]>>
  readonly exploredAt: string | null
}

type FitReasonRow = {
  readonly rule: string
  readonly description?: string
  readonly points: number
}

export function scoreContact(
  definition: QualificationDefinition,
  version: number,
  profile: FitProfile,
  activities: readonly ScoredActivity[],
  at: Date,
): ContactScoreState {
  const fit = evaluateFitRules(definition.fit.rules, profile)
  const empty: ContactScoreState = {
    version,
    at: at.toISOString(),
    fit: {
      points: fit.points,
      grade: fitGrade(fit.points, definition.fit.grades),
      reasons: [...fit.reasons],
    },
    rules: {},
    signals: {},
    exploredAt: null,
  }
  return foldActivities(definition, empty, activities, at)
}

/**
 * A stored score with more activities added, as of `at` (or the score's own time, if later):
 * the stored sums decay to that time, and the new activities add theirs. Scoring a person's whole
 * history and folding new activities into their stored score give the same score, so a new event
 * costs its own activities, not the person's history. The state must come from this definition.
 */
export function foldActivities(
  definition: QualificationDefinition,
  state: ContactScoreState,
  activities: readonly ScoredActivity[],
  at: Date,
): ContactScoreState {
  const stateMs = Date.parse(state.at)
  const atMs = Math.max(at.getTime(), stateMs)
  const compiled = compile(definition)
  const sums = new Map<string, { sum: number; count: number; last: number }>()
  for (const [id, r] of Object.entries(state.rules))
    sums.set(id, {
      sum: r.sum * decayFactor(stateMs, atMs, r.halfLifeDays ?? undefined),
      count: r.count,
      last: Date.parse(r.last),
    })
  const signalTimes = new Map<WindowedSignal, number[]>()
  for (const signal of definition.readiness)
    signalTimes.set(
      signal,
      (state.signals[signal.id] ?? []).map((t) => Date.parse(t)),
    )
  signalTimes.set(compiled.explore, state.exploredAt === null ? [] : [Date.parse(state.exploredAt)])
  // One pass over the activities, whatever the number of rules: a re-score reads millions.
  for (const a of activities) {
    const ms = a.occurredAt.getTime()
    if (ms > atMs) continue
    for (const { rule, path } of compiled.rulesByType.get(a.type) ?? []) {
      if (path !== undefined && !path.test(a.path ?? '')) continue
      const entry = sums.get(rule.id) ?? { sum: 0, count: 0, last: -Infinity }
      sums.set(rule.id, entry)
      entry.sum += rule.points * decayFactor(ms, atMs, rule.halfLifeDays)
      entry.count += 1
      entry.last = Math.max(entry.last, ms)
    }
    for (const signal of compiled.signalsByType.get(a.type) ?? []) signalTimes.get(signal)?.push(ms)
  }
  const rules: Record<string, RuleSum> = {}
  for (const rule of definition.engagement.rules) {
    const entry = sums.get(rule.id)
    if (entry === undefined) continue
    rules[rule.id] = {
      points: rule.points,
      cap: rule.cap ?? null,
      halfLifeDays: rule.halfLifeDays ?? null,
      sum: entry.sum,
      count: entry.count,
      last: new Date(entry.last).toISOString(),
    }
  }
  const signals: Record<string, string[]> = {}
  for (const signal of definition.readiness) {
    const latest = latestTimes(signalTimes.get(signal), signal.minCount ?? 1)
    if (latest.length > 0) signals[signal.id] = latest
  }
  return {
    version: state.version,
    at: new Date(atMs).toISOString(),
    fit: state.fit,
    rules,
    signals,
    exploredAt: latestTimes(signalTimes.get(compiled.explore), 1)[0] ?? null,
  }
}

export interface EngagementReason {
  readonly rule: string
  readonly occurrences: number
  readonly pointsEach: number
  readonly halfLifeDays: number | null
  readonly cap: number | null
  /** What the rule adds now: its occurrences decayed to now, then capped. */
  readonly value: number
  readonly lastAt: string
}

export type EngagementBand = 1 | 2 | 3 | 4

export interface ContactScore {
  readonly version: number
  readonly scoredAt: string
  readonly fit: ContactScoreState['fit']
  readonly engagement: {
    readonly points: number
    readonly band: EngagementBand
    readonly reasons: readonly EngagementReason[]
  }
  /** Grade x band, e.g. "A1". */
  readonly cell: string
  readonly ready: readonly string[]
  readonly exploring: boolean
  readonly exploredAt: string | null
  readonly mql: boolean
  /** Why the contact is (or is not) an MQL, in words. */
  readonly mqlReason: string
  /** Data-quality checks the contract requires that the lead fails: it is held back from sales. */
  readonly handoffBlockedBy: readonly DataQualityIssue[]
}

/** The score at `now`: engagement decayed since scoring, windows counted back from now. */
export function readContactScore(
  definition: QualificationDefinition,
  state: ContactScoreState,
  dataQualityIssues: readonly DataQualityIssue[],
  now: Date,
): ContactScore {
  const stateMs = Date.parse(state.at)
  const nowMs = Math.max(now.getTime(), stateMs)
  const reasons: EngagementReason[] = []
  let points = 0
  for (const [rule, r] of Object.entries(state.rules)) {
    const decayed = r.sum * decayFactor(stateMs, nowMs, r.halfLifeDays ?? undefined)
    const value = round2(
      r.cap === null ? decayed : Math.sign(decayed) * Math.min(Math.abs(decayed), r.cap),
    )
    points += value
    reasons.push({
      rule,
      occurrences: r.count,
      pointsEach: r.points,
      halfLifeDays: r.halfLifeDays,
      cap: r.cap,
      value,
      lastAt: r.last,
    })
  }
  points = round2(points)
  const bands = definition.engagement.bands
  const band: EngagementBand =
    points >= bands['1'] ? 1 : points >= bands['2'] ? 2 : points >= bands['3'] ? 3 : 4
  const cell = `${state.fit.grade}${band}`
  const ready = definition.readiness
    .filter((s) => {
      const times = state.signals[s.id] ?? []
      const recent = times.filter((t) => daysBetween(Date.parse(t), nowMs) <= s.withinDays)
      return recent.length >= (s.minCount ?? 1)
    })
    .map((s) => s.id)
  const exploring =
    state.exploredAt !== null &&
    daysBetween(Date.parse(state.exploredAt), nowMs) <= definition.explore.withinDays
  const inMatrix = definition.mql.cells.includes(cell)
  const readyGrade =
    ready.length > 0 && (definition.mql.readyGrades ?? []).some((g) => g === state.fit.grade)
  const mql = inMatrix || readyGrade
  const required = new Set<string>(definition.handoff.dataQuality)
  return {
    version: state.version,
    scoredAt: state.at,
    fit: state.fit,
    engagement: {
      points,
      band,
      reasons: reasons.sort((a, b) => Math.abs(b.value) - Math.abs(a.value)),
    },
    cell,
    ready,
    exploring,
    exploredAt: state.exploredAt,
    mql,
    mqlReason: inMatrix
      ? `${cell} is an MQL cell of version ${state.version}`
      : readyGrade
        ? `grade ${state.fit.grade} with readiness signal ${ready.join(', ')}`
        : `${cell} is not an MQL cell of version ${state.version}`,
    handoffBlockedBy: dataQualityIssues.filter((i) => required.has(i)),
  }
}

interface CompiledDefinition {
  readonly rulesByType: ReadonlyMap<string, readonly { rule: BehaviourRule; path?: RegExp }[]>
  readonly signalsByType: ReadonlyMap<string, readonly WindowedSignal[]>
  /** The explore activities, kept as one more signal. */
  readonly explore: WindowedSignal
}

const compiledDefinitions = new WeakMap<QualificationDefinition, CompiledDefinition>()

/** Which rules and signals each activity type feeds, worked out once per definition. */
function compile(definition: QualificationDefinition): CompiledDefinition {
  const known = compiledDefinitions.get(definition)
  if (known !== undefined) return known
  const rulesByType = new Map<string, { rule: BehaviourRule; path?: RegExp }[]>()
  for (const rule of definition.engagement.rules)
    for (const type of new Set(rule.activities)) {
      const list = rulesByType.get(type) ?? []
      list.push(rule.path === undefined ? { rule } : { rule, path: caseInsensitive(rule.path) })
      rulesByType.set(type, list)
    }
  const explore: WindowedSignal = {
    id: 'explore',
    activities: definition.explore.activities,
    withinDays: definition.explore.withinDays,
  }
  const signalsByType = new Map<string, WindowedSignal[]>()
  for (const signal of [...definition.readiness, explore])
    for (const type of new Set(signal.activities)) {
      const list = signalsByType.get(type) ?? []
      list.push(signal)
      signalsByType.set(type, list)
    }
  const compiled = { rulesByType, signalsByType, explore }
  compiledDefinitions.set(definition, compiled)
  return compiled
}

const round2 = (n: number) => Math.round(n * 100) / 100
