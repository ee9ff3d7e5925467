import { useState } from 'react'
import { AttributionRowsTable } from './attribution-rows-table.tsx'
import {
  ATTRIBUTION_MODELS,
  attributionChartOption,
  DEFAULT_MODEL,
  lineLabel,
} from './attribution-shape.ts'
import { Chart } from './chart.tsx'
import { FigureButton } from './figure-button.tsx'
import { formatCount, formatMoney } from './format.ts'
import { LoadedReport } from './loaded-report.tsx'
import { PeriodFilter } from './period-filter.tsx'
import { NO_GROUP, oneOf, periodOf, reportPath } from './report-path.ts'
import { useQuery } from './router.tsx'
import { RowsDialog } from './rows-dialog.tsx'
import { Empty } from './states.tsx'
import type { AttributionBy, AttributionLine, AttributionReport } from './types.ts'
import { useRead } from './use-read.ts'

// Which campaigns and channels the pipeline and revenue came from: what a model credits each
// with, the pipeline it sourced (the deal's first touch) and the pipeline it influenced (any
// touch before the close). The deals behind a line are one selection away.

const MODELS = ATTRIBUTION_MODELS.map((m) => m.model)
const BYS: readonly AttributionBy[] = ['campaign', 'channel']

export function AttributionPage() {
  const [params, setQuery] = useQuery()
  const model = params.has('model') ? oneOf(params.get('model'), MODELS) : DEFAULT_MODEL
  const by = oneOf(params.get('by'), BYS)
  const halfLife = params.get('halfLifeDays') ?? ''
  const halfLifeDays =
    model === 'time_decay' && /^\d+(\.\d+)?$/.test(halfLife) && Number(halfLife) > 0
      ? halfLife
      : undefined
  const query = { ...periodOf(params), model, by, halfLifeDays }
  const report = useRead<AttributionReport>(reportPath('/v1/reports/attribution', query))
  const [drill, setDrill] = useState<AttributionLine | null>(null)

  return (
    <>
      <h1>Attribution</h1>
      <p className="lede">
        The deals opened in the period, each split across the marketing touches before it. Sourced
        pipeline is the deals a campaign or channel touched first; influenced is every deal it
        touched before the close. Select a line to see its deals.
      </p>
      <section className="report-filters" aria-label="Filters">
        <PeriodFilter />
        <label className="inline-field">
          Group by{' '}
          <select value={by} onChange={(event) => setQuery({ by: event.target.value })}>
            <option value="campaign">Campaign</option>
            <option value="channel">Channel</option>
          </select>
        </label>
        <fieldset className="models">
          <legend>Attribution model</legend>
          {ATTRIBUTION_MODELS.map((m) => (
            <label key={m.model}>
              <input
                type="radio"
                name="model"
                value={m.model}
                checked={model === m.model}
                onChange={() => setQuery({ model: m.model })}
              />{' '}
              <strong>{m.name}</strong> <span className="muted">{m.says}</span>
            </label>
          ))}
        </fieldset>
        {model === 'time_decay' && (
          <label className="inline-field">
            Half-life in days{' '}
            <input
              type="number"
              min={0.5}
              step={0.5}
              placeholder="7"
              value={halfLife}
              onChange={(event) => setQuery({ halfLifeDays: event.target.value })}
            />
          </label>
        )}
      </section>

      <section aria-labelledby="attribution-lines">
        <h2 id="attribution-lines">Pipeline and revenue per {by}</h2>
        <LoadedReport read={report} what="the attribution report">
          {(data) => <AttributionLines report={data} by={by} onDrill={setDrill} />}
        </LoadedReport>
      </section>

      {drill !== null && (
        <RowsDialog
          title={`Deals behind ${lineLabel(drill.key, by)}`}
          onClose={() => setDrill(null)}
        >
          <AttributionRowsTable
            path={reportPath('/v1/reports/attribution/rows', {
              ...query,
              // The line of touches without a campaign is asked for as (none).
              key: drill.key ?? NO_GROUP,
            })}
            lineKey={drill.key}
            by={by}
          />
        </RowsDialog>
      )}
    </>
  )
}

function AttributionLines(props: {
  readonly report: AttributionReport
  readonly by: AttributionBy
  readonly onDrill: (line: AttributionLine) => void
}) {
  const { report, by } = props
  const model = ATTRIBUTION_MODELS.find((m) => m.model === report.model)?.name ?? report.model
  if (report.opportunities === 0)
    return (
      <Empty>
        No deals were opened in this period. Pick a longer period, or import opportunities from the
        CRM (tandem import) so their pipeline can be traced to campaigns.
      </Empty>
    )
  return (
    <>
      <ul className="tiles" aria-label="Deals opened in the period">
        <li>
          Deals opened
          <span className="tile-number">{formatCount(report.opportunities)}</span>
        </li>
        <li>
          Pipeline
          <span className="tile-number">{formatMoney(report.pipelineCents)}</span>
        </li>
        <li>
          Unattributed
          <span className="tile-number">{formatMoney(report.unattributedCents)}</span>
          deals with no marketing touch before them
        </li>
      </ul>
      {report.lines.length === 0 ? (
        <Empty>
          None of these deals had a marketing touch. Touches count once tracking sends page views
          and events with their campaign (UTM) for the deals' contacts.
        </Empty>
      ) : (
        <Chart
          label={`Attributed (${model}), sourced and influenced pipeline and revenue per ${by}`}
          option={attributionChartOption(report.lines, by)}
          height={340}
        />
      )}
      {report.lines.length > 0 && <LinesTable {...props} model={model} />}
    </>
  )
}

function LinesTable(props: {
  readonly report: AttributionReport
  readonly by: AttributionBy
  readonly model: string
  readonly onDrill: (line: AttributionLine) => void
}) {
  const { report, by } = props
  return (
    <table className="figures">
      <caption>
        Per {by}, under the {props.model} model: the figures of the chart above
      </caption>
      <thead>
        <tr>
          <th scope="col">{by === 'campaign' ? 'Campaign' : 'Channel'}</th>
          <th scope="col">Deals</th>
          <th scope="col">Attributed ({props.model})</th>
          <th scope="col">Sourced pipeline</th>
          <th scope="col">Influenced pipeline</th>
          <th scope="col">Sourced revenue</th>
          <th scope="col">Influenced revenue</th>
        </tr>
      </thead>
      <tbody>
        {report.lines.map((line) => (
          <tr key={line.key ?? ''}>
            <th scope="row">{lineLabel(line.key, by)}</th>
            <td>
              <FigureButton
                count={line.opportunities}
                what={`deals behind ${lineLabel(line.key, by)}`}
                onOpen={() => props.onDrill(line)}
              />
            </td>
            <td>{formatMoney(line.attributedCents)}</td>
            <td>{formatMoney(line.sourcedPipelineCents)}</td>
            <td>{formatMoney(line.influencedPipelineCents)}</td>
            <td>{formatMoney(line.sourcedRevenueCents)}</td>
            <td>{formatMoney(line.influencedRevenueCents)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
