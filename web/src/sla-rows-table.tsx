import { formatHours, formatWhen } from './format.ts'
import { REASON_LABELS } from './reasons.ts'
import { RowsPager } from './rows-pager.tsx'
import type { SlaRow } from './types.ts'
import { usePagedRows } from './use-paged-rows.ts'

// The handoffs behind an SLA figure: who, with whom, and each clock's times.

const reason = (code: string | null) =>
  code === null ? '' : (REASON_LABELS[code as keyof typeof REASON_LABELS] ?? code)

export function SlaRowsTable(props: { readonly path: string }) {
  const { rows, more } = usePagedRows<SlaRow>(props.path)
  return (
    <RowsPager rows={rows} more={more} what="handoffs" one="handoff">
      {(items) => (
        <table>
          <thead>
            <tr>
              <th scope="col">Contact</th>
              <th scope="col">Owner</th>
              <th scope="col">Status</th>
              <th scope="col">Handed over</th>
              <th scope="col">Accepted</th>
              <th scope="col">First touch</th>
              <th scope="col">Breach</th>
            </tr>
          </thead>
          <tbody>
            {items.map((row) => (
              <tr key={row.id}>
                <th scope="row">
                  {row.contactName ?? row.contactEmail ?? 'Unnamed contact'}
                  <span className="muted"> {row.kind.toUpperCase()}</span>
                </th>
                <td>
                  {row.ownerName}
                  {row.teamName !== null && <span className="muted"> · {row.teamName}</span>}
                </td>
                <td>
                  {row.outcome ?? row.status}
                  {row.reasonCode !== null && (
                    <span className="muted"> · {reason(row.reasonCode)}</span>
                  )}
                </td>
                <td>{formatWhen(row.assignedAt)}</td>
                <td>
                  {formatWhen(row.acceptedAt)}
                  {row.hoursToAccept !== null && (
                    <span className="muted"> ({formatHours(row.hoursToAccept)})</span>
                  )}
                </td>
                <td>
                  {formatWhen(row.firstTouchAt)}
                  {row.hoursToFirstTouch !== null && (
                    <span className="muted"> ({formatHours(row.hoursToFirstTouch)})</span>
                  )}
                </td>
                <td>
                  {row.acceptBreachedAt !== null && `Accept ${formatWhen(row.acceptBreachedAt)}`}
                  {row.acceptBreachedAt !== null && row.firstTouchBreachedAt !== null && <br />}
                  {row.firstTouchBreachedAt !== null &&
                    `Touch ${formatWhen(row.firstTouchBreachedAt)}`}
                  {row.acceptBreachedAt === null && row.firstTouchBreachedAt === null && '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </RowsPager>
  )
}
