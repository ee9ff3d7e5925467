import { Chart } from './chart.tsx'
import {
  FEEDBACK_OUTCOMES,
  feedbackChartOption,
  feedbackGroups,
  reasonLabel,
} from './feedback-shape.ts'
import { FigureButton } from './figure-button.tsx'
import { formatCount } from './format.ts'
import { Empty } from './states.tsx'
import type { FeedbackCount, FeedbackOutcome, FeedbackReport } from './types.ts'

// The closed loop: why sales rejected, recycled or disqualified what marketing sent and why
// deals were lost, per source, campaign or contract version, so marketing can act on it.

export const FEEDBACK_BY_NAMES = {
  source: 'Source',
  campaign: 'Campaign',
  contract_version: 'Contract version',
} as const

export function ClosedLoop(props: {
  readonly report: FeedbackReport
  readonly drill: (
    title: string,
    filter: { group?: string; outcome?: FeedbackOutcome; reason?: string },
  ) => void
}) {
  const { report, drill } = props
  const groups = feedbackGroups(report.rows)
  if (report.rows.length === 0)
    return (
      <Empty>
        Nothing was rejected, recycled, disqualified or lost in this period. Pick a longer period;
        reasons appear here as soon as sales answers a handoff or a deal is lost in the CRM.
      </Empty>
    )
  const byName = FEEDBACK_BY_NAMES[report.by].toLowerCase()
  const countTitle = (row: FeedbackCount) =>
    `${FEEDBACK_OUTCOMES.find((o) => o.outcome === row.outcome)?.name}: ${reasonLabel(row.outcome, row.reason)} (${row.label})`
  return (
    <>
      <ul className="tiles" aria-label="Answers and lost deals in the period">
        {FEEDBACK_OUTCOMES.map(({ outcome, name }) => (
          <li key={outcome}>
            {name}
            <span className="tile-number">
              <FigureButton
                count={report.totals[outcome]}
                what={name.toLowerCase()}
                onOpen={() => drill(name, { outcome })}
              />
            </span>
          </li>
        ))}
      </ul>
      <Chart
        label={`Rejected, recycled, disqualified and lost, per ${byName}`}
        option={feedbackChartOption(groups)}
      >
        <table>
          <thead>
            <tr>
              <th scope="col">{FEEDBACK_BY_NAMES[report.by]}</th>
              {FEEDBACK_OUTCOMES.map(({ outcome, name }) => (
                <th scope="col" key={outcome}>
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.key}>
                <th scope="row">{g.label}</th>
                {FEEDBACK_OUTCOMES.map(({ outcome }) => (
                  <td key={outcome}>{formatCount(g.counts[outcome])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Chart>
      <table className="figures">
        <caption>Reasons per {byName}</caption>
        <thead>
          <tr>
            <th scope="col">{FEEDBACK_BY_NAMES[report.by]}</th>
            <th scope="col">Outcome</th>
            <th scope="col">Reason</th>
            <th scope="col">Count</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={`${row.key} ${row.outcome} ${row.reason}`}>
              <th scope="row">{row.label}</th>
              <td>{FEEDBACK_OUTCOMES.find((o) => o.outcome === row.outcome)?.name}</td>
              <td>{reasonLabel(row.outcome, row.reason)}</td>
              <td>
                <FigureButton
                  count={row.count}
                  what={countTitle(row)}
                  onOpen={() =>
                    drill(countTitle(row), {
                      group: row.key,
                      outcome: row.outcome,
                      reason: row.reason,
                    })
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
