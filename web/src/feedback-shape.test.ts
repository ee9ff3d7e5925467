import { describe, expect, it } from 'vitest'
import { feedbackChartOption, feedbackGroups, reasonLabel } from './feedback-shape.ts'
import type { FeedbackCount } from './types.ts'

const rows: FeedbackCount[] = [
  { key: 'webinar', label: 'webinar', outcome: 'rejected', reason: 'not_icp', count: 2 },
  { key: 'webinar', label: 'webinar', outcome: 'rejected', reason: 'duplicate', count: 1 },
  { key: 'webinar', label: 'webinar', outcome: 'lost', reason: 'Price', count: 1 },
  { key: '(none)', label: '(no source)', outcome: 'recycled', reason: 'wrong_timing', count: 3 },
]

describe('the closed loop for people', () => {
  it('counts each outcome per group, in the order the report gives the groups', () => {
    expect(feedbackGroups(rows)).toEqual([
      {
        key: 'webinar',
        label: 'webinar',
        counts: { rejected: 3, recycled: 0, disqualified: 0, lost: 1 },
        total: 4,
      },
      {
        key: '(none)',
        label: '(no source)',
        counts: { rejected: 0, recycled: 3, disqualified: 0, lost: 0 },
        total: 3,
      },
    ])
  })

  it('stacks the outcomes per group', () => {
    const option = feedbackChartOption(feedbackGroups(rows)) as {
      xAxis: { data: string[] }
      series: { name: string; stack: string; data: number[] }[]
    }
    expect(option.xAxis.data).toEqual(['webinar', '(no source)'])
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['Rejected', [3, 0]],
      ['Recycled', [0, 3]],
      ['Disqualified', [0, 0]],
      ['Lost deals', [1, 0]],
    ])
    expect(new Set(option.series.map((s) => s.stack)).size).toBe(1)
  })

  it('says reasons in the words of the queue, and loss reasons as the CRM wrote them', () => {
    expect(reasonLabel('rejected', 'not_icp')).toBe('Not our ICP')
    expect(reasonLabel('recycled', 'other')).toBe('Other')
    expect(reasonLabel('lost', 'Price')).toBe('Price')
    expect(reasonLabel('lost', 'duplicate')).toBe('duplicate')
    expect(reasonLabel('lost', '(none)')).toBe('No reason given')
  })
})
