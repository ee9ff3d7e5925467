/** One CSV line (RFC 4180): cells with a comma, quote or line break are quoted, quotes doubled. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')}\n`
}
