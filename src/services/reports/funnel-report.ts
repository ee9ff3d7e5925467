import { type Kysely, type RawBuilder, sql } from 'kysely'
import { ACCOUNT_STAGES } from '../../domain/lifecycle/account-funnel.ts'
import { LEAD_STAGES } from '../../domain/lifecycle/lead-funnel.ts'
import { roundTo } from '../../domain/round-to.ts'
import type { Database } from '../../store/database.ts'
import { AppError } from '../app-error.ts'
import { daysBetween } from './days-between.ts'
import { pageBounds, type ReportRows, type RowsPage, rowsPage } from './report-rows.ts'

// The double funnel, read from the funnels' milestones: when each person or account first
// reached each stage. The stage history is the source of truth, with one addition: a deal in
// Tandem marks its contacts (lead funnel) and its account (account funnel) as having reached
// opportunity when it was created and won (customer) when it was won, for the deals imported
// from a CRM whose leads never moved by hand. The database keeps the milestones in step with
// both (src/store/migrations/0006-funnel-milestones.ts).
//
// Two methods (docs/reports.md):
// - cohort: of those who first reached stage X in the period, how many reached each later stage
//   (at any time after), and how many days it took (median, p90);
// - period: how many first reached each stage in the period, and, of those who reached the
//   previous stage in the period, the share who reached this one before the period ended.
// Both keep every conversion between 0 and 1.

export type Funnel = 'lead' | 'account'
export type FunnelMethod = 'cohort' | 'period'
export const FUNNEL_CUTS = [
  'none',
  'source',
  'campaign',
  'owner',
  'sdr',
  'rep',
  'team',
  'motion',
  'segment',
  'cohort_month',
  'cohort_quarter',
] as const
export type FunnelCut = (typeof FUNNEL_CUTS)[number]

/** The stages each funnel reports, in order (side exits are not steps of the funnel). */
export const FUNNEL_STEPS: Readonly<Record<Funnel, readonly string[]>> = {
  lead: LEAD_STAGES.filter((s) => !['lost', 'recycled', 'disqualified'].includes(s)),
  account: ACCOUNT_STAGES,
}

export interface FunnelQuery {
  readonly funnel: Funnel
  readonly method: FunnelMethod
  readonly from: Date
  readonly to: Date
  /** Cohort method: the stage whose first reaching in the period makes the cohort. */
  readonly cohortStage?: string
  readonly cut: FunnelCut
}

export interface FunnelStep {
  readonly stage: string
  /** Cohort: cohort members who reached it; period: those who first reached it in the period. */
  readonly reached: number
  /**
   * Cohort: share of the cohort that reached it. Period: share of those reaching the previous
   * stage in the period who reached this one before it ended. 0 to 1.
   */
  readonly conversion: number | null
  /** Days from the cohort stage (cohort method) or in the previous stage (period method). */
  readonly medianDays: number | null
  readonly p90Days: number | null
}

export interface FunnelGroup {
  readonly key: string | null
  readonly steps: readonly FunnelStep[]
}

export interface FunnelReport {
  readonly funnel: Funnel
  readonly method: FunnelMethod
  readonly from: string
  readonly to: string
  readonly cohortStage: string | null
  readonly cut: FunnelCut
  readonly groups: readonly FunnelGroup[]
}

/** The funnel report, by cohort or by period, for every value of the cut. */
export async function funnelReport(
  db: Kysely<Database>,
  workspaceId: string,
  query: FunnelQuery,
): Promise<FunnelReport> {
  const steps = FUNNEL_STEPS[query.funnel]
  if (query.from >= query.to)
    throw new AppError(
      'validation_failed',
      `from (${query.from.toISOString()}) must be before to (${query.to.toISOString()}).`,
    )
  const cohortStage = query.method === 'cohort' ? (query.cohortStage ?? steps[0]) : undefined
  if (cohortStage !== undefined && !steps.includes(cohortStage))
    throw new AppError(
      'validation_failed',
      `${cohortStage} is not a stage of the ${query.funnel} funnel; use one of ${steps.join(', ')}.`,
    )
  const groups =
    cohortStage === undefined
      ? await periodGroups(db, workspaceId, query, steps)
      : await cohortGroups(db, workspaceId, query, steps, cohortStage)
  return {
    funnel: query.funnel,
    method: query.method,
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    cohortStage: cohortStage ?? null,
    cut: query.cut,
    groups,
  }
}

export interface FunnelEntityRow {
  readonly id: string
  /** A contact's name or email, an account's name. */
  readonly label: string | null
  /** When it entered the cohort (cohort method) or the previous step (period method). */
  readonly enteredAt: Date | null
  readonly reachedAt: Date
  readonly days: number | null
}

/**
 * The people or accounts behind one step of one group of the report: those counted in its
 * `reached`, oldest first, a page at a time, with how many there are in all.
 */
export async function funnelRows(
  db: Kysely<Database>,
  workspaceId: string,
  query: FunnelQuery & {
    readonly stage: string
    readonly key?: string | null
    readonly page: RowsPage
  },
): Promise<ReportRows<FunnelEntityRow>> {
  const steps = FUNNEL_STEPS[query.funnel]
  if (!steps.includes(query.stage))
    throw new AppError(
      'validation_failed',
      `${query.stage} is not a stage of the ${query.funnel} funnel; use one of ${steps.join(', ')}.`,
    )
  const cohortStage = query.method === 'cohort' ? (query.cohortStage ?? steps[0]) : undefined
  const ws = workspaceId
  const label =
    query.funnel === 'lead'
      ? sql`(select coalesce(nullif(trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), ''), c.email)
          from contacts c where c.workspace_id = ${ws} and c.id = p.id)`
      : sql`(select a.name from accounts a where a.workspace_id = ${ws} and a.id = p.id)`
  const reached = col(query.stage)
  const previous = steps[steps.indexOf(query.stage) - 1]
  // Cohort: entered at the cohort stage, in the period, and reached the stage at or after it.
  // Period: reached the stage in the period; entered the previous step before.
  const entered =
    cohortStage !== undefined
      ? col(cohortStage)
      : previous === undefined
        ? sql`null::timestamptz`
        : col(previous)
  const where =
    cohortStage !== undefined
      ? sql`${col(cohortStage)} >= ${query.from} and ${col(cohortStage)} < ${query.to} and ${reached} >= ${col(cohortStage)}`
      : sql`${reached} >= ${query.from} and ${reached} < ${query.to}`
  const cutAt =
    cohortStage !== undefined ? col(cohortStage) : sql`least(${sql.join(steps.map(col))})`
  const cut = cutOf(ws, query, cutAt)
  const key = cut.keyOf(cut.group)
  const keyFilter =
    query.key === undefined
      ? sql`true`
      : query.key === null
        ? sql`${key} is null`
        : sql`${key} = ${query.key}`
  const page = pageBounds(query.page)
  const behind = (select: RawBuilder<unknown>) => sql`
    with ${reachedCte(ws, query.funnel, steps)}
    select ${select}
    from pivot p ${query.key === undefined ? sql`` : cut.joins} where ${where} and ${keyFilter}`
  const { rows } = await sql<FunnelEntityRow & { total: number }>`
    ${behind(sql`p.id, ${label} as label, ${entered} as "enteredAt", ${reached} as "reachedAt",
      ${daysBetween(reached, entered)} as days, count(*) over () as total`)}
    order by ${reached}, p.id limit ${page.limit} offset ${page.offset}`.execute(db)
  // Past the last row, the page has no row to carry the total: it is counted on its own.
  const total =
    rows[0]?.total ??
    (await sql<{ total: number }>`${behind(sql`count(*) as total`)}`.execute(db)).rows[0]?.total ??
    0
  return rowsPage(
    rows.map(({ total: _, ...r }) => ({ ...r, days: roundTo(r.days, 2) })),
    Number(total),
    page,
  )
}

interface StepRow {
  readonly key: string | null
  readonly stage: string
  readonly reached: number
  readonly median_days: number | null
  readonly p90_days: number | null
}

async function cohortGroups(
  db: Kysely<Database>,
  ws: string,
  q: FunnelQuery,
  steps: readonly string[],
  cohortStage: string,
): Promise<FunnelGroup[]> {
  const later = steps.slice(steps.indexOf(cohortStage))
  const start = col(cohortStage)
  // One row per cohort member with the time it reached every stage: one pass, no self-join.
  const measures = later.map((stage): Measure[] => [
    {
      name: `${stage}_reached`,
      value: sql`count(*) filter (where ${col(stage)} >= ${start})::int`,
    },
    stage === cohortStage
      ? { name: `${stage}_days`, value: sql`array[0, 0]::float8[]` }
      : {
          name: `${stage}_days`,
          days: daysBetween(col(stage), start),
          where: sql`${col(stage)} >= ${start}`,
        },
  ])
  const rows = await measureGroups(db, ws, q.funnel, steps, {
    cut: cutOf(ws, q, start),
    where: sql`${start} >= ${q.from} and ${start} < ${q.to}`,
    measures,
  })
  return assemble(
    rows.flatMap((r) =>
      later.map((stage) => ({
        key: r.key as string | null,
        stage,
        reached: Number(r[`${stage}_reached`] ?? 0),
        ...days(r[`${stage}_days`]),
      })),
    ),
    later,
    (reached, group) => {
      const size = group.get(cohortStage)?.reached ?? 0
      return size === 0 ? null : reached / size
    },
  )
}

async function periodGroups(
  db: Kysely<Database>,
  ws: string,
  q: FunnelQuery,
  steps: readonly string[],
): Promise<FunnelGroup[]> {
  // Per step: reached in the period; of those, reached the next step before the period ended
  // (converted); days in the previous step, from first reaching it to first reaching this one.
  const inPeriod = (stage: string) => sql`(${col(stage)} >= ${q.from} and ${col(stage)} < ${q.to})`
  const measures = steps.map((stage, i): Measure[] => {
    const prev = steps[i - 1]
    const next = steps[i + 1]
    const days: Measure =
      prev === undefined
        ? { name: `${stage}_days`, value: sql`null::float8[]` }
        : {
            name: `${stage}_days`,
            days: daysBetween(col(stage), col(prev)),
            where: sql`${inPeriod(stage)} and ${col(prev)} <= ${col(stage)}`,
          }
    const converted =
      next === undefined
        ? sql`0`
        : sql`count(*) filter (where ${inPeriod(stage)} and ${col(next)} >= ${col(stage)} and ${col(next)} < ${q.to})`
    return [
      { name: `${stage}_reached`, value: sql`count(*) filter (where ${inPeriod(stage)})::int` },
      { name: `${stage}_converted`, value: sql`(${converted})::int` },
      days,
    ]
  })
  const rows = await measureGroups(db, ws, q.funnel, steps, {
    cut: cutOf(ws, q, sql`least(${sql.join(steps.map(col))})`),
    where: sql.join(steps.map(inPeriod), sql` or `),
    measures,
  })
  const stepRows = rows.flatMap((r) =>
    steps.map((stage) => ({
      key: r.key as string | null,
      stage,
      reached: Number(r[`${stage}_reached`] ?? 0),
      converted: Number(r[`${stage}_converted`] ?? 0),
      ...days(r[`${stage}_days`]),
    })),
  )
  const converted = new Map(stepRows.map((r) => [`${r.key}\u0000${r.stage}`, r.converted]))
  return assemble(stepRows, steps, (_reached, group, index) => {
    const previousStage = steps[index - 1]
    const previous = previousStage === undefined ? undefined : group.get(previousStage)
    if (previous === undefined || previous.reached === 0) return null
    return (converted.get(`${previous.key}\u0000${previous.stage}`) ?? 0) / previous.reached
  })
}

type MeasureRow = Record<string, number | string | null>

/**
 * One column of a group's measures: a value (a count, a constant), or the median and 90th
 * percentile of `days` over the rows matching `where` (`[median, p90]`, or null when no row
 * matches).
 */
type Measure =
  | { readonly name: string; readonly value: RawBuilder<unknown> }
  | {
      readonly name: string
      readonly days: RawBuilder<unknown>
      readonly where: RawBuilder<unknown>
    }

/** Queries measuring a report at once, each run on its own connection. */
const PARALLEL_QUERIES = 2

/**
 * The measures of every group (one list per stage) of the entities matching `where`, keyed by
 * their cut, taken by several queries at once: each percentile is a sort of its own that the
 * database runs on one core, so the stages are dealt out between queries (and cores), and their
 * rows joined again.
 *
 * Without a cut, each query sorts the days of its stages. With one, the rows would first have to
 * be sorted by group for the percentiles of each group; instead each query gathers every group's
 * days into arrays (hashed by group, not sorted) and sorts each array on its own.
 */
async function measureGroups(
  db: Kysely<Database>,
  ws: string,
  funnel: Funnel,
  steps: readonly string[],
  {
    cut,
    where,
    measures,
  }: {
    readonly cut: Cut
    readonly where: RawBuilder<unknown>
    readonly measures: readonly (readonly Measure[])[]
  },
): Promise<MeasureRow[]> {
  const query = (select: RawBuilder<unknown>) => sql<MeasureRow>`
    with ${reachedCte(ws, funnel, steps)},
    keyed as (select p.*, ${cut.group} as key from pivot p ${cut.joins} where ${where})
    ${select}`
  const parts = dealOut(measures, PARALLEL_QUERIES)
  const results = await Promise.all(
    parts.map((part) =>
      cut.grouped
        ? // The planner cannot tell how few groups there are (a month of an entry date, say), and
          // would sort the rows by group for a plan it thinks holds fewer arrays at once.
          db.transaction().execute(async (trx) => {
            await sql`set local enable_sort = off`.execute(trx)
            return query(selectGathered(part, cut.keyOf)).execute(trx)
          })
        : query(selectSorted(part, cut.keyOf)).execute(db),
    ),
  )
  const byKey = new Map<unknown, MeasureRow>()
  for (const { rows } of results)
    for (const row of rows) byKey.set(row.key, { ...byKey.get(row.key), ...row })
  return [...byKey.values()]
}

/**
 * The stages' measures dealt out between `n` queries by the sorts they take: each stage's
 * percentiles sort fewer rows than the stage before (fewer reach it), so they are dealt back and
 * forth (1, 2, 2, 1, 1, 2, …) to even out the queries. Measures without a sort go to the first.
 */
function dealOut(measures: readonly (readonly Measure[])[], n: number): Measure[][] {
  const parts: Measure[][] = Array.from({ length: n }, () => [])
  let sorts = 0
  for (const stage of measures) {
    const round = Math.floor(sorts / n)
    const place = sorts % n
    const sorted = stage.some((m) => 'days' in m)
    const part = sorted ? (round % 2 === 0 ? place : n - 1 - place) : 0
    if (sorted) sorts += 1
    parts[part]?.push(...stage)
  }
  return parts.filter((part) => part.length > 0)
}

const MEDIAN_AND_P90 = sql`percentile_cont(array[0.5, 0.9])`

/** The measures per group of `keyed`, each percentile sorted by the aggregate. */
function selectSorted(measures: readonly Measure[], keyOf: Cut['keyOf']): RawBuilder<unknown> {
  const columns = measures.map((m) =>
    'value' in m
      ? sql`${m.value} as ${sql.ref(m.name)}`
      : sql`${MEDIAN_AND_P90} within group (order by ${m.days}) filter (where ${m.where})
          as ${sql.ref(m.name)}`,
  )
  return sql`select ${keyOf(sql`p.key`)} as key, ${sql.join(columns)} from keyed p group by p.key`
}

/** The measures per group of `keyed`, each group's days gathered into an array and sorted. */
function selectGathered(measures: readonly Measure[], keyOf: Cut['keyOf']): RawBuilder<unknown> {
  const gathered = measures.map((m) =>
    'value' in m
      ? sql`${m.value} as ${sql.ref(m.name)}`
      : sql`array_agg(${m.days}) filter (where ${m.where}) as ${sql.ref(m.name)}`,
  )
  const columns = measures.map((m) =>
    'value' in m
      ? sql.ref(`g.${m.name}`)
      : sql`(select ${MEDIAN_AND_P90} within group (order by d) from unnest(${sql.ref(`g.${m.name}`)}) d)
          as ${sql.ref(m.name)}`,
  )
  return sql`select ${keyOf(sql`g.key`)} as key, ${sql.join(columns)}
    from (select p.key, ${sql.join(gathered)} from keyed p group by p.key) g`
}

function days(value: unknown): Pick<StepRow, 'median_days' | 'p90_days'> {
  const [median, p90] = Array.isArray(value) ? (value as (number | null)[]) : []
  return { median_days: median ?? null, p90_days: p90 ?? null }
}

/** The pivot's column holding when an entity first reached a stage. */
function col(stage: string): RawBuilder<Date | null> {
  return sql.ref(`p.${stage}_at`) as unknown as RawBuilder<Date | null>
}

function assemble(
  rows: readonly StepRow[],
  steps: readonly string[],
  conversion: (
    reached: number,
    group: ReadonlyMap<string, StepRow>,
    index: number,
  ) => number | null,
): FunnelGroup[] {
  const byKey = new Map<string | null, Map<string, StepRow>>()
  for (const row of rows) {
    const group = byKey.get(row.key) ?? new Map<string, StepRow>()
    byKey.set(row.key, group)
    group.set(row.stage, row)
  }
  const keys = [...byKey.keys()].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a.localeCompare(b),
  )
  return keys.map((key) => {
    const group = byKey.get(key) as Map<string, StepRow>
    return {
      key,
      steps: steps.map((stage, index) => {
        const row = group.get(stage)
        const reached = row?.reached ?? 0
        return {
          stage,
          reached,
          conversion: roundTo(conversion(reached, group, index), 4),
          medianDays: roundTo(row?.median_days ?? null, 2),
          p90Days: roundTo(row?.p90_days ?? null, 2),
        }
      }),
    }
  })
}

/**
 * `pivot(id, <stage>_at, ..., <fact>, ...)`: when each entity first reached each step, one row
 * per entity, with the facts kept beside them for the cuts, from the milestones the database
 * keeps from the stage history, the deals and the contacts (migrations 0006-funnel-milestones
 * and 0013-lead-milestone-facts).
 */
function reachedCte(ws: string, funnel: Funnel, steps: readonly string[]): RawBuilder<unknown> {
  const { table, idColumn, facts } = MILESTONES[funnel]
  const columns = [...steps.map((s) => `${s}_at`), ...facts].map((c) => sql.ref(c))
  return sql`pivot as (
    select ${sql.ref(idColumn)} as id, ${sql.join(columns)}
    from ${sql.table(table)} where workspace_id = ${ws}
  )`
}

/** Where each funnel's milestones are kept. */
export const MILESTONES = {
  lead: {
    table: 'lead_milestones',
    idColumn: 'contact_id',
    facts: ['source', 'source_campaign_id', 'owner_id', 'account_id'],
  },
  account: { table: 'account_milestones', idColumn: 'account_id', facts: [] },
} as const satisfies Record<Funnel, { table: string; idColumn: string; facts: readonly string[] }>

/** How the rows of a report are grouped for a cut, and what each group is called. */
interface Cut {
  /** What the cut's values are read from. */
  readonly joins: RawBuilder<unknown>
  /** The value the rows are grouped by: the key itself, or something cheaper to group by. */
  readonly group: RawBuilder<unknown>
  /** The key of a group, from its value of `group`. */
  readonly keyOf: (group: RawBuilder<unknown>) => RawBuilder<string | null>
  /** Whether there are groups at all (every cut but none). */
  readonly grouped: boolean
}

function byKey(joins: RawBuilder<unknown>, key: RawBuilder<string | null>): Cut {
  return { joins, group: key, keyOf: (group) => group as RawBuilder<string | null>, grouped: true }
}

function byCohort(at: RawBuilder<unknown>, unit: 'month' | 'quarter', format: string): Cut {
  return {
    joins: sql``,
    // UTC's wall time: cheaper to truncate than a time zone's.
    group: sql`date_trunc(${sql.lit(unit)}, ${at} at time zone 'UTC')`,
    keyOf: (group) => sql<string | null>`to_char(${group}, ${sql.lit(format)})`,
    grouped: true,
  }
}

/**
 * The value of the cut for each entity `p.id` that entered what is counted at `at`, and the
 * joins it reads from: plain joins where they can be (hashed once for the whole report), a
 * lookup per entity only for the rarer cuts through deals and campaigns. A person's own source,
 * campaign, owner and account are kept on their milestones row (`p`), so the lead funnel joins
 * only the small tables those name.
 */
function cutOf(ws: string, q: Pick<FunnelQuery, 'funnel' | 'cut'>, at: RawBuilder<unknown>): Cut {
  const contacts = q.funnel === 'lead'
  // The account the entity belongs to (itself, in the account funnel), and who owns the entity.
  const account = sql`left join accounts a
    on a.workspace_id = ${ws} and a.id = ${contacts ? sql`p.account_id` : sql`p.id`}`
  const owner = contacts
    ? sql`left join users u on u.workspace_id = ${ws} and u.id = p.owner_id`
    : sql`${account} left join users u on u.workspace_id = ${ws} and u.id = a.owner_id`
  const none = sql``
  switch (q.cut) {
    case 'none':
      return { ...byKey(none, sql`null::text`), grouped: false }
    // Grouped by the start of the month or quarter (a number to hash), named after.
    case 'cohort_month':
      return byCohort(at, 'month', 'YYYY-MM')
    case 'cohort_quarter':
      return byCohort(at, 'quarter', 'YYYY-"Q"Q')
    case 'source':
      return contacts
        ? byKey(none, sql`p.source`)
        : byKey(
            sql`left join (
              select account_id, min(source) as source from contacts
              where workspace_id = ${ws} and account_id is not null group by account_id
            ) src on src.account_id = p.id`,
            sql`src.source`,
          )
    case 'campaign':
      return contacts
        ? byKey(
            sql`left join campaigns cp
              on cp.workspace_id = ${ws} and cp.id = p.source_campaign_id`,
            sql`cp.name`,
          )
        : byKey(
            none,
            sql`(select cp.name from contacts c join campaigns cp
              on cp.workspace_id = c.workspace_id and cp.id = c.source_campaign_id
              where c.workspace_id = ${ws} and c.account_id = p.id
              order by c.created_at limit 1)`,
          )
    case 'owner':
      return byKey(owner, sql`u.name`)
    case 'sdr':
      return byKey(
        sql`${account} left join users s on s.workspace_id = ${ws} and s.id = a.sdr_id`,
        sql`s.name`,
      )
    case 'rep':
      return byKey(
        none,
        sql`(select u.name from opportunities o
          join users u on u.workspace_id = o.workspace_id and u.id = o.owner_id
          where o.workspace_id = ${ws} and ${
            contacts
              ? sql`o.id = (select oc.opportunity_id from opportunity_contacts oc
                  where oc.workspace_id = ${ws} and oc.contact_id = p.id
                  order by oc.is_primary desc limit 1)`
              : sql`o.account_id = p.id`
          }
          order by o.created_at limit 1)`,
      )
    case 'team':
      return byKey(
        sql`${owner} left join teams t on t.workspace_id = ${ws} and t.id = u.team_id`,
        sql`t.name`,
      )
    case 'motion':
      return byKey(owner, sql`u.motion`)
    case 'segment':
      // A segment is the account's ICP tier.
      return byKey(account, sql`'tier ' || a.icp_tier`)
  }
}
