import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { migrateToLatest } from '../src/store/migrate.ts'
import { openStore, type PostgresStore, type Store } from '../src/store/open-store.ts'
import { analyticsOptionsFromEnv, benchAnalytics, type Timing } from './analytics.ts'
import { benchDashboard, dashboardOptionsFromEnv, type Timings } from './dashboard.ts'
import { benchGenerate, benchLoad } from './demo-load.ts'
import { benchHttp } from './http-throughput.ts'
import { benchIngest, type IngestResult, ingestOptionsFromEnv } from './ingest.ts'
import { benchLoadUnderRescore, loadOptionsFromEnv } from './load.ts'
import { describeMachine } from './machine.ts'
import { benchScore, scoreOptionsFromEnv } from './score.ts'

// npm run bench: figures are ratios against a baseline measured in the same run, on this machine.
// Set BENCH_DATABASE_URL to include a PostgreSQL server (its public schema is reset).
// npm run bench -- ingest: tracking ingestion into PostgreSQL against COPY (BENCH_INGEST_SECONDS).
// npm run bench -- score: a full re-score on PostgreSQL against reading the same activities.
// npm run bench -- analytics: the double funnel and attribution against full table scans.
// npm run bench -- load: tracking and the radar's reads during a re-score, against without one.

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

async function openPostgres(url: string): Promise<PostgresStore> {
  const store = await openStore({ kind: 'postgres', url })
  await sql`drop schema if exists public cascade`.execute(store.db)
  await sql`create schema public`.execute(store.db)
  return store
}

async function runDefault(size: 'small' | 'default' | 'large'): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-'))
  const stores: Store[] = [await openStore({ kind: 'pglite', dataDir: join(dataDir, 'db') })]
  const postgresUrl = process.env.BENCH_DATABASE_URL
  if (postgresUrl !== undefined) stores.push(await openPostgres(postgresUrl))
  for (const store of stores) await migrateToLatest(store.db)

  console.log(`Tandem benchmarks on ${describeMachine()}\n`)

  const generated = benchGenerate(size)
  const loads = [generated]
  for (const store of stores) loads.push(await benchLoad(store, size, 'bench-demo'))
  console.log('Demo workspace (baseline: generating the rows in memory):\n')
  console.log('| step | rows | seconds | rows/s | × baseline time |')
  console.log('|---|---:|---:|---:|---:|')
  for (const l of loads) {
    console.log(
      `| ${l.name} | ${l.rows.toLocaleString('en-US')} | ${l.seconds.toFixed(1)} | ${Math.round(l.rows / l.seconds).toLocaleString('en-US')} | ${(l.seconds / generated.seconds).toFixed(1)} |`,
    )
  }

  const http = await benchHttp(stores)
  const baseline = http[0]?.requestsPerSecond ?? 1
  console.log('\nHTTP, 10 connections for 5 s each (baseline: a bare node:http server):\n')
  console.log('| endpoint | requests/s | × baseline | p99 ms | errors |')
  console.log('|---|---:|---:|---:|---:|')
  for (const h of http) {
    console.log(
      `| ${h.name} | ${Math.round(h.requestsPerSecond).toLocaleString('en-US')} | ${(h.requestsPerSecond / baseline).toFixed(2)} | ${h.p99Ms} | ${h.errors} |`,
    )
  }

  for (const store of stores) await store.close()
  rmSync(dataDir, { recursive: true, force: true })
}

const n = (value: number) => Math.round(value).toLocaleString('en-US')
const mib = (bytes: number) => Math.round(bytes / 2 ** 20)

async function runIngest(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_POSTGRES_URL
  const options = ingestOptionsFromEnv()
  const store = await openPostgres(url)
  await migrateToLatest(store.db)
  const settings = await sql<{
    version: string
    autovacuum: string
    sync: string
    buffers: string
  }>`
    select current_setting('server_version') as version, current_setting('autovacuum') as autovacuum,
      current_setting('synchronous_commit') as sync, current_setting('shared_buffers') as buffers`
    .execute(store.db)
    .then((result) => result.rows[0])

  console.log(`Tandem benchmarks on ${describeMachine()}\n`)
  console.log(
    `Ingestion into PostgreSQL ${settings?.version} at ${store.location} (public schema reset${process.env.BENCH_DATABASE_URL === undefined ? '; set BENCH_DATABASE_URL for another server' : ''}; autovacuum ${settings?.autovacuum}, synchronous_commit ${settings?.sync}, shared_buffers ${settings?.buffers}): ${options.clients} clients post batches of ${options.batchSize} events to /v1/batch for ${options.seconds} s, then the event processor is drained; scoring under the example contracts ${options.scoring ? 'on' : 'off (BENCH_INGEST_SCORING=0)'}, handoffs under the example routing rules ${options.routing ? 'on' : 'off (BENCH_INGEST_ROUTING=0)'}. Baseline: COPY of the same rows into the same table.\n`,
  )
  if (settings?.autovacuum === 'off')
    console.log(
      'Autovacuum is off on this server: nothing analyzes the tables ingestion fills, so the planner has no statistics on them (see the README).\n',
    )
  let r: IngestResult
  try {
    r = await benchIngest(store, url, options, (line) => console.error(line))
  } finally {
    await store.close()
  }

  const copyRate = r.copyRows / r.copySeconds
  const rows: readonly (readonly [string, number, number])[] = [
    ['COPY of the same rows (baseline)', r.copyRows, r.copySeconds],
    ['POST /v1/batch, acknowledged (stored, deduplicated)', r.events, r.acknowledgedSeconds],
    ['POST /v1/batch, until every event is processed', r.events, r.processedSeconds],
  ]
  console.log('| path | events | seconds | events/s | × COPY |')
  console.log('|---|---:|---:|---:|---:|')
  for (const [name, events, seconds] of rows) {
    const rate = events / seconds
    console.log(
      `| ${name} | ${n(events)} | ${seconds.toFixed(1)} | ${n(rate)} | ${(rate / copyRate).toFixed(2)} |`,
    )
  }
  const processedRate = r.events / r.processedSeconds
  console.log(
    `\nRatio, processed HTTP ingestion / COPY: ${(processedRate / copyRate).toFixed(2)} (acknowledged only: ${(r.events / r.acknowledgedSeconds / copyRate).toFixed(2)}).`,
  )
  console.log(
    `Events average ${n(r.averageEventBytes)} bytes as JSON, requests ${n(r.averageRequestBytes / 1024)} KB; ${n(r.requests)} requests, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms; ${n(r.retriedAfter429)} retried after 429; ${n(r.errors)} errors; ${n(r.rejected)} rejected.`,
  )
  console.log(
    `Dedupe: ${n(r.resentBatches)} batches sent twice (${n(r.resentEvents)} events), ${n(r.duplicatesReported)} reported as duplicates.`,
  )
  console.log(
    `Processing: ${n(r.contacts)} contacts, ${n(r.activities)} activities, ${n(r.campaigns)} campaigns; ${n(r.processingErrors)} events failed.`,
  )
  console.log(`Writing the CSV for COPY took ${r.copyPrepareSeconds.toFixed(1)} s (not counted).`)

  console.log(`\nServer process every ${options.sampleSeconds} s (sending, then draining):\n`)
  console.log(
    '| s | acknowledged | acknowledged/s | processed/s | pending processing | RSS MiB | heap MiB |',
  )
  console.log('|---:|---:|---:|---:|---:|---:|---:|')
  let previous = { second: 0, acknowledged: 0, pending: 0 }
  for (const s of r.samples) {
    const seconds = s.second - previous.second
    const acknowledged = s.acknowledged - previous.acknowledged
    const processed = acknowledged - (s.pending - previous.pending)
    const rate = (count: number) => (seconds > 0 ? n(count / seconds) : '')
    console.log(
      `| ${s.second} | ${n(s.acknowledged)} | ${rate(acknowledged)} | ${rate(processed)} | ${n(s.pending)} | ${mib(s.rssBytes)} | ${mib(s.heapUsedBytes)} |`,
    )
    previous = s
  }
  // The first sample is the idle server, before any request.
  const [idle, ...loaded] = r.samples.map((s) => s.rssBytes)
  console.log(
    `\nRSS ${mib(idle ?? 0)} MiB before the first request; under load min ${mib(Math.min(...loaded))} MiB, max ${mib(Math.max(...loaded))} MiB.`,
  )
}

async function runScore(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_POSTGRES_URL
  const options = scoreOptionsFromEnv()
  const store = options.reuse ? await openStore({ kind: 'postgres', url }) : await openPostgres(url)
  await migrateToLatest(store.db)
  console.log(`Tandem benchmarks on ${describeMachine()}\n`)
  console.log(
    `Full re-score on PostgreSQL at ${store.location} (public schema ${options.reuse ? 'kept, BENCH_SCORE_REUSE=1' : 'reset'}): ${n(options.contacts)} contacts, ${n(options.accounts)} accounts, ${n(options.activities)} activities over a year, under the example contracts, in batches of ${n(options.batchSize)}. Baseline: COPY of the same activities' scored columns to this process.\n`,
  )
  let r: Awaited<ReturnType<typeof benchScore>>
  try {
    r = await benchScore(store, url, options, (line) => console.error(line))
  } finally {
    await store.close()
  }
  const readRate = r.readRows / r.readSeconds
  const rescoreRate = r.readRows / r.rescoreSeconds
  console.log('| step | activities | seconds | activities/s | × read |')
  console.log('|---|---:|---:|---:|---:|')
  console.log(
    `| read every activity (baseline, ${n(r.readBytes / 2 ** 20)} MiB) | ${n(r.readRows)} | ${r.readSeconds.toFixed(1)} | ${n(readRate)} | 1.00 |`,
  )
  console.log(
    `| full re-score (${n(r.scored)} contacts and accounts) | ${n(r.readRows)} | ${r.rescoreSeconds.toFixed(1)} | ${n(rescoreRate)} | ${(rescoreRate / readRate).toFixed(2)} |`,
  )
  console.log(
    `\nRatio, re-score speed / read speed: ${(rescoreRate / readRate).toFixed(2)} (goal: at least 0.5). Generating the data took ${r.generateSeconds.toFixed(0)} s (not counted).`,
  )
}

async function runAnalytics(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_POSTGRES_URL
  const options = analyticsOptionsFromEnv()
  const store = options.reuse ? await openStore({ kind: 'postgres', url }) : await openPostgres(url)
  await migrateToLatest(store.db)
  console.log(`Tandem benchmarks on ${describeMachine()}\n`)
  console.log(
    `Analytics on PostgreSQL at ${store.location} (public schema ${options.reuse ? 'kept, BENCH_ANALYTICS_REUSE=1' : 'reset'}): ${n(options.leads)} leads with their stage history, ${n(options.opportunities)} deals with ${options.touchesPerOpportunity} marketing touches each. Baselines: a full sequential scan of the table each report reads most, in the same run, warm.\n`,
  )
  let r: Awaited<ReturnType<typeof benchAnalytics>>
  try {
    r = await benchAnalytics(store, options, (line) => console.error(line))
  } finally {
    await store.close()
  }
  const line = (t: Timing, base: Timing) =>
    console.log(
      `| ${t.name} | ${n(t.rows)} | ${t.seconds.toFixed(2)} | ${(t.seconds / base.seconds).toFixed(1)} |`,
    )
  console.log('| step | rows read | seconds | × baseline time |')
  console.log('|---|---:|---:|---:|')
  line(r.scanTransitions, r.scanTransitions)
  for (const f of r.funnels) line(f, r.scanTransitions)
  line(r.scanActivities, r.scanActivities)
  for (const a of r.attribution) line(a, r.scanActivities)
  console.log(
    `\nGoal: each report within 3 × its scan and under 1 s. Generating the data took ${r.generateSeconds.toFixed(0)} s (not counted).`,
  )
}

async function runLoad(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_POSTGRES_URL
  const options = loadOptionsFromEnv()
  const store = await openPostgres(url)
  await migrateToLatest(store.db)
  console.log(`Tandem benchmarks on ${describeMachine()}\n`)
  console.log(
    `Load on PostgreSQL at ${store.location} (public schema reset): a ${options.size} demo workspace (BENCH_LOAD_SIZE); ${options.connections} connections each (BENCH_LOAD_CONNECTIONS) on the tracking API (batches of ${options.eventsPerBatch} new events, BENCH_LOAD_EVENTS), a rep's queue of assignments and the funnel report, all at once, in the benchmark's process, while a full re-score runs after a new qualification version is activated. Baseline: the same load for as long again without a re-score, in the same run.\n`,
  )
  let r: Awaited<ReturnType<typeof benchLoadUnderRescore>>
  try {
    r = await benchLoadUnderRescore(store, options, (line) => console.error(line))
  } finally {
    await store.close()
  }
  console.log('| endpoint | requests/s | × baseline | p99 ms | errors |')
  console.log('|---|---:|---:|---:|---:|')
  r.duringRescore.endpoints.forEach((during, i) => {
    const base = r.baseline.endpoints[i] ?? during
    for (const [h, label] of [
      [during, 'during the re-score'],
      [base, 'baseline, no re-score'],
    ] as const)
      console.log(
        `| ${h.name}, ${label} | ${n(h.requestsPerSecond)} | ${(h.requestsPerSecond / base.requestsPerSecond).toFixed(2)} | ${h.p99Ms} | ${h.errors} |`,
      )
  })
  console.log(
    `\nThe re-score of ${n(r.rescored)} contacts and accounts took ${r.duringRescore.seconds.toFixed(1)} s under this load; each phase lasted that long. The rep has ${n(r.repAssignments)} assignments. Seeding took ${r.seedSeconds.toFixed(0)} s (not counted).`,
  )
}

async function runDashboard(): Promise<void> {
  const options = dashboardOptionsFromEnv()
  console.log(`Tandem benchmarks on ${describeMachine()}\n`)
  const r = await benchDashboard(options, (line) => console.error(line))
  console.log(
    `The dashboard in headless Chromium ${r.browserVersion} against the server on embedded PGlite with the ${options.size} demo workspace (BENCH_DASHBOARD_SIZE; made in ${r.demoSeconds.toFixed(0)} s), logged in as its admin, at 1366 × 800; ${options.runs} runs of each (BENCH_DASHBOARD_RUNS), first loads each in a new browser context with an empty cache. A view counts as shown once its heading is on the page, nothing is loading and its charts are drawn. ${r.gzippedScriptKb.toFixed(0)} KB of JavaScript gzipped. Baseline: the browser loading the server's smallest document, in the same run.\n`,
  )
  const median = (ms: readonly number[]) => {
    const sorted = [...ms].sort((a, b) => a - b)
    return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN
  }
  const base = median(r.baseline.ms)
  const line = (t: Timings) =>
    console.log(
      `| ${t.name} | ${t.ms.length} | ${median(t.ms).toFixed(0)} | ${Math.max(...t.ms).toFixed(0)} | ${(median(t.ms) / base).toFixed(1)} |`,
    )
  console.log('| step | runs | median ms | slowest ms | × baseline |')
  console.log('|---|---:|---:|---:|---:|')
  line(r.baseline)
  line(r.roundTrip)
  for (const t of r.firstLoads) line({ ...t, name: `first load: ${t.name}` })
  for (const t of r.answeredMoves)
    line({ ...t, name: `to ${t.name} from the navigation, until the view answers` })
  for (const t of r.navigations)
    line({ ...t, name: `to ${t.name} from the navigation, until its figures show` })
  line(r.answers)
  const slowestFirst = Math.max(...r.firstLoads.map((t) => median(t.ms)))
  const slowest = (ts: readonly Timings[]) => Math.max(...ts.map((t) => median(t.ms))).toFixed(0)
  console.log(
    `\nGoals: first load under 1,000 ms (slowest view's median: ${slowestFirst.toFixed(0)} ms); interactions answer within 100 ms (slowest median: ${slowest([...r.answeredMoves, r.answers])} ms; until the figures show: ${slowest(r.navigations)} ms).`,
  )
}

const mode = process.argv[2] ?? 'default'
if (mode === 'ingest') await runIngest()
else if (mode === 'score') await runScore()
else if (mode === 'analytics') await runAnalytics()
else if (mode === 'load') await runLoad()
else if (mode === 'dashboard') await runDashboard()
else await runDefault(mode as 'small' | 'default' | 'large')
