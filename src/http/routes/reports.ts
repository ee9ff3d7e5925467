import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import {
  FEEDBACK_BYS,
  FEEDBACK_OUTCOMES,
  type FeedbackRow,
  feedbackReport,
  feedbackReportRows,
} from '../../services/reports/feedback-report.ts'
import {
  DEFAULT_PERIOD_DAYS,
  type ReportPeriod,
  reportPeriod,
} from '../../services/reports/report-period.ts'
import { MAX_REPORT_ROWS, NO_GROUP } from '../../services/reports/report-rows.ts'
import {
  SLA_GROUP_BYS,
  SLA_MEASURES,
  type SlaRow,
  slaReport,
  slaReportRows,
} from '../../services/reports/sla-report.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { iso, Motion, NullableString, NullableTimestamp, Timestamp } from '../common-schemas.ts'
import { errorResponses } from '../error-mapper.ts'
import { workspaceOf } from '../request-principal.ts'

const errors = errorResponses(400, 401, 403)

const NullableNumber = Type.Union([Type.Number(), Type.Null()])
const Share = Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
  description: 'A fraction between 0 and 1; null when there is nothing to divide by',
})

export const PeriodQuery = Type.Object({
  from: Type.Optional(
    Type.String({
      description: `Start (inclusive): a UTC day such as 2026-03-01, or a date-time with its offset. Default: ${DEFAULT_PERIOD_DAYS} days before \`to\``,
    }),
  ),
  to: Type.Optional(
    Type.String({
      description:
        'End (exclusive): a date-time with its offset, or a UTC day, which is included (to=2026-03-31 covers 31 March). Default: now',
    }),
  ),
})

export const RowsQuery = Type.Object({
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_REPORT_ROWS, default: 100, description: 'Page size' }),
  ),
  offset: Type.Optional(
    Type.Integer({
      minimum: 0,
      default: 0,
      description: 'Rows to skip: the `next` of the previous page',
    }),
  ),
})

const Period = { from: Timestamp, to: Timestamp }
export const Next = Type.Union([Type.Integer(), Type.Null()], {
  description: 'Pass as `offset` for the next page; null on the last page',
})

const GroupBy = Type.Enum([...SLA_GROUP_BYS], {
  default: 'team',
  description: "Sales' figures per team, per owner, or per motion",
})
const Measure = Type.Enum([...SLA_MEASURES], {
  description: 'The figure whose handoffs to list (docs/reports.md defines each)',
})
const FeedbackBy = Type.Enum([...FEEDBACK_BYS], {
  default: 'source',
  description: "Group by the contact's source, its campaign, or the contract version of its MQL",
})
const Outcome = Type.Enum([...FEEDBACK_OUTCOMES])
const GroupKey = Type.String({
  description: `A group's key as the report gives it (${NO_GROUP} for none)`,
})

const SalesFigures = Type.Object({
  key: Type.String({ description: `A team or owner id, a motion, ${NO_GROUP}; all on the total` }),
  label: Type.String(),
  handoffs: Type.Integer(),
  accepted: Type.Integer(),
  firstTouched: Type.Integer(),
  medianHoursToAccept: NullableNumber,
  p90HoursToAccept: NullableNumber,
  medianHoursToFirstTouch: NullableNumber,
  p90HoursToFirstTouch: NullableNumber,
  acceptClocks: Type.Integer({ description: 'Accept clocks stopped or run out' }),
  acceptedWithinSla: Type.Integer(),
  answeredWithinSla: Type.Integer(),
  acceptSlaMissed: Type.Integer(),
  acceptedWithinSlaShare: Share,
  answeredWithinSlaShare: Share,
  firstTouchClocks: Type.Integer({ description: 'First-touch clocks stopped or run out' }),
  firstTouchedWithinSla: Type.Integer(),
  firstTouchSlaMissed: Type.Integer(),
  firstTouchedWithinSlaShare: Share,
  acceptBreaches: Type.Integer(),
  firstTouchBreaches: Type.Integer(),
})

const SlaReportBody = Type.Object({
  ...Period,
  groupBy: GroupBy,
  asOf: Type.String({
    format: 'date-time',
    description: 'When open clocks were judged: the server time of the request',
  }),
  marketing: Type.Object({
    mqlDelivered: Type.Integer(),
    mqlTarget: Type.Union([Type.Integer(), Type.Null()]),
    targetAttainment: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
      description: 'mqlDelivered / mqlTarget: above 1 when marketing delivered more',
    }),
    accepted: Type.Integer(),
    rejected: Type.Integer(),
    recycled: Type.Integer(),
    disqualified: Type.Integer(),
    pending: Type.Integer(),
    acceptedShare: Share,
    rejectedShare: Share,
    recycledShare: Share,
    disqualifiedShare: Share,
    pendingShare: Share,
  }),
  sales: Type.Object({ groups: Type.Array(SalesFigures), total: SalesFigures }),
})

const SlaRowBody = Type.Object({
  id: Type.String(),
  contactId: Type.String(),
  contactName: NullableString,
  contactEmail: NullableString,
  kind: Type.String(),
  ownerId: Type.String(),
  ownerName: Type.String(),
  teamId: NullableString,
  teamName: NullableString,
  motion: Type.Union([Motion, Type.Null()]),
  status: Type.String(),
  assignedAt: Timestamp,
  acceptDueAt: NullableTimestamp,
  acceptedAt: NullableTimestamp,
  firstTouchDueAt: NullableTimestamp,
  firstTouchAt: NullableTimestamp,
  closedAt: NullableTimestamp,
  reasonCode: NullableString,
  reasonText: NullableString,
  hoursToAccept: NullableNumber,
  hoursToFirstTouch: NullableNumber,
  acceptBreachedAt: NullableTimestamp,
  firstTouchBreachedAt: NullableTimestamp,
  reassignedFrom: NullableString,
  mqlAssignmentId: Type.Union([Type.String(), Type.Null()], {
    description: "Marketing figures: the MQL's first handoff, which dates it",
  }),
  mqlAssignedAt: NullableTimestamp,
  outcome: Type.Union([Type.String(), Type.Null()], {
    description: 'Marketing figures: accepted, rejected, recycled, disqualified or pending',
  }),
})

const FeedbackRowBody = Type.Object({
  recordType: Type.Enum(['assignment', 'opportunity']),
  id: Type.String(),
  outcome: Outcome,
  reason: Type.String(),
  reasonText: NullableString,
  at: Timestamp,
  contactId: NullableString,
  contactName: NullableString,
  contactEmail: NullableString,
  ownerId: NullableString,
  ownerName: NullableString,
  opportunityName: NullableString,
  source: NullableString,
  campaignId: NullableString,
  mqlBy: Type.Union([Type.String(), Type.Null()], {
    description: 'The rule that made the MQL, e.g. qualification@3',
  }),
  groupKey: Type.String(),
  group: Type.String(),
})

const periodBody = (p: ReportPeriod) => ({ from: p.from.toISOString(), to: p.to.toISOString() })

function slaRowBody(r: SlaRow) {
  return {
    ...r,
    assignedAt: r.assignedAt.toISOString(),
    acceptDueAt: iso(r.acceptDueAt),
    acceptedAt: iso(r.acceptedAt),
    firstTouchDueAt: iso(r.firstTouchDueAt),
    firstTouchAt: iso(r.firstTouchAt),
    closedAt: iso(r.closedAt),
    acceptBreachedAt: iso(r.acceptBreachedAt),
    firstTouchBreachedAt: iso(r.firstTouchBreachedAt),
    mqlAssignedAt: iso(r.mqlAssignedAt),
  }
}

const feedbackRowBody = (r: FeedbackRow) => ({ ...r, at: r.at.toISOString() })

/**
 * The reports sales and marketing read together: SLA compliance of both sides and the closed
 * loop of reasons, each with the rows behind every figure.
 */
export const reportRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock } = deps

  app.get(
    '/v1/reports/sla',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['reports'],
        summary: "SLA compliance of both sides: marketing's MQLs and sales' speed to answer",
        description:
          'Over the handoffs made in [from, to). Marketing: MQLs delivered (against mqlTarget) and how sales received them. Sales, per group: time to accept and to first touch (wall-clock hours), shares within the SLA, breaches. GET /v1/reports/sla/rows lists the handoffs behind any figure; docs/reports.md defines each.',
        security: [{ apiKey: [] }],
        querystring: Type.Object({
          ...PeriodQuery.properties,
          groupBy: Type.Optional(GroupBy),
          mqlTarget: Type.Optional(
            Type.Integer({ minimum: 1, description: 'MQLs marketing committed to deliver' }),
          ),
        }),
        response: { 200: SlaReportBody, ...errors },
      },
    },
    async (request) => {
      const now = clock.now()
      const { groupBy, mqlTarget } = request.query
      const report = await slaReport(db, workspaceOf(request), {
        ...reportPeriod(request.query, now),
        groupBy: groupBy ?? 'team',
        ...(mqlTarget === undefined ? {} : { mqlTarget }),
        now,
      })
      return {
        ...report,
        ...periodBody(report),
        asOf: report.asOf.toISOString(),
        sales: { groups: [...report.sales.groups], total: report.sales.total },
      }
    },
  )

  app.get(
    '/v1/reports/sla/rows',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['reports'],
        summary: 'The handoffs behind one figure of the SLA report, oldest first',
        description:
          'measure names the figure (mql_* are marketing figures, over MQLs: each row is the handoff that answered the MQL); groupBy and group narrow a sales figure to one group. `total` is the figure itself. Pages of up to 500 rows: pass `next` as `offset`.',
        security: [{ apiKey: [] }],
        querystring: Type.Object({
          ...PeriodQuery.properties,
          ...RowsQuery.properties,
          measure: Measure,
          groupBy: Type.Optional(Type.Enum([...SLA_GROUP_BYS])),
          group: Type.Optional(GroupKey),
        }),
        response: {
          200: Type.Object({
            ...Period,
            measure: Type.String(),
            total: Type.Integer(),
            items: Type.Array(SlaRowBody),
            next: Next,
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const now = clock.now()
      const { measure, groupBy, group, limit, offset } = request.query
      const period = reportPeriod(request.query, now)
      const rows = await slaReportRows(db, workspaceOf(request), {
        ...period,
        measure,
        ...(groupBy === undefined ? {} : { groupBy }),
        ...(group === undefined ? {} : { group }),
        now,
        page: { limit: limit ?? 100, offset: offset ?? 0 },
      })
      return {
        ...periodBody(period),
        measure,
        total: rows.total,
        items: rows.items.map(slaRowBody),
        next: rows.next ?? null,
      }
    },
  )

  app.get(
    '/v1/reports/feedback',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['reports'],
        summary: 'The closed loop: reasons of rejects, recycles, disqualifications and lost deals',
        description:
          'Answers given and deals lost in [from, to), counted by reason per source, campaign or qualification contract version. GET /v1/reports/feedback/rows lists the records behind a count.',
        security: [{ apiKey: [] }],
        querystring: Type.Object({ ...PeriodQuery.properties, by: Type.Optional(FeedbackBy) }),
        response: {
          200: Type.Object({
            ...Period,
            by: FeedbackBy,
            totals: Type.Object({
              rejected: Type.Integer(),
              recycled: Type.Integer(),
              disqualified: Type.Integer(),
              lost: Type.Integer(),
            }),
            rows: Type.Array(
              Type.Object({
                key: GroupKey,
                label: Type.String(),
                outcome: Outcome,
                reason: Type.String({ description: 'A reason code, or the CRM loss reason' }),
                count: Type.Integer(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const report = await feedbackReport(db, workspaceOf(request), {
        ...reportPeriod(request.query, clock.now()),
        by: request.query.by ?? 'source',
      })
      return { ...report, ...periodBody(report), rows: [...report.rows] }
    },
  )

  app.get(
    '/v1/reports/feedback/rows',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['reports'],
        summary: 'The answers and lost deals behind the feedback report, oldest first',
        description:
          'Narrow with group (a key from the report, under the same `by`), outcome and reason. Pages of up to 500 rows: pass `next` as `offset`.',
        security: [{ apiKey: [] }],
        querystring: Type.Object({
          ...PeriodQuery.properties,
          ...RowsQuery.properties,
          by: Type.Optional(FeedbackBy),
          group: Type.Optional(GroupKey),
          outcome: Type.Optional(Outcome),
          reason: Type.Optional(Type.String()),
        }),
        response: {
          200: Type.Object({
            ...Period,
            total: Type.Integer(),
            items: Type.Array(FeedbackRowBody),
            next: Next,
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { by, group, outcome, reason, limit, offset } = request.query
      const period = reportPeriod(request.query, clock.now())
      const rows = await feedbackReportRows(db, workspaceOf(request), {
        ...period,
        by: by ?? 'source',
        ...(group === undefined ? {} : { group }),
        ...(outcome === undefined ? {} : { outcome }),
        ...(reason === undefined ? {} : { reason }),
        page: { limit: limit ?? 100, offset: offset ?? 0 },
      })
      return {
        ...periodBody(period),
        total: rows.total,
        items: rows.items.map(feedbackRowBody),
        next: rows.next ?? null,
      }
    },
  )
}
