import type { ReactNode } from 'react'
import { formatCount } from './format.ts'
import { Empty, Failure, Loading } from './states.tsx'
import type { PagedRows } from './use-paged-rows.ts'

// Around a table of rows behind a figure: how many there are in all, how many are shown, and a
// button for the next page; or what happened while loading them.

export function RowsPager<Row>(props: {
  readonly rows: PagedRows<Row>
  readonly more: () => void
  /** What the rows are: "handoffs". */
  readonly what: string
  /** What one of them is, for a total of 1: "handoff". */
  readonly one: string
  readonly children: (items: readonly Row[]) => ReactNode
}) {
  const { rows } = props
  if (rows.status === 'loading') return <Loading what={`the ${props.what}`} />
  if (rows.status === 'failed')
    return <Failure title={`The ${props.what} could not be loaded.`} message={rows.message} />
  if (rows.total === 0) return <Empty>No {props.what} are behind this figure.</Empty>
  return (
    <>
      <p className="rows-count" role="status">
        {rows.items.length === rows.total
          ? `${formatCount(rows.total)} ${rows.total === 1 ? props.one : props.what}`
          : `${formatCount(rows.items.length)} of ${formatCount(rows.total)} ${props.what}`}
      </p>
      {props.children(rows.items)}
      {rows.next !== null && (
        <button
          type="button"
          className="secondary"
          onClick={props.more}
          disabled={rows.loadingMore}
        >
          {rows.loadingMore ? 'Loading…' : 'Show more'}
        </button>
      )}
    </>
  )
}
