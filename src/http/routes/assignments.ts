import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { SENDING_CHANNELS } from '../../domain/consent.ts'
import { answerAssignment, REASON_CODES } from '../../services/handoff/answer-assignment.ts'
import {
  type AssignmentDetail,
  type AssignmentView,
  getAssignment,
  listAssignments,
} from '../../services/handoff/assignment-queries.ts'
import { handOffContact } from '../../services/handoff/manual-handoff.ts'
import { marketingHold } from '../../services/handoff/marketing-hold.ts'
import { touchAssignment } from '../../services/handoff/touch-assignment.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import {
  iso,
  Motion,
  NullableString,
  NullableTimestamp,
  OwnerOrMe,
  Timestamp,
  Uuid,
} from '../common-schemas.ts'
import { errorResponses } from '../error-mapper.ts'
import { IdParams } from '../id-params.ts'
import { PageQuery, pageRequest } from '../page-query.ts'
import { absentBodyAsEmpty, actorOf, userOf, userParam, workspaceOf } from '../request-principal.ts'

const errors = errorResponses(400, 401, 403, 404, 409)

const STATUSES = ['pending', 'accepted', 'rejected', 'recycled', 'disqualified', 'reassigned']
const KINDS = ['mql', 'explore', 'account', 'manual']
const HANDOFF_KINDS = ['manual', 'mql', 'explore']
const Status = Type.Enum(STATUSES as AssignmentView['status'][])
const Kind = Type.Enum(KINDS as AssignmentView['kind'][])
const ReasonCode = Type.Enum([...REASON_CODES], {
  description: `One of ${REASON_CODES.join(', ')}; "other" needs a reasonText`,
})

const Assignment = Type.Object({
  id: Type.String(),
  contactId: Type.String(),
  contactName: NullableString,
  contactEmail: NullableString,
  kind: Kind,
  ownerId: Type.String(),
  ownerName: Type.String(),
  status: Status,
  assignedAt: Timestamp,
  acceptDueAt: NullableTimestamp,
  firstTouchDueAt: NullableTimestamp,
  acceptedAt: NullableTimestamp,
  rejectedAt: NullableTimestamp,
  firstTouchAt: NullableTimestamp,
  closedAt: NullableTimestamp,
  reasonCode: NullableString,
  reasonText: NullableString,
  routingReasons: Type.Array(Type.String(), { description: 'Why this owner got it' }),
  routingVersion: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The routing rules version that set the SLA',
  }),
  teamId: NullableString,
  teamName: NullableString,
  motion: Type.Union([Motion, Type.Null()]),
  reassignedFrom: Type.Union([Type.String(), Type.Null()], {
    description: 'The assignment whose SLA breach handed it on to this owner',
  }),
})

const AssignmentWithTimers = Type.Object({
  ...Assignment.properties,
  timers: Type.Array(
    Type.Object({
      clock: Type.Enum(['accept', 'first_touch']),
      kind: Type.Enum(['reminder', 'breach']),
      dueAt: Timestamp,
      firedAt: NullableTimestamp,
      cancelledAt: Type.Union([Timestamp, Type.Null()], {
        description: 'Set when the clock stopped in time (answered, touched)',
      }),
    }),
  ),
})

const Answered = Type.Object({
  status: Status,
  stage: Type.String({ description: "The contact's lifecycle stage after the answer" }),
})

function toAssignmentBody(a: AssignmentView) {
  return {
    ...a,
    routingReasons: [...a.routingReasons],
    assignedAt: a.assignedAt.toISOString(),
    acceptDueAt: iso(a.acceptDueAt),
    firstTouchDueAt: iso(a.firstTouchDueAt),
    acceptedAt: iso(a.acceptedAt),
    rejectedAt: iso(a.rejectedAt),
    firstTouchAt: iso(a.firstTouchAt),
    closedAt: iso(a.closedAt),
  }
}

function toDetailBody(a: AssignmentDetail) {
  return {
    ...toAssignmentBody(a),
    timers: a.timers.map((t) => ({
      ...t,
      dueAt: t.dueAt.toISOString(),
      firedAt: iso(t.firedAt),
      cancelledAt: iso(t.cancelledAt),
    })),
  }
}

/**
 * Handoffs to named owners: handing a contact over, the assignments and the owner's answers,
 * their SLA timers, sales touches, and the marketing hold a touch puts on the contact.
 */
export const assignmentRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock, jobs } = deps

  app.get(
    '/v1/assignments',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['assignments'],
        summary: 'Assignments, newest first: whose leads wait for an answer',
        description:
          "Filter by owner (ownerId=me for the key's user), status, kind or contact. Pages of up to 500; pass `next` as `after` for the next page.",
        security: [{ apiKey: [] }],
        querystring: Type.Object({
          ...PageQuery.properties,
          ownerId: Type.Optional(OwnerOrMe),
          status: Type.Optional(Status),
          kind: Type.Optional(Kind),
          contactId: Type.Optional(Uuid),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(Assignment),
            next: Type.Union([Type.String(), Type.Null()], {
              description: 'Pass as `after` for the next page; null on the last page',
            }),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { ownerId, status, kind, contactId } = request.query
      const owner = userParam(request, ownerId, 'ownerId')
      const page = await listAssignments(db, workspaceOf(request), {
        ...(owner === undefined ? {} : { ownerId: owner }),
        ...(status === undefined ? {} : { status }),
        ...(kind === undefined ? {} : { kind }),
        ...(contactId === undefined ? {} : { contactId }),
        page: pageRequest(request.query),
      })
      return { items: page.items.map(toAssignmentBody), next: page.next ?? null }
    },
  )

  app.get(
    '/v1/assignments/:id',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['assignments'],
        summary: 'One assignment: its owner, why they got it, and its SLA timers',
        security: [{ apiKey: [] }],
        params: IdParams,
        response: { 200: AssignmentWithTimers, ...errors },
      },
    },
    async (request) =>
      toDetailBody(await getAssignment(db, workspaceOf(request), request.params.id)),
  )

  app.post(
    '/v1/assignments/:id/accept',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'answer-assignment' }),
      schema: {
        tags: ['assignments'],
        summary:
          "Accept a pending assignment (the key's user: its owner, their manager or an admin)",
        description:
          'Stops the accept clock; an MQL or manual handoff makes the contact a sales-accepted lead (sal). No body.',
        security: [{ apiKey: [] }],
        params: IdParams,
        response: { 200: Answered, ...errors },
      },
    },
    async (request) =>
      answerAssignment(db, {
        workspaceId: workspaceOf(request),
        assignmentId: request.params.id,
        userId: userOf(request, 'Accepting a lead'),
        answer: { action: 'accept' },
        at: clock.now(),
      }),
  )

  const answers = {
    reject: 'Reject a pending or accepted assignment with a reason: the lead goes back to nurture',
    recycle: 'Recycle a pending or accepted assignment to nurture, with a reason',
    disqualify: 'Disqualify the lead of a pending or accepted assignment, with a reason',
  } as const
  for (const action of ['reject', 'recycle', 'disqualify'] as const)
    app.post(
      `/v1/assignments/:id/${action}`,
      {
        onRequest: requireScope(db, clock, 'write', { action: 'answer-assignment' }),
        schema: {
          tags: ['assignments'],
          summary: answers[action],
          description:
            'The reason is stored on the assignment and in the funnel history, where marketing reads it back. Answered by the owner, their manager or an admin.',
          security: [{ apiKey: [] }],
          params: IdParams,
          body: Type.Object(
            {
              reasonCode: ReasonCode,
              reasonText: Type.Optional(Type.String({ maxLength: 2000 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Answered, ...errors },
        },
      },
      async (request) =>
        answerAssignment(db, {
          workspaceId: workspaceOf(request),
          assignmentId: request.params.id,
          userId: userOf(request, `Answering a lead (${action})`),
          answer: {
            action,
            reasonCode: request.body.reasonCode,
            ...(request.body.reasonText === undefined
              ? {}
              : { reasonText: request.body.reasonText }),
          },
          at: clock.now(),
        }),
    )

  app.post(
    '/v1/assignments/:id/touch',
    {
      preValidation: absentBodyAsEmpty,
      onRequest: requireScope(db, clock, 'write', { action: 'touch-assignment' }),
      schema: {
        tags: ['assignments'],
        summary: "Record a sales touch on the assignment's contact (an email, a call, a meeting)",
        description:
          'Stops the first-touch clock of the contact\'s open handoffs and holds marketing sends for the routing rules\' holdMarketingDays. Optional body {"at": "…"} (default now).',
        security: [{ apiKey: [] }],
        params: IdParams,
        body: Type.Object({ at: Type.Optional(Timestamp) }, { additionalProperties: false }),
        response: { 200: AssignmentWithTimers, ...errors },
      },
    },
    async (request) => {
      const now = clock.now()
      return toDetailBody(
        await touchAssignment(db, {
          workspaceId: workspaceOf(request),
          assignmentId: request.params.id,
          at: request.body.at === undefined ? now : new Date(request.body.at),
          actor: actorOf(request),
          now,
        }),
      )
    },
  )

  app.post(
    '/v1/contacts/:id/handoff',
    {
      preValidation: absentBodyAsEmpty,
      onRequest: requireScope(db, clock, 'write', { action: 'hand-off' }),
      schema: {
        tags: ['assignments'],
        summary: 'Hand a contact to an owner now, routed by the active rules or named by hand',
        description:
          'Body (all optional): {"kind": "manual" | "mql" | "explore", "ownerId": "…"}. Without ownerId the routing rules choose, taking the team\'s round-robin turn. 409 when nobody could take it (with the reasons), or when the contact already has an open handoff of that kind.',
        security: [{ apiKey: [] }],
        params: IdParams,
        body: Type.Object(
          {
            kind: Type.Optional(Type.Enum(HANDOFF_KINDS as ('manual' | 'mql' | 'explore')[])),
            ownerId: Type.Optional(Uuid),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            assignmentId: Type.String(),
            ownerId: Type.String(),
            ownerName: Type.String(),
            motion: Motion,
            reasons: Type.Array(Type.String()),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { assignmentId, decision } = await handOffContact(db, {
        workspaceId: workspaceOf(request),
        contactId: request.params.id,
        kind: request.body.kind ?? 'manual',
        ...(request.body.ownerId === undefined ? {} : { ownerId: request.body.ownerId }),
        actor: actorOf(request),
        at: clock.now(),
      })
      // The owner hears of it now rather than at the next minute's delivery sweep.
      jobs.wake('notification-delivery')
      return reply.code(201).send({
        assignmentId,
        ownerId: decision.ownerId ?? '',
        ownerName: decision.ownerName ?? '',
        motion: decision.motion,
        reasons: [...decision.reasons],
      })
    },
  )

  app.get(
    '/v1/contacts/:id/marketing-hold',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['assignments'],
        summary: 'Whether marketing may send to this person now, and why not',
        description:
          'Nurture asks before each send: held when the person is suppressed on the channel (unsubscribed, bounced, marked as spam, blocked by hand, erased) or while the hold after a sales touch runs.',
        security: [{ apiKey: [] }],
        params: IdParams,
        querystring: Type.Object({
          channel: Type.Optional(Type.Enum([...SENDING_CHANNELS], { default: 'email' })),
        }),
        response: {
          200: Type.Object({
            held: Type.Boolean(),
            suppressed: Type.Boolean(),
            until: NullableTimestamp,
            reason: Type.String(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const hold = await marketingHold(
        db,
        workspaceOf(request),
        request.params.id,
        clock.now(),
        request.query.channel,
      )
      return { ...hold, until: iso(hold.until) }
    },
  )
}
