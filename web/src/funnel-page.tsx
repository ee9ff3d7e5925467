import { cloneElement, type ReactElement, useEffect, useId, useMemo, useState } from 'react'
import { api } from './api.ts'
import { Chart } from './chart.tsx'
import { formatDaysShort, formatShare } from './format.ts'
import {
  CUTS,
  doubleFunnelChart,
  type FunnelFilters,
  type FunnelLine,
  filtersFrom,
  type GroupCounts,
  groupLabel,
  groupParam,
  groupsOf,
  hasAnyone,
  linesOf,
  METHODS,
  PERIODS,
  periodDays,
  periodText,
  reportQuery,
  rowsQuery,
  type Side,
  stageLabel,
  stagesOf,
} from './funnel-figures.ts'
import { FunnelRowsDialog } from './funnel-rows-dialog.tsx'
import { useLiveRadar } from './live-radar.tsx'
import { NO_GROUP } from './report-path.ts'
import { useQuery } from './router.tsx'
import { serverTime } from './server-clock.ts'
import { Empty, Failure, Loading } from './states.tsx'
import type { DoubleFunnel, FunnelStep } from './types.ts'

/** One figure a person asked to see behind. */
interface Figure {
  readonly side: Side
  readonly stage: string
  readonly key: string | null
  readonly count: number
}

type Report =
  | { readonly status: 'waiting' }
  | { readonly status: 'read'; readonly report: DoubleFunnel }
  | { readonly status: 'failed'; readonly message: string; readonly report?: DoubleFunnel }

const NOUNS = { lead: ['person', 'people'], account: ['account', 'accounts'] } as const
const counted = (side: Side, n: number) => `${n} ${NOUNS[side][n === 1 ? 0 : 1]}`

/** What the days count under each method. */
const DAYS_MEAN = { cohort: 'from entering', period: 'in the previous stage' } as const

/** Double funnel: the lead funnel and the account funnel side by side, every figure drillable. */
export function FunnelPage() {
  const [params, setQuery] = useQuery()
  const filters = filtersFrom(params)
  const { radar, receivedAt, error: radarError } = useLiveRadar()
  // Periods are counted on the server's clock, which the radar tells; the API's default period
  // and custom dates need no clock.
  const needsClock = filters.period !== '30d' && filters.period !== 'custom'
  const now =
    radar !== undefined
      ? serverTime(radar.now, receivedAt, Date.now())
      : radarError !== undefined
        ? Date.now()
        : undefined
  const query =
    needsClock && now === undefined ? undefined : reportQuery(filters, now ?? Date.now())

  const [report, setReport] = useState<Report>({ status: 'waiting' })
  const [loading, setLoading] = useState(false)
  const [attempt, setAttempt] = useState(0)
  const [figure, setFigure] = useState<Figure | undefined>(undefined)

  // biome-ignore lint/correctness/useExhaustiveDependencies: a retry reads again
  useEffect(() => {
    if (query === undefined) return
    let current = true
    setLoading(true)
    void api<DoubleFunnel>(`/v1/reports/double-funnel?${query}`).then((result) => {
      if (!current) return
      setLoading(false)
      // The figures read before stay on screen, under the error, until new ones come.
      setReport((was) =>
        result.ok
          ? { status: 'read', report: result.data }
          : {
              status: 'failed',
              message: result.message,
              ...(was.status === 'waiting' || was.report === undefined
                ? {}
                : { report: was.report }),
            },
      )
    })
    return () => {
      current = false
    }
  }, [query, attempt])

  const shown = report.status === 'waiting' ? undefined : report.report
  // Named after the figures on screen, which may be the previous filters' while new ones load.
  const cutLabel = CUTS.find((c) => c.value === shown?.cut)?.label ?? shown?.cut ?? ''

  return (
    <>
      <h1>Double funnel</h1>
      <FunnelFiltersForm
        filters={filters}
        groups={shown?.cut === filters.cut ? groupsOf(shown).map((g) => g.key) : []}
        shownDays={shown === undefined ? undefined : periodDays(shown.from, shown.to)}
        onChange={setQuery}
      />
      <div role="status" className="updating">
        {loading && shown !== undefined && (
          <>
            <span className="spinner" aria-hidden="true" /> Updating the figures…
          </>
        )}
      </div>
      {report.status === 'failed' && (
        <Failure
          title="The double funnel could not be read."
          message={report.message}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      )}
      {shown === undefined ? (
        report.status !== 'failed' && <Loading what="the double funnel" />
      ) : (
        <section aria-labelledby="funnel-figures" aria-busy={loading} className="funnel-figures">
          <h2 id="funnel-figures">
            {periodText(shown.from, shown.to)}
            <span className="muted">
              {' '}
              · by {shown.method}
              {shown.cut === 'none' ? '' : ` · cut by ${cutLabel.toLowerCase()}`}
              {filters.group === undefined || shown.cut === 'none'
                ? ''
                : ` · ${groupLabel(filters.group === NO_GROUP ? null : filters.group, shown.cut)}`}
            </span>
          </h2>
          {!hasAnyone(shown) ? (
            <Empty>
              No one entered either funnel in this period. Choose a longer period above, or the
              period method to see what moved in it; people enter the funnel when tracking
              identifies them or an import brings them in.
            </Empty>
          ) : shown.cut !== 'none' && filters.group === undefined ? (
            <GroupsTable
              report={shown}
              cutLabel={cutLabel}
              onDrill={setFigure}
              onPick={(key) => setQuery({ group: groupParam(key) })}
            />
          ) : (
            <BothFunnels
              report={shown}
              group={shown.cut === 'none' ? undefined : filters.group}
              onDrill={setFigure}
            />
          )}
        </section>
      )}
      {figure !== undefined && shown !== undefined && (
        <FunnelRowsDialog
          title={`${counted(figure.side, figure.count)} reached ${stageLabel(figure.stage)}${
            shown.cut === 'none' ? '' : ` · ${groupLabel(figure.key, shown.cut)}`
          }`}
          side={figure.side}
          daysMean={DAYS_MEAN[shown.method]}
          query={rowsQuery(shown, figure)}
          onClose={() => setFigure(undefined)}
        />
      )}
    </>
  )
}

function FunnelFiltersForm(props: {
  readonly filters: FunnelFilters
  readonly groups: readonly (string | null)[]
  /** The period on screen, where custom dates start from. */
  readonly shownDays: { readonly from: string; readonly to: string } | undefined
  readonly onChange: (change: Readonly<Record<string, string | undefined>>) => void
}) {
  const { filters, onChange } = props
  const custom = filters.period === 'custom'
  return (
    <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <Field label="Period">
        <select
          value={filters.period}
          onChange={(e) =>
            onChange(
              e.target.value === 'custom'
                ? // Custom dates start as the period on screen, to be changed from there.
                  { period: undefined, from: props.shownDays?.from, to: props.shownDays?.to }
                : {
                    period: e.target.value === '30d' ? undefined : e.target.value,
                    from: undefined,
                    to: undefined,
                  },
            )
          }
        >
          {PERIODS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </Field>
      {custom && (
        <>
          <Field label="From">
            <input
              type="date"
              value={filters.from ?? ''}
              onChange={(e) => onChange({ from: e.target.value })}
            />
          </Field>
          <Field label="To (included)">
            <input
              type="date"
              value={filters.to ?? ''}
              onChange={(e) => onChange({ to: e.target.value })}
            />
          </Field>
        </>
      )}
      <Field label="Cut by">
        <select
          value={filters.cut}
          onChange={(e) =>
            onChange({
              cut: e.target.value === 'none' ? undefined : e.target.value,
              group: undefined,
            })
          }
        >
          {CUTS.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </Field>
      {filters.cut !== 'none' && (
        <Field label="Group">
          <select value={filters.group ?? ''} onChange={(e) => onChange({ group: e.target.value })}>
            <option value="">Every group, side by side</option>
            {filters.group !== undefined &&
              !props.groups.some((key) => groupParam(key) === filters.group) && (
                <option value={filters.group}>{filters.group}</option>
              )}
            {props.groups.map((key) => (
              <option key={groupParam(key)} value={groupParam(key)}>
                {groupLabel(key, filters.cut)}
              </option>
            ))}
          </select>
        </Field>
      )}
      <fieldset className="method">
        <legend>Method</legend>
        {METHODS.map((m) => (
          <div key={m.value} className="method-choice">
            <input
              type="radio"
              id={`method-${m.value}`}
              name="method"
              value={m.value}
              checked={filters.method === m.value}
              aria-describedby={`method-${m.value}-explained`}
              onChange={() => onChange({ method: m.value === 'cohort' ? undefined : m.value })}
            />
            <label htmlFor={`method-${m.value}`}>{m.label}</label>
            <span id={`method-${m.value}-explained`} className="hint">
              {m.explanation}
            </span>
          </div>
        ))}
      </fieldset>
    </form>
  )
}

/** A filter's label above its control, naming it (and nothing else). */
function Field(props: {
  readonly label: string
  readonly children: ReactElement<{ id?: string }>
}) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {cloneElement(props.children, { id })}
    </div>
  )
}

/** A count that opens the rows behind it (a zero has no one behind it). */
function Count(props: {
  readonly step: FunnelStep
  readonly side: Side
  readonly groupKey: string | null
  readonly groupName?: string
  readonly onDrill: (figure: Figure) => void
}) {
  const { step, side } = props
  if (step.reached === 0) return <>0</>
  const label = `${counted(side, step.reached)} reached ${stageLabel(step.stage)}${
    props.groupName === undefined ? '' : `, ${props.groupName}`
  }`
  return (
    <button
      type="button"
      className="figure"
      aria-label={label}
      title={`Show the ${NOUNS[side][1]} behind this figure`}
      onClick={() =>
        props.onDrill({ side, stage: step.stage, key: props.groupKey, count: step.reached })
      }
    >
      {step.reached}
    </button>
  )
}

function BothFunnels(props: {
  readonly report: DoubleFunnel
  readonly group: string | undefined
  readonly onDrill: (figure: Figure) => void
}) {
  const { report } = props
  const lines = useMemo(() => linesOf(report, props.group), [report, props.group])
  const groupKey =
    report.cut === 'none' || props.group === undefined || props.group === NO_GROUP
      ? null
      : props.group
  const option = useMemo(() => doubleFunnelChart(lines), [lines])
  if (lines.length === 0)
    return (
      <Empty>
        No one in this group entered either funnel in this period: choose another group, or every
        group.
      </Empty>
    )
  const side = (step: FunnelStep | null, s: Side) =>
    step === null ? (
      <td colSpan={5} className="no-step" />
    ) : (
      <>
        <th scope="row">{stageLabel(step.stage)}</th>
        <td className="number">
          <Count step={step} side={s} groupKey={groupKey} onDrill={props.onDrill} />
        </td>
        <td className="number">{formatShare(step.conversion)}</td>
        <td className="number">{formatDaysShort(step.medianDays)}</td>
        <td className="number">{formatDaysShort(step.p90Days)}</td>
      </>
    )
  const header = (
    <>
      <th scope="col">Stage</th>
      <th scope="col" className="number">
        Reached
      </th>
      <th scope="col" className="number">
        Conversion
      </th>
      <th scope="col" className="number">
        Median days
      </th>
      <th scope="col" className="number">
        p90 days
      </th>
    </>
  )
  return (
    <>
      <div className="table-scroll">
        <table className="funnel-table">
          <caption>
            Both funnels line by line, where they meet in bold: SQL beside qualified, at the SDR
            queue. Open a count to see who is behind it.
          </caption>
          <thead>
            <tr>
              <th scope="colgroup" colSpan={5}>
                Lead funnel (people)
              </th>
              <th scope="colgroup" colSpan={5}>
                Account funnel (accounts)
              </th>
            </tr>
            <tr>
              {header}
              {header}
            </tr>
          </thead>
          <tbody>
            {lines.map((line: FunnelLine) => (
              <tr
                key={`${line.lead?.stage}-${line.account?.stage}`}
                className={line.meets ? 'meets' : undefined}
              >
                {side(line.lead, 'lead')}
                {side(line.account, 'account')}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">
        {report.method === 'cohort'
          ? 'Conversion: the share of those who entered the funnel in the period. Days: from entering the funnel to reaching the stage.'
          : 'Conversion: the share of those reaching the previous stage in the period who reached this one before it ended. Days: time spent in the previous stage.'}
      </p>
      <Chart
        label={`The double funnel back to back: people in the lead funnel to the left, accounts to the right, ${lines
          .map(
            (l) =>
              `${[l.lead, l.account]
                .flatMap((s) => (s === null ? [] : [`${stageLabel(s.stage)} ${s.reached}`]))
                .join(' and ')}`,
          )
          .join('; ')}.`}
        option={option}
        height={320}
      />
    </>
  )
}

function GroupsTable(props: {
  readonly report: DoubleFunnel
  readonly cutLabel: string
  readonly onDrill: (figure: Figure) => void
  readonly onPick: (key: string | null) => void
}) {
  const { report } = props
  const groups: GroupCounts[] = groupsOf(report)
  const leadStages = stagesOf(report, 'lead')
  const accountStages = stagesOf(report, 'account')
  const cells = (steps: readonly FunnelStep[], side: Side, group: GroupCounts) =>
    steps.map((step, i) => (
      <td
        key={step.stage}
        className={side === 'account' && i === 0 ? 'number side-start' : 'number'}
      >
        <Count
          step={step}
          side={side}
          groupKey={group.key}
          groupName={groupLabel(group.key, report.cut)}
          onDrill={props.onDrill}
        />
      </td>
    ))
  return (
    <div className="table-scroll">
      <table className="groups-table">
        <caption>
          Who reached each stage, by {props.cutLabel.toLowerCase()}. Open a group for its conversion
          and velocity, or a count to see who is behind it.
        </caption>
        <thead>
          <tr>
            <td />
            <th scope="colgroup" colSpan={leadStages.length}>
              Lead funnel (people)
            </th>
            <th scope="colgroup" colSpan={accountStages.length}>
              Account funnel (accounts)
            </th>
          </tr>
          <tr>
            <th scope="col">{props.cutLabel}</th>
            {[...leadStages, ...accountStages].map((stage, i) => (
              <th
                scope="col"
                className={i === leadStages.length ? 'number side-start' : 'number'}
                key={`${i < leadStages.length ? 'lead' : 'account'}-${stage}`}
              >
                {stageLabel(stage)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={groupParam(group.key)}>
              <th scope="row">
                <button type="button" className="figure" onClick={() => props.onPick(group.key)}>
                  {groupLabel(group.key, report.cut)}
                </button>
              </th>
              {cells(group.lead, 'lead', group)}
              {cells(group.account, 'account', group)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
