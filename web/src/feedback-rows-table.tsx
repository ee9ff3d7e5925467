import { reasonLabel } from './feedback-shape.ts'
import { formatWhen } from './format.ts'
import { RowsPager } from './rows-pager.tsx'
import type { FeedbackRow } from './types.ts'
import { usePagedRows } from './use-paged-rows.ts'

// The answers and lost deals behind a closed-loop count, with where each came from.

const OUTCOME_WORDS = {
  rejected: 'Rejected',
  recycled: 'Recycled',
  disqualified: 'Disqualified',
  lost: 'Deal lost',
} as const

export function FeedbackRowsTable(props: { readonly path: string }) {
  const { rows, more } = usePagedRows<FeedbackRow>(props.path)
  return (
    <RowsPager rows={rows} more={more} what="answers and lost deals" one="answer or lost deal">
      {(items) => (
        <table>
          <thead>
            <tr>
              <th scope="col">Lead or deal</th>
              <th scope="col">Outcome</th>
              <th scope="col">Reason</th>
              <th scope="col">When</th>
              <th scope="col">Owner</th>
              <th scope="col">Came from</th>
              <th scope="col">MQL made by</th>
            </tr>
          </thead>
          <tbody>
            {items.map((row) => (
              <tr key={`${row.recordType}-${row.id}`}>
                <th scope="row">
                  {row.opportunityName ?? row.contactName ?? row.contactEmail ?? 'Unnamed'}
                  {row.opportunityName !== null && row.contactName !== null && (
                    <span className="muted"> · {row.contactName}</span>
                  )}
                </th>
                <td>{OUTCOME_WORDS[row.outcome]}</td>
                <td>
                  {reasonLabel(row.outcome, row.reason)}
                  {row.reasonText !== null && <span className="muted"> “{row.reasonText}”</span>}
                </td>
                <td>{formatWhen(row.at)}</td>
                <td>{row.ownerName ?? '–'}</td>
                <td>{row.group}</td>
                <td>{row.mqlBy ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </RowsPager>
  )
}
