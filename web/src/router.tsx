import { type MouseEvent, type ReactNode, useEffect, useState } from 'react'

// The dashboard's addresses (/, /queue, /accounts/ID, /funnel?period=…) without a routing library:
// the History API and one event that tells every listener the address changed. A view's filters
// live in the query string, so a filtered view can be bookmarked and shared.

const CHANGED = 'tandem:navigate'

export function navigate(to: string, options: { readonly replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  window.dispatchEvent(new Event(CHANGED))
}

/** The current path, kept up to date as people follow links or go back. */
export function usePath(): string {
  return useLocation().path
}

/** The current query string's parameters, and a way to change them in place (no new history entry). */
export function useQuery(): readonly [
  URLSearchParams,
  (change: Readonly<Record<string, string | undefined>>) => void,
] {
  const { path, search } = useLocation()
  const params = new URLSearchParams(search)
  const setQuery = (change: Readonly<Record<string, string | undefined>>) => {
    const next = new URLSearchParams(search)
    for (const [name, value] of Object.entries(change))
      if (value === undefined || value === '') next.delete(name)
      else next.set(name, value)
    const query = next.toString()
    navigate(query === '' ? path : `${path}?${query}`, { replace: true })
  }
  return [params, setQuery]
}

const readLocation = () => ({ path: window.location.pathname, search: window.location.search })

function useLocation(): { readonly path: string; readonly search: string } {
  const [location, setLocation] = useState(readLocation)
  useEffect(() => {
    const update = () =>
      setLocation((was) => {
        const now = readLocation()
        return now.path === was.path && now.search === was.search ? was : now
      })
    window.addEventListener('popstate', update)
    window.addEventListener(CHANGED, update)
    return () => {
      window.removeEventListener('popstate', update)
      window.removeEventListener(CHANGED, update)
    }
  }, [])
  return location
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
