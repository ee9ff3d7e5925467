// Every `tandem report …` prints its rows the same three ways: an aligned table for a person, CSV
// for a spreadsheet, JSON for a program. The reports pick the columns; this only lays them out.

export type ReportFormat = 'table' | 'csv' | 'json'
export const REPORT_FORMATS = ['table', 'csv', 'json'] as const satisfies readonly ReportFormat[]

export interface ReportColumn {
  /** The row's property. */
  readonly key: string
  /** The heading in a table and in the CSV header. */
  readonly label: string
  /** In a table; by default right when every value is a number (or empty), else left. */
  readonly align?: 'left' | 'right'
}

/**
 * The rows as a table (numbers right-aligned, an empty cell as "-"), as RFC 4180 CSV with a
 * header line, or as a JSON array of objects holding the columns' keys, in the columns' order.
 */
export function formatReport(
  rows: readonly Record<string, unknown>[],
  columns: readonly ReportColumn[],
  format: ReportFormat,
): string {
  if (format === 'json')
    return `${JSON.stringify(
      rows.map((row) => pick(row, columns)),
      null,
      2,
    )}\n`
  if (format === 'csv')
    return [columns.map((c) => c.label), ...rows.map((row) => columns.map((c) => cell(row[c.key])))]
      .map((fields) => `${fields.map(csvField).join(',')}\r\n`)
      .join('')
  return table(rows, columns)
}

function pick(row: Record<string, unknown>, columns: readonly ReportColumn[]) {
  return Object.fromEntries(columns.map((c) => [c.key, row[c.key] ?? null]))
}

/** A value as text: dates as ISO instants, nothing as the empty string. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** A field quoted when it holds a comma, a quote or a line break, its quotes doubled. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

function table(rows: readonly Record<string, unknown>[], columns: readonly ReportColumn[]): string {
  // A line break inside a cell would tear the row apart.
  const texts = rows.map((row) =>
    columns.map((c) => cell(row[c.key]).replace(/\s*[\r\n]+\s*/g, ' ') || '-'),
  )
  const right = columns.map(
    (c) =>
      c.align === 'right' ||
      (c.align === undefined &&
        rows.every((row) => typeof row[c.key] === 'number' || row[c.key] == null) &&
        rows.some((row) => typeof row[c.key] === 'number')),
  )
  const widths = columns.map((c, i) =>
    Math.max(c.label.length, ...texts.map((t) => (t[i] ?? '').length)),
  )
  const line = (cells: readonly string[]) =>
    `${cells
      .map((text, i) => {
        const width = widths[i] ?? 0
        return right[i] ? text.padStart(width) : text.padEnd(width)
      })
      .join('  ')
      .trimEnd()}\n`
  return line(columns.map((c) => c.label)) + texts.map(line).join('')
}
