import { type MouseEvent, type ReactNode, useEffect, useState } from 'react'

// The dashboard's addresses (/, /queue, /login) without a routing library: the History API and
// one event that tells every listener the address changed.

const CHANGED = 'tandem:navigate'

export function navigate(to: string, options: { readonly replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  window.dispatchEvent(new Event(CHANGED))
}

/** The current path, kept up to date as people follow links or go back. */
export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname)
  useEffect(() => {
    const update = () => setPath(window.location.pathname)
    window.addEventListener('popstate', update)
    window.addEventListener(CHANGED, update)
    return () => {
      window.removeEventListener('popstate', update)
      window.removeEventListener(CHANGED, update)
    }
  }, [])
  return path
}

/** A real link (it opens in a new tab, it is announced as a link) that navigates in place. */
export function Link(props: {
  readonly to: string
  readonly children: ReactNode
  readonly current?: boolean
  readonly className?: string
}) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return
    event.preventDefault()
    navigate(props.to)
  }
  return (
    <a
      href={props.to}
      onClick={onClick}
      className={props.className}
      aria-current={props.current ? 'page' : undefined}
    >
      {props.children}
    </a>
  )
}
