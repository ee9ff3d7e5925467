import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { type Kysely, sql } from 'kysely'
import pg from 'pg'
import { to as copyTo } from 'pg-copy-streams'
import { runRescore, startRescore } from '../src/services/scoring/rescore.ts'
import { createWorkspace } from '../src/services/workspaces.ts'
import type { Database } from '../src/store/database.ts'
import type { PostgresStore } from '../src/store/open-store.ts'
import { adoptExampleContracts } from './adopt-example-contracts.ts'
import { envNumber } from './env-number.ts'

// npm run bench -- score: a full re-score of a large workspace on PostgreSQL (contacts, then
// accounts, under the example contracts) against a plain sequential read of the same activities
// to the client (COPY ... TO STDOUT) in the same run.

export interface ScoreOptions {
  readonly contacts: number
  readonly activities: number
  readonly accounts: number
  readonly batchSize: number
  /** Re-score the workspace a previous run generated, instead of generating it again. */
  readonly reuse: boolean
}

export function scoreOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ScoreOptions {
  const number = (name: string, fallback: number) => Math.round(envNumber(env, name, fallback))
  const contacts = number('BENCH_SCORE_CONTACTS', 200_000)
  return {
    contacts,
    activities: number('BENCH_SCORE_ACTIVITIES', 25 * contacts),
    accounts: number('BENCH_SCORE_ACCOUNTS', Math.max(1, Math.round(contacts / 10))),
    batchSize: number('BENCH_SCORE_BATCH', 1_000),
    reuse: env.BENCH_SCORE_REUSE === '1',
  }
}

export interface ScoreResult {
  readonly generateSeconds: number
  readonly readSeconds: number
  readonly readRows: number
  readonly readBytes: number
  readonly rescoreSeconds: number
  readonly scored: number
}

const ACTIVITY_TYPES = [
  'web_visit',
  'web_visit',
  'web_visit',
  'email_open',
  'email_open',
  'email_click',
  'pricing_page_visit',
  'content_download',
  'webinar_registered',
  'webinar_attended',
  'form_submit',
  'ad_click',
  'demo_request',
  'email_sent',
  'call',
  'meeting',
]
const INDUSTRIES = [
  'Software',
  'Financial Services',
  'Retail & E-commerce',
  'Healthcare',
  'Education',
]
const COUNTRIES = ['United States', 'Germany', 'United Kingdom', 'Brazil', 'Japan']
const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'individual', 'individual']
const DEPARTMENTS = ['marketing', 'sales', 'it', 'engineering', 'finance', 'operations']

const pick = (list: readonly string[], seed: string) =>
  sql.raw(
    `(array[${list.map((v) => `'${v.replaceAll("'", "''")}'`).join(',')}])[1 + (hashtext(${seed}) & 2147483647) % ${list.length}]`,
  )

export async function benchScore(
  store: PostgresStore,
  url: string,
  options: ScoreOptions,
  log: (line: string) => void,
): Promise<ScoreResult> {
  const db = store.db
  const existing = options.reuse
    ? await db
        .selectFrom('workspaces')
        .select('id')
        .where('slug', '=', 'bench-score')
        .executeTakeFirst()
    : undefined
  const ws =
    existing?.id ?? (await createWorkspace(db, { slug: 'bench-score', name: 'Score bench' })).id
  const started = performance.now()
  if (existing === undefined) await generate(db, ws, options, log)
  else log('reusing the workspace a previous run generated')
  const generateSeconds = (performance.now() - started) / 1000

  // The contracts the re-score runs under, approved by both sides as in a real workspace.
  const at = new Date()
  if (existing === undefined) await adoptExampleContracts(db, ws, at)

  log('baseline: reading every activity to the client…')
  const read = await readActivities(url, ws)

  log('re-scoring…')
  const run = await startRescore(db, ws, 'benchmark', at)
  const rescoreStarted = performance.now()
  let lastLogged = 0
  const last = await runRescore(db, ws, run.runId, {
    batchSize: options.batchSize,
    now: () => at,
    onProgress: (p) => {
      if (p.done - lastLogged >= 50_000 || p.phase === 'done') {
        lastLogged = p.done
        log(`  ${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} scored`)
      }
    },
  })
  const rescoreSeconds = (performance.now() - rescoreStarted) / 1000
  return {
    generateSeconds,
    readSeconds: read.seconds,
    readRows: read.rows,
    readBytes: read.bytes,
    rescoreSeconds,
    scored: last.done,
  }
}

/** Every activity scoring reads, streamed to this process and counted (nothing else done). */
async function readActivities(
  url: string,
  workspaceId: string,
): Promise<{ seconds: number; rows: number; bytes: number }> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const started = performance.now()
    let rows = 0
    let bytes = 0
    const stream = client.query(
      copyTo(`copy (select contact_id, account_id, type, function, occurred_at, properties->>'path'
        from activities where workspace_id = '${workspaceId}') to stdout`),
    )
    await pipeline(
      stream,
      new Writable({
        write(data: Buffer, _encoding, done) {
          bytes += data.length
          for (const byte of data) if (byte === 10) rows += 1
          done()
        },
      }),
    )
    return { seconds: (performance.now() - started) / 1000, rows, bytes }
  } finally {
    await client.end()
  }
}

/** Accounts, contacts and a year of their activities, generated in the database. */
async function generate(
  db: Kysely<Database>,
  ws: string,
  options: ScoreOptions,
  log: (line: string) => void,
): Promise<void> {
  log(
    `generating ${options.accounts} accounts, ${options.contacts} contacts, ${options.activities} activities…`,
  )
  await sql`
    insert into accounts (workspace_id, id, name, normalized_name, industry, employees, country,
      technologies)
    select ${ws}::uuid, md5('a' || g)::uuid, 'Account ' || g, 'account ' || g,
      ${pick(INDUSTRIES, "'i' || g")}, 10 + (hashtext('e' || g) & 2147483647) % 20000,
      ${pick(COUNTRIES, "'c' || g")},
      case when g % 3 = 0 then array['HubSpot'] else array[]::text[] end
    from generate_series(1, ${options.accounts}) g`.execute(db)
  await sql`
    insert into contacts (workspace_id, id, email, seniority, department, country, account_id,
      account_match_status)
    select ${ws}::uuid, md5('p' || g)::uuid, 'person' || g || '@account' || (1 + g % ${options.accounts}) || '.example',
      ${pick(SENIORITIES, "'s' || g")}, ${pick(DEPARTMENTS, "'d' || g")},
      ${pick(COUNTRIES, "'k' || g")}, md5('a' || (1 + g % ${options.accounts}))::uuid, 'linked'
    from generate_series(1, ${options.contacts}) g`.execute(db)
  // Activities in chunks, so one statement never holds millions of rows in memory.
  const chunk = 1_000_000
  for (let from = 1; from <= options.activities; from += chunk) {
    const to = Math.min(options.activities, from + chunk - 1)
    await sql`
      insert into activities (workspace_id, id, contact_id, account_id, type, channel, function,
        occurred_at, properties)
      select ${ws}::uuid, gen_random_uuid(), md5('p' || c)::uuid,
        md5('a' || (1 + c % ${options.accounts}))::uuid, t, 'web',
        case when t in ('email_sent', 'call') then 'sdr' when t = 'meeting' then 'sales'
          else 'marketing' end,
        now() - ((hashtext('t' || g) & 2147483647) % 31536000) * interval '1 second',
        case when t = 'web_visit' and g % 20 = 0 then '{"path": "/careers"}'::jsonb
          else '{}'::jsonb end
      from (
        select g, 1 + (hashtext('w' || g) & 2147483647) % ${options.contacts} as c,
          ${pick(ACTIVITY_TYPES, "'y' || g")} as t
        from generate_series(${from}::bigint, ${to}::bigint) g
      ) s`.execute(db)
    log(`  ${to.toLocaleString('en-US')} activities`)
  }
  await sql`analyze`.execute(db)
}
