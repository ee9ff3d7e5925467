import type { Command } from 'commander'
import { loadConfig } from '../../config.ts'
import { systemClock } from '../../domain/clock.ts'
import { sweepSlaTimers } from '../../services/handoff/sla-sweep.ts'
import { configFlags } from '../config-flags.ts'
import { openConfiguredStore } from '../open-configured-store.ts'
import { createProgress } from '../progress.ts'

/** `tandem sla sweep`: fires the SLA timers that are due now, in every workspace. */
export async function slaSweepCommand(command: Command): Promise<void> {
  const store = await openConfiguredStore(
    loadConfig(configFlags(command)),
    createProgress(process.stderr),
  )
  try {
    const outcome = await sweepSlaTimers(store.db, systemClock.now())
    process.stdout.write(
      `Fired ${count(outcome.fired, 'SLA timer')} that were due; queued ${count(outcome.notifications, 'notification')}` +
        (outcome.notifications > 0 ? ', which a running server (tandem start) delivers.\n' : '.\n'),
    )
  } finally {
    await store.close()
  }
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`
}
