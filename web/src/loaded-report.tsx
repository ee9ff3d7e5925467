import type { ReactNode } from 'react'
import { Failure, Loading } from './states.tsx'
import type { Read } from './use-read.ts'

// A report's part of a view: loading, what went wrong (with a retry), or the report itself.

export function LoadedReport<T>(props: {
  readonly read: Read<T>
  /** What the report is, in words: "the SLA report". */
  readonly what: string
  readonly children: (data: T) => ReactNode
}) {
  const { result, retry } = props.read
  if (result === undefined) return <Loading what={props.what} />
  if (!result.ok)
    return (
      <Failure
        title={`${props.what[0]?.toUpperCase()}${props.what.slice(1)} could not be loaded.`}
        message={result.message}
        onRetry={retry}
      />
    )
  return <>{props.children(result.data)}</>
}
