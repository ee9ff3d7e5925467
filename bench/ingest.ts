import { type ChildProcess, fork } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished, pipeline } from 'node:stream/promises'
import { sql } from 'kysely'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { checkMessage } from '../src/domain/segment-message.ts'
import { createRandom, type Random } from '../src/services/demo/random.ts'
import { createWorkspace } from '../src/services/workspaces.ts'
import type { PostgresStore } from '../src/store/open-store.ts'
import { adoptExampleContracts } from './adopt-example-contracts.ts'
import { startBenchApp } from './bench-app.ts'
import { envNumber } from './env-number.ts'

// npm run bench -- ingest: events through POST /v1/batch into PostgreSQL, with dedupe and event
// processing (identity resolution, activity classification, campaigns) on, against COPY of the
// same rows into the same table in the same run. The HTTP clients run in a child process, so the
// server process's memory and event loop are its own; PostgreSQL shares the machine with both.

export interface IngestOptions {
  /** How long the clients keep sending; then the processor is drained. */
  readonly seconds: number
  readonly clients: number
  readonly batchSize: number
  readonly seed: number
  /** How often memory and progress are sampled. */
  readonly sampleSeconds: number
  /** Score contacts and accounts as events are processed, under the example contracts. */
  readonly scoring: boolean
  /** With scoring: route MQLs and demo requests to SDRs under the example routing rules. */
  readonly routing: boolean
  /**
   * When the first event happened (ms); the others follow 20 ms apart. Events of the run's own
   * day, so scores are fresh and handoffs happen as they would for live traffic.
   */
  readonly baseTime: number
}

export function ingestOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): IngestOptions {
  const number = (name: string, fallback: number) => envNumber(env, name, fallback)
  return {
    seconds: number('BENCH_INGEST_SECONDS', 60),
    clients: number('BENCH_INGEST_CLIENTS', 8),
    batchSize: number('BENCH_INGEST_BATCH', 150),
    seed: number('BENCH_INGEST_SEED', 42),
    sampleSeconds: number('BENCH_INGEST_SAMPLE_SECONDS', 10),
    scoring: env.BENCH_INGEST_SCORING !== '0',
    routing: env.BENCH_INGEST_SCORING !== '0' && env.BENCH_INGEST_ROUTING !== '0',
    baseTime: Date.now(),
  }
}

export interface IngestSample {
  readonly second: number
  /** Events acknowledged (stored) so far. */
  readonly acknowledged: number
  /** Events stored but not processed yet. */
  readonly pending: number
  readonly rssBytes: number
  readonly heapUsedBytes: number
}

export interface IngestResult {
  readonly options: IngestOptions
  readonly averageEventBytes: number
  readonly averageRequestBytes: number
  /** Unique events stored through HTTP; COPY loads the same rows. */
  readonly events: number
  readonly acknowledgedSeconds: number
  /** From the first request until every event is processed. */
  readonly processedSeconds: number
  readonly copySeconds: number
  readonly copyRows: number
  /** Writing the CSV for COPY, not part of the COPY figure. */
  readonly copyPrepareSeconds: number
  readonly requests: number
  readonly retriedAfter429: number
  readonly resentBatches: number
  readonly resentEvents: number
  readonly duplicatesReported: number
  readonly rejected: number
  readonly errors: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly processingErrors: number
  readonly contacts: number
  readonly activities: number
  readonly campaigns: number
  readonly samples: readonly IngestSample[]
}

// ---------------------------------------------------------------------------------------------
// The events: what a B2B site's analytics.js and its email and webinar tools send. Deterministic:
// batch n of a seed is the same on every run, so COPY can load exactly the rows HTTP sent.

type Call = Record<string, unknown>

const VISITORS = 20_000
/** Visitors who identify themselves at some point (a form, a login). */
const IDENTIFIABLE_SHARE = 0.25
const SITE = 'https://tandem.example'
const LIBRARY = { name: 'analytics.js', version: 'next-1.72.0' }

const words = (text: string) => text.trim().split(/\s+/)
const FIRST_NAMES = words(`Ada Ben Chloé Dev Elena Farid Grace Hiro Ines Jonas Kemi Liam Maya Noor
  Owen Priya Quinn Rosa Sam`)
const LAST_NAMES = words(`Okafor Lindqvist Moreau Patel Nakamura García Schmidt Kowalski Haddad
  O'Brien Rossi Nguyen Silva Fischer Dubois`)
const TITLES =
  `VP Marketing, Head of Demand Generation, Marketing Operations Manager, Sales Director,
  Revenue Operations Lead, CFO, Account Executive, CMO, SDR Team Lead, Growth Marketer,
  Chief Revenue Officer, Data Analyst`.split(/,\s+/)
const COMPANIES = Array.from({ length: 120 }, (_, i) => {
  const stem = ['Acme', 'Northwind', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli']
  const tail = ['Analytics', 'Logistics', 'Health', 'Robotics', 'Capital', 'Foods', 'Energy']
  const name = `${stem[i % stem.length]} ${tail[Math.floor(i / stem.length) % tail.length]}`
  return { name, domain: `${name.toLowerCase().replace(' ', '-')}${i}.example` }
})
const PAGES: readonly (readonly [string, string])[] = [
  ['/', 'Tandem: the system sales and marketing share'],
  ['/pricing', 'Pricing | Tandem'],
  ['/product/attribution', 'Multi-touch attribution | Tandem'],
  ['/product/lead-routing', 'Lead routing | Tandem'],
  ['/customers', 'Customer stories | Tandem'],
  ['/blog/pipeline-reviews-that-work', 'Pipeline reviews that work | Tandem blog'],
  ['/blog/sla-between-sales-and-marketing', 'An SLA between sales and marketing | Tandem blog'],
  ['/blog/what-is-an-mql', 'What is an MQL, really? | Tandem blog'],
  ['/docs/tracking-api', 'Tracking API | Tandem docs'],
  ['/webinars/forecasting-2026', 'Webinar: forecasting in 2026 | Tandem'],
  ['/resources/revops-benchmark-report', 'RevOps benchmark report | Tandem'],
  ['/contact', 'Talk to sales | Tandem'],
]
// Two visits in seven come without a referrer.
const REFERRERS = [
  'https://www.google.com/',
  'https://www.linkedin.com/',
  '',
  '',
  'https://www.bing.com/',
  'https://news.ycombinator.com/',
  `${SITE}/`,
]
const CAMPAIGNS = [
  { name: 'Q1 Forecasting Webinar', source: 'linkedin', medium: 'paid_social' },
  { name: 'RevOps Benchmark 2026', source: 'google', medium: 'cpc' },
  { name: 'Attribution Guide', source: 'google', medium: 'cpc' },
  { name: 'January Newsletter', source: 'newsletter', medium: 'email' },
  { name: 'Pipeline Nurture', source: 'hubspot', medium: 'email' },
  { name: 'ABM Fintech Tier 1', source: 'demandbase', medium: 'display' },
  { name: 'Partner Referral Program', source: 'partner', medium: 'referral' },
  { name: 'SaaStr Annual', source: 'saastr', medium: 'event' },
  { name: 'G2 Comparison', source: 'g2', medium: 'content_syndication' },
  { name: 'Retargeting Pricing Visitors', source: 'facebook', medium: 'paid_social' },
]
const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
]
const ASSETS = ['RevOps benchmark report', 'Attribution playbook', 'Lead scoring template']
const WEBINARS = ['Forecasting in 2026', 'Pipeline reviews that work', 'Marketing SLAs 101']
const EMAILS = ['Your benchmark report', 'See what changed in Tandem', 'Invitation: forecasting']

/** Track calls by weight; 'Pricing Calculator Used' is a custom event Tandem has no name for. */
const TRACK_EVENTS: readonly (readonly [string, number])[] = [
  ['Email Opened', 30],
  ['Email Link Clicked', 12],
  ['Content Downloaded', 18],
  ['Webinar Registered', 10],
  ['Form Submitted', 10],
  ['Demo Requested', 6],
  ['Trial Started', 4],
  ['Pricing Calculator Used', 10],
]

interface Visitor {
  readonly anonymousId: string
  readonly ip: string
  readonly userAgent: string
  readonly person?: {
    readonly userId: string
    readonly traits: {
      email: string
      firstName: string
      lastName: string
      title: string
      company: string
    }
  }
}

function makeVisitor(random: Random, index: number): Visitor {
  const visitor = {
    anonymousId: random.uuid(),
    ip: `${random.int(11, 223)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
    userAgent: random.pick(USER_AGENTS),
  }
  if (!random.chance(IDENTIFIABLE_SHARE)) return visitor
  const firstName = random.pick(FIRST_NAMES)
  const lastName = random.pick(LAST_NAMES)
  const company = random.pick(COMPANIES)
  const local = `${firstName[0]}${lastName}`.toLowerCase().replaceAll(/[^a-z]/g, '')
  return {
    ...visitor,
    person: {
      userId: `usr_${index.toString(36).padStart(4, '0')}${random.int(1000, 9999)}`,
      traits: {
        email: `${local}.${index}@${company.domain}`,
        firstName,
        lastName,
        title: random.pick(TITLES),
        company: company.name,
      },
    },
  }
}

function pageContext(random: Random, visitor: Visitor) {
  const [path, title] = random.pick(PAGES)
  const campaign = random.chance(0.15) ? random.pick(CAMPAIGNS) : undefined
  const search =
    campaign === undefined
      ? ''
      : `?utm_source=${campaign.source}&utm_medium=${campaign.medium}&utm_campaign=${encodeURIComponent(campaign.name)}`
  return {
    ip: visitor.ip,
    userAgent: visitor.userAgent,
    library: LIBRARY,
    page: {
      path,
      url: `${SITE}${path}${search}`,
      title,
      referrer: random.pick(REFERRERS),
      ...(search === '' ? {} : { search }),
    },
    ...(campaign === undefined ? {} : { campaign }),
  }
}

function makeEvent(
  random: Random,
  visitors: readonly Visitor[],
  index: number,
  baseTime: number,
): Call {
  // A few visitors come back often, most once or twice.
  const visitor = visitors[Math.floor(VISITORS * random.next() ** 2)] as Visitor
  const person = visitor.person
  const base: Call = {
    messageId: `ajs-next-${random.uuid()}`,
    anonymousId: visitor.anonymousId,
    ...(person !== undefined && random.chance(0.6) ? { userId: person.userId } : {}),
    timestamp: new Date(baseTime + index * 20).toISOString(),
  }
  const roll = random.next()
  if (person !== undefined && roll < 0.12) {
    // Now and then a new job title: the contact's fields change.
    const traits = random.chance(0.05)
      ? { ...person.traits, title: random.pick(TITLES) }
      : person.traits
    return {
      ...base,
      type: 'identify',
      userId: person.userId,
      traits,
      context: { ip: visitor.ip, userAgent: visitor.userAgent, library: LIBRARY },
    }
  }
  if (roll < 0.3) {
    const event = random.weighted(TRACK_EVENTS)
    const emailEvent = event.startsWith('Email')
    const properties: Record<string, unknown> = emailEvent
      ? { subject: random.pick(EMAILS), campaign: random.pick(CAMPAIGNS).name }
      : event === 'Content Downloaded'
        ? { asset: random.pick(ASSETS), format: 'pdf' }
        : event === 'Webinar Registered'
          ? { webinar: random.pick(WEBINARS) }
          : event === 'Pricing Calculator Used'
            ? { seats: random.int(5, 500), plan: random.pick(['team', 'business']) }
            : { form: event === 'Demo Requested' ? 'demo' : 'contact-us' }
    return {
      ...base,
      type: 'track',
      event,
      properties,
      context: emailEvent
        ? { ip: visitor.ip, userAgent: visitor.userAgent, library: LIBRARY }
        : pageContext(random, visitor),
    }
  }
  return { ...base, type: 'page', context: pageContext(random, visitor) }
}

export interface EventGenerator {
  /** Batch `index` of `size` events; the same on every call and every run with the same seed. */
  batch(index: number, size: number): Call[]
}

export function createEventGenerator(seed: number, baseTime: number): EventGenerator {
  const visitors = Array.from({ length: VISITORS }, (_, v) =>
    makeVisitor(createRandom(`${seed}:visitor:${v}`), v),
  )
  return {
    batch(index, size) {
      const random = createRandom(`${seed}:batch:${index}`)
      return Array.from({ length: size }, (_, j) =>
        makeEvent(random, visitors, index * size + j, baseTime),
      )
    },
  }
}

// ---------------------------------------------------------------------------------------------
// The clients: a child process, so their JSON work does not run on the server's event loop.

interface ClientStart {
  readonly url: string
  readonly writeKey: string
  readonly options: IngestOptions
}

interface ClientCounts {
  readonly batches: number
  readonly requests: number
  readonly accepted: number
  readonly duplicates: number
  readonly rejected: number
  readonly retriedAfter429: number
  readonly resentBatches: number
  readonly resentEvents: number
  readonly errors: number
  readonly bytes: number
}

type ClientMessage =
  | { readonly kind: 'progress'; readonly counts: ClientCounts }
  | {
      readonly kind: 'done'
      readonly counts: ClientCounts
      readonly seconds: number
      readonly p50Ms: number
      readonly p99Ms: number
    }
  | { readonly kind: 'failed'; readonly message: string }

/** Every 25th batch (4 %) is sent twice, as a client retrying after a lost answer would. */
const isResent = (batch: number) => batch % 25 === 7

async function runClients(start: ClientStart): Promise<void> {
  const { options } = start
  const generator = createEventGenerator(options.seed, options.baseTime)
  const authorization = `Basic ${Buffer.from(`${start.writeKey}:`).toString('base64')}`
  const counts = {
    batches: 0,
    requests: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    retriedAfter429: 0,
    resentBatches: 0,
    resentEvents: 0,
    errors: 0,
    bytes: 0,
  }
  const latencies: number[] = []
  const send = (message: ClientMessage) => process.send?.(message)

  async function post(body: string): Promise<void> {
    for (;;) {
      const started = performance.now()
      const response = await fetch(`${start.url}/v1/batch`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body,
      })
      const text = await response.text()
      latencies.push(performance.now() - started)
      counts.requests++
      if (response.status === 429) {
        counts.retriedAfter429++
        const wait = Number(response.headers.get('retry-after') ?? '1')
        await new Promise((resolve) =>
          setTimeout(resolve, (Number.isFinite(wait) ? wait : 1) * 1e3),
        )
        continue
      }
      if (response.status !== 200) {
        counts.errors++
        if (counts.accepted === 0) throw new Error(`POST /v1/batch: ${response.status} ${text}`)
        return
      }
      const outcome = JSON.parse(text) as { accepted: number; duplicates: number; rejected: [] }
      counts.accepted += outcome.accepted
      counts.duplicates += outcome.duplicates
      counts.rejected += outcome.rejected.length
      counts.bytes += Buffer.byteLength(body)
      return
    }
  }

  const started = performance.now()
  const deadline = started + options.seconds * 1e3
  let next = 0
  const progress = setInterval(() => send({ kind: 'progress', counts: { ...counts } }), 100)
  try {
    await Promise.all(
      Array.from({ length: options.clients }, async () => {
        while (performance.now() < deadline) {
          const index = next++
          const body = JSON.stringify({ batch: generator.batch(index, options.batchSize) })
          await post(body)
          counts.batches++
          if (isResent(index)) {
            await post(body)
            counts.resentBatches++
            counts.resentEvents += options.batchSize
          }
        }
      }),
    )
  } catch (error) {
    clearInterval(progress)
    send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) })
    return
  }
  clearInterval(progress)
  const seconds = (performance.now() - started) / 1e3
  latencies.sort((a, b) => a - b)
  const percentile = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0)
  send({ kind: 'done', counts, seconds, p50Ms: percentile(0.5), p99Ms: percentile(0.99) })
}

if (import.meta.main) {
  if (process.send === undefined) {
    console.error('bench/ingest.ts is run by "npm run bench -- ingest".')
    process.exit(2)
  }
  process.once('message', (start: ClientStart) => {
    runClients(start).finally(() => process.disconnect())
  })
}

// ---------------------------------------------------------------------------------------------
// The server side, and COPY.

async function pendingEvents(store: PostgresStore, workspaceId: string): Promise<number> {
  const row = await store.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('processed_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

async function countRows(
  store: PostgresStore,
  table: 'events' | 'contacts' | 'activities' | 'campaigns',
  workspaceId: string,
): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

const COPY_COLUMNS = [
  'workspace_id',
  'id',
  'message_id',
  'type',
  'event',
  'anonymous_id',
  'user_id',
  'payload',
  'timestamp',
  'received_at',
] as const

function csvField(value: string | null): string {
  return value === null ? '' : `"${value.replaceAll('"', '""')}"`
}

/**
 * The CSV of the rows ingestion stores for `batches` batches: the same normalisation
 * (checkMessage) and the same columns as src/services/tracking.ts, for another workspace.
 */
async function writeCopyCsv(
  path: string,
  workspaceId: string,
  batches: number,
  options: IngestOptions,
): Promise<number> {
  const generator = createEventGenerator(options.seed, options.baseTime)
  const out = createWriteStream(path)
  const receivedAt = new Date()
  let rows = 0
  for (let index = 0; index < batches; index++) {
    let chunk = ''
    for (const raw of generator.batch(index, options.batchSize)) {
      const check = checkMessage(raw, { receivedAt, newMessageId: randomUUID })
      if (!check.ok) throw new Error(`generated event refused: ${check.reason}`)
      const m = check.message
      chunk += `${[
        workspaceId,
        randomUUID(),
        csvField(m.messageId),
        m.type,
        csvField(m.event),
        csvField(m.anonymousId),
        csvField(m.userId),
        csvField(JSON.stringify(m.payload)),
        m.timestamp.toISOString(),
        receivedAt.toISOString(),
      ].join(',')}\n`
      rows++
    }
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  await finished(out)
  return rows
}

async function copyCsv(url: string, path: string): Promise<{ rows: number; seconds: number }> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const started = performance.now()
    const copy = client.query(
      copyFrom(`copy events (${COPY_COLUMNS.join(', ')}) from stdin with (format csv)`),
    )
    await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), copy)
    return { rows: copy.rowCount, seconds: (performance.now() - started) / 1e3 }
  } finally {
    await client.end()
  }
}

export async function benchIngest(
  store: PostgresStore,
  url: string,
  options: IngestOptions,
  log: (line: string) => void = () => {},
): Promise<IngestResult> {
  const {
    app,
    url: appUrl,
    workspaceId,
    key,
  } = await startBenchApp(store, {
    slug: 'bench-ingest',
    keyKind: 'write',
    scopes: [],
  })
  if (options.scoring)
    await adoptExampleContracts(store.db, workspaceId, new Date(), { routing: options.routing })
  const sample = createEventGenerator(options.seed, options.baseTime).batch(0, 1_000)
  const averageEventBytes = Buffer.byteLength(JSON.stringify(sample)) / sample.length
  await sql`checkpoint`.execute(store.db)

  // Sending, sampled every few seconds: acknowledged events, the processing backlog, memory.
  const child: ChildProcess = fork(import.meta.filename, [], { stdio: 'inherit' })
  let latest: ClientCounts | undefined
  const clientsDone = new Promise<Extract<ClientMessage, { kind: 'done' }>>((resolve, reject) => {
    child.on('message', (message: ClientMessage) => {
      if (message.kind === 'progress') latest = message.counts
      else if (message.kind === 'done') {
        latest = message.counts
        resolve(message)
      } else reject(new Error(message.message))
    })
    child.once('exit', (code) => reject(new Error(`the client process exited with ${code}`)))
  })
  const started = performance.now()
  const samples: IngestSample[] = []
  let sampling = Promise.resolve()
  const takeSample = async () => {
    // Acknowledged as of the count's snapshot, give or take the clients' last 100 ms.
    const acknowledged = latest?.accepted ?? 0
    const second = Math.round((performance.now() - started) / 1e3)
    const pending = await pendingEvents(store, workspaceId)
    const memory = process.memoryUsage()
    const s: IngestSample = {
      second,
      acknowledged,
      pending,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
    }
    samples.push(s)
    log(
      `  ${s.second} s: ${s.acknowledged.toLocaleString('en-US')} acknowledged, ${pending.toLocaleString('en-US')} pending, RSS ${Math.round(s.rssBytes / 2 ** 20)} MiB`,
    )
  }
  const timer = setInterval(() => {
    sampling = sampling.then(takeSample)
  }, options.sampleSeconds * 1e3)
  let done: Extract<ClientMessage, { kind: 'done' }>
  let processedSeconds: number
  try {
    await takeSample()
    const start: ClientStart = { url: appUrl, writeKey: key, options }
    child.send(start)
    done = await clientsDone
    const doneAt = performance.now()
    await app.eventProcessor.drain()
    while ((await pendingEvents(store, workspaceId)) > 0) await app.eventProcessor.drain()
    // The clients' own sending time, then the processor's catching up.
    processedSeconds = done.seconds + (performance.now() - doneAt) / 1e3
    clearInterval(timer)
    await sampling
    await takeSample()
  } finally {
    clearInterval(timer)
    if (child.exitCode === null) child.kill()
    await app.close()
  }

  const counts = done.counts
  const sent = counts.batches * options.batchSize
  const events = await countRows(store, 'events', workspaceId)
  if (events !== sent || counts.accepted !== sent)
    log(`  warning: sent ${sent} events, ${counts.accepted} acknowledged, ${events} stored`)
  const failed = await store.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('processing_error', 'is not', null)
    .executeTakeFirstOrThrow()

  // The baseline: COPY of the same rows, from a CSV written beforehand, for another workspace.
  const copyWorkspace = await createWorkspace(store.db, { slug: 'bench-copy', name: 'COPY' })
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-copy-'))
  try {
    const csv = join(dir, 'events.csv')
    log(`  writing ${events.toLocaleString('en-US')} rows for COPY`)
    const prepareStarted = performance.now()
    await writeCopyCsv(csv, copyWorkspace.id, counts.batches, options)
    const copyPrepareSeconds = (performance.now() - prepareStarted) / 1e3
    await sql`checkpoint`.execute(store.db)
    const copy = await copyCsv(url, csv)
    return {
      options,
      averageEventBytes,
      averageRequestBytes:
        counts.bytes / Math.max(1, counts.requests - counts.retriedAfter429 - counts.errors),
      events,
      acknowledgedSeconds: done.seconds,
      processedSeconds,
      copySeconds: copy.seconds,
      copyRows: copy.rows,
      copyPrepareSeconds,
      requests: counts.requests,
      retriedAfter429: counts.retriedAfter429,
      resentBatches: counts.resentBatches,
      resentEvents: counts.resentEvents,
      duplicatesReported: counts.duplicates,
      rejected: counts.rejected,
      errors: counts.errors,
      p50Ms: done.p50Ms,
      p99Ms: done.p99Ms,
      processingErrors: Number(failed.n),
      contacts: await countRows(store, 'contacts', workspaceId),
      activities: await countRows(store, 'activities', workspaceId),
      campaigns: await countRows(store, 'campaigns', workspaceId),
      samples,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
