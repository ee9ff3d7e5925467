import { FigureButton } from './figure-button.tsx'
import { formatCount, formatHours, formatShare } from './format.ts'
import type { SlaSalesFigures } from './types.ts'

// Sales' figures per team or rep, the total last: each count opens the handoffs behind it.

export function SlaSalesTable(props: {
  /** What a group is: "Team", "Rep". */
  readonly groupName: string
  readonly caption: string
  readonly groups: readonly SlaSalesFigures[]
  readonly total: SlaSalesFigures
  readonly drill: (group: SlaSalesFigures, title: string, measure: string) => void
}) {
  const row = (g: SlaSalesFigures, total: boolean) => {
    const of = total ? 'all' : g.label
    const figure = (count: number, what: string, measure: string) => (
      <FigureButton
        count={count}
        what={`${what} (${of})`}
        onOpen={() => props.drill(g, `${what[0]?.toUpperCase()}${what.slice(1)}: ${of}`, measure)}
      />
    )
    return (
      <tr key={g.key} className={total ? 'total' : undefined}>
        <th scope="row">{total ? 'All' : g.label}</th>
        <td>{figure(g.handoffs, 'handoffs', 'handoffs')}</td>
        <td>{figure(g.accepted, 'accepted', 'accepted')}</td>
        <td>
          {formatHours(g.medianHoursToAccept)}
          <span className="muted"> · {formatHours(g.p90HoursToAccept)}</span>
        </td>
        <td>
          {formatHours(g.medianHoursToFirstTouch)}
          <span className="muted"> · {formatHours(g.p90HoursToFirstTouch)}</span>
        </td>
        <td>
          {figure(g.answeredWithinSla, 'answered within SLA', 'answered_within_sla')}
          <span className="muted">
            {' '}
            of {formatCount(g.acceptClocks)} · {formatShare(g.answeredWithinSlaShare)}
          </span>
        </td>
        <td>{figure(g.acceptSlaMissed, 'not answered in time', 'accept_sla_missed')}</td>
        <td>
          {figure(g.firstTouchedWithinSla, 'first touched within SLA', 'first_touched_within_sla')}
          <span className="muted">
            {' '}
            of {formatCount(g.firstTouchClocks)} · {formatShare(g.firstTouchedWithinSlaShare)}
          </span>
        </td>
        <td>{figure(g.firstTouchSlaMissed, 'not touched in time', 'first_touch_sla_missed')}</td>
        <td>
          {figure(g.acceptBreaches, 'accept breaches', 'accept_breaches')}
          <span className="muted"> / </span>
          {figure(g.firstTouchBreaches, 'first-touch breaches', 'first_touch_breaches')}
        </td>
      </tr>
    )
  }
  return (
    <table className="figures">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.groupName}</th>
          <th scope="col">Handoffs</th>
          <th scope="col">Accepted</th>
          <th scope="col">
            To accept <span className="muted">median · p90</span>
          </th>
          <th scope="col">
            To first touch <span className="muted">median · p90</span>
          </th>
          <th scope="col">Answered in SLA</th>
          <th scope="col">Answer late</th>
          <th scope="col">Touched in SLA</th>
          <th scope="col">Touch late</th>
          <th scope="col">
            Breaches <span className="muted">accept / touch</span>
          </th>
        </tr>
      </thead>
      <tbody>{props.groups.map((g) => row(g, false))}</tbody>
      <tfoot>{row(props.total, true)}</tfoot>
    </table>
  )
}
