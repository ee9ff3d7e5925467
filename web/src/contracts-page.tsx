import { type KeyboardEvent, useRef } from 'react'
import { ContractKindPanel } from './contract-kind-panel.tsx'
import { CONTRACT_KINDS, isContractKind } from './contract-versions.ts'
import { useQuery } from './router.tsx'
import type { ContractKind, SessionUser } from './types.ts'

/**
 * The contracts marketing and sales agree on, one tab per kind: every version with where it
 * stands, what changed, the approvals of both sides, activation and a backtest of a draft.
 */
export function ContractsPage(props: { readonly user: SessionUser }) {
  const [query, setQuery] = useQuery()
  const asked = query.get('kind')
  const kind: ContractKind = isContractKind(asked) ? asked : 'qualification'
  const tabs = useRef(new Map<ContractKind, HTMLButtonElement>())

  const choose = (next: ContractKind) =>
    setQuery({
      kind: next === 'qualification' ? undefined : next,
      version: undefined,
      compare: undefined,
    })

  // The tabs as one stop for Tab, moved between with the arrow keys (the ARIA tabs pattern).
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = CONTRACT_KINDS.findIndex((k) => k.kind === kind)
    const last = CONTRACT_KINDS.length - 1
    const to =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : undefined
    const next = to === undefined ? undefined : CONTRACT_KINDS[to]?.kind
    if (next === undefined) return
    event.preventDefault()
    choose(next)
    tabs.current.get(next)?.focus()
  }

  return (
    <>
      <h1>Contracts</h1>
      <p className="lead">
        What marketing and sales agree on, version by version. A new version takes effect once a
        marketing user and a sales user have both approved it and it is activated; activating the
        qualification definition or the ICP re-scores everyone.
      </p>
      <div role="tablist" aria-label="Contracts" className="tabs" onKeyDown={onKeyDown}>
        {CONTRACT_KINDS.map((k) => (
          <button
            key={k.kind}
            ref={(element) => {
              if (element === null) tabs.current.delete(k.kind)
              else tabs.current.set(k.kind, element)
            }}
            type="button"
            role="tab"
            id={`contract-tab-${k.kind}`}
            aria-selected={k.kind === kind}
            aria-controls="contract-panel"
            tabIndex={k.kind === kind ? 0 : -1}
            className="tab"
            onClick={() => choose(k.kind)}
          >
            {k.name}
          </button>
        ))}
      </div>
      <section role="tabpanel" id="contract-panel" aria-labelledby={`contract-tab-${kind}`}>
        <ContractKindPanel key={kind} kind={kind} user={props.user} />
      </section>
    </>
  )
}
