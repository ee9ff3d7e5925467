import type { Command } from 'commander'
import { loadConfig } from '../../config.ts'
import { systemClock } from '../../domain/clock.ts'
import { createDemoWorkspace } from '../../services/demo/create-demo-workspace.ts'
import type { DemoSize } from '../../services/demo/generate-demo-workspace.ts'
import { configFlags } from '../config-flags.ts'
import { openConfiguredStore } from '../open-configured-store.ts'
import { createProgress, type ProgressReporter } from '../progress.ts'

export interface DemoOptions {
  readonly size: DemoSize
  readonly seed: number
  readonly workspace: string
}

export async function demoCommand(options: DemoOptions, command: Command): Promise<void> {
  const config = loadConfig(configFlags(command))
  const progress = createProgress(process.stdout)
  const store = await openConfiguredStore(config, progress)
  try {
    await createAndAnnounceDemo(store.db, options, progress)
  } finally {
    await store.close()
  }
}

export async function createAndAnnounceDemo(
  db: Parameters<typeof createDemoWorkspace>[0],
  options: DemoOptions,
  progress: ProgressReporter,
): Promise<void> {
  progress.line(
    `Creating the demo workspace "${options.workspace}" (size ${options.size}, seed ${options.seed})…`,
  )
  const started = Date.now()
  const demo = await createDemoWorkspace(db, {
    slug: options.workspace,
    size: options.size,
    seed: options.seed,
    now: systemClock.now(),
    onProgress: (p) => progress.update(`  ${p.table}`, p.done, p.total),
  })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  const counts = Object.entries(demo.counts)
    .map(([table, n]) => `${n.toLocaleString('en-US')} ${table.replaceAll('_', ' ')}`)
    .join(', ')
  progress.line(`Demo workspace ready in ${seconds}s: ${counts}.`)
  progress.line('')
  progress.line(`  Admin API key (shown once, keep it): ${demo.adminKey}`)
  progress.line(`  Tracking write key:                  ${demo.writeKey}`)
  progress.line(
    `  Dashboard login (shown once):        workspace ${options.workspace}, ${demo.adminLogin.email}, password ${demo.adminLogin.password}`,
  )
  progress.line('')
}
