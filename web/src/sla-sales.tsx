import { Chart } from './chart.tsx'
import { FigureButton } from './figure-button.tsx'
import { formatCount, formatHours, formatShare, formatWhen } from './format.ts'
import { slaSharesOption } from './sla-charts.ts'
import { SlaSalesTable } from './sla-sales-table.tsx'
import { Empty } from './states.tsx'
import type { SlaGroupBy, SlaReport, SlaSalesFigures } from './types.ts'

// Sales' promise: to accept or reject within the SLA and to touch in time, per team and per
// rep (each measured on the handoffs they got), with the share kept per rep as a chart.

export function SlaSales(props: {
  readonly byTeam: SlaReport
  readonly byRep: SlaReport
  readonly drill: (title: string, measure: string, groupBy?: SlaGroupBy, group?: string) => void
}) {
  const { byTeam, byRep, drill } = props
  const total = byTeam.sales.total
  if (total.handoffs === 0)
    return (
      <Empty>
        No handoffs were made to sales in this period. Pick a longer period; handoffs count here
        from the moment a lead is routed to a rep.
      </Empty>
    )
  const groupDrill =
    (groupBy: SlaGroupBy) => (g: SlaSalesFigures, title: string, measure: string) =>
      g.key === 'all' ? drill(title, measure) : drill(title, measure, groupBy, g.key)
  const reps = byRep.sales.groups
  return (
    <>
      <ul className="tiles" aria-label="Sales SLA over all handoffs">
        <li>
          Handoffs
          <span className="tile-number">
            <FigureButton
              count={total.handoffs}
              what="handoffs"
              onOpen={() => drill('Handoffs', 'handoffs')}
            />
          </span>
          {formatCount(total.accepted)} accepted
        </li>
        <li>
          Answered within SLA
          <span className="tile-number">{formatShare(total.answeredWithinSlaShare)}</span>
          {formatCount(total.answeredWithinSla)} of {formatCount(total.acceptClocks)} clocks
        </li>
        <li>
          First touch within SLA
          <span className="tile-number">{formatShare(total.firstTouchedWithinSlaShare)}</span>
          {formatCount(total.firstTouchedWithinSla)} of {formatCount(total.firstTouchClocks)} clocks
        </li>
        <li>
          Median time to accept
          <span className="tile-number">{formatHours(total.medianHoursToAccept)}</span>
          to first touch {formatHours(total.medianHoursToFirstTouch)}
        </li>
      </ul>
      <Chart
        label="Share of handoffs answered and first touched within the SLA, per rep"
        option={slaSharesOption(reps)}
      >
        <table>
          <thead>
            <tr>
              <th scope="col">Rep</th>
              <th scope="col">Answered within SLA</th>
              <th scope="col">First touch within SLA</th>
            </tr>
          </thead>
          <tbody>
            {reps.map((g) => (
              <tr key={g.key}>
                <th scope="row">{g.label}</th>
                <td>{formatShare(g.answeredWithinSlaShare)}</td>
                <td>{formatShare(g.firstTouchedWithinSlaShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Chart>
      <div className="table-scroll">
        <SlaSalesTable
          groupName="Team"
          caption="Per team"
          groups={byTeam.sales.groups}
          total={total}
          drill={groupDrill('team')}
        />
      </div>
      <div className="table-scroll">
        <SlaSalesTable
          groupName="Rep"
          caption="Per rep"
          groups={reps}
          total={byRep.sales.total}
          drill={groupDrill('owner')}
        />
      </div>
      <p className="hint">
        Times are wall-clock hours; whether the promise was kept is judged on the owner's business
        hours. Clocks still running when the report was read ({formatWhen(byTeam.asOf)}) count in no
        share yet.
      </p>
    </>
  )
}
