import { Countdown } from './countdown.tsx'
import { KIND_LABELS, subjectOf } from './handoff-labels.ts'
import { useLiveRadar } from './live-radar.tsx'
import { Link } from './router.tsx'
import { serverTime } from './server-clock.ts'
import { Empty, Failure, Loading } from './states.tsx'
import type { PendingHandoff } from './types.ts'
import { useNow } from './use-now.ts'

/** Home: what needs attention now, kept current by the server's event stream. */
export function RadarPage() {
  const { radar, receivedAt, error, refresh } = useLiveRadar()
  const now = useNow()
  if (radar === undefined) {
    if (error !== undefined)
      return (
        <>
          <h1>Radar</h1>
          <Failure title="The radar could not be read." message={error} onRetry={refresh} />
        </>
      )
    return (
      <>
        <h1>Radar</h1>
        <Loading what="the radar" />
      </>
    )
  }
  const serverNow = serverTime(radar.now, receivedAt, now)
  const overdue = (p: PendingHandoff) =>
    p.acceptDueAt !== null && Date.parse(p.acceptDueAt) <= serverNow
  const breached = radar.pending.filter(overdue)
  const waiting = radar.pending.filter((p) => !overdue(p))

  return (
    <>
      <h1>Radar</h1>
      {error !== undefined && (
        <Failure title="The latest radar could not be read." message={error} onRetry={refresh} />
      )}
      <ul className="tiles" aria-label="Summary">
        <li>
          <span className="tile-number">{radar.pendingTotal}</span> waiting for an answer
        </li>
        <li className={breached.length > 0 ? 'tile-alert' : undefined}>
          <span className="tile-number">{breached.length}</span> past the accept deadline
        </li>
        <li className={radar.firstTouchBreaches.length > 0 ? 'tile-alert' : undefined}>
          <span className="tile-number">{radar.firstTouchBreaches.length}</span> first touch overdue
        </li>
        <li>
          <span className="tile-number">{radar.surging.length}</span> accounts surging
        </li>
      </ul>

      <section aria-labelledby="breaches">
        <h2 id="breaches">SLA breaches</h2>
        {breached.length === 0 && radar.firstTouchBreaches.length === 0 ? (
          <Empty>No deadline has passed: every handoff was answered and touched in time.</Empty>
        ) : (
          <ul className="rows">
            {breached.map((p) => (
              <li key={p.id} className="row row-alert">
                <HandoffSummary handoff={p} />
                <span className="row-meta">not accepted</span>
                <Countdown dueAt={p.acceptDueAt} label="Accept by" now={serverNow} />
              </li>
            ))}
            {radar.firstTouchBreaches.map((b) => (
              <li key={b.id} className="row row-alert">
                <span className="row-main">
                  <span className="subject">{subjectOf(b)}</span>
                  <span className="kind">{KIND_LABELS[b.kind]}</span>
                  <span className="row-meta">accepted by {b.ownerName}, not touched</span>
                </span>
                <Countdown dueAt={b.firstTouchDueAt} label="First touch by" now={serverNow} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="waiting">
        <h2 id="waiting">Waiting for an answer</h2>
        {waiting.length === 0 ? (
          <Empty>
            Nothing else waits for an answer. New MQLs and explore requests appear here as soon as
            they are routed.
          </Empty>
        ) : (
          <ul className="rows">
            {waiting.map((p) => (
              <li key={p.id} className="row">
                <HandoffSummary handoff={p} />
                {p.mayAnswer && (
                  <Link to="/queue" className="row-action">
                    Answer
                  </Link>
                )}
                <Countdown dueAt={p.acceptDueAt} label="Accept by" now={serverNow} />
              </li>
            ))}
          </ul>
        )}
        {radar.pendingTotal > radar.pending.length && (
          <p className="more">
            Showing the {radar.pending.length} with the soonest deadlines of {radar.pendingTotal}.
          </p>
        )}
      </section>

      <div className="columns">
        <section aria-labelledby="surging">
          <h2 id="surging">Surging accounts</h2>
          {radar.surging.length === 0 ? (
            <Empty>No account's engagement is surging this week.</Empty>
          ) : (
            <table>
              <caption className="visually-hidden">
                Accounts engaging at least twice as much this week as in the three before
              </caption>
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Momentum</th>
                  <th scope="col">Engagement</th>
                  <th scope="col">ICP tier</th>
                </tr>
              </thead>
              <tbody>
                {radar.surging.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link to={`/accounts/${a.id}`}>{a.name}</Link>
                      {a.domain && <span className="row-meta"> {a.domain}</span>}
                    </th>
                    <td>×{a.momentum.toFixed(1)}</td>
                    <td>{Math.round(a.engagementScore)}</td>
                    <td>{a.icpTier ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section aria-labelledby="moves">
          <h2 id="moves">Accounts that moved stage</h2>
          {radar.stageMoves.length === 0 ? (
            <Empty>No account moved stage this week.</Empty>
          ) : (
            <ul className="rows">
              {radar.stageMoves.map((m) => (
                <li key={m.id} className="row">
                  <span className="row-main">
                    <span className="subject">{m.name}</span>
                    <span className="kind">{m.stage ?? 'no stage'}</span>
                  </span>
                  <time dateTime={m.changedAt} className="row-meta">
                    {new Date(m.changedAt).toLocaleDateString()}
                  </time>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  )
}

function HandoffSummary(props: { readonly handoff: PendingHandoff }) {
  const h = props.handoff
  return (
    <span className="row-main">
      <span className="subject">{subjectOf(h)}</span>
      <span className="kind">{KIND_LABELS[h.kind]}</span>
      <span className="row-meta">
        {h.accountName && h.contactName ? `${h.accountName} · ` : ''}
        {h.ownerName}
        {h.teamName ? ` (${h.teamName})` : ''}
      </span>
    </span>
  )
}
