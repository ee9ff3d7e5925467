import type { ReactNode } from 'react'
import { Failure, Loading } from './states.tsx'
import type { Loaded } from './use-report.ts'

// A report's part of a view: loading, what went wrong (with a retry), or the report itself.

export function LoadedReport<T>(props: {
  readonly report: Loaded<T>
  readonly retry: () => void
  /** What the report is, in words: "the SLA report". */
  readonly what: string
  readonly children: (data: T) => ReactNode
}) {
  if (props.report.status === 'loading') return <Loading what={props.what} />
  if (props.report.status === 'failed')
    return (
      <Failure
        title={`${props.what[0]?.toUpperCase()}${props.what.slice(1)} could not be loaded.`}
        message={props.report.message}
        onRetry={props.retry}
      />
    )
  return <>{props.children(props.report.data)}</>
}
