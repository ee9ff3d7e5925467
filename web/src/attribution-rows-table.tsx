import { lineLabel, shareOfLine, touchedBy } from './attribution-shape.ts'
import { formatCount, formatMoney, formatShare } from './format.ts'
import { Empty } from './states.tsx'
import type { AttributedDeal, AttributionBy } from './types.ts'

// The deals behind an attribution line: each deal's amount, the part the model gave this
// campaign or channel, how the rest was split, and why, in words.

/** As many deals as the API lists in one answer. */
export const DEALS_LIMIT = 500

export function AttributionRowsTable(props: {
  readonly deals: readonly AttributedDeal[]
  readonly lineKey: string | null
  readonly by: AttributionBy
}) {
  const { lineKey, by } = props
  // Touches without a campaign have no name to ask for: the deals are sorted out here.
  const deals = props.deals.filter((deal) => touchedBy(deal, lineKey, by))
  if (deals.length === 0)
    return <Empty>The model gives this line no share of any deal in the period.</Empty>
  return (
    <>
      <p className="rows-count" role="status">
        {formatCount(deals.length)} {deals.length === 1 ? 'deal' : 'deals'}
        {props.deals.length >= DEALS_LIMIT && ` (the first ${DEALS_LIMIT} of the period)`}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Deal</th>
            <th scope="col">Amount</th>
            <th scope="col">Share to {lineLabel(lineKey, by)}</th>
            <th scope="col">Split across its touches</th>
          </tr>
        </thead>
        <tbody>
          {deals.map((deal) => {
            const mine = shareOfLine(deal, lineKey, by)
            return (
              <tr key={deal.opportunityId}>
                <th scope="row">{deal.name}</th>
                <td>{formatMoney(deal.amountCents)}</td>
                <td>
                  {formatMoney(mine.cents)}
                  <span className="muted"> · {formatShare(mine.weight)}</span>
                </td>
                <td>
                  <ul className="split">
                    {deal.shares.map((s) => (
                      <li key={s.touchId}>
                        {lineLabel(by === 'channel' ? s.channel : s.campaign, by)}:{' '}
                        {formatMoney(s.cents)}{' '}
                        <span className="muted">({formatShare(s.weight)})</span>
                      </li>
                    ))}
                  </ul>
                  <details>
                    <summary>Why</summary>
                    <ul>
                      {deal.explanation.map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  </details>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </>
  )
}
