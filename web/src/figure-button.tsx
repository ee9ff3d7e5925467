import type { ReactNode } from 'react'

// A figure that opens the rows behind it: a button showing the figure, named for what it counts,
// so "3" reads out as "3 rejected MQLs: show them".

export function FigureButton(props: {
  /** What the figure counts, for the button's name: "rejected MQLs". */
  readonly what: string
  readonly onOpen: () => void
  readonly children: ReactNode
}) {
  return (
    <button
      type="button"
      className="figure"
      onClick={props.onOpen}
      title={`Show the ${props.what}`}
    >
      {props.children}
      <span className="visually-hidden"> {props.what}: show them</span>
    </button>
  )
}
