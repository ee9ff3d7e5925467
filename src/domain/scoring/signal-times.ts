/**
 * The latest `count` times of a signal, newest first, as ISO strings: all a score keeps of a
 * signal to count its window ("two pricing visits in 7 days") whenever it is read.
 */
export function latestTimes(times: readonly number[] | undefined, count: number): string[] {
  if (times === undefined) return []
  return [...times]
    .sort((a, b) => b - a)
    .slice(0, count)
    .map((ms) => new Date(ms).toISOString())
}
