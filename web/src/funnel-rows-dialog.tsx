import { formatDaysShort } from './format.ts'
import { dayText, type Side } from './funnel-figures.ts'
import { Link } from './router.tsx'
import { RowsDialog } from './rows-dialog.tsx'
import { RowsPager } from './rows-pager.tsx'
import type { FunnelRow } from './types.ts'
import { usePagedRows } from './use-paged-rows.ts'

/**
 * The people or accounts behind one figure of the funnel, a page at a time, in the dialog every
 * report's figures open in: Escape or Close shuts it, and the keyboard goes back to the figure.
 */
export function FunnelRowsDialog(props: {
  readonly title: string
  readonly side: Side
  /** The query string of GET /v1/reports/funnel/rows. */
  readonly query: string
  /** Says what the days count, under the report's method. */
  readonly daysMean: string
  readonly onClose: () => void
}) {
  const { rows, more } = usePagedRows<FunnelRow>(`/v1/reports/funnel/rows?${props.query}`)
  const noun = props.side === 'lead' ? 'Person' : 'Account'
  return (
    <RowsDialog title={props.title} onClose={props.onClose}>
      <RowsPager
        rows={rows}
        more={more}
        what={props.side === 'lead' ? 'people' : 'accounts'}
        one={props.side === 'lead' ? 'person' : 'account'}
      >
        {(items) => (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{noun}</th>
                  <th scope="col">Entered</th>
                  <th scope="col">Reached</th>
                  <th scope="col">Days ({props.daysMean})</th>
                </tr>
              </thead>
              <tbody>
                {items.map((row) => (
                  <tr key={row.id}>
                    <th scope="row">
                      {props.side === 'account' ? (
                        <Link to={`/accounts/${encodeURIComponent(row.id)}`}>
                          {row.label ?? 'Unnamed account'}
                        </Link>
                      ) : (
                        (row.label ?? 'Unnamed person')
                      )}
                    </th>
                    <td>{row.enteredAt === null ? '–' : dayText(row.enteredAt)}</td>
                    <td>{dayText(row.reachedAt)}</td>
                    <td className="number">{formatDaysShort(row.days)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </RowsPager>
    </RowsDialog>
  )
}
