import { useCallback, useEffect, useState } from 'react'
import { api } from './api.ts'
import { BacktestPanel } from './backtest-panel.tsx'
import { ContractDiffList } from './contract-diff-list.tsx'
import { ContractVersionDetail } from './contract-version-detail.tsx'
import {
  CONTRACT_KINDS,
  defaultComparison,
  defaultVersion,
  formatDate,
  isOpen,
  statusText,
} from './contract-versions.ts'
import { useQuery } from './router.tsx'
import { Empty, Failure, Loading } from './states.tsx'
import type { ContractKind, ContractVersion, SessionUser } from './types.ts'

interface Versions {
  readonly items: readonly ContractVersion[]
  /** Where the next page of older versions starts; null when all are here. */
  readonly next: string | null
}

const PAGE = 100

/** The versions of one kind of contract, the chosen one in detail and its changes. */
export function ContractKindPanel(props: {
  readonly kind: ContractKind
  readonly user: SessionUser
}) {
  const about = CONTRACT_KINDS.find((k) => k.kind === props.kind)
  const [query, setQuery] = useQuery()
  const [versions, setVersions] = useState<Versions | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [loadingOlder, setLoadingOlder] = useState(false)

  const load = useCallback(async () => {
    setError(undefined)
    const result = await api<Versions>(`/v1/contracts?kind=${props.kind}&limit=${PAGE}`)
    if (result.ok) setVersions(result.data)
    else setError(result.message)
  }, [props.kind])
  useEffect(() => {
    void load()
  }, [load])

  const loadOlder = async () => {
    if (versions?.next == null) return
    setLoadingOlder(true)
    const result = await api<Versions>(
      `/v1/contracts?kind=${props.kind}&limit=${PAGE}&after=${versions.next}`,
    )
    setLoadingOlder(false)
    if (result.ok)
      setVersions({ items: [...versions.items, ...result.data.items], next: result.data.next })
    else setError(result.message)
  }

  const heading = <h2 className="visually-hidden">{about?.name}</h2>
  if (versions === undefined)
    return (
      <>
        {heading}
        {error === undefined ? (
          <Loading what={`the versions of the ${about?.name.toLowerCase()}`} />
        ) : (
          <Failure title="The versions could not be read." message={error} onRetry={load} />
        )}
      </>
    )
  if (versions.items.length === 0)
    return (
      <>
        {heading}
        <p className="lead">{about?.about}</p>
        <Empty>
          There is no version of the {about?.name.toLowerCase()} yet. Draft one from a file (start
          from <code>{about?.example}</code>) with{' '}
          <code>tandem contract draft FILE --workspace WORKSPACE --as YOUR-EMAIL</code>, or send it
          to <code>POST /v1/contracts</code>; then a marketing user and a sales user approve it
          here.
        </Empty>
      </>
    )

  const items = versions.items
  const byVersion = (asked: string | null) =>
    asked === null ? undefined : items.find((v) => String(v.version) === asked)
  const selected = byVersion(query.get('version')) ?? defaultVersion(items)
  if (selected === undefined) return null
  const compareAsked = query.get('compare')
  const comparison =
    compareAsked === 'none'
      ? undefined
      : (byVersion(compareAsked) ?? defaultComparison(items, selected))
  const active = items.find((v) => v.status === 'active')

  return (
    <>
      {heading}
      <p className="lead">{about?.about}</p>
      {error !== undefined && (
        <Failure title="The versions could not be read." message={error} onRetry={load} />
      )}
      <div className="table-scroll">
        <table className="versions">
          <caption className="visually-hidden">Versions of the {about?.name}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Marketing approval</th>
              <th scope="col">Sales approval</th>
              <th scope="col">Drafted</th>
            </tr>
          </thead>
          <tbody>
            {items.map((v) => {
              const chosen = v.id === selected.id
              return (
                <tr key={v.id} className={chosen ? 'selected' : undefined}>
                  <th scope="row">
                    <button
                      type="button"
                      className="quiet"
                      aria-pressed={chosen}
                      onClick={() => setQuery({ version: String(v.version), compare: undefined })}
                    >
                      Version {v.version}
                    </button>
                  </th>
                  <td>{v.name}</td>
                  <td>
                    <span className={`status status-${v.status}`}>{statusText(v)}</span>
                    {v.activatedAt !== null && (
                      <span className="row-meta"> since {formatDate(v.activatedAt)}</span>
                    )}
                    {v.retiredAt !== null && (
                      <span className="row-meta"> on {formatDate(v.retiredAt)}</span>
                    )}
                  </td>
                  {(['marketing', 'sales'] as const).map((side) => {
                    const approval = v.approvals.find((a) => a.side === side)
                    return (
                      <td key={side}>
                        {approval === undefined ? (
                          <span className="row-meta">{isOpen(v.status) ? 'Awaited' : '—'}</span>
                        ) : (
                          <>
                            <span aria-hidden="true">✓ </span>
                            {approval.userName}, {formatDate(approval.approvedAt)}
                          </>
                        )}
                      </td>
                    )
                  })}
                  <td>{formatDate(v.createdAt)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      {versions.next !== null && (
        <button type="button" className="secondary" onClick={loadOlder} disabled={loadingOlder}>
          {loadingOlder ? 'Loading older versions…' : 'Show older versions'}
        </button>
      )}

      <ContractVersionDetail
        key={`detail ${selected.id}`}
        contract={selected}
        user={props.user}
        onChanged={load}
      />

      <ContractDiffList
        contract={selected}
        comparison={comparison}
        others={items.filter((v) => v.id !== selected.id)}
        onCompare={(version) => setQuery({ compare: version })}
      />

      {props.kind === 'qualification' && isOpen(selected.status) && (
        <BacktestPanel key={`backtest ${selected.id}`} contract={selected} active={active} />
      )}
    </>
  )
}
