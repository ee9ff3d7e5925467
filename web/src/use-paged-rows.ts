import { useCallback, useEffect, useState } from 'react'
import { api } from './api.ts'
import type { ReportRowsPage } from './types.ts'

// The rows behind a figure, a page at a time: the first page on opening, the next on request,
// with the total (the figure itself) to say how many there are in all.

export type PagedRows<Row> =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly message: string }
  | {
      readonly status: 'ready'
      readonly total: number
      readonly items: readonly Row[]
      readonly next: number | null
      readonly loadingMore: boolean
    }

const PAGE = 50

export function usePagedRows<Row>(path: string): {
  readonly rows: PagedRows<Row>
  readonly more: () => void
} {
  const [rows, setRows] = useState<PagedRows<Row>>({ status: 'loading' })
  const separator = path.includes('?') ? '&' : '?'

  useEffect(() => {
    let current = true
    setRows({ status: 'loading' })
    void api<ReportRowsPage<Row>>(`${path}${separator}limit=${PAGE}`).then((result) => {
      if (!current) return
      setRows(
        result.ok
          ? { status: 'ready', ...result.data, loadingMore: false }
          : { status: 'failed', message: result.message },
      )
    })
    return () => {
      current = false
    }
  }, [path, separator])

  const more = useCallback(() => {
    if (rows.status !== 'ready' || rows.next === null || rows.loadingMore) return
    setRows({ ...rows, loadingMore: true })
    void api<ReportRowsPage<Row>>(`${path}${separator}limit=${PAGE}&offset=${rows.next}`).then(
      (result) =>
        setRows(
          result.ok
            ? {
                status: 'ready',
                total: result.data.total,
                items: [...rows.items, ...result.data.items],
                next: result.data.next,
                loadingMore: false,
              }
            : { status: 'failed', message: result.message },
        ),
    )
  }, [rows, path, separator])

  return { rows, more }
}
