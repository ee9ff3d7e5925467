import { useEffect, useId, useState } from 'react'
import { api } from './api.ts'
import {
  activationOffer,
  approvalOffer,
  approvalSideOf,
  formatDate,
  isOpen,
  type Offer,
  statusText,
} from './contract-versions.ts'
import { Failure } from './states.tsx'
import type { ContractVersion, RescoreProgress, SessionUser } from './types.ts'

const PHASE_TEXT = { contacts: 'Re-scoring people', accounts: 'Re-scoring accounts' } as const

/** One version: its approvals, and the approval or activation the person may give it. */
export function ContractVersionDetail(props: {
  readonly contract: ContractVersion
  readonly user: SessionUser
  /** Called after an approval or activation changed the versions. */
  readonly onChanged: () => Promise<void>
}) {
  const { contract, user } = props
  const [busy, setBusy] = useState(false)
  const [announcement, setAnnouncement] = useState('')
  const [error, setError] = useState<string | undefined>(undefined)
  const [rescore, setRescore] = useState<RescoreProgress | undefined>(undefined)
  const headingId = useId()

  // A re-score runs in the background after activation; its progress is read until it is done.
  useEffect(() => {
    if (rescore === undefined || rescore.phase === 'done' || rescore.status === 'failed') return
    const timer = setTimeout(async () => {
      const result = await api<RescoreProgress>(`/v1/rescores/${rescore.runId}`)
      if (result.ok) setRescore(result.data)
      else setError(result.message)
    }, 1000)
    return () => clearTimeout(timer)
  }, [rescore])

  const act = async (path: string, done: (data: never) => string) => {
    setBusy(true)
    setError(undefined)
    setAnnouncement('')
    const result = await api<never>(path, { method: 'POST', body: {} })
    setBusy(false)
    if (!result.ok) {
      setError(result.message)
      return
    }
    setAnnouncement(done(result.data))
    await props.onChanged()
  }

  const approve = () =>
    act(
      `/v1/contracts/${contract.id}/approvals`,
      () => `Approved version ${contract.version} as ${approvalSideOf(user.role)}.`,
    )
  const activate = () =>
    act(
      `/v1/contracts/${contract.id}/activate`,
      (data: { retiredVersion: number | null; rescore: RescoreProgress | null }) => {
        if (data.rescore !== null) setRescore(data.rescore)
        return `Version ${contract.version} is active${
          data.retiredVersion === null ? '' : `; version ${data.retiredVersion} is retired`
        }.`
      },
    )

  const approval = approvalOffer(contract, user.role)
  const activation = activationOffer(contract, user.role)
  return (
    <section aria-labelledby={headingId} className="version-detail">
      <h2 id={headingId}>
        Version {contract.version}: {contract.name}
      </h2>
      <p>
        <span className={`status status-${contract.status}`}>{statusText(contract)}</span>{' '}
        <span className="row-meta">drafted {formatDate(contract.createdAt)}</span>
      </p>
      {contract.approvals.length > 0 && (
        <ul className="approvals">
          {contract.approvals.map((a) => (
            <li key={a.side}>
              <span aria-hidden="true">✓ </span>
              Approved for {a.side} by {a.userName} on {formatDate(a.approvedAt)}
              {a.comment !== null && <q>{a.comment}</q>}
            </li>
          ))}
        </ul>
      )}
      {!isOpen(contract.status) && (
        <p className="refusal">
          Version {contract.version} is {contract.status}: it is no longer approved or activated. To
          change it, draft a new version.
        </p>
      )}
      {isOpen(contract.status) && (
        <div className="contract-actions">
          <OfferButton
            offer={approval}
            busy={busy}
            onClick={approve}
            hideWhenRefused={!mayAsk(user)}
          />
          <OfferButton offer={activation} busy={busy} onClick={activate} />
        </div>
      )}
      <p className="announcement" role="status" aria-live="polite">
        {announcement}
      </p>
      {error !== undefined && <Failure title="That did not work." message={error} />}
      {rescore !== undefined && <RescoreMeter progress={rescore} />}
      <details className="document">
        <summary>Show the whole document</summary>
        <pre>{JSON.stringify(contract.body, null, 2)}</pre>
      </details>
    </section>
  )
}

/** Whether the person approves for a side at all: if not, no approve button is offered. */
const mayAsk = (user: SessionUser) => approvalSideOf(user.role) !== undefined

/** A button the person may press, or the reason they may not beside it, disabled. */
function OfferButton(props: {
  readonly offer: Offer
  readonly busy: boolean
  readonly onClick: () => void
  readonly hideWhenRefused?: boolean
}) {
  const reasonId = useId()
  const { offer } = props
  if (offer.refusal !== undefined && props.hideWhenRefused)
    return <p className="refusal">{offer.refusal}</p>
  return (
    <span className="offer">
      <button
        type="button"
        disabled={props.busy || offer.refusal !== undefined}
        aria-describedby={offer.refusal === undefined ? undefined : reasonId}
        onClick={props.onClick}
      >
        {offer.label}
      </button>
      {offer.refusal !== undefined && (
        <span id={reasonId} className="refusal">
          {offer.refusal}
        </span>
      )}
    </span>
  )
}

function RescoreMeter(props: { readonly progress: RescoreProgress }) {
  const { progress } = props
  if (progress.status === 'failed')
    return (
      <Failure
        title="The re-score stopped."
        message={progress.error ?? 'The server did not say why.'}
      />
    )
  if (progress.phase === 'done')
    return <p className="state">Everyone is re-scored under the new version.</p>
  const label = `${PHASE_TEXT[progress.phase]}: ${progress.done.toLocaleString('en')} of ${progress.total.toLocaleString('en')}`
  return (
    <p className="rescore">
      <label>
        {label}
        <progress max={Math.max(progress.total, 1)} value={progress.done} />
      </label>
    </p>
  )
}
