import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { sql } from 'kysely'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eligibilityCutoff } from '../../src/domain/predictive/training-label.ts'
import { startPredictiveTrainer } from '../../src/jobs/predictive-trainer.ts'
import { issueApiKey } from '../../src/services/api-keys.ts'
import { setPredictiveScore } from '../../src/services/predictive/predictive-settings.ts'
import { requestTraining } from '../../src/services/predictive/train-workspace-model.ts'
import { CONTACT_FEATURES } from '../../src/services/predictive/training-rows.ts'
import { createWorkspace } from '../../src/services/workspaces.ts'
import { jsonb } from '../../src/store/jsonb.ts'
import { importOlistWorkspace, OLIST_DIR } from '../support/olist-workspace.ts'
import { type RunningApp, startTestApp } from '../support/test-app.ts'
import { openTestStore, type TestStore } from '../support/test-database.ts'

// The predictive score on the real Olist funnel, end to end through the HTTP API: turned on,
// trained by the background job, evaluated on held-out MQLs, every contact scored, and each
// prediction explained by factors that add up to its log-odds.

const asOf = new Date('2018-12-31T00:00:00Z')
let t: TestStore
let server: RunningApp
let workspaceId: string
let key: string

const csv = (file: string) =>
  parse(readFileSync(new URL(file, OLIST_DIR)), { columns: true }) as Record<string, string>[]

// The labelled history, straight from the files: an MQL is won when a closed deal names it, and
// not won when it has no deal and its first contact was at least 90 days before training.
const mqls = csv('olist_marketing_qualified_leads_dataset.csv')
const mqlIds = new Set(mqls.map((m) => m.mql_id))
const wonIds = new Set(
  csv('olist_closed_deals_dataset.csv')
    .map((d) => d.mql_id ?? '')
    .filter((id) => mqlIds.has(id)),
)
const cutoff = eligibilityCutoff(asOf, 90)
const expectedWon = wonIds.size
const expectedNotWon = mqls.filter(
  (m) => !wonIds.has(m.mql_id ?? '') && new Date(`${m.first_contact_date}T00:00:00Z`) <= cutoff,
).length

async function api(path: string, init: RequestInit = {}, withKey = key) {
  const response = await fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${withKey}`, ...init.headers },
  })
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
  return { status: response.status, body: (await response.json()) as any }
}

const train = (withKey = key) => api('/v1/predictive-models', { method: 'POST' }, withKey)

beforeAll(async () => {
  t = await openTestStore()
  server = await startTestApp(t, asOf)
  workspaceId = await importOlistWorkspace(t.db, 'olist')
  key = (
    await issueApiKey(t.db, { workspaceId, kind: 'api', name: 'ops', scopes: ['read', 'write'] })
  ).key
})
afterAll(async () => {
  await server?.close()
  await t?.close()
})

describe('turning the predictive score on', () => {
  it('refuses to train while the workspace has it off, and says how to turn it on', async () => {
    const { status, body } = await train()
    expect(status).toBe(409)
    expect(body.error.code).toBe('conflict')
    expect(body.error.message).toContain('tandem predict train --workspace olist --enable')
    const models = await t.db
      .selectFrom('predictive_models')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .execute()
    expect(models).toEqual([])
  })

  it('refuses a workspace with too little history, saying what it has and needs', async () => {
    const tiny = await createWorkspace(t.db, { slug: 'tiny', name: 'Tiny' })
    await setPredictiveScore(t.db, tiny.id, true)
    const tinyKey = (
      await issueApiKey(t.db, { workspaceId: tiny.id, kind: 'api', name: 'x', scopes: ['write'] })
    ).key
    const { status, body } = await train(tinyKey)
    expect(status).toBe(409)
    expect(body.error.message).toContain('0 won, 0 not won')
    expect(body.error.message).toContain('at least 20 of each')
  })

  it('keeps the workspace settings it already had', async () => {
    await t.db
      .updateTable('workspaces')
      .set({ settings: jsonb({ fiscalYearStart: 'april' }) })
      .where('id', '=', workspaceId)
      .execute()
    await setPredictiveScore(t.db, workspaceId, true)
    const row = await t.db
      .selectFrom('workspaces')
      .select('settings')
      .where('id', '=', workspaceId)
      .executeTakeFirstOrThrow()
    expect(row.settings).toEqual({ fiscalYearStart: 'april', predictiveScore: true })
  })
})

describe('training on the Olist funnel', () => {
  let first: string

  it('answers 202 and trains in the background into the active model', async () => {
    const posted = await train()
    expect(posted.status).toBe(202)
    expect(posted.body.status).toBe('training')
    first = posted.body.id
    await server.app.predictiveTrainer.drain()

    const { status, body } = await api('/v1/predictive-models/active')
    expect(status).toBe(200)
    expect(body).toMatchObject({ id: first, status: 'ready', active: true, error: null })
    expect(body.trainedAt).toBe(asOf.toISOString())
  })

  it('reports how the model ranks and how honest its probabilities are, held out', async () => {
    const { body } = await api('/v1/predictive-models/active')
    const e = body.evaluation
    expect(e.auc).toBeGreaterThan(0.55)
    expect(e.auc).toBeLessThan(1)
    expect(e.topDecileLift).toBeGreaterThan(1)
    expect(e.lift).toHaveLength(10)
    expect(e.lift[0].lift).toBe(e.topDecileLift)
    expect(e.calibration.length).toBeGreaterThan(1)
    expect(e.calibration.reduce((n: number, bin: { count: number }) => n + bin.count, 0)).toBe(
      e.testSize,
    )
    // The held-out base rate is the won share of the held-out MQLs only.
    const heldOutWon = e.calibration.reduce(
      (n: number, bin: { positives: number }) => n + bin.positives,
      0,
    )
    expect(e.baseRate).toBeCloseTo(heldOutWon / e.testSize, 12)
    expect(e.testShare).toBe(0.3)
    expect(e.testSize / (e.trainSize + e.testSize)).toBeGreaterThan(0.25)
    expect(e.testSize / (e.trainSize + e.testSize)).toBeLessThan(0.35)
  })

  it('reports the whole labelled history: won MQLs over MQLs old enough to count', async () => {
    const { body } = await api('/v1/predictive-models/active')
    expect(body.history).toEqual({
      asOf: asOf.toISOString(),
      minAgeDays: 90,
      won: expectedWon,
      notWon: expectedNotWon,
      baseRate: expectedWon / (expectedWon + expectedNotWon),
      tooYoung: mqls.length - expectedWon - expectedNotWon,
    })
    expect(body.evaluation.trainSize + body.evaluation.testSize).toBe(expectedWon + expectedNotWon)
  })

  it('uses the declared features the workspace has values for, and only those', async () => {
    const { body } = await api('/v1/predictive-models/active')
    const names = body.features.map((f: { name: string }) => f.name)
    const declared = CONTACT_FEATURES.map((f) => f.name)
    expect(names.every((name: string) => declared.includes(name))).toBe(true)
    // The MQL file has an origin and a landing page per lead, and no seniority or country.
    expect(names).toEqual(
      expect.arrayContaining(['source', 'first_touch_channel', 'first_touch_campaign']),
    )
    expect(names).not.toContain('seniority')
    expect(names).not.toContain('country')
  })

  it('writes a win probability strictly between 0 and 1 for every contact', async () => {
    const row = await t.db
      .selectFrom('contacts')
      .select([
        (eb) => eb.fn.countAll<number>().as('contacts'),
        sql<number>`count(*) filter (where win_probability > 0 and win_probability < 1
          and win_model_id = ${first})`.as('scored'),
      ])
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow()
    expect(row.contacts).toBe(mqls.length)
    expect(row.scored).toBe(row.contacts)
  })

  it("explains a contact's probability by factors that add up to its log-odds", async () => {
    const contacts = await t.db
      .selectFrom('contacts')
      .select(['id', 'source'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('id')
      .limit(25)
      .execute()
    for (const contact of contacts) {
      const { status, body } = await api(`/v1/contacts/${contact.id}/prediction`)
      expect(status).toBe(200)
      expect(body.modelId).toBe(first)
      expect(body.factors.length).toBeGreaterThan(0)
      expect(body.factors.length).toBeLessThanOrEqual(5)
      const sum = body.factors.reduce(
        (total: number, f: { contribution: number }) => total + f.contribution,
        body.intercept + body.otherFactors.contribution,
      )
      expect(Math.abs(sum - body.logOdds)).toBeLessThan(1e-6)
      // Fewer than five factors means all are listed: they and the intercept alone add up.
      if (body.factors.length < 5) expect(body.otherFactors).toEqual({ count: 0, contribution: 0 })
      expect(body.probability).toBeCloseTo(1 / (1 + Math.exp(-body.logOdds)), 12)
      // Nothing changed since training, so the stored probability is this one, rounded.
      expect(body.stored).toEqual({
        winProbability: expect.any(Number),
        modelId: first,
      })
      expect(Math.abs(body.stored.winProbability - body.probability)).toBeLessThanOrEqual(5e-6)
      for (const factor of body.factors) {
        expect(factor.label).toMatch(new RegExp(`^${factor.feature} = `))
        expect(factor.direction).toBe(factor.contribution > 0 ? 'raises' : 'lowers')
      }
      const source = body.factors.find((f: { feature: string }) => f.feature === 'source')
      if (source !== undefined && contact.source !== null)
        expect([`source = ${contact.source}`, 'source = (other)']).toContain(source.label)
    }
  })

  it('answers 404 for a contact or a model that is not there', async () => {
    const missing = '00000000-0000-4000-8000-000000000000'
    expect((await api(`/v1/contacts/${missing}/prediction`)).status).toBe(404)
    expect((await api(`/v1/predictive-models/${missing}`)).status).toBe(404)
  })

  it('makes a second training the active model and retires the first', async () => {
    const before = (await api('/v1/predictive-models/active')).body
    const posted = await train()
    expect(posted.status).toBe(202)
    const second = posted.body.id
    expect(second).not.toBe(first)
    await server.app.predictiveTrainer.drain()

    const active = (await api('/v1/predictive-models/active')).body
    expect(active.id).toBe(second)
    const old = await api(`/v1/predictive-models/${first}`)
    expect(old.body).toMatchObject({ id: first, status: 'ready', active: false })
    // Same history, same seed: the same split and the same model, bit for bit.
    expect(active.evaluation).toEqual(before.evaluation)
    const stale = await t.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('win_model_id', 'is', null), eb('win_model_id', '!=', second)]))
      .executeTakeFirstOrThrow()
    expect(stale.n).toBe(0)
  })
})

describe('a training cut short', () => {
  it('blocks a second request while it runs, and is marked failed when a trainer starts', async () => {
    // As a server that died mid-training leaves it: requested, never finished.
    const stranded = await requestTraining(t.db, workspaceId, asOf)
    const refused = await train()
    expect(refused.status).toBe(409)
    expect(refused.body.error.message).toContain(stranded.id)

    const trainer = startPredictiveTrainer({
      db: t.db,
      clock: server.clock,
      logger: pino({ level: 'silent' }),
    })
    await trainer.ready()
    await trainer.stop()
    const failed = await api(`/v1/predictive-models/${stranded.id}`)
    expect(failed.body).toMatchObject({
      status: 'failed',
      active: false,
      error: 'interrupted; train again',
      evaluation: null,
    })
    // The model that was active stays so.
    const active = await api('/v1/predictive-models/active')
    expect(active.body.status).toBe('ready')
    expect(active.body.id).not.toBe(stranded.id)
  })
})
