import { useQuery } from './router.tsx'

// The period every report is read over, kept in the address (from, to): a UTC day each, the
// last included, as the API reads them. Left empty, the report covers the last 30 days.

export function PeriodFilter() {
  const [params, setQuery] = useQuery()
  return (
    <fieldset className="period">
      <legend>Period</legend>
      <label>
        From{' '}
        <input
          type="date"
          value={params.get('from') ?? ''}
          onChange={(event) => setQuery({ from: event.target.value })}
        />
      </label>
      <label>
        To (included){' '}
        <input
          type="date"
          value={params.get('to') ?? ''}
          onChange={(event) => setQuery({ to: event.target.value })}
        />
      </label>
      {!params.has('from') && !params.has('to') && (
        <span className="hint">The last 30 days until now.</span>
      )}
    </fieldset>
  )
}
