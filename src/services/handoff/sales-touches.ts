import { type Kysely, sql } from 'kysely'
import type { Database } from '../../store/database.ts'
import { jsonb } from '../../store/jsonb.ts'

// A sales or SDR touch (an email, a call, a meeting) stops the first-touch clock of the person's
// open handoffs, and holds marketing's sends for a while so the person hears one voice at a time.

export interface SalesTouch {
  readonly contactId: string
  readonly at: Date
}

const DAY_MS = 86_400_000

/** Records touches: first-touch times, their timers, and each person's marketing hold. */
export async function recordSalesTouches(
  trx: Kysely<Database>,
  workspaceId: string,
  touches: readonly SalesTouch[],
  holdMarketingDays: number,
  now: Date,
): Promise<void> {
  if (touches.length === 0) return
  const latest = new Map<string, Date>()
  for (const t of touches) {
    const l = latest.get(t.contactId)
    if (l === undefined || t.at > l) latest.set(t.contactId, t.at)
  }
  const rows = touches.map((t) => ({ contact_id: t.contactId, at: t.at.toISOString() }))
  // Each open handoff's first touch is the earliest touch at or after it was made.
  const started = await sql<{ id: string }>`
    update assignments a set first_touch_at = t.first_at
    from (
      select a2.id, min(t.at) as first_at
      from assignments a2
      join jsonb_to_recordset(${jsonb(rows)}::jsonb) as t(contact_id uuid, at timestamptz)
        on t.contact_id = a2.entity_id and t.at >= a2.assigned_at
      where a2.workspace_id = ${workspaceId} and a2.entity_type = 'contact'
        and a2.status in ('pending', 'accepted') and a2.first_touch_at is null
      group by a2.id
    ) t
    where a.workspace_id = ${workspaceId} and a.id = t.id
    returning a.id`.execute(trx)
  if (started.rows.length > 0)
    await sql`
      update sla_timers s set cancelled_at = ${now}
      where s.workspace_id = ${workspaceId} and s.clock = 'first_touch'
        and s.fired_at is null and s.cancelled_at is null
        and s.assignment_id = any(${started.rows.map((r) => r.id)}::uuid[])`.execute(trx)
  if (holdMarketingDays <= 0) return
  const holds = [...latest].map(([contactId, at]) => ({
    contact_id: contactId,
    until: new Date(at.getTime() + holdMarketingDays * DAY_MS).toISOString(),
  }))
  await sql`
    update contacts c set marketing_hold_until = greatest(c.marketing_hold_until, h.until)
    from jsonb_to_recordset(${jsonb(holds)}::jsonb) as h(contact_id uuid, until timestamptz)
    where c.workspace_id = ${workspaceId} and c.id = h.contact_id`.execute(trx)
}
