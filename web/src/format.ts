// How the reports print their figures: money from exact cents, shares as percentages, and
// durations in hours or days. One place, so every view writes the same figure the same way.

const money = new Map<string, Intl.NumberFormat>()

/**
 * An amount in cents in the currency given (USD, the workspace default, when none is): whole
 * amounts without cents, so a table of round deals stays short, others to the cent.
 */
export function formatMoney(cents: number, currency = 'USD'): string {
  const digits = cents % 100 === 0 ? 0 : 2
  const key = `${currency} ${digits}`
  let format = money.get(key)
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    })
    money.set(key, format)
  }
  return format.format(cents / 100)
}

/**
 * A share between 0 and 1 as a percentage to one decimal ("42.9%", "100%"), never broken across
 * lines; a dash when there was nothing to divide by.
 */
export function formatShare(share: number | null): string {
  if (share === null) return '–'
  const percent = share * 100
  const digits = percent === Math.round(percent) ? 0 : 1
  return `${percent.toFixed(digits)}%`
}

/** A count with thousands separators. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US')
}

/** Days to one decimal; a dash when there is no figure. */
export function formatDays(days: number | null): string {
  if (days === null) return '–'
  const rounded = days.toFixed(1)
  return `${rounded} ${rounded === '1.0' ? 'day' : 'days'}`
}

/** Days in a narrow column headed as days: "2.5 d", "0 d", "< 0.1 d"; a dash when there is none. */
export function formatDaysShort(days: number | null): string {
  if (days === null) return '–'
  if (days > 0 && days < 0.05) return '< 0.1 d'
  return `${Math.round(days * 10) / 10} d`
}

/**
 * Wall-clock hours to one decimal, as the SLA report measures them; two days and more read
 * better in days.
 */
export function formatHours(hours: number | null): string {
  if (hours === null) return '–'
  if (hours >= 48) return formatDays(hours / 24)
  return `${hours.toFixed(1)} h`
}

/** A moment as people read it, in their time zone unless one is given; a dash when none. */
export function formatWhen(iso: string | null, timeZone?: string): string {
  if (iso === null) return '–'
  return new Date(iso).toLocaleString('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone === undefined ? {} : { timeZone }),
  })
}
