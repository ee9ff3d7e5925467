import type { Command } from 'commander'
import { systemClock } from '../../domain/clock.ts'
import type { AccountStage } from '../../domain/lifecycle/account-funnel.ts'
import type { LeadStage } from '../../domain/lifecycle/lead-funnel.ts'
import { moveAccount, moveLead } from '../../services/lifecycle/move-stage.ts'
import { type ActingOptions, entityId, userByEmail, withWorkspace } from '../with-workspace.ts'

/** `tandem stage set contact|account ID STAGE --as EMAIL`: a stage move by hand. */
export async function stageSetCommand(
  entity: 'contact' | 'account',
  who: string,
  stage: string,
  options: ActingOptions & { readonly reason?: string },
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId }) => {
    const user = await userByEmail(db, workspaceId, options.as)
    const id = await entityId(db, workspaceId, entity, who)
    const move = {
      actor: { type: 'user' as const, id: user.id },
      at: systemClock.now(),
      reason: options.reason ?? null,
    }
    // The funnel checks the stage, and names the allowed ones when it refuses.
    const moved = await db
      .transaction()
      .execute(
        async (trx): Promise<{ from: string | null; to: string }> =>
          entity === 'contact'
            ? moveLead(trx, workspaceId, id, { ...move, to: stage as LeadStage })
            : moveAccount(trx, workspaceId, id, { ...move, to: stage as AccountStage }),
      )
    process.stdout.write(
      `Moved ${entity} ${who} ${moved.from === null ? 'into the funnel' : `from ${moved.from}`} to ${moved.to}.\n`,
    )
  })
}
