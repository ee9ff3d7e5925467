import { useEffect, useRef, useState } from 'react'
import { useLiveRadar } from './live-radar.tsx'
import { QueueItem } from './queue-item.tsx'
import { serverTime } from './server-clock.ts'
import { Empty, Failure, Loading } from './states.tsx'
import type { SessionUser } from './types.ts'
import { useNow } from './use-now.ts'

/** The handoffs the person may answer (theirs, their reports', all for an admin), soonest due first. */
export function QueuePage(props: { readonly user: SessionUser }) {
  const { radar, receivedAt, error, refresh } = useLiveRadar()
  const now = useNow()
  // Answered here and not yet gone from the radar: hidden at once, not when the stream catches up.
  const [answered, setAnswered] = useState<ReadonlySet<string>>(new Set())
  const [announcement, setAnnouncement] = useState('')
  const acceptButtons = useRef(new Map<string, HTMLButtonElement>())
  const heading = useRef<HTMLHeadingElement>(null)
  const focusAfter = useRef<string | undefined>(undefined)

  const items = (radar?.yours ?? []).filter((p) => !answered.has(p.id))
  const ids = items.map((p) => p.id)

  // The answered ones that left the radar need no hiding any more.
  const pendingIds = new Set(radar?.yours.map((p) => p.id))
  const stillHidden = [...answered].filter((id) => pendingIds.has(id))
  useEffect(() => {
    if (stillHidden.length < answered.size) setAnswered(new Set(stillHidden))
  })

  // After an answer, the keyboard goes on at the next handoff (or the heading when none is left).
  useEffect(() => {
    if (focusAfter.current === undefined) return
    const next = focusAfter.current
    focusAfter.current = undefined
    const target = acceptButtons.current.get(next)
    if (target !== undefined) target.focus()
    else heading.current?.focus()
  })

  const onAnswered = (id: string, message: string) => {
    const index = ids.indexOf(id)
    focusAfter.current = ids[index + 1] ?? ids[index - 1] ?? ''
    setAnswered(new Set([...answered, id]))
    setAnnouncement(message)
    void refresh()
  }
  const onMove = (id: string, step: 1 | -1) => {
    const target = ids[ids.indexOf(id) + step]
    if (target !== undefined) acceptButtons.current.get(target)?.focus()
  }

  const title = (
    <h1 ref={heading} tabIndex={-1}>
      My queue
    </h1>
  )
  if (radar === undefined)
    return (
      <>
        {title}
        {error !== undefined ? (
          <Failure title="The queue could not be read." message={error} onRetry={refresh} />
        ) : (
          <Loading what="your queue" />
        )}
      </>
    )
  const othersWaiting = radar.pendingTotal - radar.yoursTotal
  const notListed = radar.yoursTotal - radar.yours.length
  return (
    <>
      {title}
      <p className="lead">
        Handoffs you may answer: yours
        {props.user.role === 'admin' ? ', and as an admin everyone’s' : ', and your reports’'}.
        Soonest deadline first.
      </p>
      <p className="keys" id="queue-keys">
        Keyboard: <kbd>Tab</kbd> moves between buttons. On a handoff, <kbd>A</kbd> accepts,{' '}
        <kbd>R</kbd> rejects, <kbd>C</kbd> recycles (then choose the reason), <kbd>↑</kbd>{' '}
        <kbd>↓</kbd> move between handoffs, <kbd>Esc</kbd> closes the reasons.
      </p>
      <p className="announcement" role="status" aria-live="polite">
        {announcement}
      </p>
      {error !== undefined && (
        <Failure title="The latest queue could not be read." message={error} onRetry={refresh} />
      )}
      {items.length === 0 ? (
        <Empty>
          {othersWaiting > 0
            ? `Nothing here is yours to answer. ${othersWaiting} other handoff${othersWaiting === 1 ? ' waits' : 's wait'} for ${othersWaiting === 1 ? 'its' : 'their'} owner, the owner’s manager or an admin; the radar shows them.`
            : 'Your queue is empty. New MQLs and explore requests appear here the moment they are routed to you.'}
        </Empty>
      ) : (
        <ul className="rows" aria-describedby="queue-keys">
          {items.map((p) => (
            <QueueItem
              key={p.id}
              handoff={p}
              now={serverTime(radar.now, receivedAt, now)}
              onAnswered={onAnswered}
              onMove={onMove}
              acceptRef={(element) => {
                if (element === null) acceptButtons.current.delete(p.id)
                else acceptButtons.current.set(p.id, element)
              }}
            />
          ))}
        </ul>
      )}
      {notListed > 0 && (
        <p className="state">
          {notListed} more wait for you after these {radar.yours.length}: they appear here as you
          answer the ones above.
        </p>
      )}
    </>
  )
}
