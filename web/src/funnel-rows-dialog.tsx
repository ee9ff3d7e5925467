import { useEffect, useId, useRef, useState } from 'react'
import { api } from './api.ts'
import { formatDaysShort } from './format.ts'
import { dayText, type Side } from './funnel-figures.ts'
import { Link } from './router.tsx'
import { Empty, Failure, Loading } from './states.tsx'
import type { FunnelRow } from './types.ts'

/** The API lists this many rows behind a figure at most. */
const ROWS_SHOWN = 100

type Rows =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'read'; readonly items: readonly FunnelRow[] }

/**
 * The people or accounts behind one figure of the funnel, in a modal dialog: Escape or Close
 * shuts it, and the keyboard goes back to the figure it was opened from.
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
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const [rows, setRows] = useState<Rows>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    dialog.current?.showModal()
    return () => opener?.focus()
  }, [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: a retry reads again
  useEffect(() => {
    let current = true
    setRows({ status: 'loading' })
    void api<{ items: FunnelRow[] }>(
      `/v1/reports/funnel/rows?${props.query}&limit=${ROWS_SHOWN}`,
    ).then((result) => {
      if (!current) return
      setRows(
        result.ok
          ? { status: 'read', items: result.data.items }
          : { status: 'failed', message: result.message },
      )
    })
    return () => {
      current = false
    }
  }, [props.query, attempt])

  const noun = props.side === 'lead' ? 'Person' : 'Account'
  return (
    <dialog ref={dialog} className="drill" aria-labelledby={titleId} onClose={props.onClose}>
      <div className="drill-head">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      {rows.status === 'loading' && <Loading what="who is behind this figure" />}
      {rows.status === 'failed' && (
        <Failure
          title="Who is behind this figure could not be read."
          message={rows.message}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      )}
      {rows.status === 'read' && rows.items.length === 0 && (
        <Empty>
          No one is behind this figure any more: the funnel has changed since it was read.
        </Empty>
      )}
      {rows.status === 'read' && rows.items.length > 0 && (
        <>
          {props.count > rows.items.length && (
            <p className="hint">
              The first {rows.items.length} of {props.count}, in the order they got there.
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
                {rows.items.map((row) => (
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
    </dialog>
  )
}
