import { type ReactNode, useCallback, useEffect, useState } from 'react'
import { AccountPage } from './account-page.tsx'
import { AccountsPage } from './accounts-page.tsx'
import { api } from './api.ts'
import { AttributionPage } from './attribution-page.tsx'
import { loadCharts, preloadCharts } from './chart.tsx'
import { ContractsPage } from './contracts-page.tsx'
import { FunnelPage } from './funnel-page.tsx'
import { Layout } from './layout.tsx'
import { LiveRadarProvider } from './live-radar.tsx'
import { LoginPage } from './login-page.tsx'
import { QueuePage } from './queue-page.tsx'
import { RadarPage } from './radar-page.tsx'
import { Link, navigate, usePath } from './router.tsx'
import { SlaPage } from './sla-page.tsx'
import { Failure, Loading } from './states.tsx'
import type { SessionUser } from './types.ts'

type Session =
  | { readonly status: 'checking' }
  | { readonly status: 'out'; readonly notice?: string }
  | { readonly status: 'in'; readonly user: SessionUser }
  | { readonly status: 'unreachable'; readonly message: string }

/** The views that chart their figures as soon as they open. */
const CHARTING_PATHS = new Set(['/funnel', '/sla', '/attribution'])
const chartsAt = (path: string) => CHARTING_PATHS.has(path) || path.startsWith('/accounts/')

/** What the dashboard shows at a path once logged in: the view and the page's title. */
function viewAt(
  path: string,
  user: SessionUser,
): { readonly title: string; readonly view: ReactNode } {
  const account = /^\/accounts\/([^/]+)$/.exec(path)
  if (account?.[1] !== undefined)
    return {
      title: 'Account',
      view: <AccountPage id={decodeURIComponent(account[1])} user={user} />,
    }
  switch (path) {
    case '/':
    case '/login':
      return { title: 'Radar', view: <RadarPage /> }
    case '/queue':
      return { title: 'My queue', view: <QueuePage user={user} /> }
    case '/funnel':
      return { title: 'Double funnel', view: <FunnelPage /> }
    case '/accounts':
      return { title: 'Accounts', view: <AccountsPage /> }
    case '/contracts':
      return { title: 'Contracts', view: <ContractsPage user={user} /> }
    case '/sla':
      return { title: 'SLA and closed loop', view: <SlaPage /> }
    case '/attribution':
      return { title: 'Attribution', view: <AttributionPage /> }
    default:
      return {
        title: 'Not found',
        view: (
          <>
            <h1>Not found</h1>
            <p>
              The dashboard has no page at {path}. Go to the <Link to="/">radar</Link>.
            </p>
          </>
        ),
      }
  }
}

export function App() {
  const path = usePath()
  const [session, setSession] = useState<Session>({ status: 'checking' })

  const check = useCallback(async () => {
    setSession({ status: 'checking' })
    const result = await api<{ user: SessionUser }>('/v1/session')
    if (result.ok) setSession({ status: 'in', user: result.data.user })
    else if (result.status === 401) setSession({ status: 'out' })
    else setSession({ status: 'unreachable', message: result.message })
  }, [])
  useEffect(() => {
    void check()
  }, [check])

  // Logged out, every address shows the login; logged in, the login is no place to stay.
  useEffect(() => {
    if (session.status === 'out' && path !== '/login') navigate('/login', { replace: true })
    if (session.status === 'in' && path === '/login') navigate('/', { replace: true })
  }, [session.status, path])

  useEffect(() => {
    const title = session.status === 'in' ? viewAt(path, session.user).title : 'Log in'
    document.title = `${title} · Tandem`
  }, [session, path])

  // A view with charts fetches ECharts beside its figures; any other, once the page is idle.
  useEffect(() => {
    if (session.status !== 'in') return
    if (chartsAt(path)) loadCharts()
    else preloadCharts()
  }, [session.status, path])

  const sessionEnded = useCallback(
    () => setSession({ status: 'out', notice: 'Your session has ended: log in again.' }),
    [],
  )
  const logOut = async () => {
    await api('/v1/session', { method: 'DELETE' })
    setSession({ status: 'out', notice: 'You are logged out.' })
  }

  if (session.status === 'checking')
    return (
      <main id="main" className="login">
        <Loading what="Tandem" />
      </main>
    )
  if (session.status === 'unreachable')
    return (
      <main id="main" className="login">
        <Failure title="Tandem could not be reached." message={session.message} onRetry={check} />
      </main>
    )
  if (session.status === 'out')
    return (
      <LoginPage
        notice={session.notice}
        onLoggedIn={(user) => {
          setSession({ status: 'in', user })
          navigate('/', { replace: true })
        }}
      />
    )
  return (
    <LiveRadarProvider onSessionEnded={sessionEnded}>
      <Layout user={session.user} onLogOut={logOut}>
        {viewAt(path, session.user).view}
      </Layout>
    </LiveRadarProvider>
  )
}
