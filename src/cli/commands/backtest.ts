import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import type { BacktestReport, BacktestSide } from '../../domain/scoring/backtest.ts'
import { AppError } from '../../services/app-error.ts'
import { runBacktest } from '../../services/scoring/backtest.ts'
import { withWorkspace } from '../with-workspace.ts'

export interface BacktestOptions {
  readonly workspace: string
  readonly json: boolean
}

/** `tandem backtest FILE`: the proposed definition beside the active one, over all history. */
export async function backtestCommand(
  file: string,
  options: BacktestOptions,
  command: Command,
): Promise<void> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new AppError('not_found', `Cannot read ${file}: ${(error as Error).message}`)
  }
  await withWorkspace(options.workspace, command, async ({ db, workspaceId, progress }) => {
    const report = await runBacktest(db, {
      workspaceId,
      document: text,
      onProgress: (done, total) => progress.update('people replayed', done, total),
    })
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : reportText(report))
  })
}

const percent = (share: number | null) => (share === null ? '-' : `${(share * 100).toFixed(1)}%`)

function reportText(r: BacktestReport): string {
  const sides: [string, BacktestSide][] = [
    ...(r.active === null
      ? []
      : [[`active v${r.active.version}`, r.active] as [string, BacktestSide]]),
    ['proposed', r.proposed],
  ]
  const months = [...new Set(sides.flatMap(([, s]) => s.months.map((m) => m.month)))].sort()
  const cell = (side: BacktestSide, month: string) => {
    const m = side.months.find((x) => x.month === month)
    return m === undefined
      ? '-'
      : `${m.mqls} MQL, ${m.laterSal} SAL, ${m.laterSql} SQL, ${m.laterWon} won`
  }
  const width = 40
  const lines = [
    `${r.contacts.toLocaleString('en-US')} people replayed, ${r.won.toLocaleString('en-US')} of them won.`,
    r.active === null
      ? 'No qualification definition is active: the proposed one is shown alone.'
      : '',
    '',
    `month    ${sides.map(([label]) => label.padEnd(width)).join('')}`,
    ...months.map((m) => `${m}  ${sides.map(([, s]) => cell(s, m).padEnd(width)).join('')}`),
    `total    ${sides.map(([, s]) => `${s.totals.mqls} MQL, ${s.totals.laterSal} SAL, ${s.totals.laterSql} SQL, ${s.totals.laterWon} won`.padEnd(width)).join('')}`,
    `precision ${sides.map(([, s]) => percent(s.precision).padEnd(width)).join('')}`,
    `recall   ${sides.map(([, s]) => percent(s.recall).padEnd(width)).join('')}`,
  ]
  if (r.active !== null)
    lines.push(
      '',
      `Changes: ${r.changes.gained} people become MQLs, ${r.changes.lost} no longer do, ${r.changes.moved} in another month.`,
      ...r.changes.examples
        .slice(0, 10)
        .map(
          (c) =>
            `  ${c.label}: ${c.active === null ? 'not an MQL' : `${c.active.cell} on ${c.active.at.toISOString().slice(0, 10)}`} -> ${c.proposed === null ? 'not an MQL' : `${c.proposed.cell} on ${c.proposed.at.toISOString().slice(0, 10)}`}`,
        ),
    )
  return `${lines.filter((l, i) => l !== '' || i > 1).join('\n')}\n`
}
