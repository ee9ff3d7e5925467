import type { Command } from 'commander'
import {
  formatWorkingHours,
  parseWorkingHours,
} from '../../domain/business-hours/working-hours-text.ts'
import { AppError } from '../../services/app-error.ts'
import { addTeam, setTeamMember, teamByName } from '../../services/teams.ts'
import type { FunctionName, Motion } from '../../store/database.ts'
import { userByEmail, type WorkspaceOption, withWorkspace } from '../with-workspace.ts'

export interface TeamAddOptions extends WorkspaceOption {
  readonly function: FunctionName
  readonly motion?: Motion
  readonly manager?: string
}

/** `tandem team add NAME --function sdr`: a team the routing rules can send leads to. */
export async function teamAddCommand(
  name: string,
  options: TeamAddOptions,
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const manager =
      options.manager === undefined
        ? undefined
        : await userByEmail(db, workspaceId, options.manager)
    const team = await addTeam(db, {
      workspaceId,
      name,
      function: options.function,
      ...(options.motion === undefined ? {} : { motion: options.motion }),
      ...(manager === undefined ? {} : { managerId: manager.id }),
    })
    const motion = team.motion === null ? '' : `, ${team.motion.replace('_', '-')} motion`
    const managed = team.managerName === null ? '' : `, managed by ${team.managerName}`
    process.stdout.write(
      `Added team "${team.name}" (${team.function}${motion}${managed}), id ${team.id}.\n` +
        `Next: tandem team member EMAIL --team "${team.name}" --workspace ${options.workspace}\n`,
    )
  })
}

export interface TeamMemberOptions extends WorkspaceOption {
  readonly team: string
  readonly weight?: number
  readonly capacity?: number
  readonly timeZone?: string
  readonly hours?: string
}

/** `tandem team member EMAIL --team NAME`: puts a user in a team with their routing settings. */
export async function teamMemberCommand(
  email: string,
  options: TeamMemberOptions,
  command: Command,
): Promise<void> {
  const hours = options.hours === undefined ? undefined : parseWorkingHours(options.hours)
  if (hours !== undefined && !hours.ok)
    throw new AppError('validation_failed', `--hours "${options.hours}": ${hours.message}`)
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const user = await userByEmail(db, workspaceId, email)
    const team = await teamByName(db, workspaceId, options.team)
    if (team === undefined)
      throw new AppError(
        'not_found',
        `There is no team "${options.team}". Add it first: tandem team add "${options.team}" --function sdr`,
      )
    const member = await setTeamMember(db, {
      workspaceId,
      userId: user.id,
      teamId: team.id,
      ...(options.weight === undefined ? {} : { weight: options.weight }),
      ...(options.capacity === undefined ? {} : { capacity: options.capacity }),
      ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
      ...(hours === undefined ? {} : { workingHours: hours.hours }),
    })
    process.stdout.write(
      `${member.email} is in "${member.teamName}": weight ${member.weight}, ` +
        `capacity ${member.capacity === 0 ? 'no limit' : member.capacity}, ` +
        `works ${formatWorkingHours(member.workingHours)} (${member.timeZone}).\n`,
    )
  })
}
