import type { Command } from 'commander'
import { loadConfig } from '../../config.ts'
import { configFlags } from '../config-flags.ts'
import { openConfiguredStore } from '../open-configured-store.ts'
import { createProgress } from '../progress.ts'

export async function migrateCommand(command: Command): Promise<void> {
  const config = loadConfig(configFlags(command))
  const progress = createProgress(process.stdout)
  const store = await openConfiguredStore(config, progress)
  await store.close()
}
