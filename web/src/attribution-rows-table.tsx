import { lineLabel, shareOfLine } from './attribution-shape.ts'
import { formatMoney, formatShare } from './format.ts'
import { RowsPager } from './rows-pager.tsx'
import type { AttributedDeal, AttributionBy } from './types.ts'
import { usePagedRows } from './use-paged-rows.ts'

// The deals behind an attribution line, a page at a time: each deal's amount, the part the
// model gave this campaign or channel, how the rest was split, and why, in words.

export function AttributionRowsTable(props: {
  /** GET /v1/reports/attribution/rows for the line, without limit and offset. */
  readonly path: string
  readonly lineKey: string | null
  readonly by: AttributionBy
}) {
  const { lineKey, by } = props
  const { rows, more } = usePagedRows<AttributedDeal>(props.path)
  return (
    <RowsPager rows={rows} more={more} what="deals" one="deal">
      {(deals) => (
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
      )}
    </RowsPager>
  )
}
