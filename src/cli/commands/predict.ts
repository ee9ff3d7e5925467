import type { Command } from 'commander'
import { loadConfig } from '../../config.ts'
import { systemClock } from '../../domain/clock.ts'
import { AppError } from '../../services/app-error.ts'
import {
  failInterruptedTrainings,
  type PredictiveModelSummary,
} from '../../services/predictive/predictive-models.ts'
import { setPredictiveScore } from '../../services/predictive/predictive-settings.ts'
import {
  requestTraining,
  trainWorkspaceModel,
} from '../../services/predictive/train-workspace-model.ts'
import { findWorkspaceBySlug } from '../../services/workspaces.ts'
import { configFlags } from '../config-flags.ts'
import { openConfiguredStore } from '../open-configured-store.ts'
import { createProgress } from '../progress.ts'

export interface PredictTrainOptions {
  readonly workspace: string
  readonly enable: boolean
  readonly json: boolean
}

/** `tandem predict train`: trains the workspace's predictive model in this process. */
export async function predictTrainCommand(
  options: PredictTrainOptions,
  command: Command,
): Promise<void> {
  const config = loadConfig(configFlags(command))
  const progress = createProgress(process.stderr)
  const store = await openConfiguredStore(config, progress)
  try {
    const db = store.db
    const workspace = await findWorkspaceBySlug(db, options.workspace)
    if (workspace === undefined)
      throw new AppError('not_found', `There is no workspace "${options.workspace}".`)
    if (options.enable) {
      await setPredictiveScore(db, workspace.id, true)
      progress.line(`Predictive score: on in ${workspace.slug}`)
    }
    // The embedded database is locked to this process, so a training still marked as running
    // was cut short; on a server database the running server may be training it right now.
    if (store.kind === 'pglite') await failInterruptedTrainings(db)
    const requested = await requestTraining(db, workspace.id, systemClock.now())
    const outcome = await trainWorkspaceModel(db, workspace.id, requested.id, {
      now: () => systemClock.now(),
      onProgress: ({ step, done, total }) => progress.update(step, done, total),
    })
    process.stdout.write(
      options.json
        ? `${JSON.stringify({ ...outcome.model, scored: outcome.scored }, null, 2)}\n`
        : modelText(workspace.slug, outcome.model, outcome.scored),
    )
  } finally {
    await store.close()
  }
}

const percent = (share: number | null) => (share === null ? '-' : `${(share * 100).toFixed(1)}%`)
const count = (n: number) => n.toLocaleString('en-US')

function modelText(slug: string, m: PredictiveModelSummary, scored: number): string {
  const e = m.evaluation
  const h = m.history
  if (e === null || h === null) return `Predictive model ${m.id}: ${m.status}\n`
  const lines = [
    `Predictive model ${m.id} is active in ${slug} (trained ${m.trainedAt?.toISOString()})`,
    `  history as of ${h.asOf}: ${count(h.won)} won, ${count(h.notWon)} not won (base rate ${percent(h.baseRate)}); ${count(h.tooYoung)} left out, younger than ${h.minAgeDays} days`,
    `  features: ${m.features.map((f) => f.name).join(', ')}`,
    `  held out ${count(e.testSize)} contacts (${percent(e.testShare)}), trained on ${count(e.trainSize)}:`,
    `    AUC ${e.auc.toFixed(3)}, base rate ${percent(e.baseRate)}, top-decile lift ${e.topDecileLift.toFixed(2)}, calibration error ${e.calibrationError.toFixed(3)}`,
    '  calibration, lowest scores first:',
    '    predicted  observed  contacts',
    ...e.calibration.map(
      (bin) =>
        `    ${percent(bin.meanPredicted).padStart(9)}  ${percent(bin.observedRate).padStart(8)}  ${count(bin.count).padStart(8)}`,
    ),
    `  win probability written for ${count(scored)} contacts`,
  ]
  return `${lines.join('\n')}\n`
}
