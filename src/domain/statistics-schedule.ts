// Planner statistics of tables that grow from empty must be refreshed early and often at first.

/**
 * When to refresh statistics next, by events processed since the server started: after 2,000,
 * then at every doubling, then every million. Cheap (ANALYZE samples a fixed number of rows) and
 * frequent exactly while tables grow fastest relative to their size.
 */
export function nextStatisticsRefresh(processed: number): number {
  const million = 1_000_000
  if (processed >= million) return (Math.floor(processed / million) + 1) * million
  let next = 2_000
  while (next <= processed) next *= 2
  return Math.min(next, million)
}
