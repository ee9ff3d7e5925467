import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey } from '../../src/services/api-keys.ts'
import { adoptContract } from '../../src/services/contracts.ts'
import { addUser } from '../../src/services/users.ts'
import {
  expectedOlistMonths,
  importOlistWorkspace,
  olistMqls,
  olistWonAt,
} from '../support/olist-workspace.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The backtest on real history: the Olist marketing funnel (../shared/data), where every first
// contact was an MQL. The active definition says so; the proposed one keeps only search and
// direct traffic. The expected figures are computed here from the CSV files, by a separate path.

// biome-ignore lint/suspicious/noExplicitAny: the answers are checked field by field
type Answer = any

let t: TestStore
let server: RunningApp
let key: string

const mqls = olistMqls
const wonAt = olistWonAt

const contract = (name: string) =>
  readFileSync(new URL(`../../examples/contracts/${name}.yaml`, import.meta.url), 'utf8')
const everyone = contract('olist-every-first-contact')
const searchOnly = contract('olist-search-only')
// The origins the proposed definition keeps (its search-or-direct rule).
const SEARCH = ['organic_search', 'paid_search', 'direct_traffic']

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, new Date('2018-12-31T00:00:00Z'))
  const workspaceId = await importOlistWorkspace(t.db, 'olist')
  const users = [
    await addUser(t.db, { workspaceId, email: 'mia@olist.test', name: 'mia', role: 'marketing' }),
    await addUser(t.db, { workspaceId, email: 'sam@olist.test', name: 'sam', role: 'sales' }),
  ]
  await adoptContract(t.db, {
    workspaceId,
    document: everyone,
    marketingUserId: users[0]?.id ?? '',
    salesUserId: users[1]?.id ?? '',
    at: new Date('2018-12-31T00:00:00Z'),
  })
  key = (await issueApiKey(t.db, { workspaceId, kind: 'api', name: 'bt', scopes: ['read'] })).key
})
afterAll(async () => {
  await server?.close()
  await t?.close()
})

const expected = expectedOlistMonths

describe('POST /v1/backtests on the Olist funnel', () => {
  it('replays both definitions: MQLs per month, later wins, precision, recall and changes', async () => {
    const response = await fetch(`${server.url}/v1/backtests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/yaml' },
      body: searchOnly,
    })
    expect(response.status).toBe(200)
    const report = (await response.json()) as Answer

    const won = mqls.filter((m) => wonAt.has(m.mql_id ?? '')).length
    expect(report.contacts).toBe(mqls.length)
    expect(report.won).toBe(won)

    const all = expected(mqls)
    expect(report.active.months).toEqual(all)
    expect(report.active.version).toBe(1)
    const allWon = all.reduce((s, m) => s + m.laterWon, 0)
    expect(report.active.precision).toBeCloseTo(allWon / mqls.length, 12)
    expect(report.active.recall).toBeCloseTo(allWon / won, 12)

    const kept = mqls.filter((m) => SEARCH.includes(m.origin ?? ''))
    const search = expected(kept)
    expect(report.proposed.months).toEqual(search)
    const keptWon = search.reduce((s, m) => s + m.laterWon, 0)
    expect(report.proposed.precision).toBeCloseTo(keptWon / kept.length, 12)
    expect(report.proposed.recall).toBeCloseTo(keptWon / won, 12)

    expect(report.changes).toMatchObject({ gained: 0, lost: mqls.length - kept.length, moved: 0 })
    expect(report.changes.examples).toHaveLength(50)
    expect(report.changes.examples[0]).toMatchObject({ active: { cell: 'D1' }, proposed: null })
  })

  it('refuses a proposed definition that is not valid, naming the problems', async () => {
    const response = await fetch(`${server.url}/v1/backtests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/yaml' },
      body: 'kind: qualification\nname: half-written\n',
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as Answer
    expect(body.error.details.problems).toContain(
      '/: needs fit, engagement, readiness, explore, mql, handoff',
    )
  })
})
