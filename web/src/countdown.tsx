import { deadlineText } from './server-clock.ts'

/**
 * A deadline counting down on the server's clock (`now`, from the view's one ticking clock, so
 * every countdown on the page moves together); overdue ones say by how much.
 */
export function Countdown(props: {
  readonly dueAt: string | null
  readonly now: number
  readonly label: string
}) {
  if (props.dueAt === null) return <span className="countdown">no deadline</span>
  const { overdue, text } = deadlineText(props.dueAt, props.now)
  return (
    <time
      dateTime={props.dueAt}
      className={overdue ? 'countdown countdown-overdue' : 'countdown'}
      title={`${props.label} ${new Date(props.dueAt).toLocaleString()}`}
    >
      {overdue ? '⚠ ' : ''}
      {text}
    </time>
  )
}
