import { Chart } from './chart.tsx'
import { FigureButton } from './figure-button.tsx'
import { formatCount, formatShare } from './format.ts'
import { MQL_OUTCOMES, mqlOutcomesOption } from './sla-charts.ts'
import { Empty } from './states.tsx'
import type { SlaMarketingFigures } from './types.ts'

// Marketing's promise: the MQLs it delivered against the target it committed to, and how sales
// received them. Every count opens the MQLs behind it.

export function SlaMarketing(props: {
  readonly marketing: SlaMarketingFigures
  readonly drill: (title: string, measure: string) => void
}) {
  const { marketing, drill } = props
  if (marketing.mqlDelivered === 0)
    return (
      <Empty>
        No MQLs were handed to sales in this period. Pick a longer period; MQLs count here once the
        live qualification contract hands a lead to sales (see Contracts).
      </Empty>
    )
  return (
    <>
      <ul className="tiles" aria-label="MQLs delivered and how sales received them">
        <li>
          MQLs delivered
          <span className="tile-number">
            <FigureButton
              count={marketing.mqlDelivered}
              what="MQLs delivered"
              onOpen={() => drill('MQLs delivered', 'mql_delivered')}
            />
          </span>
          {marketing.mqlTarget === null
            ? 'No target set'
            : `${formatShare(marketing.targetAttainment)} of the target of ${formatCount(marketing.mqlTarget)}`}
        </li>
        {MQL_OUTCOMES.map((outcome) => (
          <li key={outcome.field}>
            {outcome.name}
            <span className="tile-number">
              <FigureButton
                count={marketing[outcome.field]}
                what={`${outcome.name.toLowerCase()} MQLs`}
                onOpen={() => drill(`${outcome.name} MQLs`, outcome.measure)}
              />
            </span>
            {formatShare(marketing[`${outcome.field}Share`])} of delivered
          </li>
        ))}
      </ul>
      <Chart
        label={`MQLs delivered: ${marketing.mqlDelivered}${marketing.mqlTarget === null ? '' : ` against a target of ${marketing.mqlTarget}`}, by what sales did with them`}
        option={mqlOutcomesOption(marketing)}
        height={160}
      >
        <table>
          <thead>
            <tr>
              <th scope="col">Outcome</th>
              <th scope="col">MQLs</th>
              <th scope="col">Share</th>
            </tr>
          </thead>
          <tbody>
            {MQL_OUTCOMES.map((outcome) => (
              <tr key={outcome.field}>
                <th scope="row">{outcome.name}</th>
                <td>{formatCount(marketing[outcome.field])}</td>
                <td>{formatShare(marketing[`${outcome.field}Share`])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Chart>
    </>
  )
}
