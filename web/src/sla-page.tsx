import { useState } from 'react'
import { ClosedLoop, FEEDBACK_BY_NAMES } from './closed-loop.tsx'
import { FeedbackRowsTable } from './feedback-rows-table.tsx'
import { LoadedReport } from './loaded-report.tsx'
import { PeriodFilter } from './period-filter.tsx'
import { oneOf, periodOf, reportPath } from './report-path.ts'
import { useQuery } from './router.tsx'
import { RowsDialog } from './rows-dialog.tsx'
import { SlaMarketing } from './sla-marketing.tsx'
import { SlaRowsTable } from './sla-rows-table.tsx'
import { SlaSales } from './sla-sales.tsx'
import type { FeedbackBy, FeedbackReport, SlaReport } from './types.ts'
import { useRead } from './use-read.ts'

// Both sides of the SLA read together (marketing delivers the MQLs it promised, sales answers and
// touches them in time), and the closed loop: the reasons that come back to marketing. Every
// count opens the handoffs, answers or lost deals behind it.

const FEEDBACK_BYS = Object.keys(FEEDBACK_BY_NAMES) as FeedbackBy[]

type Drill = { readonly kind: 'sla' | 'feedback'; readonly title: string; readonly path: string }

export function SlaPage() {
  const [params, setQuery] = useQuery()
  const period = periodOf(params)
  const target = params.get('mqlTarget') ?? ''
  const mqlTarget = /^[1-9]\d{0,6}$/.test(target) ? target : undefined
  const by = oneOf(params.get('by'), FEEDBACK_BYS)
  const teams = useRead<SlaReport>(
    reportPath('/v1/reports/sla', { ...period, groupBy: 'team', mqlTarget }),
  )
  const reps = useRead<SlaReport>(reportPath('/v1/reports/sla', { ...period, groupBy: 'owner' }))
  const feedback = useRead<FeedbackReport>(reportPath('/v1/reports/feedback', { ...period, by }))
  const [drill, setDrill] = useState<Drill | null>(null)

  // The rows are read over the exact period the report answered for, so they match its figure.
  const slaDrill =
    (report: SlaReport) => (title: string, measure: string, groupBy?: string, group?: string) =>
      setDrill({
        kind: 'sla',
        title,
        path: reportPath('/v1/reports/sla/rows', {
          from: report.from,
          to: report.to,
          measure,
          groupBy,
          group,
        }),
      })

  return (
    <>
      <h1>SLA and closed loop</h1>
      <p className="lede">
        What each side promised the other, and whether it kept it: marketing delivers the MQLs it
        committed to, sales answers and touches them in time. Select any count to see the rows
        behind it.
      </p>
      <section className="report-filters" aria-label="Filters">
        <PeriodFilter />
      </section>

      <section aria-labelledby="marketing-promise">
        <h2 id="marketing-promise">Marketing's promise: MQLs delivered</h2>
        <label className="inline-field">
          MQL target for the period{' '}
          <input
            type="number"
            min={1}
            inputMode="numeric"
            value={target}
            onChange={(event) => setQuery({ mqlTarget: event.target.value })}
          />
        </label>
        {target !== '' && mqlTarget === undefined && (
          <p className="form-error" role="alert">
            The target is a whole number of MQLs, 1 or more.
          </p>
        )}
        <LoadedReport read={teams} what="the SLA report">
          {(report) => <SlaMarketing marketing={report.marketing} drill={slaDrill(report)} />}
        </LoadedReport>
      </section>

      <section aria-labelledby="sales-promise">
        <h2 id="sales-promise">Sales' promise: answered and touched in time</h2>
        <LoadedReport read={teams} what="the SLA report">
          {(byTeam) => (
            <LoadedReport read={reps} what="the SLA report per rep">
              {(byRep) => <SlaSales byTeam={byTeam} byRep={byRep} drill={slaDrill(byTeam)} />}
            </LoadedReport>
          )}
        </LoadedReport>
      </section>

      <section aria-labelledby="closed-loop">
        <h2 id="closed-loop">Closed loop: why leads came back and deals were lost</h2>
        <label className="inline-field">
          Group by{' '}
          <select value={by} onChange={(event) => setQuery({ by: event.target.value })}>
            {FEEDBACK_BYS.map((b) => (
              <option key={b} value={b}>
                {FEEDBACK_BY_NAMES[b]}
              </option>
            ))}
          </select>
        </label>
        <LoadedReport read={feedback} what="the closed loop">
          {(report) => (
            <ClosedLoop
              report={report}
              drill={(title, filter) =>
                setDrill({
                  kind: 'feedback',
                  title,
                  path: reportPath('/v1/reports/feedback/rows', {
                    from: report.from,
                    to: report.to,
                    by: report.by,
                    ...filter,
                  }),
                })
              }
            />
          )}
        </LoadedReport>
      </section>

      {drill !== null && (
        <RowsDialog title={drill.title} onClose={() => setDrill(null)}>
          {drill.kind === 'sla' ? (
            <SlaRowsTable path={drill.path} />
          ) : (
            <FeedbackRowsTable path={drill.path} />
          )}
        </RowsDialog>
      )}
    </>
  )
}
