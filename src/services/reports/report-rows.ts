// The drill-down pages behind a report's figures, and the shares its figures are made of.

/** Drill-down pages hold at most this many rows. */
export const MAX_REPORT_ROWS = 500

/** The key of a group that has no value (a handoff without a team or a motion). */
export const NO_GROUP = '(none)'

/** Which rows of a drill-down: `limit` (at most MAX_REPORT_ROWS) from `offset` on. */
export interface RowsPage {
  readonly limit: number
  readonly offset: number
}

export interface ReportRows<T> {
  readonly items: readonly T[]
  /** How many rows stand behind the figure in all: the figure itself. */
  readonly total: number
  /** The offset of the next page; absent on the last page. */
  readonly next?: number
}

export function pageBounds(page: RowsPage): RowsPage {
  return {
    limit: Math.min(Math.max(Math.trunc(page.limit), 1), MAX_REPORT_ROWS),
    offset: Math.max(Math.trunc(page.offset), 0),
  }
}

/** A page of `items` out of `total`, with the offset that continues it. */
export function rowsPage<T>(items: readonly T[], total: number, page: RowsPage): ReportRows<T> {
  const end = page.offset + items.length
  return end < total ? { items, total, next: end } : { items, total }
}

export const share = (part: number, whole: number): number | null =>
  whole === 0 ? null : part / whole
