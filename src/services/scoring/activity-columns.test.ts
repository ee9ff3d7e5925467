import { describe, expect, it } from 'vitest'
import { ActivityColumns, NOT_IN_PASS } from './activity-columns.ts'

const day = (d: number) => Date.UTC(2026, 10, d)

describe('ActivityColumns', () => {
  it('gives each contact and account its own activities, oldest first', () => {
    const columns = new ActivityColumns(3, 2)
    columns.add(2, 1, 'web_visit', 'marketing', day(5), '/pricing')
    columns.add(0, NOT_IN_PASS, 'email_open', 'marketing', day(9), null)
    columns.add(2, 1, 'meeting', 'sales', day(1), null)
    columns.add(NOT_IN_PASS, 0, 'call', 'sdr', day(3), null)
    expect(columns.length).toBe(4)

    expect([...columns.byContact()]).toEqual([
      [0, [{ type: 'email_open', occurredAt: new Date(day(9)), path: null }]],
      [1, []],
      [
        2,
        [
          { type: 'meeting', occurredAt: new Date(day(1)), path: null },
          { type: 'web_visit', occurredAt: new Date(day(5)), path: '/pricing' },
        ],
      ],
    ])
    expect([...columns.byAccount()]).toEqual([
      [0, [{ type: 'call', function: 'sdr', occurredAt: new Date(day(3)) }]],
      [
        1,
        [
          { type: 'meeting', function: 'sales', occurredAt: new Date(day(1)) },
          { type: 'web_visit', function: 'marketing', occurredAt: new Date(day(5)) },
        ],
      ],
    ])
  })

  it('keeps every activity as it grows past its first allocation', () => {
    const columns = new ActivityColumns(10, 0)
    for (let i = 0; i < 5_000; i++)
      columns.add(
        i % 10,
        NOT_IN_PASS,
        `type ${i % 7}`,
        'marketing',
        day(1) + i,
        i % 1_000 === 0 ? `/page/${i}` : null,
      )
    const byContact = [...columns.byContact()]
    expect(byContact.map(([, list]) => list.length)).toEqual(Array(10).fill(500))
    const [, third] = byContact[3] ?? []
    expect(third?.[0]).toEqual({ type: 'type 3', occurredAt: new Date(day(1) + 3), path: null })
    expect(third?.at(-1)?.occurredAt).toEqual(new Date(day(1) + 4_993))
    const [, first] = byContact[0] ?? []
    expect(first?.filter((a) => a.path !== null).map((a) => a.path)).toEqual(
      [0, 1_000, 2_000, 3_000, 4_000].map((i) => `/page/${i}`),
    )
  })
})
