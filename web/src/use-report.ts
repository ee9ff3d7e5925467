import { useCallback, useEffect, useState } from 'react'
import { api } from './api.ts'

// A report read from the API for the filters in its address: loading, failed (with what to do),
// or ready. Changing a filter reads it again; an answer for other filters is never shown, not
// even for the moment before the new one is asked for.

export type Loaded<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'ready'; readonly data: T }

const LOADING = { status: 'loading' } as const

/** `path` null: nothing to read yet. */
export function useReport<T>(path: string | null): {
  readonly report: Loaded<T>
  readonly retry: () => void
} {
  const [answer, setAnswer] = useState<{ path: string; loaded: Loaded<T> } | null>(null)
  const [attempt, setAttempt] = useState(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks for the same report again
  useEffect(() => {
    if (path === null) return
    let current = true
    setAnswer({ path, loaded: LOADING })
    void api<T>(path).then((result) => {
      if (!current) return
      setAnswer({
        path,
        loaded: result.ok
          ? { status: 'ready', data: result.data }
          : { status: 'failed', message: result.message },
      })
    })
    return () => {
      current = false
    }
  }, [path, attempt])
  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  return { report: answer !== null && answer.path === path ? answer.loaded : LOADING, retry }
}
