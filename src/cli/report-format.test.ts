import { describe, expect, it } from 'vitest'
import { formatReport, type ReportColumn } from './report-format.ts'

const columns: readonly ReportColumn[] = [
  { key: 'team', label: 'Team' },
  { key: 'handoffs', label: 'Handoffs' },
  { key: 'share', label: 'In SLA', align: 'right' },
]

const rows = [
  { team: 'SDR Volume', handoffs: 12, share: '75.0%' },
  { team: 'SDR Enterprise', handoffs: 3, share: null },
]

describe('formatReport as a table', () => {
  it('aligns text left and numbers right, each column as wide as its widest cell', () => {
    expect(formatReport(rows, columns, 'table')).toBe(
      [
        'Team            Handoffs  In SLA',
        'SDR Volume            12   75.0%',
        'SDR Enterprise         3       -',
        '',
      ].join('\n'),
    )
  })

  it('keeps a cell with a line break on its row', () => {
    const text = formatReport([{ team: 'Two\nlines', handoffs: 1 }], columns.slice(0, 2), 'table')
    expect(text.split('\n')).toEqual(['Team       Handoffs', 'Two lines         1', ''])
  })

  it('prints the header alone when there are no rows', () => {
    expect(formatReport([], columns, 'table')).toBe('Team  Handoffs  In SLA\n')
  })
})

describe('formatReport as CSV', () => {
  it('writes a header and quotes commas, quotes and line breaks (RFC 4180)', () => {
    const csv = formatReport(
      [
        { team: 'Sales, EMEA', handoffs: 2, share: 0.5 },
        { team: 'The "A" team', handoffs: 0, share: null },
        { team: 'Two\nlines', handoffs: 1, share: 1 },
      ],
      columns,
      'csv',
    )
    expect(csv).toBe(
      'Team,Handoffs,In SLA\r\n' +
        '"Sales, EMEA",2,0.5\r\n' +
        '"The ""A"" team",0,\r\n' +
        '"Two\nlines",1,1\r\n',
    )
  })

  it('writes dates as ISO instants', () => {
    const csv = formatReport(
      [{ at: new Date('2026-03-02T10:00:00Z') }],
      [{ key: 'at', label: 'At' }],
      'csv',
    )
    expect(csv).toBe('At\r\n2026-03-02T10:00:00.000Z\r\n')
  })
})

describe('formatReport as JSON', () => {
  it("gives each row the columns' keys in order, and null for what is missing", () => {
    const json = formatReport([{ handoffs: 1, team: 'SDR Volume', extra: true }], columns, 'json')
    expect(json.endsWith('\n')).toBe(true)
    const parsed = JSON.parse(json)
    expect(parsed).toEqual([{ team: 'SDR Volume', handoffs: 1, share: null }])
    expect(Object.keys(parsed[0])).toEqual(['team', 'handoffs', 'share'])
  })
})
