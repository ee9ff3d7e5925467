import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import autocannon from 'autocannon'
import { issueApiKey } from '../src/services/api-keys.ts'
import type { Store } from '../src/store/open-store.ts'
import { startBenchApp } from './bench-app.ts'
import { CONTENT_DOMAIN, seedDynamicContent } from './dynamic-content.ts'

export interface Throughput {
  readonly name: string
  readonly requestsPerSecond: number
  readonly p99Ms: number
  readonly errors: number
}

const DURATION_S = 5
const CONNECTIONS = 10

async function load(
  name: string,
  url: string,
  headers: Record<string, string> = {},
): Promise<Throughput> {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_S })
  return throughputOf(name, result)
}

/** What a benchmark reports of an autocannon run: errors count failed and non-2xx answers. */
export function throughputOf(name: string, result: autocannon.Result): Throughput {
  return {
    name,
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  }
}

/** A bare node:http server answering the same JSON: the baseline for the framework's overhead. */
async function bareBaseline(): Promise<Throughput> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end('{"status":"ok"}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  try {
    return await load('bare node:http (baseline)', `http://127.0.0.1:${port}/`)
  } finally {
    server.close()
  }
}

export async function benchHttp(stores: readonly Store[]): Promise<Throughput[]> {
  const results = [await bareBaseline()]
  for (const store of stores) {
    const { app, url, key, workspaceId } = await startBenchApp(store, {
      slug: 'bench-http',
      keyKind: 'api',
      scopes: ['read'],
    })
    results.push(await load(`Tandem /healthz (${store.kind})`, `${url}/healthz`))
    results.push(await load(`Tandem /readyz, one query (${store.kind})`, `${url}/readyz`))
    results.push(
      await load(`Tandem /v1/workspace, key + 2 queries (${store.kind})`, `${url}/v1/workspace`, {
        authorization: `Bearer ${key}`,
      }),
    )
    await seedDynamicContent(store, workspaceId)
    const site = await issueApiKey(store.db, {
      workspaceId,
      kind: 'write',
      name: 'site',
      scopes: [],
    })
    results.push(
      await load(
        `Tandem /v1/content/{slot}, dynamic content for a known domain (${store.kind})`,
        `${url}/v1/content/home-hero?domain=${CONTENT_DOMAIN}`,
        { authorization: `Basic ${Buffer.from(`${site.key}:`).toString('base64')}` },
      ),
    )
    await app.close()
  }
  return results
}
