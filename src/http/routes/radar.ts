import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { ACCOUNT_STAGES } from '../../domain/lifecycle/account-funnel.ts'
import {
  RADAR_LIST_LIMIT,
  type Radar,
  type RadarHandoff,
  type RadarViewer,
  radarFingerprint,
  readRadar,
  STAGE_MOVE_DAYS,
  SURGE_MOMENTUM,
} from '../../services/radar.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { createChangeFeed, type Watcher } from '../change-feed.ts'
import { iso, NullableString, NullableTimestamp, Timestamp } from '../common-schemas.ts'
import { errorResponses } from '../error-mapper.ts'
import { type Principal, workspaceOf } from '../request-principal.ts'

/** How often the live stream looks for changes to push. */
export const RADAR_POLL_MS = 2_000
/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000

const Kind = Type.Enum(['mql', 'explore', 'account', 'manual'])
const Stage = Type.Union([Type.Enum([...ACCOUNT_STAGES]), Type.Null()])

const PendingHandoff = Type.Object({
  id: Type.String(),
  kind: Kind,
  contactId: NullableString,
  contactName: NullableString,
  contactEmail: NullableString,
  accountName: NullableString,
  ownerId: Type.String(),
  ownerName: Type.String(),
  teamName: NullableString,
  assignedAt: Timestamp,
  acceptDueAt: NullableTimestamp,
  routingReasons: Type.Array(Type.String()),
  mayAnswer: Type.Boolean({
    description:
      'Whether you may accept, reject or recycle it: its owner, their manager or an admin',
  }),
})

const RadarBody = Type.Object({
  now: Type.String({ format: 'date-time', description: 'Deadlines count down from this' }),
  pending: Type.Array(PendingHandoff, {
    description: `Handoffs waiting for an answer, soonest accept deadline first (at most ${RADAR_LIST_LIMIT}); overdue ones have acceptDueAt before now`,
  }),
  pendingTotal: Type.Integer({ description: 'How many wait in all' }),
  yours: Type.Array(PendingHandoff, {
    description: `The waiting handoffs you may answer, in the same order (at most ${RADAR_LIST_LIMIT}): your queue`,
  }),
  yoursTotal: Type.Integer({ description: 'How many of the waiting handoffs you may answer' }),
  firstTouchBreaches: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Kind,
      contactName: NullableString,
      contactEmail: NullableString,
      ownerName: Type.String(),
      acceptedAt: NullableTimestamp,
      firstTouchDueAt: Timestamp,
    }),
    { description: 'Accepted handoffs nobody has touched by the first-touch deadline' },
  ),
  surging: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      domain: NullableString,
      momentum: Type.Number({ description: 'This week against the weekly average before' }),
      engagementScore: Type.Number(),
      icpTier: Type.Union([Type.Integer(), Type.Null()]),
      stage: Stage,
    }),
    {
      description: `Accounts with momentum of at least ${SURGE_MOMENTUM} at their last scoring, strongest first`,
    },
  ),
  stageMoves: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), stage: Stage, changedAt: Timestamp }),
    { description: `Accounts that moved stage in the last ${STAGE_MOVE_DAYS} days, latest first` },
  ),
})

function toHandoffBody(p: RadarHandoff) {
  return {
    ...p,
    routingReasons: [...p.routingReasons],
    assignedAt: p.assignedAt.toISOString(),
    acceptDueAt: iso(p.acceptDueAt),
  }
}

function toRadarBody(radar: Radar) {
  return {
    now: radar.now.toISOString(),
    pending: radar.pending.map(toHandoffBody),
    pendingTotal: radar.pendingTotal,
    yours: radar.yours.map(toHandoffBody),
    yoursTotal: radar.yoursTotal,
    firstTouchBreaches: radar.firstTouchBreaches.map((b) => ({
      ...b,
      acceptedAt: iso(b.acceptedAt),
      firstTouchDueAt: b.firstTouchDueAt.toISOString(),
    })),
    surging: [...radar.surging],
    stageMoves: radar.stageMoves.map((m) => ({ ...m, changedAt: m.changedAt.toISOString() })),
  }
}

const viewerOf = (request: Principal): RadarViewer => ({
  workspaceId: workspaceOf(request),
  userId: request.principal?.userId ?? null,
})

/**
 * The dashboard's radar: what needs attention now, in one read, and the same pushed live as
 * server-sent events whenever the workspace's handoffs change.
 */
export const radarRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock } = deps
  const feed = createChangeFeed({
    fingerprint: (workspaceId) => radarFingerprint(db, workspaceId),
    intervalMs: RADAR_POLL_MS,
    onError: (error) => app.log.warn({ err: error }, 'could not check the radar for changes'),
  })
  // Before the server stops listening: an open stream would keep it from closing.
  app.addHook('preClose', async () => feed.stop())

  app.get(
    '/v1/radar',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['dashboard'],
        summary: 'What needs attention now: handoffs waiting, SLA breaches, surging accounts',
        description:
          'What the dashboard\'s radar shows, in one read. "pending" carries each handoff\'s accept deadline and whether you may answer it.',
        security: [{ apiKey: [] }],
        response: { 200: RadarBody, ...errorResponses(401, 403) },
      },
    },
    async (request) => toRadarBody(await readRadar(db, viewerOf(request), clock.now())),
  )

  const mayRead = requireScope(db, clock, 'read')
  app.get(
    '/v1/radar/stream',
    {
      onRequest: mayRead,
      schema: {
        tags: ['dashboard'],
        summary: 'The radar, live: server-sent events',
        description: `A text/event-stream that sends the radar (as GET /v1/radar answers it) as a "radar" event at once and again whenever the workspace's handoffs change: a new handoff, an answer, a touch, a reassignment. Changes are looked for every ${RADAR_POLL_MS / 1000} seconds. Browsers open it with EventSource, which sends the session cookie.`,
        security: [{ apiKey: [] }],
        produces: ['text/event-stream'],
        response: {
          200: Type.String({ description: 'event: radar, data: the radar as JSON' }),
          ...errorResponses(401, 403),
        },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request)
      const raw = reply.raw
      reply.hijack()
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      })
      const push = async (fingerprint: string) => {
        // A stream outlives its session's check at the start: a logout, an expiry or a revoked
        // key ends it at the next push (the browser's reconnect then learns why).
        const stillAdmitted = await mayRead(request, reply).then(
          () => true,
          () => false,
        )
        if (!stillAdmitted) return void raw.end()
        const radar = toRadarBody(await readRadar(db, viewer, clock.now()))
        watcher.seen = fingerprint
        if (!raw.writableEnded) raw.write(`event: radar\ndata: ${JSON.stringify(radar)}\n\n`)
      }
      const watcher: Watcher = { seen: '', onChange: push, end: () => raw.end() }
      const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), KEEP_ALIVE_MS)
      const unwatch = feed.watch(viewer.workspaceId, watcher)
      raw.on('close', () => {
        clearInterval(keepAlive)
        unwatch()
      })
      try {
        // Read under the fingerprint taken first: a change in between is pushed at the next poll.
        await push(await radarFingerprint(db, viewer.workspaceId))
      } catch (error) {
        request.log.warn({ err: error }, 'could not read the radar for a live stream')
        raw.end()
      }
    },
  )
}
