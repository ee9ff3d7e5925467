import { formatDaysShort } from './format.ts'
import { dayText, type Side } from './funnel-figures.ts'
import { Link } from './router.tsx'
import { RowsDialog } from './rows-dialog.tsx'
import { Empty, Failure, Loading } from './states.tsx'
import type { FunnelRow } from './types.ts'
import { useRead } from './use-read.ts'

/** The API lists this many rows behind a figure at most. */
const ROWS_SHOWN = 100

/**
 * The people or accounts behind one figure of the funnel, in the dialog every report's figures
 * open in: Escape or Close shuts it, and the keyboard goes back to the figure.
 */
export function FunnelRowsDialog(props: {
  readonly title: string
  readonly side: Side
  /** The query string of GET /v1/reports/funnel/rows. */
  readonly query: string
  /** How many the report counted, to say when only the first ones are listed. */
  readonly count: number
  /** Says what the days count, under the report's method. */
  readonly daysMean: string
  readonly onClose: () => void
}) {
  const read = useRead<{ items: FunnelRow[] }>(
    `/v1/reports/funnel/rows?${props.query}&limit=${ROWS_SHOWN}`,
  )
  const rows = read.result
  const noun = props.side === 'lead' ? 'Person' : 'Account'
  return (
    <RowsDialog title={props.title} onClose={props.onClose}>
      {rows === undefined && <Loading what="who is behind this figure" />}
      {rows?.ok === false && (
        <Failure
          title="Who is behind this figure could not be read."
          message={rows.message}
          onRetry={read.retry}
        />
      )}
      {rows?.ok === true && rows.data.items.length === 0 && (
        <Empty>
          No one is behind this figure any more: the funnel has changed since it was read.
        </Empty>
      )}
      {rows?.ok === true && rows.data.items.length > 0 && (
        <>
          {props.count > rows.data.items.length && (
            <p className="hint">
              The first {rows.data.items.length} of {props.count}, in the order they got there.
            </p>
          )}
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
                {rows.data.items.map((row) => (
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
        </>
      )}
    </RowsDialog>
  )
}
