// Deadlines count down on the server's clock: the page learns how far its own clock is from the
// server's each time the radar arrives, and counts from there.

/** The server's time now, given when the radar said `serverNow` and when the page received it. */
export function serverTime(serverNow: string, receivedAt: number, clientNow: number): number {
  return Date.parse(serverNow) + (clientNow - receivedAt)
}

/** "2d 3h", "3h 05m", "12m 30s", "45s": the time left to a deadline, or overdue by. */
export function formatDuration(ms: number): string {
  const seconds = Math.floor(Math.abs(ms) / 1000)
  const days = Math.floor(seconds / 86_400)
  const hours = Math.floor((seconds % 86_400) / 3_600)
  const minutes = Math.floor((seconds % 3_600) / 60)
  const rest = seconds % 60
  const two = (n: number) => String(n).padStart(2, '0')
  if (days > 0) return `${days}d ${hours}h`
  if (hours > 0) return `${hours}h ${two(minutes)}m`
  if (minutes > 0) return `${minutes}m ${two(rest)}s`
  return `${rest}s`
}

/** What a deadline says at `now`: how long is left, or how long ago it passed. */
export function deadlineText(dueAt: string, now: number): { overdue: boolean; text: string } {
  const left = Date.parse(dueAt) - now
  return left > 0
    ? { overdue: false, text: `${formatDuration(left)} left` }
    : { overdue: true, text: `overdue by ${formatDuration(left)}` }
}
