import { useState } from 'react'
import {
  ACCOUNT_STAGE_LABELS,
  accountsPath,
  momentumText,
  pointsText,
  stageLabel,
  tierLabel,
} from './account-format.ts'
import { api } from './api.ts'
import { Link, useQuery } from './router.tsx'
import { Empty, Failure, Loading } from './states.tsx'
import type { AccountList, AccountSummary } from './types.ts'
import { useRead } from './use-read.ts'

/** Accounts: found by name or domain, narrowed by tier and stage, the most engaged first. */
export function AccountsPage() {
  const [filters, setQuery] = useQuery()
  const path = accountsPath(filters)
  const { result, retry } = useRead<AccountList>(path)
  // Pages after the first, read on request ("Show more"), until the filters change.
  const [more, setMore] = useState<{ path: string; pages: AccountList[] }>({ path, pages: [] })
  const [failedMore, setFailedMore] = useState<{ path: string; message: string } | undefined>()
  const moreError = failedMore?.path === path ? failedMore.message : undefined
  const pages = [...(result?.ok ? [result.data] : []), ...(more.path === path ? more.pages : [])]
  const accounts = pages.flatMap((p) => p.items)
  const next = pages[pages.length - 1]?.next
  const filtered = ['q', 'tier', 'stage'].some((name) => (filters.get(name) ?? '') !== '')

  const showMore = async () => {
    if (next === undefined) return
    const page = await api<AccountList>(accountsPath(filters, next))
    if (!page.ok) return setFailedMore({ path, message: page.message })
    setMore({ path, pages: [...(more.path === path ? more.pages : []), page.data] })
  }

  return (
    <>
      <h1>Accounts</h1>
      <search>
        <form className="filters" onSubmit={(event) => event.preventDefault()}>
          <label>
            Search
            <input
              type="search"
              value={filters.get('q') ?? ''}
              placeholder="Name or domain"
              onChange={(event) => setQuery({ q: event.target.value })}
            />
          </label>
          <label>
            ICP tier
            <select
              value={filters.get('tier') ?? ''}
              onChange={(event) => setQuery({ tier: event.target.value })}
            >
              <option value="">Any tier</option>
              <option value="1">Tier 1</option>
              <option value="2">Tier 2</option>
              <option value="3">Tier 3</option>
              <option value="none">Not scored</option>
            </select>
          </label>
          <label>
            Stage
            <select
              value={filters.get('stage') ?? ''}
              onChange={(event) => setQuery({ stage: event.target.value })}
            >
              <option value="">Any stage</option>
              {Object.entries(ACCOUNT_STAGE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
              <option value="none">Not in the funnel</option>
            </select>
          </label>
          {filtered && (
            <button type="button" onClick={() => setQuery({ q: '', tier: '', stage: '' })}>
              Clear filters
            </button>
          )}
        </form>
      </search>
      {result === undefined ? (
        <Loading what="accounts" />
      ) : !result.ok ? (
        <Failure title="The accounts could not be read." message={result.message} onRetry={retry} />
      ) : accounts.length === 0 ? (
        filtered ? (
          <Empty>
            No account matches these filters. Search for part of a name or a web domain, or clear
            the filters.
          </Empty>
        ) : (
          <Empty>
            There are no accounts yet. Import them from a CSV file with{' '}
            <code>tandem import accounts FILE</code> (or POST /v1/imports): name, domain and
            firmographics, which the ICP turns into tiers.
          </Empty>
        )
      ) : (
        <>
          <AccountTable accounts={accounts} />
          {moreError !== undefined && (
            <Failure title="The next accounts could not be read." message={moreError} />
          )}
          {next !== undefined && (
            <button type="button" className="more-button" onClick={showMore}>
              Show more accounts
            </button>
          )}
        </>
      )}
    </>
  )
}

function AccountTable(props: { readonly accounts: readonly AccountSummary[] }) {
  return (
    <table>
      <caption className="visually-hidden">
        Accounts, the most engaged first, with their ICP tier, stage and momentum
      </caption>
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col">ICP tier</th>
          <th scope="col">Stage</th>
          <th scope="col">Buying stage</th>
          <th scope="col" className="number">
            Engagement
          </th>
          <th scope="col" className="number">
            Momentum
          </th>
          <th scope="col">Owner</th>
        </tr>
      </thead>
      <tbody>
        {props.accounts.map((a) => (
          <tr key={a.id}>
            <th scope="row">
              <Link to={`/accounts/${a.id}`}>{a.name}</Link>
              {a.domain && <span className="row-meta"> {a.domain}</span>}
            </th>
            <td>{tierLabel(a.icpTier)}</td>
            <td>{stageLabel(a.stage)}</td>
            <td>{a.buyingStage ?? '—'}</td>
            <td className="number">{pointsText(a.engagementScore)}</td>
            <td className="number">{momentumText(a.momentum)}</td>
            <td>{a.ownerName ?? 'No owner'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
