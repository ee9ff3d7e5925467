import { randomUUID } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES } from '../../src/http/create-app.ts'
import { issueApiKey } from '../../src/services/api-keys.ts'
import type { JsonSchema } from '../support/arbitrary-from-schema.ts'
import type { Answer } from '../support/call-api.ts'
import { createSalesOrg } from '../support/sales-org.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// Nothing a client sends or asks for is unbounded. Every list the published API answers with
// (openapi.json: a GET whose answer is an array or holds one) takes a `limit` with a maximum and
// refuses more, unless it is bounded by what it is, which is said here, once, with the reason: a
// new list without a limit fails this test until it gets one or a reason. Bodies have a size
// limit, and a request must arrive whole within the request timeout.

/** Lists that hold a fixed or naturally small number of entries, and why. */
const BOUNDED_BY_DESIGN: Readonly<Record<string, string>> = {
  'GET /v1/data-quality checks': 'one line per data-quality check Tandem defines',
  'GET /v1/contracts/{id} approvals': 'at most one approval per side, marketing and sales',
  'GET /v1/predictive-models/active features': 'the features Tandem trains on (CONTACT_FEATURES)',
  'GET /v1/predictive-models/{id} features': 'the features Tandem trains on (CONTACT_FEATURES)',
  'GET /v1/contacts/{id}/prediction factors': 'the top five factors; the rest are summed',
  'GET /v1/assignments/{id} routingReasons': 'the few lines the routing decision wrote',
  'GET /v1/assignments/{id} timers': 'at most a reminder and a breach for each of two clocks',
  // Report lines are aggregates, one per value of the chosen cut: as many as the workspace has
  // sources, campaigns, owners or teams (never one per person or event; those are behind the
  // paged /rows drill-downs).
  'GET /v1/reports/feedback rows':
    'aggregates: outcome × source, campaign or qualification version',
  'GET /v1/reports/funnel groups': 'aggregates: one group per value of the cut (source, owner…)',
  'GET /v1/reports/double-funnel lines': 'aggregates: one line per value of the cut',
  'GET /v1/reports/pipeline groups': 'aggregates: one group per owner, team, industry or source',
  'GET /v1/reports/attribution lines': 'aggregates: one line per campaign or channel',
  'GET /v1/contacts/{id}/consents items': 'one per channel: email, phone, sms, ads, all',
  ...Object.fromEntries(
    [
      'identities',
      'externalIds',
      'consents',
      'events',
      'activities',
      'stageHistory',
      'assignments',
      'opportunities',
      'notifications',
      'audit',
    ].map((list) => [
      `GET /v1/contacts/{id}/export ${list}`,
      'everything held about one person, by law in one document (admins only)',
    ]),
  ),
  'GET /v1/account-plans/{id} goals': 'at most 50 goals (the schema refuses more)',
  'GET /v1/account-plans/{id} plays': 'at most 100 plays per plan (adding more is refused)',
  'GET /v1/account-plans/{id}/progress goals': 'at most 50 goals (the schema refuses more)',
  'GET /v1/account-plans/{id}/progress opportunities':
    "one account's deals open or created in the plan period",
  'GET /v1/account-plans/{id}/progress peopleEngaged':
    "one account's people who engaged in the plan period",
  'GET /v1/account-plans/progress/teams items': 'aggregates: one line per team with active plans',
  'GET /v1/accounts/{id}/recommended-plays recommendations': 'at most one per kind of play',
  'GET /v1/accounts/{id} domains': 'at most 20 web domains (PROFILE_DOMAIN_LIMIT)',
  'GET /v1/accounts/{id} stageHistory':
    'the first 50 stage moves (PROFILE_STAGE_MOVES); /stages pages them all',
  'GET /v1/accounts/{id} engagementByWeek': 'twelve weeks (ENGAGEMENT_WEEKS)',
  'GET /v1/content/{slot}/variants items':
    'at most 100 variants per slot (writing more is refused)',
  'GET /v1/alert-campaigns items': 'one campaign per kind of alert Tandem sends',
  'GET /v1/radar pending': 'the 200 most urgent, with pendingTotal (RADAR_LIST_LIMIT)',
  'GET /v1/radar yours': 'the 200 most urgent you may answer, with yoursTotal (RADAR_LIST_LIMIT)',
  'GET /v1/radar firstTouchBreaches': 'the 200 most overdue (RADAR_LIST_LIMIT)',
  'GET /v1/radar surging': 'the 10 most surging accounts',
  'GET /v1/radar stageMoves': 'the 10 latest stage moves',
  'GET /v1/alert-campaigns/{key}/results variants':
    'at most 10 variants per campaign (the schema refuses more)',
}

const REQUEST_TIMEOUT_SECONDS = 1

interface Operation {
  readonly method: string
  readonly path: string
  readonly parameters: readonly {
    readonly name: string
    readonly in: string
    readonly required?: boolean
    readonly schema?: JsonSchema & { maximum?: number; enum?: unknown[]; default?: unknown }
  }[]
  readonly lists: readonly string[]
}

let t: TestStore
let server: RunningApp
let adminKey: string
let operations: Operation[] = []

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, new Date(), { requestTimeout: REQUEST_TIMEOUT_SECONDS })
  const org = await createSalesOrg(t.db, 'limits', server.clock.now())
  adminKey = (
    await issueApiKey(t.db, {
      workspaceId: org.workspaceId,
      kind: 'api',
      name: 'limits',
      scopes: ['admin'],
      ...(org.users.vp === undefined ? {} : { userId: org.users.vp }),
    })
  ).key
  const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, Record<string, unknown>>>
    components: { schemas: Record<string, JsonSchema> }
  }
  const resolve = (schema: JsonSchema | undefined): JsonSchema | undefined => {
    const ref = (schema as { $ref?: string } | undefined)?.$ref
    return ref === undefined ? schema : spec.components.schemas[ref.split('/').pop() as string]
  }
  operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const answer = resolve(
        (op.responses as Record<string, { content?: Record<string, { schema?: JsonSchema }> }>)?.[
          '200'
        ]?.content?.['application/json']?.schema,
      ) as { type?: string; properties?: Record<string, { type?: string }> } | undefined
      const lists =
        answer?.type === 'array'
          ? ['(the answer)']
          : Object.entries(answer?.properties ?? {})
              .filter(([, property]) => property.type === 'array')
              .map(([name]) => name)
      return {
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters as Operation['parameters']) ?? [],
        lists,
      }
    }),
  )
})

afterAll(async () => {
  await server?.close()
  await t?.close()
})

/** A value the parameter's schema accepts: its default, its first choice, or a plain one. */
function validValue(schema: Operation['parameters'][number]['schema']): string {
  if (schema?.default !== undefined) return String(schema.default)
  if (schema?.enum !== undefined) return String(schema.enum[0])
  return (schema as { format?: string } | undefined)?.format === 'uuid' ? randomUUID() : 'x'
}

const pathOf = (op: Operation) =>
  op.path.replaceAll(/\{(\w+)\}/g, (_, name: string) =>
    name === 'id' || name === 'userId'
      ? randomUUID()
      : validValue(op.parameters.find((p) => p.name === name)?.schema),
  )

describe('list limits', () => {
  it('finds the lists of the published API', () => {
    const lists = operations.filter((op) => op.method === 'GET' && op.lists.length > 0)
    expect(lists.length).toBeGreaterThan(15)
    expect(lists.map((op) => op.path)).toContain('/v1/assignments')
  })

  it('bounds every list: a `limit` with a maximum that refuses more, or a stated reason', async () => {
    const wrong: string[] = []
    const explained = new Set<string>()
    for (const op of operations.filter((o) => o.method === 'GET' && o.lists.length > 0)) {
      const limit = op.parameters.find((p) => p.in === 'query' && p.name === 'limit')
      const unexplained = op.lists.filter((list) => {
        const key = `${op.method} ${op.path} ${list}`
        if (BOUNDED_BY_DESIGN[key] === undefined) return true
        explained.add(key)
        return false
      })
      if (unexplained.length === 0) continue
      const what = `${op.method} ${op.path} (${unexplained.join(', ')})`
      const maximum = limit?.schema?.maximum
      if (maximum === undefined) {
        wrong.push(`unbounded: ${what} takes no limit with a maximum`)
        continue
      }
      // Everything else valid, so the only thing wrong is the limit.
      const query = new URLSearchParams()
      for (const p of op.parameters.filter((p) => p.in === 'query' && p.required === true))
        query.set(p.name, validValue(p.schema))
      query.set('limit', String(maximum + 1))
      const response = await fetch(`${server.url}${pathOf(op)}?${query}`, {
        headers: { authorization: `Bearer ${adminKey}` },
      })
      const body = (await response.json()) as Answer
      if (response.status !== 400 || !String(body.error?.message).includes('limit'))
        wrong.push(`limit=${maximum + 1} let through: ${what} -> ${response.status}`)
    }
    expect(wrong).toEqual([])
    // A reason for a list that is gone or now takes a limit is a stale reason.
    expect(Object.keys(BOUNDED_BY_DESIGN).filter((key) => !explained.has(key))).toEqual([])
  })

  it('refuses a body over the limit with 413 in the error shape, naming the limit', async () => {
    const response = await fetch(`${server.url}/v1/contracts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES) }),
    })
    expect(response.status).toBe(413)
    const body = (await response.json()) as Answer
    expect(body.error.code).toBe('payload_too_large')
    expect(body.error.message).toContain('1 MB limit')
    expect(body.error.details).toEqual({ maxBytes: MAX_BODY_BYTES })
  })
})

/** Sends `head` (and nothing more) on a raw connection; resolves with all it gets back. */
function sendAndListen(head: string): Promise<string> {
  const url = new URL(server.url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(head))
    let received = ''
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8')
    })
    socket.on('error', reject)
    socket.on('close', () => resolve(received))
  })
}

const jsonOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4))

describe('request timeout', () => {
  it('answers 408 and closes the connection when a body arrives too slowly', async () => {
    const response = await sendAndListen(
      'POST /v1/contracts HTTP/1.1\r\nHost: localhost\r\n' +
        `Authorization: Bearer ${adminKey}\r\nContent-Type: application/json\r\n` +
        'Content-Length: 1000\r\n\r\n{"name": "sl',
    )
    expect(response).toMatch(/^HTTP\/1\.1 408 /)
    expect(jsonOf(response).error).toEqual({
      code: 'request_timeout',
      message: `The request did not arrive within ${REQUEST_TIMEOUT_SECONDS} seconds; send it again, faster.`,
    })
  })

  it('answers 408 in the error shape when the headers never end', async () => {
    const response = await sendAndListen('GET /v1/workspace HTTP/1.1\r\nHost: localhost\r\n')
    expect(response).toMatch(/^HTTP\/1\.1 408 /)
    expect(jsonOf(response).error.code).toBe('request_timeout')
  })

  it('lets a CSV import stream for longer than the timeout', async () => {
    const url = new URL(`${server.url}/v1/imports/contacts`)
    const answer = new Promise<{ status: number; body: Answer }>((resolve, reject) => {
      const request = httpRequest(
        url,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'text/csv' },
        },
        (response) => {
          let text = ''
          response.on('data', (chunk) => {
            text += chunk
          })
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }),
          )
        },
      )
      request.on('error', reject)
      request.write(
        'Record ID,First Name,Last Name,Email,Job Title,Lifecycle Stage,Create Date\n' +
          '1,Slow,One,slow.one@limits.example,CTO,Lead,2026-10-01 09:30\n',
      )
      sleep(REQUEST_TIMEOUT_SECONDS * 1500).then(() =>
        request.end('2,Slower,Two,slow.two@limits.example,CFO,Lead,2026-10-01 09:31\n'),
      )
    })
    const { status, body } = await answer
    expect({ status, error: body.error }).toEqual({ status: 200, error: undefined })
    expect(body.rows).toBe(2)
  })
})
