import type { ReactNode } from 'react'
import { useLiveRadar } from './live-radar.tsx'
import { Link, usePath } from './router.tsx'
import type { SessionUser } from './types.ts'

const CONNECTION_TEXT = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
} as const

/** The views after the radar and the queue, in the order a week's review goes through them. */
const SECTIONS = [
  { to: '/funnel', name: 'Funnel' },
  { to: '/accounts', name: 'Accounts' },
  { to: '/sla', name: 'SLA & closed loop' },
  { to: '/attribution', name: 'Attribution' },
  { to: '/contracts', name: 'Contracts' },
] as const

/** The frame of every view once logged in: where you are, who you are, the live status. */
export function Layout(props: {
  readonly user: SessionUser
  readonly onLogOut: () => void
  readonly children: ReactNode
}) {
  const path = usePath()
  const { radar, connection } = useLiveRadar()
  const answerable = radar?.yoursTotal
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Tandem</span>
        <nav aria-label="Views">
          <Link to="/" current={path === '/'}>
            Radar
          </Link>
          <Link to="/queue" current={path === '/queue'}>
            My queue
            {answerable !== undefined && answerable > 0 && (
              <span className="badge">
                {answerable}
                <span className="visually-hidden"> to answer</span>
              </span>
            )}
          </Link>
          {SECTIONS.map((section) => (
            <Link
              key={section.to}
              to={section.to}
              current={path === section.to || path.startsWith(`${section.to}/`)}
            >
              {section.name}
            </Link>
          ))}
        </nav>
        <span className={`connection connection-${connection}`} title="Live updates">
          <span className="dot" aria-hidden="true" />
          {CONNECTION_TEXT[connection]}
        </span>
        <span className="who">
          {props.user.name} <span className="role">({props.user.role})</span>
        </span>
        <button type="button" className="quiet" onClick={props.onLogOut}>
          Log out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  )
}
