import { deadlineText, serverTime } from './server-clock.ts'
import { useNow } from './use-now.ts'

/** A deadline counting down each second on the server's clock; overdue ones say by how much. */
export function Countdown(props: {
  readonly dueAt: string | null
  readonly serverNow: string
  readonly receivedAt: number
  readonly label: string
}) {
  const now = serverTime(props.serverNow, props.receivedAt, useNow())
  if (props.dueAt === null) return <span className="countdown">no deadline</span>
  const { overdue, text } = deadlineText(props.dueAt, now)
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
