import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { ATTRIBUTION_MODELS } from '../../domain/attribution/attribution-models.ts'
import { attributionReport, attributionRows } from '../../services/reports/attribution-report.ts'
import { doubleFunnelReport } from '../../services/reports/double-funnel.ts'
import {
  FUNNEL_CUTS,
  FUNNEL_STEPS,
  funnelReport,
  funnelRows,
} from '../../services/reports/funnel-report.ts'
import {
  PIPELINE_CUTS,
  pipelineReport,
  pipelineRows,
} from '../../services/reports/pipeline-report.ts'
import { reportPeriod } from '../../services/reports/report-period.ts'
import { MAX_REPORT_ROWS, NO_GROUP } from '../../services/reports/report-rows.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { NullableString } from '../common-schemas.ts'
import { errorResponses } from '../error-mapper.ts'
import { workspaceOf } from '../request-principal.ts'
import { Next, PeriodQuery, RowsQuery } from './reports.ts'

const errors = errorResponses(400, 401, 403)
const NullableNumber = Type.Union([Type.Number(), Type.Null()])
const Cents = Type.Integer({ description: 'An amount in cents (hundredths of the currency)' })

const FunnelBody = Type.Object({
  funnel: Type.String(),
  method: Type.String(),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  cohortStage: NullableString,
  cut: Type.String(),
  groups: Type.Array(
    Type.Object({
      key: NullableString,
      steps: Type.Array(
        Type.Object({
          stage: Type.String(),
          reached: Type.Integer(),
          conversion: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
          medianDays: NullableNumber,
          p90Days: NullableNumber,
        }),
      ),
    }),
  ),
})

const STAGES = [...new Set([...FUNNEL_STEPS.lead, ...FUNNEL_STEPS.account])]

const FunnelQuery = Type.Object({
  ...PeriodQuery.properties,
  funnel: Type.Optional(Type.Enum(['lead', 'account'], { default: 'lead' })),
  method: Type.Optional(Type.Enum(['cohort', 'period'], { default: 'cohort' })),
  cohortStage: Type.Optional(Type.Enum(STAGES)),
  cut: Type.Optional(Type.Enum([...FUNNEL_CUTS], { default: 'none' })),
})

const DoubleFunnelQuery = Type.Object({
  ...PeriodQuery.properties,
  method: FunnelQuery.properties.method,
  cut: FunnelQuery.properties.cut,
})

const FunnelStepBody = FunnelBody.properties.groups.items.properties.steps.items
const NullableStep = Type.Union([FunnelStepBody, Type.Null()])

const DoubleFunnelBody = Type.Object({
  method: Type.String(),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  cut: Type.String(),
  meetsAt: Type.Object({ lead: Type.String(), account: Type.String() }),
  lead: FunnelBody,
  account: FunnelBody,
  lines: Type.Array(
    Type.Object({ key: NullableString, lead: NullableStep, account: NullableStep }),
  ),
})

const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_REPORT_ROWS, default: 100 }))
const GroupKey = Type.Optional(
  Type.String({ description: "A group's key as the report gives it; leave out for every group" }),
)

const FunnelRowsBody = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      label: NullableString,
      enteredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      reachedAt: Type.String({ format: 'date-time' }),
      days: NullableNumber,
    }),
  ),
  total: Type.Integer({
    description: 'How many stand behind the figure in all: the figure itself',
  }),
  next: Next,
})

const PipelineRowsBody = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      owner: NullableString,
      amount: Type.Number(),
      createdAt: Type.String({ format: 'date-time' }),
      closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      outcome: Type.String(),
      days: NullableNumber,
    }),
  ),
})

const PipelineBody = Type.Object({
  groups: Type.Array(
    Type.Object({
      key: NullableString,
      opportunities: Type.Integer(),
      open: Type.Integer(),
      won: Type.Integer(),
      lost: Type.Integer(),
      winRate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
      pipelineAmount: Type.Number(),
      wonAmount: Type.Number(),
      medianDaysToWin: NullableNumber,
      p90DaysToWin: NullableNumber,
      medianDaysToClose: NullableNumber,
    }),
  ),
})

const AttributionQuery = Type.Object({
  ...PeriodQuery.properties,
  model: Type.Optional(Type.Enum([...ATTRIBUTION_MODELS], { default: 'w_shaped' })),
  by: Type.Optional(Type.Enum(['campaign', 'channel'], { default: 'campaign' })),
  halfLifeDays: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, description: 'time_decay: days for a touch to count half' }),
  ),
})

const AttributionBody = Type.Object({
  model: Type.String(),
  by: Type.String(),
  opportunities: Type.Integer(),
  pipelineCents: Cents,
  unattributedCents: Cents,
  lines: Type.Array(
    Type.Object({
      key: NullableString,
      attributedCents: Cents,
      opportunities: Type.Integer(),
      sourcedPipelineCents: Cents,
      influencedPipelineCents: Cents,
      sourcedRevenueCents: Cents,
      influencedRevenueCents: Cents,
    }),
  ),
})

const AttributionRowsBody = Type.Object({
  items: Type.Array(
    Type.Object({
      opportunityId: Type.String(),
      name: Type.String(),
      amountCents: Cents,
      unattributedCents: Cents,
      explanation: Type.Array(Type.String()),
      shares: Type.Array(
        Type.Object({
          touchId: Type.String(),
          campaignId: NullableString,
          campaign: NullableString,
          channel: Type.String(),
          weight: Type.Number(),
          cents: Cents,
        }),
      ),
    }),
  ),
  total: Type.Integer({ description: 'How many deals stand behind the line: its opportunities' }),
  next: Next,
})

/**
 * The reports of the whole revenue engine: the double funnel (by cohort or by period), pipeline
 * outcomes, and marketing attribution with the deals behind every line.
 */
export const analyticsReportRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock } = deps
  const read = requireScope(db, clock, 'read')

  app.get(
    '/v1/reports/funnel',
    {
      onRequest: read,
      schema: {
        tags: ['reports'],
        summary: 'The double funnel: conversion and velocity stage by stage',
        description:
          'cohort: of those who first reached cohortStage in [from, to), how many reached each later stage, and in how many days (median, p90). period: how many first reached each stage in [from, to), and the share of those reaching the previous stage in it who reached this one before it ended. docs/reports.md defines both.',
        security: [{ apiKey: [] }],
        querystring: FunnelQuery,
        response: { 200: FunnelBody, ...errors },
      },
    },
    async (request) => {
      const q = request.query
      return funnelReport(db, workspaceOf(request), {
        ...reportPeriod(q, clock.now()),
        funnel: q.funnel ?? 'lead',
        method: q.method ?? 'cohort',
        ...(q.cohortStage === undefined ? {} : { cohortStage: q.cohortStage }),
        cut: q.cut ?? 'none',
      })
    },
  )

  app.get(
    '/v1/reports/double-funnel',
    {
      onRequest: read,
      schema: {
        tags: ['reports'],
        summary: 'Both funnels side by side, aligned where they meet at the SDR queue',
        description:
          'The lead funnel and the account funnel under one period, method and cut, each by cohort of its first step (or by period), and their steps on shared lines: SQL beside qualified, opportunity beside opportunity, won beside customer. docs/reports.md.',
        security: [{ apiKey: [] }],
        querystring: DoubleFunnelQuery,
        response: { 200: DoubleFunnelBody, ...errors },
      },
    },
    async (request) => {
      const q = request.query
      return doubleFunnelReport(db, workspaceOf(request), {
        ...reportPeriod(q, clock.now()),
        method: q.method ?? 'cohort',
        cut: q.cut ?? 'none',
      })
    },
  )

  app.get(
    '/v1/reports/funnel/rows',
    {
      onRequest: read,
      schema: {
        tags: ['reports'],
        summary: 'The people or accounts behind one step of the funnel report',
        description:
          "Those counted in the step's `reached`, in the order they got there. `total` is the figure itself. Pages of up to 500 rows: pass `next` as `offset`.",
        security: [{ apiKey: [] }],
        querystring: Type.Object({
          ...FunnelQuery.properties,
          stage: Type.Enum(STAGES),
          key: Type.Optional(
            Type.String({
              description: `A group's key as the report gives it (${NO_GROUP} for the group without one); leave out for every group`,
            }),
          ),
          ...RowsQuery.properties,
        }),
        response: { 200: FunnelRowsBody, ...errors },
      },
    },
    async (request) => {
      const q = request.query
      const rows = await funnelRows(db, workspaceOf(request), {
        ...reportPeriod(q, clock.now()),
        funnel: q.funnel ?? 'lead',
        method: q.method ?? 'cohort',
        ...(q.cohortStage === undefined ? {} : { cohortStage: q.cohortStage }),
        cut: q.cut ?? 'none',
        stage: q.stage,
        // The report gives the group without a value (no source, no team) a null key.
        ...(q.key === undefined ? {} : { key: q.key === NO_GROUP ? null : q.key }),
        page: { limit: q.limit ?? 100, offset: q.offset ?? 0 },
      })
      return {
        items: rows.items.map((r) => ({
          ...r,
          enteredAt: r.enteredAt?.toISOString() ?? null,
          reachedAt: r.reachedAt.toISOString(),
        })),
        total: rows.total,
        next: rows.next ?? null,
      }
    },
  )

  app.get(
    '/v1/reports/pipeline/rows',
    {
      onRequest: read,
      schema: {
        tags: ['reports'],
        summary: 'The deals behind one group of the pipeline report',
        security: [{ apiKey: [] }],
        querystring: Type.Object({
          ...PeriodQuery.properties,
          cut: Type.Optional(Type.Enum([...PIPELINE_CUTS], { default: 'owner' })),
          key: GroupKey,
          outcome: Type.Optional(Type.Enum(['open', 'won', 'lost'])),
          limit: Limit,
        }),
        response: { 200: PipelineRowsBody, ...errors },
      },
    },
    async (request) => {
      const q = request.query
      const items = await pipelineRows(db, workspaceOf(request), {
        ...reportPeriod(q, clock.now()),
        cut: q.cut ?? 'owner',
        ...(q.key === undefined ? {} : { key: q.key }),
        ...(q.outcome === undefined ? {} : { outcome: q.outcome }),
        limit: q.limit ?? 100,
      })
      return {
        items: items.map((r) => ({
          ...r,
          createdAt: r.createdAt.toISOString(),
          closedAt: r.closedAt?.toISOString() ?? null,
        })),
      }
    },
  )

  app.get(
    '/v1/reports/pipeline',
    {
      onRequest: read,
      schema: {
        tags: ['reports'],
        summary: 'Pipeline outcomes of the deals opened in the period: won, lost, win rate, days',
        security: [{ apiKey: [] }],
        querystring: Type.Object({
          ...PeriodQuery.properties,
          cut: Type.Optional(Type.Enum([...PIPELINE_CUTS], { default: 'owner' })),
        }),
        response: { 200: PipelineBody, ...errors },
      },
    },
    async (request) => ({
      groups: await pipelineReport(db, workspaceOf(request), {
        ...reportPeriod(request.query, clock.now()),
        cut: request.query.cut ?? 'owner',
      }),
    }),
  )

  app.get(
    '/v1/reports/attribution',
    {
      onRequest: read,
      schema: {
        tags: ['reports'],
        summary: 'Pipeline attributed, sourced and influenced per campaign or channel',
        description:
          'Of the deals opened in [from, to): each split across the marketing touches before it under the model, in exact cents. GET /v1/reports/attribution/rows lists the deals behind a line.',
        security: [{ apiKey: [] }],
        querystring: AttributionQuery,
        response: { 200: AttributionBody, ...errors },
      },
    },
    async (request) => {
      const q = request.query
      return attributionReport(db, workspaceOf(request), {
        ...reportPeriod(q, clock.now()),
        model: q.model ?? 'w_shaped',
        by: q.by ?? 'campaign',
        ...(q.halfLifeDays === undefined ? {} : { halfLifeDays: q.halfLifeDays }),
      })
    },
  )

  app.get(
    '/v1/reports/attribution/rows',
    {
      onRequest: read,
      schema: {
        tags: ['reports'],
        summary: 'The deals behind an attribution line, each split across its touches, with why',
        description:
          'The deals the model gives the line (key) a share of, as many as its `opportunities`, in the order they were opened; without key, every deal of the report. `total` is the figure itself. Pages of up to 500 deals: pass `next` as `offset`.',
        security: [{ apiKey: [] }],
        querystring: Type.Object({
          ...AttributionQuery.properties,
          key: Type.Optional(
            Type.String({
              description: `The line: a campaign's name or a channel, as the report gives it (${NO_GROUP} for touches without a campaign)`,
            }),
          ),
          ...RowsQuery.properties,
        }),
        response: { 200: AttributionRowsBody, ...errors },
      },
    },
    async (request) => {
      const q = request.query
      const rows = await attributionRows(db, workspaceOf(request), {
        ...reportPeriod(q, clock.now()),
        model: q.model ?? 'w_shaped',
        by: q.by ?? 'campaign',
        ...(q.halfLifeDays === undefined ? {} : { halfLifeDays: q.halfLifeDays }),
        // The report gives the line of touches without a campaign a null key.
        ...(q.key === undefined ? {} : { key: q.key === NO_GROUP ? null : q.key }),
        page: { limit: q.limit ?? 100, offset: q.offset ?? 0 },
      })
      return { items: rows.items, total: rows.total, next: rows.next ?? null }
    },
  )
}
