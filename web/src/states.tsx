import type { ReactNode } from 'react'

// What a view shows while it waits, when it failed, and when there is nothing: each says what
// happened and, where there is one, what to do.

export function Loading(props: { readonly what: string }) {
  return (
    <p className="state" role="status">
      <span className="spinner" aria-hidden="true" /> Loading {props.what}…
    </p>
  )
}

export function Failure(props: {
  readonly title: string
  readonly message: string
  readonly onRetry?: () => void
}) {
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>{props.title}</strong> {props.message}
      </p>
      {props.onRetry && (
        <button type="button" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  )
}

export function Empty(props: { readonly children: ReactNode }) {
  return <p className="state state-empty">{props.children}</p>
}
