// Values as CSV exports write them: numbers with thousands separators and currency signs, dates
// in ISO form or with day and month in either order. Times without a zone are read as UTC.

export type DateOrder = 'iso' | 'dmy' | 'mdy'

/** "1,234.50", "$1,200", "900 EUR", " 3e6 " -> number; undefined when it is not a number. */
export function parseNumber(text: string): number | undefined {
  const cleaned = text
    .trim()
    .replace(/^(?:[A-Z]{3}\s*|[$€£¥]\s*)|(?:\s*[A-Z]{3}|\s*[$€£¥])$/g, '')
    .replaceAll(/[,\s_]/g, '')
  if (cleaned === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cleaned)) return undefined
  const n = Number(cleaned)
  return Number.isFinite(n) ? n : undefined
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i
const SLASHED =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]m)?)?$/i

/** A date or timestamp; undefined when it is not one (or not a real calendar day). */
export function parseDate(text: string, order: DateOrder = 'iso'): Date | undefined {
  const value = text.trim()
  const iso = ISO.exec(value)
  if (iso !== null) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = iso
    const offset = zone === undefined || zone.toUpperCase() === 'Z' ? 0 : zoneMinutes(zone)
    return build(
      +(y ?? 0),
      +(mo ?? 0),
      +(d ?? 0),
      +h,
      +mi,
      +s,
      Math.round(+`0.${frac}` * 1000),
      offset,
    )
  }
  const slashed = SLASHED.exec(value)
  if (slashed !== null && order !== 'iso') {
    const [, a, b, y, h = '0', mi = '0', s = '0', meridiem] = slashed
    const [day, month] = order === 'dmy' ? [+(a ?? 0), +(b ?? 0)] : [+(b ?? 0), +(a ?? 0)]
    let hour = +h
    if (meridiem !== undefined) hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0)
    return build(+(y ?? 0), month, day, hour, +mi, +s, 0, 0)
  }
  return undefined
}

function zoneMinutes(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.replace(/[^\d]/g, '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)))
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMinutes: number,
): Date | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60)
    return undefined
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms)
  const date = new Date(utc - offsetMinutes * 60_000)
  // Date.UTC rolls 31 April over to 1 May; a real export never means that.
  if (new Date(utc).getUTCDate() !== day) return undefined
  return date
}
