import type { QualificationDefinition } from '../contracts/contract-schemas.ts'
import { readContactScore, type ScoredActivity, scoreContact } from './contact-score.ts'
import type { FitProfile } from './fit-rules.ts'

// A backtest replays each person's history under a definition: when would they have become an
// MQL, and what happened to them after? Run under the active and a proposed definition side by
// side, it shows what a change would do before both sides approve it.

export interface BacktestContact {
  readonly id: string
  /** How people recognise the person: an email, else the id. */
  readonly label: string
  readonly profile: FitProfile
  /** Oldest first. */
  readonly activities: readonly ScoredActivity[]
  /** When the person first reached each later stage, where they did. */
  readonly reached: { readonly sal?: Date; readonly sql?: Date; readonly won?: Date }
}

export interface MqlMoment {
  readonly at: Date
  readonly cell: string
}

/**
 * The first moment the person was an MQL under the definition, checked after each activity
 * (scores only rise at activities; between them engagement fades). Fit is today's profile: a
 * person's past titles and company sizes are not kept.
 */
export function firstMql(
  definition: QualificationDefinition,
  profile: FitProfile,
  activities: readonly ScoredActivity[],
): MqlMoment | null {
  for (let i = 0; i < activities.length; i += 1) {
    const at = activities[i]?.occurredAt as Date
    // Several activities at one moment count together.
    if (i + 1 < activities.length && activities[i + 1]?.occurredAt.getTime() === at.getTime())
      continue
    const state = scoreContact(definition, 0, profile, activities.slice(0, i + 1), at)
    const score = readContactScore(definition, state, [], at)
    if (score.mql) return { at, cell: score.cell }
  }
  return null
}

export interface BacktestMonth {
  readonly month: string
  readonly mqls: number
  readonly laterSal: number
  readonly laterSql: number
  readonly laterWon: number
}

export interface BacktestSide {
  readonly version: number | null
  readonly name: string
  readonly months: readonly BacktestMonth[]
  readonly totals: Omit<BacktestMonth, 'month'>
  /** Of the MQLs, the share that later won. */
  readonly precision: number | null
  /** Of everyone who won, the share that was an MQL first. */
  readonly recall: number | null
}

export interface BacktestChange {
  readonly contactId: string
  readonly label: string
  readonly active: MqlMoment | null
  readonly proposed: MqlMoment | null
}

export interface BacktestReport {
  readonly contacts: number
  readonly won: number
  readonly active: BacktestSide | null
  readonly proposed: BacktestSide
  readonly changes: {
    /** MQLs under the proposed definition that the active one did not make. */
    readonly gained: number
    /** MQLs under the active definition that the proposed one would not make. */
    readonly lost: number
    /** MQLs under both, in a different month. */
    readonly moved: number
    readonly examples: readonly BacktestChange[]
  }
}

export interface DefinitionUnderTest {
  readonly version: number | null
  readonly body: QualificationDefinition
}

/** Adds people one at a time (constant memory), then reports both sides. */
export function createBacktest(
  active: DefinitionUnderTest | null,
  proposed: DefinitionUnderTest,
  options: { readonly examples?: number } = {},
) {
  const maxExamples = options.examples ?? 50
  const activeSide = active === null ? null : createSide(active)
  const proposedSide = createSide(proposed)
  let contacts = 0
  let won = 0
  let gained = 0
  let lost = 0
  let moved = 0
  const examples: BacktestChange[] = []
  return {
    add(contact: BacktestContact): void {
      contacts += 1
      if (contact.reached.won !== undefined) won += 1
      const p = proposedSide.add(contact)
      if (activeSide === null) return
      const a = activeSide.add(contact)
      const changed =
        (a === null) !== (p === null) ||
        (a !== null && p !== null && monthOf(a.at) !== monthOf(p.at))
      if (!changed) return
      if (a === null) gained += 1
      else if (p === null) lost += 1
      else moved += 1
      if (examples.length < maxExamples)
        examples.push({ contactId: contact.id, label: contact.label, active: a, proposed: p })
    },
    report(): BacktestReport {
      return {
        contacts,
        won,
        active: activeSide?.report(won) ?? null,
        proposed: proposedSide.report(won),
        changes: { gained, lost, moved, examples },
      }
    },
  }
}

function createSide(definition: DefinitionUnderTest) {
  const months = new Map<
    string,
    { mqls: number; laterSal: number; laterSql: number; laterWon: number }
  >()
  return {
    add(contact: BacktestContact): MqlMoment | null {
      const mql = firstMql(definition.body, contact.profile, contact.activities)
      if (mql === null) return null
      const month = monthOf(mql.at)
      const tally = months.get(month) ?? { mqls: 0, laterSal: 0, laterSql: 0, laterWon: 0 }
      months.set(month, tally)
      const later = (at: Date | undefined) => at !== undefined && at.getTime() >= mql.at.getTime()
      tally.mqls += 1
      if (later(contact.reached.sal)) tally.laterSal += 1
      if (later(contact.reached.sql)) tally.laterSql += 1
      if (later(contact.reached.won)) tally.laterWon += 1
      return mql
    },
    report(won: number): BacktestSide {
      const list = [...months.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([month, tally]) => ({ month, ...tally }))
      const totals = list.reduce(
        (t, m) => ({
          mqls: t.mqls + m.mqls,
          laterSal: t.laterSal + m.laterSal,
          laterSql: t.laterSql + m.laterSql,
          laterWon: t.laterWon + m.laterWon,
        }),
        { mqls: 0, laterSal: 0, laterSql: 0, laterWon: 0 },
      )
      return {
        version: definition.version,
        name: definition.body.name,
        months: list,
        totals,
        precision: totals.mqls === 0 ? null : totals.laterWon / totals.mqls,
        recall: won === 0 ? null : totals.laterWon / won,
      }
    },
  }
}

const monthOf = (at: Date) => at.toISOString().slice(0, 7)
