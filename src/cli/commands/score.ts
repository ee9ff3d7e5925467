import type { Command } from 'commander'
import { systemClock } from '../../domain/clock.ts'
import type { AccountScore } from '../../domain/scoring/account-score.ts'
import type { ContactScore } from '../../domain/scoring/contact-score.ts'
import { AppError } from '../../services/app-error.ts'
import {
  explainAccountScore,
  explainContactScore,
} from '../../services/scoring/score-explanations.ts'
import { withWorkspace } from '../with-workspace.ts'

export interface ScoreExplainOptions {
  readonly workspace: string
  readonly json: boolean
}

/** `tandem score explain WHO`: a contact's (by id or email) or an account's (by id or domain) score. */
export async function scoreExplainCommand(
  who: string,
  options: ScoreExplainOptions,
  command: Command,
): Promise<void> {
  await withWorkspace(options.workspace, command, async ({ db, workspaceId: ws }) => {
    const uuid = /^[0-9a-f-]{36}$/i.test(who)
    const contact = await db
      .selectFrom('contacts')
      .select('id')
      .where('workspace_id', '=', ws)
      .where(uuid ? 'id' : 'email', '=', uuid ? who : who.toLowerCase())
      .executeTakeFirst()
    const account =
      contact !== undefined
        ? undefined
        : await db
            .selectFrom('accounts')
            .select('id')
            .where('workspace_id', '=', ws)
            .where(uuid ? 'id' : 'domain', '=', uuid ? who : who.toLowerCase())
            .executeTakeFirst()
    const now = systemClock.now()
    if (contact !== undefined) {
      const explained = await explainContactScore(db, ws, contact.id, now)
      process.stdout.write(
        options.json
          ? `${JSON.stringify(explained, null, 2)}\n`
          : contactText(explained.email ?? explained.contactId, explained.score),
      )
    } else if (account !== undefined) {
      const explained = await explainAccountScore(db, ws, account.id, now)
      process.stdout.write(
        options.json
          ? `${JSON.stringify(explained, null, 2)}\n`
          : accountText(explained.name, explained.score),
      )
    } else
      throw new AppError(
        'not_found',
        `No contact with id or email "${who}", and no account with that id or domain, in ${options.workspace}.`,
      )
  })
}

const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`)

function contactText(who: string, s: ContactScore): string {
  const lines = [
    `${who}: ${s.cell}, ${s.mql ? 'MQL' : 'not an MQL'} (${s.mqlReason})`,
    `  scored ${s.scoredAt} under qualification definition version ${s.version}`,
    `  fit ${s.fit.points} points, grade ${s.fit.grade}`,
    ...s.fit.reasons.map((r) => `    ${signed(r.points).padStart(5)}  ${r.rule}`),
    `  engagement ${s.engagement.points} points now, band ${s.engagement.band}`,
    ...s.engagement.reasons.map(
      (r) =>
        `    ${signed(r.value).padStart(7)}  ${r.rule}: ${r.occurrences} x ${r.pointsEach}` +
        `${r.halfLifeDays === null ? '' : `, half-life ${r.halfLifeDays} days`}` +
        `${r.cap === null ? '' : `, cap ${r.cap}`}, last ${r.lastAt}`,
    ),
  ]
  if (s.ready.length > 0) lines.push(`  ready: ${s.ready.join(', ')}`)
  if (s.exploring) lines.push(`  exploring: demo or trial on ${s.exploredAt}`)
  if (s.handoffBlockedBy.length > 0)
    lines.push(`  held back from sales until fixed: ${s.handoffBlockedBy.join(', ')}`)
  return `${lines.join('\n')}\n`
}

function accountText(name: string, s: AccountScore): string {
  const f = s.engagement.byFunction
  const m = s.momentum
  return `${[
    `${name}: ICP tier ${s.icp.tier} (${s.icp.points} points), ICP version ${s.version}`,
    ...s.icp.reasons.map((r) => `    ${signed(r.points).padStart(5)}  ${r.rule}`),
    `  engagement ${s.engagement.points} (${s.engagement.engaged ? 'engaged' : 'not engaged'}, threshold ${s.engagement.threshold}): marketing ${f.marketing}, SDR ${f.sdr}, sales ${f.sales}, CS ${f.cs}`,
    `  momentum: ${m.thisWeek} this week against ${m.priorWeeklyAverage} a week before${m.ratio === null ? '' : ` (x${m.ratio})`}`,
    `  buying stage: ${s.buyingStage ?? 'none'} (${s.buyingStageReason})`,
  ].join('\n')}\n`
}
