import { useMemo, useState } from 'react'
import {
  engagementFigures,
  momentumText,
  PLANNER_ROLES,
  pointsText,
  stageLabel,
  tierLabel,
  words,
} from './account-format.ts'
import { Chart } from './chart.tsx'
import { Link } from './router.tsx'
import { Empty, Failure, Loading } from './states.tsx'
import type {
  AccountPerson,
  AccountPlan,
  AccountProfile,
  AccountScore,
  ContactScore,
  FitReason,
  RecommendedPlays,
  SessionUser,
} from './types.ts'
import { useRead } from './use-read.ts'

// One account as the people working it open it: its tier and why, how each function engaged
// week by week, its momentum and buying stage and why, its people with their buying roles and
// score explanations, its way down the account funnel, and its plan.

export function AccountPage(props: { readonly id: string; readonly user: SessionUser }) {
  const id = encodeURIComponent(props.id)
  const profile = useRead<AccountProfile>(`/v1/accounts/${id}`)
  const score = useRead<AccountScore>(`/v1/accounts/${id}/score`)
  if (profile.result === undefined)
    return (
      <>
        <h1>Account</h1>
        <Loading what="the account" />
      </>
    )
  if (!profile.result.ok)
    return (
      <>
        <h1>Account</h1>
        <Failure
          title="The account could not be read."
          message={profile.result.message}
          onRetry={profile.result.status === 404 ? undefined : profile.retry}
        />
        <p>
          Find it in the <Link to="/accounts">list of accounts</Link>.
        </p>
      </>
    )
  const account = profile.result.data
  return (
    <>
      <p className="breadcrumb">
        <Link to="/accounts">Accounts</Link>
      </p>
      <h1>{account.name}</h1>
      <ul className="account-facts" aria-label="At a glance">
        <li>
          <strong>{tierLabel(account.icpTier)}</strong>
        </li>
        <li>
          Stage: <strong>{stageLabel(account.stage)}</strong>
        </li>
        {account.domain && <li>{account.domain}</li>}
        {account.industry && <li>{account.industry}</li>}
        {account.employees !== null && (
          <li>{account.employees.toLocaleString('en-US')} employees</li>
        )}
        {account.country && <li>{account.country}</li>}
        <li>Owner: {account.owner?.name ?? 'none yet'}</li>
        {account.sdr && <li>SDR: {account.sdr.name}</li>}
      </ul>

      {score.result === undefined ? (
        <Loading what="the account's score" />
      ) : !score.result.ok ? (
        <section aria-labelledby="why-tier">
          <h2 id="why-tier">Why this tier</h2>
          {score.result.status === 404 ? (
            <Empty>{score.result.message}</Empty>
          ) : (
            <Failure
              title="The score could not be read."
              message={score.result.message}
              onRetry={score.retry}
            />
          )}
        </section>
      ) : (
        <ScoreSections score={score.result.data} />
      )}

      <Engagement account={account} />
      <People account={account} />
      <StageHistory account={account} />
      <Plan account={account} user={props.user} />
    </>
  )
}

function Reasons(props: { readonly reasons: readonly FitReason[]; readonly none: string }) {
  if (props.reasons.length === 0) return <Empty>{props.none}</Empty>
  return (
    <ul className="reason-list">
      {props.reasons.map((r) => (
        <li key={r.rule}>
          <span className="points">{pointsText(r.points, true)}</span>{' '}
          {r.description ?? words(r.rule)}
          {r.description && <span className="row-meta"> ({r.rule})</span>}
        </li>
      ))}
    </ul>
  )
}

function ScoreSections(props: { readonly score: AccountScore }) {
  const { icp, momentum, engagement, buyingStage, buyingStageReason, version } = props.score.score
  return (
    <div className="columns">
      <section aria-labelledby="why-tier">
        <h2 id="why-tier">Why tier {icp.tier}</h2>
        <p>
          {pointsText(icp.points)} ICP points under ICP version {version}.
        </p>
        <Reasons reasons={icp.reasons} none="No ICP rule matched this account's firmographics." />
      </section>
      <section aria-labelledby="momentum">
        <h2 id="momentum">Momentum and buying stage</h2>
        <dl className="facts">
          <dt>Momentum</dt>
          <dd>
            {momentum.ratio === null
              ? 'No usual week to compare with'
              : momentumText(momentum.ratio)}
            : {pointsText(momentum.thisWeek)} engagement points this week against{' '}
            {pointsText(momentum.priorWeeklyAverage)} a week in the three before
          </dd>
          <dt>Buying stage</dt>
          <dd>
            {buyingStage === null ? 'None yet' : words(buyingStage)}: {buyingStageReason}
          </dd>
          <dt>Engagement</dt>
          <dd>
            {pointsText(engagement.points)} points, {engagement.engaged ? 'engaged' : 'not engaged'}{' '}
            (engaged from {pointsText(engagement.threshold)})
          </dd>
        </dl>
      </section>
    </div>
  )
}

function Engagement(props: { readonly account: AccountProfile }) {
  const weeks = props.account.engagementByWeek
  const figures = useMemo(() => engagementFigures(weeks), [weeks])
  return (
    <section aria-labelledby="engagement">
      <h2 id="engagement">Engagement by function</h2>
      {figures.total === 0 ? (
        <Empty>
          No activity with this account in the last {weeks.length} weeks. Activities arrive through
          tracking (POST /v1/batch) and imports, each counted for its function.
        </Empty>
      ) : (
        <Chart
          label={`Activities with ${props.account.name} per week, by function, over the last ${weeks.length} weeks`}
          option={figures.option}
          height={260}
        >
          <table>
            <caption>Activities per week (weeks of seven days ending now), by function</caption>
            <thead>
              <tr>
                <th scope="col">Week from</th>
                {figures.functions.map((f) => (
                  <th key={f} scope="col" className="number">
                    {f}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {figures.rows.map((row) => (
                <tr key={row.week}>
                  <th scope="row">{row.week}</th>
                  {row.counts.map((n, i) => (
                    <td key={figures.functions[i]} className="number">
                      {n}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </Chart>
      )}
    </section>
  )
}

function People(props: { readonly account: AccountProfile }) {
  const { items, total } = props.account.contacts
  const [open, setOpen] = useState<string | undefined>(undefined)
  return (
    <section aria-labelledby="people">
      <h2 id="people">People</h2>
      {items.length === 0 ? (
        <Empty>
          No one from this account is known yet. People are matched to it by their email's domain (
          {props.account.domains.join(', ') || 'add one in an accounts import'}) when they identify
          themselves.
        </Empty>
      ) : (
        <>
          {total > items.length && (
            <p className="row-meta">
              The {items.length} most engaged of {total} people.
            </p>
          )}
          <table className="people">
            <caption className="visually-hidden">
              People at {props.account.name}, with their buying role, lead stage and score cell
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Title</th>
                <th scope="col">Buying role</th>
                <th scope="col">Lead stage</th>
                <th scope="col">Score</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <PersonRows
                  key={p.id}
                  person={p}
                  open={open === p.id}
                  onToggle={() => setOpen(open === p.id ? undefined : p.id)}
                />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}

function PersonRows(props: {
  readonly person: AccountPerson
  readonly open: boolean
  readonly onToggle: () => void
}) {
  const p = props.person
  const detailsId = `score-${p.id}`
  return (
    <>
      <tr>
        <th scope="row">
          {p.name}
          {p.email && p.email !== p.name && <span className="row-meta"> {p.email}</span>}
        </th>
        <td>{p.title ?? '—'}</td>
        <td>
          {words(p.role)} <span className="row-meta">({p.roleReason})</span>
        </td>
        <td>{words(p.leadStage)}</td>
        <td>
          {p.cell === null ? (
            'Not scored'
          ) : (
            <button
              type="button"
              className="link-button"
              aria-expanded={props.open}
              aria-controls={detailsId}
              onClick={props.onToggle}
            >
              {p.cell}
              {p.mql ? ' · MQL' : ''}
              <span className="visually-hidden">
                , {props.open ? 'hide' : 'explain'} the score of {p.name}
              </span>{' '}
              <span aria-hidden="true">{props.open ? '▴' : '▾'}</span>
            </button>
          )}
        </td>
      </tr>
      {props.open && (
        <tr id={detailsId}>
          <td colSpan={5}>
            <ScoreExplanation contactId={p.id} name={p.name} />
          </td>
        </tr>
      )}
    </>
  )
}

function ScoreExplanation(props: { readonly contactId: string; readonly name: string }) {
  const { result, retry } = useRead<ContactScore>(
    `/v1/contacts/${encodeURIComponent(props.contactId)}/score`,
  )
  if (result === undefined) return <Loading what={`the score of ${props.name}`} />
  if (!result.ok)
    return <Failure title="The score could not be read." message={result.message} onRetry={retry} />
  const { fit, engagement, cell, mqlReason, version, scoredAt } = result.data.score
  return (
    <section className="explanation" aria-label={`Why ${props.name} is ${cell}`}>
      <p>
        <strong>{cell}</strong>: {mqlReason}. Qualification version {version}, scored{' '}
        {new Date(scoredAt).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC.
      </p>
      <div className="columns">
        <div>
          <h3>
            Fit {fit.grade}: {pointsText(fit.points)} points
          </h3>
          <Reasons reasons={fit.reasons} none="No fit rule matched." />
        </div>
        <div>
          <h3>
            Engagement band {engagement.band}: {pointsText(engagement.points)} points now
          </h3>
          {engagement.reasons.length === 0 ? (
            <Empty>No activity counts towards engagement.</Empty>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col" className="number">
                    Times
                  </th>
                  <th scope="col" className="number">
                    Points each
                  </th>
                  <th scope="col" className="number">
                    Worth now
                  </th>
                  <th scope="col">Fades</th>
                </tr>
              </thead>
              <tbody>
                {engagement.reasons.map((r) => (
                  <tr key={r.rule}>
                    <th scope="row">{words(r.rule)}</th>
                    <td className="number">{r.occurrences}</td>
                    <td className="number">{pointsText(r.pointsEach)}</td>
                    <td className="number">{pointsText(r.value)}</td>
                    <td>
                      {r.halfLifeDays === null ? 'never' : `halves in ${r.halfLifeDays} days`}
                      {r.cap !== null && `, at most ${pointsText(r.cap)}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  )
}

function StageHistory(props: { readonly account: AccountProfile }) {
  const moves = props.account.stageHistory
  return (
    <section aria-labelledby="stages">
      <h2 id="stages">Stage history</h2>
      {moves.length === 0 ? (
        <Empty>
          This account has not moved through the account funnel yet. It moves as its people engage
          and deals open, or by hand (sales: POST /v1/accounts/ID/stage).
        </Empty>
      ) : (
        <ol className="timeline">
          {moves.map((m) => (
            <li key={`${m.at}-${m.to}`}>
              <time dateTime={m.at}>
                {new Date(m.at).toLocaleDateString('en-GB', {
                  day: 'numeric',
                  month: 'short',
                  year: 'numeric',
                  timeZone: 'UTC',
                })}
              </time>{' '}
              {m.from === null ? 'Entered' : `${stageLabel(m.from)} →`}{' '}
              <strong>{stageLabel(m.to)}</strong>{' '}
              <span className="row-meta">
                by {m.actorName ?? m.actorType}
                {m.reason ? `: ${m.reason}` : ''}
              </span>
            </li>
          ))}
        </ol>
      )}
      {props.account.stageHistoryContinues && (
        <p className="row-meta">Later moves: GET /v1/accounts/{props.account.id}/stages.</p>
      )}
    </section>
  )
}

function Plan(props: { readonly account: AccountProfile; readonly user: SessionUser }) {
  const planId = props.account.plan?.id
  const plan = useRead<AccountPlan>(
    planId === undefined ? undefined : `/v1/account-plans/${encodeURIComponent(planId)}`,
  )
  const plays = useRead<RecommendedPlays>(
    `/v1/accounts/${encodeURIComponent(props.account.id)}/recommended-plays`,
  )
  const mayPlan = PLANNER_ROLES.includes(props.user.role)
  const recommendations = plays.result?.ok ? plays.result.data.recommendations : []
  return (
    <section aria-labelledby="plan">
      <h2 id="plan">Account plan</h2>
      {planId === undefined ? (
        <Empty>
          No account plan yet.{' '}
          {mayPlan
            ? 'Start one with its period and goals: POST /v1/account-plans (accountId, periodStart, periodEnd, goals).'
            : 'Sales starts account plans (sales, SDRs, AEs and admins); ask the account owner.'}
        </Empty>
      ) : plan.result === undefined ? (
        <Loading what="the plan" />
      ) : !plan.result.ok ? (
        <Failure
          title="The plan could not be read."
          message={plan.result.message}
          onRetry={plan.retry}
        />
      ) : (
        <>
          <p>
            {words(plan.result.data.status)} plan, {plan.result.data.periodStart} to{' '}
            {plan.result.data.periodEnd}, owned by {plan.result.data.ownerName ?? 'no one'}:{' '}
            {plan.result.data.goals.length} goals, {plan.result.data.plays.length} plays.
          </p>
          {plan.result.data.plays.length > 0 && (
            <ul className="reason-list">
              {plan.result.data.plays.map((p) => (
                <li key={p.id}>
                  <strong>{p.name}</strong> ({words(p.kind)}, {p.status})
                  {p.ownerName && <span className="row-meta"> by {p.ownerName}</span>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {recommendations.length > 0 && (
        <>
          <h3>Plays worth running next</h3>
          <ul className="reason-list">
            {recommendations.map((r) => (
              <li key={r.kind}>
                <strong>{words(r.kind)}</strong>: {r.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
