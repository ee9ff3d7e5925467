import { sql } from 'kysely'
import { attributionReport } from '../src/services/reports/attribution-report.ts'
import { doubleFunnelReport } from '../src/services/reports/double-funnel.ts'
import { funnelReport } from '../src/services/reports/funnel-report.ts'
import { createWorkspace } from '../src/services/workspaces.ts'
import type { PostgresStore } from '../src/store/open-store.ts'
import { envNumber } from './env-number.ts'

// npm run bench -- analytics: the double funnel by cohort over a large workspace's stage history,
// against a full sequential scan of the transitions table; attribution of many deals, against a
// full scan of the activities table; both in the same run, on PostgreSQL.

export interface AnalyticsOptions {
  readonly leads: number
  readonly opportunities: number
  readonly touchesPerOpportunity: number
  /** Measure the workspace a previous run generated, instead of generating it again. */
  readonly reuse: boolean
}

export function analyticsOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): AnalyticsOptions {
  const number = (name: string, fallback: number) => Math.round(envNumber(env, name, fallback))
  return {
    leads: number('BENCH_ANALYTICS_LEADS', 1_000_000),
    opportunities: number('BENCH_ANALYTICS_OPPORTUNITIES', 100_000),
    touchesPerOpportunity: number('BENCH_ANALYTICS_TOUCHES', 5),
    reuse: env.BENCH_ANALYTICS_REUSE === '1',
  }
}

export interface Timing {
  readonly name: string
  readonly rows: number
  readonly seconds: number
}

export interface AnalyticsResult {
  readonly generateSeconds: number
  readonly transitions: number
  readonly activities: number
  readonly scanTransitions: Timing
  readonly funnels: readonly Timing[]
  readonly scanActivities: Timing
  /** The first report, then with every split stored, then after some deals changed. */
  readonly attribution: readonly Timing[]
}

const STAGES = ['inquiry', 'lead', 'mql', 'sal', 'sql', 'opportunity', 'won']

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now()
  const value = await run()
  return { value, seconds: (performance.now() - started) / 1e3 }
}

export async function benchAnalytics(
  store: PostgresStore,
  options: AnalyticsOptions,
  log: (line: string) => void,
): Promise<AnalyticsResult> {
  const db = store.db
  const year = Date.UTC(2025, 0, 1)
  const existing = options.reuse
    ? await db
        .selectFrom('workspaces')
        .select('id')
        .where('slug', '=', 'bench-analytics')
        .executeTakeFirst()
    : undefined
  const ws =
    existing?.id ?? (await createWorkspace(db, { slug: 'bench-analytics', name: 'Analytics' })).id
  const generate = await timed(async () => {
    if (existing !== undefined) {
      log('  reusing the workspace a previous run generated')
      return
    }
    log(`  ${options.leads.toLocaleString('en-US')} leads…`)
    // Each lead enters at a time in the year and goes on, one stage after another, with falling
    // odds (about five transitions a lead), a few days apart.
    await sql`
      insert into contacts (workspace_id, id, email, source, lifecycle_stage, created_at, updated_at)
      select ${ws}, gen_random_uuid(), 'lead' || g || '@bench.example',
        (array['organic', 'paid_search', 'webinar', 'referral', 'events'])[1 + g % 5],
        'inquiry', ${new Date(year)}::timestamptz + (g % 365) * interval '1 day',
        ${new Date(year)}::timestamptz
      from generate_series(1, ${options.leads}) g`.execute(db)
    log('  stage history…')
    await sql`
      insert into stage_transitions (workspace_id, id, funnel, entity_id, from_stage, to_stage, at,
        actor_type, actor_id)
      select ${ws}, gen_random_uuid(), 'lead', c.id,
        case when s.n = 1 then null else (${STAGES}::text[])[s.n - 1] end,
        (${STAGES}::text[])[s.n], c.created_at + (s.n - 1) * interval '4 days' * (1 + random()),
        'system', null
      from (
        select id, created_at, 1 + floor(7 * power(random(), 0.45))::int as depth
        from contacts where workspace_id = ${ws}
      ) c
      -- How deep each lead goes is drawn once per lead, and the series depends on it: a series
      -- that named no column of the lead could be drawn once and shared by every lead.
      cross join lateral generate_series(1, c.depth) s (n)`.execute(db)
    log(`  ${options.opportunities.toLocaleString('en-US')} deals and their touches…`)
    await sql`
      insert into accounts (workspace_id, id, name, normalized_name)
      values (${ws}, '00000000-0000-4000-8000-000000000001', 'Bench', 'bench')`.execute(db)
    await sql`
      insert into opportunities (workspace_id, id, account_id, name, amount, stage, is_closed,
        is_won, created_at, closed_at)
      select ${ws}, gen_random_uuid(), '00000000-0000-4000-8000-000000000001', 'Deal ' || g,
        round((1000 + random() * 50000)::numeric, 2), 'Won', true, random() < 0.4,
        ${new Date(year)}::timestamptz + (g % 365) * interval '1 day' + interval '30 days',
        ${new Date(year)}::timestamptz + (g % 365) * interval '1 day' + interval '90 days'
      from generate_series(1, ${options.opportunities}) g`.execute(db)
    await sql`
      insert into opportunity_contacts (workspace_id, opportunity_id, contact_id, is_primary)
      select ${ws}, o.id, c.id, true
      from (select id, row_number() over (order by id) r from opportunities
            where workspace_id = ${ws}) o
      join (select id, row_number() over (order by id) r from contacts
            where workspace_id = ${ws}) c on c.r = o.r`.execute(db)
    await sql`
      insert into activities (workspace_id, id, contact_id, type, channel, function, occurred_at)
      select ${ws}, gen_random_uuid(), oc.contact_id,
        (array['web_visit', 'webinar_attended', 'content_download', 'email_click'])[1 + t % 4],
        (array['web', 'webinar', 'content', 'email', 'paid_social'])[1 + (t + oc.r) % 5],
        'marketing', o.created_at - t * interval '3 days'
      from (select *, row_number() over () r from opportunity_contacts
            where workspace_id = ${ws}) oc
      join opportunities o on o.workspace_id = oc.workspace_id and o.id = oc.opportunity_id
      cross join generate_series(1, ${options.touchesPerOpportunity}) t`.execute(db)
    log('  analyze…')
    await sql`analyze`.execute(db)
    log('  generated')
  })
  const count = async (table: 'stage_transitions' | 'activities') =>
    Number(
      (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]
        ?.n ?? 0,
    )
  const transitions = await count('stage_transitions')
  const activities = await count('activities')

  // Baselines: every row of the table read once, in order.
  const scan = async (table: 'stage_transitions' | 'activities', column: string) =>
    (
      await timed(() =>
        sql`select sum(length(${sql.ref(column)})) from ${sql.table(table)}`.execute(db),
      )
    ).seconds
  await scan('stage_transitions', 'to_stage') // warm the cache: every measurement reads from it
  const scanTransitions = await scan('stage_transitions', 'to_stage')

  const period = { from: new Date(year), to: new Date(year + 366 * 86_400_000) }
  const funnels: Timing[] = []
  for (const cut of ['none', 'source', 'cohort_month'] as const) {
    await funnelReport(db, ws, {
      funnel: 'lead',
      method: 'cohort',
      cohortStage: 'mql',
      ...period,
      cut,
    })
    const run = await timed(() =>
      funnelReport(db, ws, {
        funnel: 'lead',
        method: 'cohort',
        cohortStage: 'mql',
        ...period,
        cut,
      }),
    )
    funnels.push({
      name: `double funnel, cohort of MQLs, cut ${cut}`,
      rows: transitions,
      seconds: run.seconds,
    })
  }
  const periodRun = await timed(() =>
    funnelReport(db, ws, { funnel: 'lead', method: 'period', ...period, cut: 'none' }),
  )
  funnels.push({ name: 'double funnel, period', rows: transitions, seconds: periodRun.seconds })
  const both = await timed(() =>
    doubleFunnelReport(db, ws, { method: 'cohort', ...period, cut: 'none' }),
  )
  funnels.push({
    name: 'double funnel, both funnels side by side, cohort',
    rows: transitions,
    seconds: both.seconds,
  })

  await scan('activities', 'channel')
  const scanActivities = await scan('activities', 'channel')
  const attributionQuery = {
    from: new Date(year),
    to: new Date(year + 500 * 86_400_000),
    model: 'w_shaped',
    by: 'channel',
  } as const
  // The first report splits and stores every deal; later ones sum the stored splits, after
  // splitting again the deals that changed.
  await db.deleteFrom('attributed_deals').where('workspace_id', '=', ws).execute()
  await sql`vacuum analyze attributed_deals, attributed_shares`.execute(db)
  const firstAttribution = await timed(() => attributionReport(db, ws, attributionQuery))
  // Warm, as the funnels: the first read of freshly written rows also marks them as committed.
  await attributionReport(db, ws, attributionQuery)
  const attribution = await timed(() => attributionReport(db, ws, attributionQuery))
  const changed = Math.min(1_000, Math.ceil(options.opportunities / 100))
  await sql`
    update opportunities set amount = amount + 1
    where workspace_id = ${ws} and id in (
      select id from opportunities where workspace_id = ${ws} order by id limit ${changed})`.execute(
    db,
  )
  const afterChanges = await timed(() => attributionReport(db, ws, attributionQuery))
  const deals = attribution.value.opportunities.toLocaleString('en-US')
  return {
    generateSeconds: generate.seconds,
    transitions,
    activities,
    scanTransitions: {
      name: 'scan of stage_transitions (baseline)',
      rows: transitions,
      seconds: scanTransitions,
    },
    funnels,
    scanActivities: {
      name: 'scan of activities (baseline)',
      rows: activities,
      seconds: scanActivities,
    },
    attribution: [
      {
        name: `attribution, W-shaped, ${deals} deals, first report (every split computed and stored)`,
        rows: activities,
        seconds: firstAttribution.seconds,
      },
      {
        name: `attribution, W-shaped, ${deals} deals (stored splits)`,
        rows: activities,
        seconds: attribution.seconds,
      },
      {
        name: `attribution, W-shaped, ${deals} deals, after ${changed.toLocaleString('en-US')} of them changed`,
        rows: activities,
        seconds: afterChanges.seconds,
      },
    ],
  }
}
