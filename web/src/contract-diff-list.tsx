import { useId, useMemo } from 'react'
import { type ChangeKind, describeChange, diffContracts } from './contract-diff.ts'
import { Empty } from './states.tsx'
import type { ContractVersion } from './types.ts'

/** How each kind of change is marked: a word and a sign, not colour alone. */
const MARKS: Readonly<Record<ChangeKind, { readonly sign: string; readonly word: string }>> = {
  added: { sign: '+', word: 'Added' },
  removed: { sign: '−', word: 'Removed' },
  changed: { sign: '~', word: 'Changed' },
}

const versionName = (v: ContractVersion) =>
  `version ${v.version}${v.status === 'active' ? ' (active)' : ''}`

/** What the chosen version changes from another one, change by change. */
export function ContractDiffList(props: {
  readonly contract: ContractVersion
  readonly comparison: ContractVersion | undefined
  readonly others: readonly ContractVersion[]
  /** A version number to compare with, or 'none'. */
  readonly onCompare: (version: string) => void
}) {
  const { contract, comparison } = props
  const headingId = useId()
  const pickerId = useId()
  const changes = useMemo(
    () => (comparison === undefined ? [] : diffContracts(comparison.body, contract.body)),
    [comparison, contract],
  )
  const counts = (['added', 'removed', 'changed'] as const)
    .map((kind) => [kind, changes.filter((c) => c.change === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`)
  return (
    <section aria-labelledby={headingId} className="diff-section">
      <h2 id={headingId}>
        {comparison === undefined
          ? `Version ${contract.version}`
          : `What version ${contract.version} changes from ${versionName(comparison)}`}
      </h2>
      {props.others.length > 0 && (
        <p className="compare-picker">
          <label htmlFor={pickerId}>Compare with </label>
          <select
            id={pickerId}
            value={comparison === undefined ? 'none' : String(comparison.version)}
            onChange={(event) => props.onCompare(event.target.value)}
          >
            {props.others.map((v) => (
              <option key={v.id} value={String(v.version)}>
                {versionName(v)}: {v.name}
              </option>
            ))}
            <option value="none">nothing</option>
          </select>
        </p>
      )}
      {comparison === undefined ? (
        <Empty>
          {props.others.length === 0
            ? 'This is the first version: there is nothing to compare it with yet.'
            : 'Choose a version to compare it with.'}
        </Empty>
      ) : changes.length === 0 ? (
        <Empty>No differences: the two versions say the same.</Empty>
      ) : (
        <>
          <p className="row-meta">
            {changes.length} {changes.length === 1 ? 'change' : 'changes'}: {counts.join(', ')}.
          </p>
          <ul className="diff" aria-label={`Changes from ${versionName(comparison)}`}>
            {changes.map((change) => {
              const text = describeChange(change)
              return (
                <li key={`${change.change} ${text}`} className={`diff-${change.change}`}>
                  <span className="diff-mark">
                    <span aria-hidden="true">{MARKS[change.change].sign} </span>
                    {MARKS[change.change].word}
                  </span>{' '}
                  <span className="diff-text">{text}</span>
                </li>
              )
            })}
          </ul>
        </>
      )}
    </section>
  )
}
