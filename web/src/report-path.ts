// A report's address with its filters: empty filters are left out, so the server applies its
// defaults (the last 30 days, the first grouping) and the address stays short.

/** The group without a value (no source, no team, no campaign) as the API names it in a query. */
export const NO_GROUP = '(none)'

export type ReportParams = Readonly<Record<string, string | number | null | undefined>>

export function reportPath(path: string, params: ReportParams): string {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value))
  const search = query.toString()
  return search === '' ? path : `${path}?${search}`
}

/** The period filters a report view keeps in its query string. */
export function periodOf(params: URLSearchParams): { from?: string; to?: string } {
  const from = params.get('from') ?? undefined
  const to = params.get('to') ?? undefined
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }
}

/** A query-string value if it is one of `allowed`, else the first of them. */
export function oneOf<const T extends string>(value: string | null, allowed: readonly T[]): T {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : (allowed[0] as T)
}
