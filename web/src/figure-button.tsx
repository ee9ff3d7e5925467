import { formatCount } from './format.ts'

// A count that opens the rows behind it: a button showing the figure, named for what it counts,
// so "3" reads out as "3 rejected MQLs: show them". A count of 0 has no rows behind it, so it is
// shown as plain text, not offered as something to open.

export function FigureButton(props: {
  readonly count: number
  /** What the figure counts, for the button's name: "rejected MQLs". */
  readonly what: string
  readonly onOpen: () => void
}) {
  if (props.count === 0)
    return (
      <span className="figure-none" title={`No ${props.what}`}>
        {formatCount(0)}
      </span>
    )
  return (
    <button
      type="button"
      className="figure"
      onClick={props.onOpen}
      title={`Show the ${props.what}`}
    >
      {formatCount(props.count)}
      <span className="visually-hidden"> {props.what}: show them</span>
    </button>
  )
}
