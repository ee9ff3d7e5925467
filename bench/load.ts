import { randomUUID } from 'node:crypto'
import autocannon from 'autocannon'
import { issueApiKey } from '../src/services/api-keys.ts'
import { approveContract, draftContract } from '../src/services/contracts.ts'
import { createDemoWorkspace } from '../src/services/demo/create-demo-workspace.ts'
import type { DemoSize } from '../src/services/demo/generate-demo-workspace.ts'
import { exampleQualificationDefinition } from '../src/services/scoring/example-contracts.ts'
import type { PostgresStore } from '../src/store/open-store.ts'
import { startBenchServer } from './bench-app.ts'
import { envNumber } from './env-number.ts'
import { type Throughput, throughputOf } from './http-throughput.ts'

// npm run bench -- load: the tracking API and the reads a rep's radar makes (their queue of
// assignments, the funnel report), all under load at once, while a full re-score runs; then the
// same load for as long again without a re-score, as the baseline measured in the same run.

export interface LoadOptions {
  readonly size: DemoSize
  /** Connections per endpoint. */
  readonly connections: number
  readonly eventsPerBatch: number
  /** The shortest load, should the re-score end sooner. */
  readonly minSeconds: number
}

export function loadOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): LoadOptions {
  const size = env.BENCH_LOAD_SIZE ?? 'default'
  if (size !== 'small' && size !== 'default' && size !== 'large')
    throw new Error('BENCH_LOAD_SIZE must be small, default or large')
  return {
    size,
    connections: Math.round(envNumber(env, 'BENCH_LOAD_CONNECTIONS', 4)),
    eventsPerBatch: Math.round(envNumber(env, 'BENCH_LOAD_EVENTS', 20)),
    minSeconds: envNumber(env, 'BENCH_LOAD_MIN_SECONDS', 5),
  }
}

export interface LoadPhase {
  readonly seconds: number
  readonly endpoints: readonly Throughput[]
}

export interface LoadResult {
  readonly seedSeconds: number
  readonly rescored: number
  readonly repAssignments: number
  readonly duringRescore: LoadPhase
  readonly baseline: LoadPhase
}

interface Target {
  readonly name: string
  readonly options: autocannon.Options
}

export async function benchLoadUnderRescore(
  store: PostgresStore,
  options: LoadOptions,
  log: (line: string) => void,
): Promise<LoadResult> {
  const seeding = performance.now()
  log(`seeding a ${options.size} demo workspace…`)
  const demo = await createDemoWorkspace(store.db, {
    slug: 'load',
    size: options.size,
    seed: 7,
    now: new Date(),
  })
  const ws = demo.workspaceId
  const people = await store.db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('workspace_id', '=', ws)
    .execute()
  const marketing = people.find((u) => u.role === 'marketing')?.id as string
  const sales = people.find((u) => u.role === 'sales')?.id as string
  // The rep whose radar is read: the one with the most assignments.
  const busiest = await store.db
    .selectFrom('assignments')
    .select(['owner_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', ws)
    .groupBy('owner_id')
    .orderBy('n', 'desc')
    .executeTakeFirst()
  const rep = busiest?.owner_id ?? (people.find((u) => u.role === 'sdr')?.id as string)
  const repKey = (
    await issueApiKey(store.db, {
      workspaceId: ws,
      kind: 'api',
      name: 'rep',
      scopes: ['read'],
      userId: rep,
    })
  ).key
  const v1 = exampleQualificationDefinition()
  const draft = await draftContract(store.db, {
    workspaceId: ws,
    document: {
      ...v1,
      name: 'Stricter grade A',
      fit: { ...v1.fit, grades: { A: 65, B: 40, C: 20 } },
    },
    actor: { type: 'user', id: marketing },
    at: new Date(),
  })
  for (const userId of [marketing, sales])
    await approveContract(store.db, {
      workspaceId: ws,
      contractId: draft.id,
      userId,
      at: new Date(),
    })
  const seedSeconds = (performance.now() - seeding) / 1000

  const { app, url } = await startBenchServer(store)
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` })
  const targets: Target[] = [
    {
      name: `POST /v1/batch, ${options.eventsPerBatch} events`,
      options: {
        url,
        requests: [
          {
            method: 'POST',
            path: '/v1/batch',
            headers: {
              'content-type': 'application/json',
              authorization: `Basic ${Buffer.from(`${demo.writeKey}:`).toString('base64')}`,
            },
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ batch: visits(options.eventsPerBatch) }),
            }),
          },
        ],
      },
    },
    {
      name: 'GET /v1/assignments?ownerId=me',
      options: {
        url: `${url}/v1/assignments?ownerId=me`,
        headers: bearer(repKey),
      },
    },
    {
      name: 'GET /v1/reports/funnel',
      options: { url: `${url}/v1/reports/funnel`, headers: bearer(demo.adminKey) },
    },
  ]
  try {
    log('loading while the re-score runs…')
    const started = performance.now()
    const activated = await fetch(`${url}/v1/contracts/${draft.id}/activate`, {
      method: 'POST',
      headers: bearer(demo.adminKey),
    })
    if (activated.status !== 200) throw new Error(`activation answered ${activated.status}`)
    const { rescore } = (await activated.json()) as { rescore: { runId: string; total: number } }
    const rescored = app.rescoreWorker.drain()
    const atLeast = sleep(options.minSeconds * 1000)
    const during = await Promise.all(
      targets.map((t) =>
        loadUntil(
          t,
          options.connections,
          Promise.all([rescored, atLeast]).then(() => {}),
        ),
      ),
    )
    const seconds = (performance.now() - started) / 1000
    const run = await store.db
      .selectFrom('rescore_runs')
      .select(['status', 'done'])
      .where('id', '=', rescore.runId)
      .executeTakeFirstOrThrow()
    if (run.status !== 'done') throw new Error(`the re-score ended ${run.status}`)
    log('draining the event processor…')
    await app.eventProcessor.drain()
    log(`loading for ${seconds.toFixed(0)} s without a re-score…`)
    const baseline = await Promise.all(
      targets.map((t) => loadUntil(t, options.connections, sleep(seconds * 1000))),
    )
    await app.eventProcessor.drain()
    return {
      seedSeconds,
      rescored: run.done,
      repAssignments: busiest?.n ?? 0,
      duringRescore: { seconds, endpoints: during },
      baseline: { seconds, endpoints: baseline },
    }
  } finally {
    await app.close()
  }
}

/** Runs autocannon against one endpoint until `until` settles. */
function loadUntil(target: Target, connections: number, until: Promise<void>): Promise<Throughput> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { ...target.options, connections, duration: 3_600 },
      (error, result) => (error ? reject(error) : resolve(throughputOf(target.name, result))),
    )
    void until.then(() => instance.stop())
  })
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Page views and clicks from visitors of the site, each event with its own messageId. */
function visits(count: number): Record<string, unknown>[] {
  const timestamp = new Date().toISOString()
  return Array.from({ length: count }, (_, i) => {
    const userId = `load-visitor-${Math.floor(Math.random() * 5_000)}`
    return i % 4 === 3
      ? { type: 'track', messageId: randomUUID(), userId, event: 'Email Clicked', timestamp }
      : {
          type: 'page',
          messageId: randomUUID(),
          userId,
          properties: { path: `/blog/post-${i}` },
          timestamp,
        }
  })
}
