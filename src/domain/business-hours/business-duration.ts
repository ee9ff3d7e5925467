// SLA durations as contracts write them: '30m', '4h', '1d', '1d4h', '90m'. A business day is 8
// business hours (480 business minutes) whatever the owner's calendar says, so '1d' means the same
// effort everywhere; on a Monday-Friday 09:00-17:00 calendar it is also "this time tomorrow".

const HOUR = 60
/** Business minutes in a business day: 8 business hours. */
export const BUSINESS_DAY_MINUTES = 8 * HOUR

const EXPECTED =
  'write a business duration such as 30m, 4h or 1d (a business day is 8 business hours)'

/** Business minutes of a duration such as '30m', '4h', '1d' or '1d4h'. */
export function parseBusinessDuration(
  text: string,
): { ok: true; minutes: number } | { ok: false; message: string } {
  // The same grammar as the routing contract's schema: days, hours, minutes, in that order.
  const match = typeof text === 'string' ? /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(text) : null
  if (match === null || text === '') return { ok: false, message: EXPECTED }
  const [days, hours, minutes] = [match[1], match[2], match[3]].map((part) => Number(part ?? 0))
  const total = (days ?? 0) * BUSINESS_DAY_MINUTES + (hours ?? 0) * HOUR + (minutes ?? 0)
  if (!Number.isSafeInteger(total))
    return { ok: false, message: `${text} is too long; ${EXPECTED}` }
  if (total === 0) return { ok: false, message: `must be longer than zero; ${EXPECTED}` }
  return { ok: true, minutes: total }
}

/** A duration in hours and minutes, e.g. 240 -> '4h', 270 -> '4h30m', 480 -> '8h', 30 -> '30m'. */
export function formatBusinessDuration(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new Error(
      `a business duration is a finite number of minutes, zero or more, not ${minutes}`,
    )
  // Hours and minutes only: '12h' reads more plainly than '1d4h', and a day is a convention.
  const whole = Math.round(minutes)
  const hours = Math.floor(whole / HOUR)
  const rest = whole % HOUR
  if (hours === 0) return `${rest}m`
  return rest === 0 ? `${hours}h` : `${hours}h${rest}m`
}
