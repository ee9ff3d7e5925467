import { type RawBuilder, sql } from 'kysely'

/**
 * Days from `earlier` to `later` as a double, in SQL. `date_part` rather than `extract`, which
 * answers a numeric since PostgreSQL 14: several times slower to compute and sort over a
 * million rows.
 */
export function daysBetween(
  later: RawBuilder<unknown>,
  earlier: RawBuilder<unknown>,
): RawBuilder<number | null> {
  return sql<number | null>`date_part('epoch', ${later} - ${earlier}) / 86400`
}
