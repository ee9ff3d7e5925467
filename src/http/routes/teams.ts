import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { addTeam, FUNCTIONS, findUserByEmail, setTeamMember } from '../../services/teams.ts'
import type { WorkingHours } from '../../store/database.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { Motion, NullableString, Uuid } from '../common-schemas.ts'
import { errorResponses } from '../error-mapper.ts'
import { absentBodyAsEmpty, workspaceOf } from '../request-principal.ts'

const errors = errorResponses(400, 401, 403, 404, 409)

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

/**
 * Teams as routing sees them: the teams the routing rules send leads to by name, and each
 * member's round-robin weight, capacity, time zone, working hours and time away.
 */
export const teamRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock } = deps

  app.post(
    '/v1/teams',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'manage-teams' }),
      schema: {
        tags: ['teams'],
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
      onRequest: requireScope(db, clock, 'write', { action: 'manage-teams' }),
      schema: {
        tags: ['teams'],
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
