import { useCallback, useEffect, useState } from 'react'
import { type ApiResult, api } from './api.ts'

// One read from the API that follows its address: read again when the address changes, keep only
// the answer to the latest address (a slow earlier answer never overwrites a newer one), and
// read again on request after a failure.

export interface Read<T> {
  /** Undefined while the answer for the current address is on its way. */
  readonly result: ApiResult<T> | undefined
  readonly retry: () => void
}

export function useRead<T>(path: string | undefined): Read<T> {
  const [read, setRead] = useState<{ path?: string; result?: ApiResult<T> }>({})
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    if (path === undefined || attempt < 0) return
    let current = true
    void api<T>(path).then((result) => {
      if (current) setRead({ path, result })
    })
    return () => {
      current = false
    }
  }, [path, attempt])
  const retry = useCallback(() => {
    setRead({})
    setAttempt((n) => n + 1)
  }, [])
  return { result: read.path === path ? read.result : undefined, retry }
}
