import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey } from '../../src/services/api-keys.ts'
import { anyJson, arbitraryFromSchema, type JsonSchema } from '../support/arbitrary-from-schema.ts'
import { sendQualifyingJourney } from '../support/qualifying-journey.ts'
import { createSalesOrg, type SalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// Every route of the published API (openapi.json) called with inputs generated from its own
// schema: mostly valid, sometimes just outside the schema, sometimes anything at all. Whatever
// comes in, the server answers within the time limit, never with a 5xx, and every refusal is
// the one error shape with a message that says what was wrong.

const RUNS_PER_ROUTE = 25
const REQUEST_TIMEOUT_MS = 15_000

interface Operation {
  readonly method: string
  readonly path: string
  readonly parameters: readonly {
    readonly name: string
    readonly in: 'path' | 'query' | 'header'
    readonly required?: boolean
    readonly schema?: JsonSchema
  }[]
  readonly body: JsonSchema | undefined
  readonly bodyType: string | undefined
}

let t: TestStore
let server: RunningApp
let org: SalesOrg
let adminKey: string
let operations: Operation[] = []
let knownIds: string[] = []
const TRACKING_PATHS = /^\/v1\/(identify|track|page|screen|group|alias|batch)$/

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t)
  org = await createSalesOrg(t.db, 'fuzzing', new Date())
  adminKey = (
    await issueApiKey(t.db, {
      workspaceId: org.workspaceId,
      kind: 'api',
      name: 'fuzzing',
      scopes: ['read', 'write', 'admin'],
      ...(org.users.vp === undefined ? {} : { userId: org.users.vp }),
    })
  ).key
  // Everyone and every team of the sales org, and a contact and its account.
  await sendQualifyingJourney(server, org.writeKey, {
    email: 'nadia.fuzz@fabrikam.example',
    firstName: 'Nadia',
    lastName: 'Fuzz',
    title: 'VP Marketing',
    country: 'United States',
  })
  knownIds = [
    ...Object.values(org.users),
    ...(await t.db.selectFrom('teams').select('id').execute()).map((r) => r.id),
    ...(await t.db.selectFrom('contacts').select('id').execute()).map((r) => r.id),
    ...(await t.db.selectFrom('accounts').select('id').execute()).map((r) => r.id),
    ...(await t.db.selectFrom('assignments').select('id').execute()).map((r) => r.id),
  ]
  const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, Record<string, unknown>>>
  }
  operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const content = (op.requestBody as { content?: Record<string, { schema?: JsonSchema }> })
        ?.content
      const bodyType = content === undefined ? undefined : Object.keys(content)[0]
      return {
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters as Operation['parameters']) ?? [],
        body: bodyType === undefined ? undefined : content?.[bodyType]?.schema,
        bodyType,
      }
    }),
  )
})

afterAll(async () => {
  await server?.close()
  await t?.close()
})

/** A request for the operation: path, query and body generated from its schemas. */
function requestFor(op: Operation) {
  // Path ids are mostly ids that exist, so requests get past "not found" to the route's work.
  const pathValue = (schema: JsonSchema | undefined) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...knownIds) },
      { weight: 1, arbitrary: arbitraryFromSchema(schema) },
    )
  const param = (where: 'path' | 'query') =>
    Object.fromEntries(
      op.parameters
        .filter((p) => p.in === where)
        .map(
          (p) =>
            [
              p.name,
              where === 'path' ? pathValue(p.schema) : arbitraryFromSchema(p.schema),
            ] as const,
        ),
    )
  const tracking = TRACKING_PATHS.test(op.path)
  return fc.record({
    path: fc.record(param('path')),
    query: fc.record(param('query'), { requiredKeys: [] }),
    body: op.bodyType === undefined ? fc.constant(undefined) : arbitraryFromSchema(op.body),
    // Tracking calls authenticate with the write key, everything else with an API key; now and
    // then each is tried with the other.
    key: fc.oneof(
      { weight: 9, arbitrary: fc.constant(tracking ? org.writeKey : adminKey) },
      { weight: 1, arbitrary: fc.constant(tracking ? adminKey : org.writeKey) },
    ),
    rawBody: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, fc.constant(true)),
  })
}

/** A generated value as it would travel in a URL or a text body. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

type RequestInput = ReturnType<typeof requestFor> extends fc.Arbitrary<infer T> ? T : never

function urlFor(op: Operation, path: Record<string, unknown>, query: Record<string, unknown>) {
  const filled = op.path.replaceAll(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(asText(path[name] ?? 'x')),
  )
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query))
    if (value !== undefined) search.append(name, asText(value))
  const qs = search.toString()
  return `${server.url}${filled}${qs === '' ? '' : `?${qs}`}`
}

describe('every route, fuzzed from its own schema', () => {
  it('publishes the routes it is fuzzing', () => {
    expect(operations.length).toBeGreaterThan(40)
  })

  it('never answers 5xx or hangs, and every refusal says what was wrong', async () => {
    const failures: string[] = []
    for (const op of operations) {
      await fc
        .assert(
          fc.asyncProperty(requestFor(op), async (request) => {
            try {
              return await check(op, request, failures)
            } catch (error) {
              failures.push(`${op.method} ${op.path}: ${String(error)}`)
              return false
            }
          }),
          { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
        )
        .catch(() => undefined) // each failure is in `failures`, with its request
    }
    expect(failures).toEqual([])
  }, 600_000)
})

async function check(
  op: Operation,
  { path, query, body, key, rawBody }: RequestInput,
  failures: string[],
): Promise<boolean> {
  const url = urlFor(op, path, query)
  const hasBody = op.bodyType !== undefined && op.method !== 'GET'
  const text =
    !hasBody || body === undefined
      ? undefined
      : rawBody
        ? `not json ${asText(body).slice(0, 200)}`
        : op.bodyType === 'application/json'
          ? JSON.stringify(body)
          : asText(body)
  const response = await fetch(url, {
    method: op.method,
    headers: {
      authorization: key.startsWith('tdm_')
        ? `Bearer ${key}`
        : `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
      ...(text === undefined ? {} : { 'content-type': op.bodyType ?? 'application/json' }),
    },
    ...(text === undefined ? {} : { body: text }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
  // A live event stream never ends: its status is the answer.
  const stream = response.headers.get('content-type')?.startsWith('text/event-stream') === true
  if (stream) await response.body?.cancel()
  const answer = stream ? '' : await response.text()
  const where = `${op.method} ${url} ${text?.slice(0, 300) ?? ''} -> ${response.status} ${answer.slice(0, 300)}`
  if (response.status >= 500) {
    failures.push(where)
    return false
  }
  if (response.status >= 400) {
    const error = (JSON.parse(answer) as { error?: { code?: string; message?: string } }).error
    if (typeof error?.code !== 'string' || !(error.message ?? '').trim()) {
      failures.push(`no error message: ${where}`)
      return false
    }
  }
  return true
}

// The generator itself must produce values outside the schema too, or the test above proves less
// than it says.
describe('the schema-driven generator', () => {
  it('mixes valid values with near misses and arbitrary JSON', () => {
    const schema: JsonSchema = {
      type: 'object',
      required: ['n'],
      properties: { n: { type: 'integer', minimum: 1, maximum: 10 } },
    }
    const samples = fc.sample(arbitraryFromSchema(schema), { numRuns: 500, seed: 42 })
    const valid = samples.filter(
      (s) =>
        typeof s === 'object' &&
        s !== null &&
        Number.isInteger((s as { n?: unknown }).n) &&
        ((s as { n: number }).n as number) >= 1 &&
        ((s as { n: number }).n as number) <= 10,
    )
    expect(valid.length).toBeGreaterThan(250)
    expect(valid.length).toBeLessThan(500)
    expect(fc.sample(anyJson, { numRuns: 50, seed: 1 }).some((v) => typeof v !== 'object')).toBe(
      true,
    )
  })
})
