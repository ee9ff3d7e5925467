import { useId, useMemo, useState } from 'react'
import { api } from './api.ts'
import { backtestChartOption, backtestMonths, sideNames } from './backtest-chart.ts'
import { Chart } from './chart.tsx'
import { formatDate } from './contract-versions.ts'
import { formatShare } from './format.ts'
import { Failure } from './states.tsx'
import type { BacktestReport, BacktestSide, BacktestTotals, ContractVersion } from './types.ts'

type Run =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'done'; readonly report: BacktestReport }

/** Replays the workspace's history under a draft qualification definition and the active one. */
export function BacktestPanel(props: {
  readonly contract: ContractVersion
  readonly active: ContractVersion | undefined
}) {
  const [run, setRun] = useState<Run>({ status: 'idle' })
  const headingId = useId()
  const start = async () => {
    setRun({ status: 'running' })
    const result = await api<BacktestReport>('/v1/backtests', {
      method: 'POST',
      body: props.contract.body,
    })
    setRun(
      result.ok
        ? { status: 'done', report: result.data }
        : { status: 'failed', message: result.message },
    )
  }
  const against =
    props.active === undefined
      ? 'with no definition active'
      : `against version ${props.active.version}`
  return (
    <section aria-labelledby={headingId} className="backtest">
      <h2 id={headingId}>Backtest</h2>
      <p className="lead">
        Who would have become an MQL, and when, had version {props.contract.version} been active all
        along, and what happened to them later — {against}. Nothing is changed.
      </p>
      <button type="button" onClick={start} disabled={run.status === 'running'}>
        {run.status === 'done' ? 'Backtest again' : `Backtest version ${props.contract.version}`}
      </button>
      {run.status === 'running' && (
        <p className="state" role="status">
          <span className="spinner" aria-hidden="true" /> Replaying everyone’s history under both
          definitions… a large workspace takes a minute.
        </p>
      )}
      {run.status === 'failed' && (
        <Failure title="The backtest did not run." message={run.message} onRetry={start} />
      )}
      {run.status === 'done' && (
        <BacktestResult report={run.report} version={props.contract.version} />
      )}
    </section>
  )
}

const FIGURES: readonly { readonly key: keyof BacktestTotals; readonly name: string }[] = [
  { key: 'mqls', name: 'MQLs' },
  { key: 'laterSal', name: 'Later SAL' },
  { key: 'laterSql', name: 'Later SQL' },
  { key: 'laterWon', name: 'Later won' },
]

function BacktestResult(props: { readonly report: BacktestReport; readonly version: number }) {
  const { report } = props
  const names = sideNames(report, props.version)
  const option = useMemo(() => backtestChartOption(report, props.version), [report, props.version])
  const rows = backtestMonths(report)
  const columns =
    report.active === null ? (['proposed'] as const) : (['active', 'proposed'] as const)
  const sides: readonly [string, BacktestSide][] = [
    ...(report.active === null ? [] : [[names.active, report.active] as [string, BacktestSide]]),
    [names.proposed, report.proposed],
  ]
  return (
    <section className="backtest-result" aria-label="Backtest result">
      <p>
        {report.contacts.toLocaleString('en')} people replayed, {report.won.toLocaleString('en')} of
        them won. Version {props.version} makes {report.changes.gained} new MQLs, drops{' '}
        {report.changes.lost} and moves {report.changes.moved} to another month.
      </p>
      <table className="backtest-totals">
        <caption>
          Totals, with precision (of the MQLs, the share that won) and recall (of those won, the
          share that was an MQL first)
        </caption>
        <thead>
          <tr>
            <th scope="col">Definition</th>
            {FIGURES.map((f) => (
              <th key={f.key} scope="col">
                {f.name}
              </th>
            ))}
            <th scope="col">Precision</th>
            <th scope="col">Recall</th>
          </tr>
        </thead>
        <tbody>
          {sides.map(([name, side]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              {FIGURES.map((f) => (
                <td key={f.key}>{side.totals[f.key].toLocaleString('en')}</td>
              ))}
              <td>{formatShare(side.precision)}</td>
              <td>{formatShare(side.recall)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? (
        <p className="state state-empty">
          Neither definition made anyone an MQL: there is no history to chart yet.
        </p>
      ) : (
        <Chart
          label={`MQLs per month and how many later won, ${names.active} and ${names.proposed}`}
          option={option}
        >
          <table>
            <thead>
              <tr>
                <th scope="col">Month</th>
                {sides.map(([name]) =>
                  FIGURES.map((f) => (
                    <th key={`${name} ${f.key}`} scope="col">
                      {name}: {f.name}
                    </th>
                  )),
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.month}>
                  <th scope="row">{row.month}</th>
                  {columns.map((column) =>
                    FIGURES.map((f) => (
                      <td key={`${column} ${f.key}`}>{row[column]?.[f.key] ?? 0}</td>
                    )),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </Chart>
      )}
      {report.changes.examples.length > 0 && (
        <details className="backtest-changes">
          <summary>People who change ({report.changes.examples.length} shown)</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">{names.active}</th>
                <th scope="col">{names.proposed}</th>
              </tr>
            </thead>
            <tbody>
              {report.changes.examples.map((e) => (
                <tr key={e.contactId}>
                  <th scope="row">{e.label}</th>
                  <td>
                    {e.active === null
                      ? 'Not an MQL'
                      : `MQL ${formatDate(e.active.at)} (${e.active.cell})`}
                  </td>
                  <td>
                    {e.proposed === null
                      ? 'Not an MQL'
                      : `MQL ${formatDate(e.proposed.at)} (${e.proposed.cell})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  )
}
