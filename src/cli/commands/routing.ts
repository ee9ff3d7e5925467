import type { Command } from 'commander'
import { systemClock } from '../../domain/clock.ts'
import { simulateRouting } from '../../services/handoff/simulate-routing.ts'
import { entityId, type WorkspaceOption, withWorkspace } from '../with-workspace.ts'

/** `tandem routing simulate CONTACT`: who would get the lead now, and why; no turn is taken. */
export async function routingSimulateCommand(
  who: string,
  options: WorkspaceOption & { readonly version?: number },
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const id = await entityId(db, workspaceId, 'contact', who)
    const s = await simulateRouting(db, workspaceId, id, {
      now: systemClock.now(),
      ...(options.version === undefined ? {} : { version: options.version }),
    })
    const team = s.teamName === null ? '' : `team ${s.teamName}, `
    const motion = s.motion.replace('_', '-')
    process.stdout.write(
      (s.ownerId === null
        ? `Under routing version ${s.routingVersion}, nobody could take ${who} (${team}${motion} motion):\n`
        : `Under routing version ${s.routingVersion}, ${s.ownerName} would get ${who} (${team}${motion} motion):\n`) +
        s.reasons.map((r) => `  - ${r}\n`).join('') +
        'A simulation: no round-robin turn was taken.\n',
    )
  })
}
