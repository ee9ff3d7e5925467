import { type KeyboardEvent, useEffect, useRef, useState } from 'react'
import { api } from './api.ts'
import { Countdown } from './countdown.tsx'
import { KIND_LABELS, subjectOf } from './handoff-labels.ts'
import { REASON_CODES, REASON_LABELS, type ReasonCode } from './reasons.ts'
import type { PendingHandoff } from './types.ts'

type Action = 'accept' | 'reject' | 'recycle'
const DONE: Readonly<Record<Action, string>> = {
  accept: 'Accepted',
  reject: 'Rejected',
  recycle: 'Recycled to nurture',
}

/**
 * One handoff in the queue with its answers: accept in one click (or A), reject (R) or recycle
 * (C) in two: the action, then the reason.
 */
export function QueueItem(props: {
  readonly handoff: PendingHandoff
  /** The server's time now: the queue's one ticking clock. */
  readonly now: number
  readonly onAnswered: (id: string, message: string) => void
  readonly onMove: (id: string, step: 1 | -1) => void
  readonly acceptRef: (element: HTMLButtonElement | null) => void
}) {
  const h = props.handoff
  const who = subjectOf(h)
  const [picking, setPicking] = useState<'reject' | 'recycle' | undefined>()
  const [other, setOther] = useState(false)
  const [otherText, setOtherText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const firstReason = useRef<HTMLButtonElement>(null)
  const otherInput = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (picking !== undefined && !other) firstReason.current?.focus()
  }, [picking, other])
  useEffect(() => {
    if (other) otherInput.current?.focus()
  }, [other])

  const answer = async (action: Action, reasonCode?: ReasonCode, reasonText?: string) => {
    setBusy(true)
    setError(undefined)
    const result = await api(`/v1/assignments/${h.id}/${action}`, {
      method: 'POST',
      ...(reasonCode === undefined
        ? {}
        : { body: { reasonCode, ...(reasonText ? { reasonText } : {}) } }),
    })
    setBusy(false)
    if (result.ok) {
      const why = reasonCode === undefined ? '' : ` (${REASON_LABELS[reasonCode].replace('…', '')})`
      props.onAnswered(h.id, `${DONE[action]} ${who}${why}.`)
    } else setError(`Could not ${action} ${who}: ${result.message}`)
  }

  const close = () => {
    setPicking(undefined)
    setOther(false)
    setOtherText('')
  }

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>) => {
    const target = event.target as HTMLElement
    if (target.tagName === 'INPUT' || event.altKey || event.ctrlKey || event.metaKey) {
      if (event.key === 'Escape') close()
      return
    }
    const key = event.key.toLowerCase()
    if (key === 'escape' && picking !== undefined) close()
    else if (busy) return
    else if (key === 'a') void answer('accept')
    else if (key === 'r') setPicking('reject')
    else if (key === 'c') setPicking('recycle')
    else if (key === 'arrowdown' || key === 'j') props.onMove(h.id, 1)
    else if (key === 'arrowup' || key === 'k') props.onMove(h.id, -1)
    else return
    event.preventDefault()
  }

  const verb = picking === 'reject' ? 'Reject' : 'Recycle'
  return (
    <li className="row queue-item" onKeyDown={onKeyDown} aria-busy={busy}>
      <span className="row-main">
        <span className="subject">{who}</span>
        <span className="kind">{KIND_LABELS[h.kind]}</span>
        <span className="row-meta">
          {h.contactEmail && h.contactName ? `${h.contactEmail} · ` : ''}
          {h.accountName ? `${h.accountName} · ` : ''}
          owner {h.ownerName}
        </span>
        {h.routingReasons.length > 0 && (
          <span className="reasons">Routed: {h.routingReasons.join('; ')}</span>
        )}
      </span>
      <Countdown dueAt={h.acceptDueAt} now={props.now} label="Accept by" />
      <span className="actions">
        <button
          type="button"
          ref={props.acceptRef}
          disabled={busy}
          onClick={() => void answer('accept')}
          aria-label={`Accept ${who}`}
          aria-keyshortcuts="A"
        >
          Accept
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          aria-expanded={picking === 'reject'}
          onClick={() => setPicking(picking === 'reject' ? undefined : 'reject')}
          aria-label={`Reject ${who}`}
          aria-keyshortcuts="R"
        >
          Reject
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          aria-expanded={picking === 'recycle'}
          onClick={() => setPicking(picking === 'recycle' ? undefined : 'recycle')}
          aria-label={`Recycle ${who}`}
          aria-keyshortcuts="C"
        >
          Recycle
        </button>
      </span>
      {picking !== undefined && (
        <fieldset className="reason-picker">
          <legend>
            Why {picking === 'reject' ? 'reject' : 'recycle'} {who}?
          </legend>
          {REASON_CODES.filter((code) => code !== 'other').map((code, i) => (
            <button
              key={code}
              type="button"
              className="reason"
              ref={i === 0 ? firstReason : undefined}
              disabled={busy}
              onClick={() => void answer(picking, code)}
            >
              {REASON_LABELS[code]}
            </button>
          ))}
          <button
            type="button"
            className="reason"
            aria-expanded={other}
            onClick={() => setOther(true)}
          >
            {REASON_LABELS.other}
          </button>
          {other && (
            <form
              className="other-reason"
              onSubmit={(event) => {
                event.preventDefault()
                void answer(picking, 'other', otherText.trim())
              }}
            >
              <label>
                Say why
                <input
                  ref={otherInput}
                  value={otherText}
                  onChange={(e) => setOtherText(e.target.value)}
                  required
                  maxLength={2000}
                />
              </label>
              <button type="submit" disabled={busy || otherText.trim() === ''}>
                {verb}
              </button>
            </form>
          )}
          <button type="button" className="quiet" onClick={close}>
            Cancel
          </button>
        </fieldset>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  )
}
