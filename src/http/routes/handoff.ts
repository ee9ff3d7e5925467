import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import Type from 'typebox'
import { MOTIONS } from '../../domain/contracts/routing-contract-schema.ts'
import { ACCOUNT_STAGES, type AccountStage } from '../../domain/lifecycle/account-funnel.ts'
import { LEAD_STAGES, type LeadStage } from '../../domain/lifecycle/lead-funnel.ts'
import { AppError } from '../../services/app-error.ts'
import type { AuditActor } from '../../services/audit.ts'
import { answerAssignment, REASON_CODES } from '../../services/handoff/answer-assignment.ts'
import {
  type AssignmentDetail,
  type AssignmentView,
  getAssignment,
  listAssignments,
} from '../../services/handoff/assignment-queries.ts'
import { handOffContact } from '../../services/handoff/manual-handoff.ts'
import { marketingHold } from '../../services/handoff/marketing-hold.ts'
import { simulateRouting } from '../../services/handoff/simulate-routing.ts'
import { touchAssignment } from '../../services/handoff/touch-assignment.ts'
import { moveAccount, moveLead } from '../../services/lifecycle/move-stage.ts'
import { stageHistory } from '../../services/lifecycle/stage-history.ts'
import { listNotifications } from '../../services/notifications/list-notifications.ts'
import { addTeam, FUNCTIONS, findUserByEmail, setTeamMember } from '../../services/teams.ts'
import type { WorkingHours } from '../../store/database.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { errorResponses } from '../error-mapper.ts'
import { IdParams } from '../id-params.ts'
import { PageQuery, pageRequest } from '../page-query.ts'

const errors = errorResponses(400, 401, 403, 404, 409)
const Uuid = Type.String({ format: 'uuid' })
const Timestamp = Type.String({ format: 'date-time' })
const NullableTimestamp = Type.Union([Timestamp, Type.Null()])
const NullableString = Type.Union([Type.String(), Type.Null()])

const STATUSES = ['pending', 'accepted', 'rejected', 'recycled', 'disqualified', 'reassigned']
const KINDS = ['mql', 'explore', 'account', 'manual']
const HANDOFF_KINDS = ['manual', 'mql', 'explore']
const Status = Type.Enum(STATUSES as AssignmentView['status'][])
const Kind = Type.Enum(KINDS as AssignmentView['kind'][])
const Motion = Type.Enum([...MOTIONS])
const ReasonCode = Type.Enum([...REASON_CODES], {
  description: `One of ${REASON_CODES.join(', ')}; "other" needs a reasonText`,
})
const OwnerOrMe = Type.Union([Uuid, Type.Literal('me')], {
  description: "A user id, or me: the API key's user",
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

const Decision = {
  ownerId: NullableString,
  ownerName: NullableString,
  teamId: NullableString,
  teamName: NullableString,
  motion: Motion,
  reasons: Type.Array(Type.String()),
}

const StageChange = Type.Object({
  from: NullableString,
  to: Type.String(),
  at: Timestamp,
  actorType: Type.String({ description: 'user, rule, system or import' }),
  actorId: NullableString,
  reasonCode: NullableString,
  reason: NullableString,
})

const StageMoveBody = <S extends string>(stages: readonly S[]) =>
  Type.Object(
    {
      to: Type.Enum([...stages]),
      reasonCode: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      reason: Type.Optional(Type.String({ maxLength: 2000 })),
    },
    { additionalProperties: false },
  )

const Notification = Type.Object({
  id: Type.String(),
  recipientId: Type.String(),
  recipientName: Type.String(),
  kind: Type.String({ description: 'handoff, sla_reminder, sla_breach or reassigned' }),
  subject: NullableString,
  body: NullableString,
  entityType: NullableString,
  entityId: NullableString,
  link: NullableString,
  createdAt: Timestamp,
  sentAt: NullableTimestamp,
  attempts: Type.Integer(),
  lastError: NullableString,
})

const Team = Type.Object({
  id: Type.String(),
  name: Type.String(),
  function: Type.Enum([...FUNCTIONS]),
  motion: Type.Union([Motion, Type.Null()]),
  managerId: NullableString,
  managerName: NullableString,
})

const Hours = Type.Record(Type.String(), Type.Array(Type.Array(Type.String())), {
  description: 'Wall-clock intervals per day in the time zone, e.g. {"mon":[["09:00","17:00"]]}',
})
const OutOfOffice = Type.Array(Type.Object({ from: Type.String(), to: Type.String() }), {
  description: 'Periods away: instants with an offset, or whole days as YYYY-MM-DD',
})

const Member = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  teamId: Type.String(),
  teamName: Type.String(),
  managerId: NullableString,
  weight: Type.Number(),
  capacity: Type.Integer(),
  timeZone: Type.String(),
  workingHours: Hours,
  outOfOffice: OutOfOffice,
})

const iso = (d: Date | null) => d?.toISOString() ?? null

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

type Principal = Pick<FastifyRequest, 'principal'>

const workspaceOf = (request: Principal) => request.principal?.workspaceId ?? ''

/** The person acting: answers and stage moves are a person's decisions, not a system key's. */
function userOf(request: Principal, what: string): string {
  const userId = request.principal?.userId
  if (userId == null)
    throw new AppError(
      'forbidden',
      `${what} is done by a person, and this API key acts for no one: use a key created for a workspace user ("tandem api-key create --user EMAIL").`,
    )
  return userId
}

function actorOf(request: Principal): AuditActor {
  return request.principal?.userId != null
    ? { type: 'user', id: request.principal.userId }
    : { type: 'api_key', id: request.principal?.keyId ?? null }
}

/** `me` as the key's user; any other value as given. */
function userParam(request: Principal, value: string | undefined, name: string) {
  if (value !== 'me') return value
  const userId = request.principal?.userId
  if (userId == null)
    throw new AppError(
      'forbidden',
      `${name}=me means the API key's user, and this key acts for no one: pass a user id, or use a key created with "tandem api-key create --user EMAIL".`,
    )
  return userId
}

/** Lets a route whose body fields are all optional take no body at all, validated as {}. */
async function absentBodyAsEmpty(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {}
}

/**
 * Lifecycle and handoff: assignments and the owner's answers, SLA timers, sales touches and the
 * marketing hold, manual stage moves and their history, the routing simulator, teams, and the
 * notifications people were sent.
 */
export const handoffRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock, jobs } = deps

  app.get(
    '/v1/assignments',
    {
      preHandler: requireScope(db, clock, 'read'),
      schema: {
        tags: ['handoff'],
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
      preHandler: requireScope(db, clock, 'read'),
      schema: {
        tags: ['handoff'],
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
      preHandler: requireScope(db, clock, 'write'),
      schema: {
        tags: ['handoff'],
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
        preHandler: requireScope(db, clock, 'write'),
        schema: {
          tags: ['handoff'],
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
      preHandler: requireScope(db, clock, 'write'),
      schema: {
        tags: ['handoff'],
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
      preHandler: requireScope(db, clock, 'write'),
      schema: {
        tags: ['handoff'],
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

  app.post(
    '/v1/routing/simulate',
    {
      preHandler: requireScope(db, clock, 'read'),
      schema: {
        tags: ['handoff'],
        summary: 'Who would get this lead now, and why? (no round-robin turn is taken)',
        description:
          'Under the active routing rules, or under the given version of them (a draft, say).',
        security: [{ apiKey: [] }],
        body: Type.Object(
          { contactId: Uuid, version: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ routingVersion: Type.Integer(), ...Decision }),
          ...errors,
        },
      },
    },
    async (request) => {
      const simulation = await simulateRouting(db, workspaceOf(request), request.body.contactId, {
        now: clock.now(),
        ...(request.body.version === undefined ? {} : { version: request.body.version }),
      })
      return { ...simulation, reasons: [...simulation.reasons] }
    },
  )

  app.get(
    '/v1/contacts/:id/marketing-hold',
    {
      preHandler: requireScope(db, clock, 'read'),
      schema: {
        tags: ['handoff'],
        summary: 'Whether marketing may send to this person now, and why not',
        security: [{ apiKey: [] }],
        params: IdParams,
        response: {
          200: Type.Object({
            held: Type.Boolean(),
            until: NullableTimestamp,
            reason: Type.String(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const hold = await marketingHold(db, workspaceOf(request), request.params.id, clock.now())
      return { ...hold, until: iso(hold.until) }
    },
  )

  const funnels = [
    { path: 'contacts', funnel: 'lead', stages: LEAD_STAGES, noun: 'contact' },
    { path: 'accounts', funnel: 'account', stages: ACCOUNT_STAGES, noun: 'account' },
  ] as const
  for (const { path, funnel, stages, noun } of funnels) {
    app.post(
      `/v1/${path}/:id/stage`,
      {
        preHandler: requireScope(db, clock, 'write'),
        schema: {
          tags: ['handoff'],
          summary: `Move a${noun === 'account' ? 'n' : ''} ${noun} along the ${funnel} funnel by hand`,
          description: `The key's user makes the move. 409 names the stages the ${noun} can go to from where it is.`,
          security: [{ apiKey: [] }],
          params: IdParams,
          body: StageMoveBody<string>(stages),
          response: {
            200: Type.Object({ from: NullableString, to: Type.String() }),
            ...errors,
          },
        },
      },
      async (request) => {
        const userId = userOf(request, 'Moving a stage by hand')
        const { to, reasonCode, reason } = request.body
        const move = {
          actor: { type: 'user' as const, id: userId },
          at: clock.now(),
          reasonCode: reasonCode ?? null,
          reason: reason ?? null,
        }
        const ws = workspaceOf(request)
        return db.transaction().execute(
          async (trx): Promise<{ from: string | null; to: string }> =>
            funnel === 'lead'
              ? // The schema admitted only this funnel's stages.
                moveLead(trx, ws, request.params.id, { ...move, to: to as LeadStage })
              : moveAccount(trx, ws, request.params.id, { ...move, to: to as AccountStage }),
        )
      },
    )

    app.get(
      `/v1/${path}/:id/stages`,
      {
        preHandler: requireScope(db, clock, 'read'),
        schema: {
          tags: ['handoff'],
          summary: `A${noun === 'account' ? 'n' : ''} ${noun}'s ${funnel} funnel history, oldest first`,
          security: [{ apiKey: [] }],
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(StageChange) }), ...errors },
        },
      },
      async (request) => ({
        items: (await stageHistory(db, workspaceOf(request), funnel, request.params.id)).map(
          (c) => ({ ...c, at: c.at.toISOString() }),
        ),
      }),
    )
  }

  app.get(
    '/v1/notifications',
    {
      preHandler: requireScope(db, clock, 'read'),
      schema: {
        tags: ['handoff'],
        summary: 'Notifications sent (or waiting to be sent) to people, newest first',
        description:
          "recipientId=me for the key's user. Pages of up to 500; pass `next` as `after` for the next page.",
        security: [{ apiKey: [] }],
        querystring: Type.Object({
          ...PageQuery.properties,
          recipientId: Type.Optional(OwnerOrMe),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(Notification),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const recipientId = userParam(request, request.query.recipientId, 'recipientId')
      const page = await listNotifications(db, workspaceOf(request), {
        ...(recipientId === undefined ? {} : { recipientId }),
        page: pageRequest(request.query),
      })
      return {
        items: page.items.map((n) => ({
          ...n,
          createdAt: n.createdAt.toISOString(),
          sentAt: iso(n.sentAt),
        })),
        next: page.next ?? null,
      }
    },
  )

  app.post(
    '/v1/teams',
    {
      preHandler: requireScope(db, clock, 'write'),
      schema: {
        tags: ['handoff'],
        summary: 'Add a team; routing rules send leads to teams by name',
        security: [{ apiKey: [] }],
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            function: Type.Enum([...FUNCTIONS]),
            motion: Type.Optional(Motion),
            managerEmail: Type.Optional(Type.String({ minLength: 3, maxLength: 320 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Team, ...errors },
      },
    },
    async (request, reply) => {
      const ws = workspaceOf(request)
      const { name, motion, managerEmail } = request.body
      const manager =
        managerEmail === undefined ? undefined : await findUserByEmail(db, ws, managerEmail)
      const team = await addTeam(db, {
        workspaceId: ws,
        name,
        function: request.body.function,
        ...(motion === undefined ? {} : { motion }),
        ...(manager === undefined ? {} : { managerId: manager.id }),
      })
      return reply.code(201).send(team)
    },
  )

  app.put(
    '/v1/teams/:id/members/:userId',
    {
      preValidation: absentBodyAsEmpty,
      preHandler: requireScope(db, clock, 'write'),
      schema: {
        tags: ['handoff'],
        summary: 'Put a user in a team, with their round-robin weight, capacity and working hours',
        description:
          'Only the settings sent change. Nothing is saved unless all are valid; problems are listed by path in error.details.problems.',
        security: [{ apiKey: [] }],
        params: Type.Object({ id: Uuid, userId: Uuid }),
        body: Type.Object(
          {
            weight: Type.Optional(
              Type.Number({ minimum: 0, maximum: 9999.99, description: '0 takes no new leads' }),
            ),
            capacity: Type.Optional(
              Type.Integer({ minimum: 0, description: 'Most pending leads at once; 0: no limit' }),
            ),
            timeZone: Type.Optional(
              Type.String({ maxLength: 100, description: 'IANA, e.g. Europe/London' }),
            ),
            workingHours: Type.Optional(Hours),
            outOfOffice: Type.Optional(OutOfOffice),
          },
          { additionalProperties: false },
        ),
        response: { 200: Member, ...errors },
      },
    },
    async (request) => {
      const { weight, capacity, timeZone, workingHours, outOfOffice } = request.body
      return setTeamMember(db, {
        workspaceId: workspaceOf(request),
        userId: request.params.userId,
        teamId: request.params.id,
        ...(weight === undefined ? {} : { weight }),
        ...(capacity === undefined ? {} : { capacity }),
        ...(timeZone === undefined ? {} : { timeZone }),
        ...(workingHours === undefined ? {} : { workingHours: workingHours as WorkingHours }),
        ...(outOfOffice === undefined ? {} : { outOfOffice }),
      })
    },
  )
}
